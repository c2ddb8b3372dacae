"""Restrictions as a user lives them, in-process: heart + ill, /cleared, "I feel better",
unsure answers, Back from the outcome, and the summary to take to a doctor."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.coach.messages import Press
from bot.storage.db import Database
from tests.chat import ChatHarness

QUESTIONS = 13
HEART, ILL = 1, 13


async def answer_all(chat: ChatHarness, yes: set[int] = frozenset()) -> None:
    for number in range(1, QUESTIONS + 1):
        assert f"Question {number} of {QUESTIONS}" in chat.last.text
        await chat.press("Yes" if number in yes else "No")


async def rows(db: Database, sql: str) -> list[dict]:
    async with db.transaction() as tx:
        return [dict(row) for row in await tx.fetchall(sql)]


def line_of(text: str, label: str) -> str:
    [line] = [line for line in text.splitlines() if label in line]
    return line


async def test_heart_and_ill_says_doctor_and_names_both_with_what_lifts_each(
    chat: ChatHarness,
) -> None:
    """Heart + ill today: talk to a doctor first; the illness is named, lifted by feeling
    better, not given as a reason to see a doctor."""
    await chat.send("/start")
    await answer_all(chat, {HEART, ILL})
    text = chat.last.text
    assert "talk to a doctor first" in text
    assert "a doctor or physiotherapist" in line_of(
        text, "a heart condition or high blood pressure:"
    )
    ill = line_of(text, "feeling ill today:")
    assert "feeling well again" in ill
    assert "doctor" not in ill
    assert "Your answers that led to this: a heart condition" in text
    assert {"A doctor cleared me", "Summary for my doctor", "I feel better", "◀ Back"} <= set(
        chat.last.labels
    )


async def test_cleared_lifts_only_the_doctors_part_then_feeling_better_opens_workout(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """/cleared after heart + ill: what remains is named; /workout still refused as unwell;
    "I feel better" asks only that question; "No" opens /workout the same day."""
    await chat.send("/start")
    await answer_all(chat, {HEART, ILL})
    await chat.send("/cleared")
    await chat.press("Yes, I'm cleared")
    text = chat.last.text
    assert "One thing still waits" in text
    assert "feeling ill today" in text
    assert "heart" not in text
    await chat.send("/workout")
    assert chat.last.text == chat.content.texts("gate.not_today")
    clock.advance(timedelta(hours=4))
    await chat.press("I feel better")
    assert "Are you feeling ill today" in chat.last.text
    assert "Question" not in chat.last.text  # that one question, not all 13
    assert chat.last.labels == ["Yes", "No"]
    await chat.press("No")
    assert "/workout is open" in chat.last.text
    [lift] = await rows(db, "SELECT question, lifted_at FROM restriction_lifts")
    assert lift == {"question": "ill_today", "lifted_at": clock.now().isoformat()}
    await chat.send("/workout")
    assert chat.last.text not in {chat.content.texts(f"gate.{g}") for g in ("doctor", "not_today")}
    assert "warm" in chat.last.text.lower()


async def test_cleared_alone_opens_workout_the_same_day(chat: ChatHarness) -> None:
    """Heart only: after the doctor's go-ahead nothing else waits and /workout is open."""
    await chat.send("/start")
    await answer_all(chat, {HEART})
    await chat.press("A doctor cleared me")
    await chat.press("Yes, I'm cleared")
    assert "/workout is open today" in chat.last.text
    await chat.send("/workout")
    assert "warm" in chat.last.text.lower()


async def test_feeling_better_first_leaves_the_doctor_named(chat: ChatHarness) -> None:
    """Heart + ill, "I feel better" before any clearance: the doctor's go-ahead still waits."""
    await chat.send("/start")
    await answer_all(chat, {HEART, ILL})
    await chat.send("/better")
    await chat.send("no")
    assert "Still waiting:" in chat.last.text
    assert "a heart condition" in chat.last.text
    await chat.send("/workout")
    assert chat.last.text == chat.content.texts("gate.doctor")


async def test_still_ill_keeps_it_and_nothing_is_stored(chat: ChatHarness, db: Database) -> None:
    """Ill today, "I feel better" then "Yes" (still ill): rest first, no lift stored."""
    await chat.send("/start")
    await answer_all(chat, {ILL})
    assert "I feel better" in chat.last.labels
    await chat.press("I feel better")
    await chat.press("Yes")
    assert "rest comes first" in chat.last.text
    assert await rows(db, "SELECT * FROM restriction_lifts") == []
    await chat.send("/workout")
    assert chat.last.text == chat.content.texts("gate.not_today")


async def test_better_when_nothing_waits_says_so(chat: ChatHarness) -> None:
    """/better with an all-no screening: nothing to lift."""
    await chat.send("/start")
    await answer_all(chat)
    await chat.send("/better")
    assert "nothing to lift" in chat.last.text


UNSURE = ["not sure", "Maybe", "don't know", "idk", "unsure", "perhaps", "I don’t know.", "dunno"]


@pytest.mark.parametrize("word", UNSURE)
async def test_unsure_counts_as_yes_and_says_why(
    chat: ChatHarness, db: Database, word: str
) -> None:
    """Doubt at a yes/no question: the PAR-Q+ advice, recorded as yes, next question asked."""
    await chat.send("/start")
    await chat.press("No")
    await chat.send(word)
    advice, question = chat.texts()[-2:]
    assert "count it as a yes" in advice
    assert "PAR-Q+" in advice
    assert "Question 3 of 13" in question
    await chat.press("◀ Back")
    assert "You answered: Yes" in chat.last.text


async def test_unsure_last_answer_names_it_in_the_outcome(chat: ChatHarness) -> None:
    """ "not sure" about being ill: counted as yes; the outcome names the answer behind it."""
    await chat.send("/start")
    for _ in range(QUESTIONS - 1):
        await chat.press("No")
    await chat.send("not sure")
    assert "Not today" in chat.last.text
    assert "Your answers that led to this: feeling ill today" in chat.last.text


async def test_back_on_the_outcome_fixes_the_last_answer(chat: ChatHarness, db: Database) -> None:
    """A wrong last tap: Back on the outcome asks question 13 again; the outcome is recomputed."""
    await chat.send("/start")
    await answer_all(chat, {ILL})
    assert "Not today" in chat.last.text
    await chat.press("◀ Back")
    assert "Question 13 of 13" in chat.last.text
    assert "You answered: Yes" in chat.last.text
    await chat.press("No")
    assert "cleared for the full plan" in chat.last.text
    stored = await rows(db, "SELECT outcome FROM screenings ORDER BY id")
    assert [row["outcome"] for row in stored] == ["not_today", "cleared"]
    await chat.send("/workout")
    assert "warm" in chat.last.text.lower()


async def test_back_on_an_old_outcome_changes_nothing(chat: ChatHarness, clock: FakeClock) -> None:
    """Back on an outcome that is no longer the latest (or a day old): a notice, no question."""
    await chat.send("/start")
    await answer_all(chat, {ILL})
    old = chat.last
    clock.advance(timedelta(minutes=10))
    await chat.send("/rescreen")
    await answer_all(chat)
    await chat.press("◀ Back", old)
    assert chat.last_notice == chat.content.texts("screening.old_outcome")
    clock.advance(timedelta(days=2))
    await chat.press("◀ Back", chat.last)
    assert chat.last_notice == chat.content.texts("screening.old_outcome")
    assert "cleared for the full plan" in chat.last.text


async def test_summary_for_the_doctor_lists_the_yes_questions_and_the_date(
    chat: ChatHarness,
) -> None:
    """ "Summary for my doctor": the date, each yes question in its own words, nothing else."""
    await chat.send("/start")
    await answer_all(chat, {HEART, 12})
    await chat.press("Summary for my doctor")
    text = chat.last.text
    assert "2026-11-23" in text
    assert "Has a doctor ever told you that you have a heart condition" in text
    assert "Are you pregnant" in text
    assert "chest" not in text
    await chat.send("/summary")
    assert chat.last.text == text


async def test_summary_before_any_screening(chat: ChatHarness) -> None:
    """/summary with no screening: how to take one."""
    await chat.send("/summary")
    assert "/start" in chat.last.text


@pytest.mark.parametrize("data", ["bet:heart:n", "bet:ill_today:n", "bet:ill_today:ask"])
async def test_a_forged_feel_better_lifts_nothing(
    chat: ChatHarness, db: Database, data: str
) -> None:
    """A doctor-only user pressing forged "I feel better" data: nothing lifted, still refused."""
    await chat.send("/start")
    await answer_all(chat, {HEART})
    await chat.event(Press(data))
    assert await rows(db, "SELECT * FROM restriction_lifts") == []
    await chat.send("/workout")
    assert chat.last.text == chat.content.texts("gate.doctor")
