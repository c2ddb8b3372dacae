"""The screening as a user lives it, in-process: buttons, typing, Back, stale buttons, storage."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.coach.engine import COMMANDS
from bot.coach.messages import Press
from bot.storage.db import Database
from tests.chat import ChatHarness

QUESTIONS = 13


async def answer_all(chat: ChatHarness, yes: set[int] = frozenset()) -> None:
    """Answer questions 1..13 by button, "Yes" for the numbers in `yes`."""
    for number in range(1, QUESTIONS + 1):
        assert f"Question {number} of {QUESTIONS}" in chat.last.text
        await chat.press("Yes" if number in yes else "No")


async def screenings(db: Database, user_id: int) -> list[dict]:
    async with db.transaction() as tx:
        rows = await tx.fetchall("SELECT * FROM screenings WHERE user_id = ?", (user_id,))
    return [dict(row) for row in rows]


async def test_start_welcomes_then_asks_question_one(chat: ChatHarness) -> None:
    """/start: what the coach does, not medical advice, what it stores, /delete; then Q1."""
    await chat.send("/start")
    welcome, question = chat.texts()
    assert "not medical advice" in welcome
    assert "/delete" in welcome
    assert "store" in welcome
    assert "Question 1 of 13" in question
    assert "heart condition" in question
    assert chat.last.labels == ["Yes", "No"]  # no Back on the first question


async def test_all_no_by_buttons_ends_cleared_and_is_stored(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Thirteen "No" taps: the cleared outcome, stored with answers, version and time."""
    await chat.send("/start")
    await answer_all(chat)
    assert "cleared for the full plan" in chat.last.text
    [row] = await screenings(db, chat.user_id)
    assert row["outcome"] == "cleared"
    assert json.loads(row["answers"]) == {q.id: False for q in chat.content.screening.questions}
    assert row["content_version"] == chat.content.screening.version
    assert row["completed_at"] == clock.now().isoformat()


async def test_button_answers_edit_the_question_in_place(chat: ChatHarness) -> None:
    """Tapping a button replaces the question message; the chat does not fill up."""
    await chat.send("/start")
    await chat.press("No")
    await chat.press("No")
    assert len(chat.shown) == 2
    assert "Question 3 of 13" in chat.last.text


@pytest.mark.parametrize("word", ["yes", "YES", "y", "Y", "Yes.", " yes "])
async def test_typed_yes_counts(chat: ChatHarness, word: str) -> None:
    """Typed yes/y in any case answers "Yes"."""
    await chat.send("/start")
    await chat.send(word)
    assert "Question 2 of 13" in chat.last.text
    await chat.press("◀ Back")
    assert "You answered: Yes" in chat.last.text


@pytest.mark.parametrize("word", ["no", "NO", "n", "N", "No!"])
async def test_typed_no_counts(chat: ChatHarness, word: str) -> None:
    """Typed no/n in any case answers "No"."""
    await chat.send("/start")
    await chat.send(word)
    assert "Question 2 of 13" in chat.last.text


async def test_anything_else_reasks_the_same_question(chat: ChatHarness) -> None:
    """An answer that is neither yes, no nor doubt gets a short hint and the same question."""
    await chat.send("/start")
    await chat.send("purple")
    hint, question = chat.texts()[-2:]
    assert "Yes or No" in hint
    assert "Question 1 of 13" in question


async def test_back_changes_the_previous_answer(chat: ChatHarness, db: Database) -> None:
    """Back returns to the previous question and a new tap replaces its answer."""
    await chat.send("/start")
    await chat.press("Yes")  # heart: yes
    await chat.press("◀ Back")
    assert "Question 1 of 13" in chat.last.text
    assert "You answered: Yes" in chat.last.text
    await chat.press("No")
    for _ in range(QUESTIONS - 1):
        await chat.press("No")
    [row] = await screenings(db, chat.user_id)
    assert row["outcome"] == "cleared"


async def test_old_buttons_answer_clearly_and_change_nothing(chat: ChatHarness) -> None:
    """A Yes on an already-answered question's message: a notice, the current question again."""
    await chat.send("/start")
    await chat.send("no")  # typed: question 1's message keeps its buttons
    first_question = chat.shown[1]
    await chat.press("Yes", message=first_question)
    assert "already answered" in (chat.last_notice or "")
    assert "Question 2 of 13" in chat.last.text
    await chat.press("◀ Back")
    assert "You answered: No" in chat.last.text


async def test_garbage_callback_data_is_harmless(chat: ChatHarness) -> None:
    """Forged button data gets a notice, never an error, and the screening goes on."""
    await chat.send("/start")
    for data in [
        "scr",
        "scr:heart",
        "scr:heart:x",
        "zzz:1",
        "scr:nope:y",
        "",
        "doc:yes",
        "del:yes",
    ]:
        await chat.event(Press(data))
        assert chat.last_notice
    assert "Question 1 of 13" in chat.last.text


@pytest.mark.parametrize(
    ("yes", "phrase"),
    [
        ({10}, "adapted plan"),
        ({8}, "adapted plan"),
        ({1}, "talk to a doctor first"),
        ({9}, "talk to a doctor first"),
        ({12}, "talk to a doctor first"),
        ({13}, "Not today"),
    ],
)
async def test_each_outcome_is_explained(chat: ChatHarness, yes: set[int], phrase: str) -> None:
    """Every outcome ends with a plain explanation and what to do next."""
    await chat.send("/start")
    await answer_all(chat, yes)
    assert phrase in chat.last.text


async def test_modified_outcome_names_its_adaptations(chat: ChatHarness) -> None:
    """Unsure balance and knee pain: the wall/chair support and the shorter range are named."""
    await chat.send("/start")
    await answer_all(chat, {8, 10})
    assert "wall" in chat.last.text
    assert "as far as is comfortable" in chat.last.text


async def test_doctor_can_confirm_clearance_and_it_is_dated(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """After "see a doctor first", the user confirms a doctor's go-ahead; the date is stored."""
    await chat.send("/start")
    await answer_all(chat, {1})
    await chat.press("A doctor cleared me")
    await chat.press("Yes, I'm cleared")
    assert "adapted plan" in chat.last.text
    [row] = await screenings(db, chat.user_id)
    assert row["outcome"] == "doctor"
    assert row["cleared_on"] == clock.now().isoformat()
    await chat.send("/start")
    assert "adapted plan" in chat.last.text


async def test_cleared_command_is_refused_when_not_needed(chat: ChatHarness) -> None:
    """/cleared after a cleared screening: nothing to confirm."""
    await chat.send("/start")
    await answer_all(chat)
    await chat.send("/cleared")
    assert "nothing to confirm" in chat.last.text


async def test_rescreen_repeats_and_keeps_history(chat: ChatHarness, db: Database) -> None:
    """/rescreen asks everything again; the new result is the one that counts."""
    await chat.send("/start")
    await answer_all(chat, {13})
    await chat.send("/rescreen")
    await answer_all(chat)
    rows = await screenings(db, chat.user_id)
    assert [r["outcome"] for r in rows] == ["not_today", "cleared"]
    await chat.send("/start")
    assert "good to train" in chat.last.text


async def test_screening_older_than_a_year_must_be_repeated(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """Twelve months on, /start says the safety check must be taken again."""
    await chat.send("/start")
    await answer_all(chat)
    clock.advance(timedelta(days=366))
    await chat.send("/start")
    assert "more than a year ago" in chat.last.text
    assert "/rescreen" in chat.last.text


async def test_start_mid_screening_continues(chat: ChatHarness) -> None:
    """/start half-way through resumes at the same question."""
    await chat.send("/start")
    for _ in range(4):
        await chat.press("No")
    await chat.send("/start")
    assert "Question 5 of 13" in chat.last.text


async def test_cancel_leaves_the_screening(chat: ChatHarness, db: Database) -> None:
    """/cancel ends the flow: typed text is no longer taken as an answer."""
    await chat.send("/start")
    await chat.send("/cancel")
    assert "stopped" in chat.last.text
    await chat.send("no")
    assert "Question" not in chat.last.text
    assert await screenings(db, chat.user_id) == []


async def test_help_lists_the_commands(chat: ChatHarness) -> None:
    """/help names each menu command with a line of explanation."""
    await chat.send("/help")
    for command in ("/start", "/help", "/cancel", "/rescreen", "/delete"):
        assert command in chat.last.text


async def test_unknown_command_and_unsupported_input(chat: ChatHarness) -> None:
    """An unknown command or random text gets a friendly pointer to /help."""
    await chat.send("/frobnicate")
    assert "/help" in chat.last.text
    await chat.send("hello there")
    assert "/help" in chat.last.text


async def test_delete_erases_everything_of_this_user_only(db: Database, chat: ChatHarness) -> None:
    """/delete + confirm: the user's rows are gone; another user's stay."""
    other = ChatHarness(chat.db, chat.content, chat.clock, user_id=2002)
    for harness in (chat, other):
        await harness.send("/start")
        await answer_all(harness)
    await chat.send("/delete")
    await chat.press("Yes, erase everything")
    assert "erased" in chat.last.text
    async with db.transaction() as tx:
        users = [r["user_id"] for r in await tx.fetchall("SELECT user_id FROM users")]
    assert users == [2002]
    assert await screenings(db, chat.user_id) == []
    assert len(await screenings(db, 2002)) == 1


async def test_delete_can_be_declined(chat: ChatHarness, db: Database) -> None:
    """/delete then "No": nothing is removed."""
    await chat.send("/start")
    await answer_all(chat)
    await chat.send("/delete")
    await chat.press("No, keep it")
    assert "nothing was deleted" in chat.last.text
    assert len(await screenings(db, chat.user_id)) == 1


async def test_a_redelivered_update_is_processed_once(chat: ChatHarness, db: Database) -> None:
    """The same update id twice (a redelivery after a crash) counts once."""
    from bot.coach.messages import Text
    from bot.service import Incoming

    await chat.send("/start")
    incoming = Incoming(chat.user_id, chat.user_id, "Ann", Text("yes"), update_id=77)
    first = await chat.coach.handle(incoming)
    second = await chat.coach.handle(incoming)
    assert (first.duplicate, second.duplicate) == (False, True)
    await chat.outbox.drain()
    assert "Question 2 of 13" in chat.last.text


TRAINING_COMMANDS = ("schedule", "plan", "resume")


async def test_a_doctor_user_gets_no_training_from_any_command(chat: ChatHarness) -> None:
    """ "See a doctor first": every command and every training button is refused; no plan."""
    await chat.send("/start")
    await answer_all(chat, {2})
    refusal = chat.content.texts("gate.doctor")
    for name in sorted(COMMANDS):
        if name in ("delete", "start", "rescreen"):
            continue
        await chat.send(f"/{name} 2030-01-01")
        if name in TRAINING_COMMANDS:
            assert chat.last.text == refusal, name
    for data in ("sch:start", "sch:d:0", "sch:ok:", "sch:days:"):
        await chat.event(Press(data))
        assert "Which days" not in chat.last.text
    async with chat.db.transaction() as tx:
        plans = await tx.fetchall("SELECT * FROM plans")
        reminders = await tx.fetchall("SELECT * FROM reminders")
    assert plans == []
    assert reminders == []


async def test_training_commands_are_listed_as_gated() -> None:
    """Every command that offers training is in the gated list above (kept in step)."""
    assert set(TRAINING_COMMANDS) <= set(COMMANDS)
