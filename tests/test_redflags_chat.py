"""The red-flag flow, by grade, in-process: effort, unclear, emergency, injury, joint pain.

Each test says what the user sees and what the database holds afterwards.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.test_logging_chat import screened, stored_sets
from tests.test_screening_chat import answer_all

EFFORT_LINE = "Breathing hard and burning muscles are normal effort."
EASING = "Is it easing now that you rest?"
RATING = "from 0 (no pain) to 10"
STOP = "stop exercising now"


async def rescreen_required(db: Database, user_id: int) -> bool:
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT rescreen_required FROM users WHERE user_id = ?", (user_id,))
    assert row is not None
    return bool(row["rescreen_required"])


async def logs(db: Database, user_id: int) -> list[tuple[str, int, str | None]]:
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT local_date, pain, note FROM logs WHERE user_id = ? ORDER BY seq", (user_id,)
        )
    return [(r["local_date"], r["pain"], r["note"]) for r in rows]


async def ratings(db: Database, user_id: int) -> list[tuple[str, int, str | None]]:
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT local_date, rating, part FROM pain_ratings WHERE user_id = ? ORDER BY id",
            (user_id,),
        )
    return [(r["local_date"], r["rating"], r["part"]) for r in rows]


async def may_train(chat: ChatHarness) -> bool:
    await chat.send("/workout")
    answer = chat.last.text
    await chat.send("/cancel")
    return "warm up" in answer.lower()


# --- effort ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["a bit breathless but fine", "breathing hard", "burn in my glutes", "sore legs"]
)
async def test_effort_is_acknowledged_never_alarmed(
    chat: ChatHarness, db: Database, text: str
) -> None:
    """Normal effort: one line of acknowledgement; no alarm, no question, no rescreen."""
    await screened(chat)
    await chat.send(text)
    assert chat.last.text == "💪 " + EFFORT_LINE
    assert chat.last.labels == []
    assert not await rescreen_required(db, chat.user_id)
    assert await may_train(chat)


@pytest.mark.parametrize(
    "text", ["3x10 a bit breathless but fine", "3x10 breathing hard", "3x10 sore legs"]
)
async def test_effort_with_a_log_adds_a_line_to_the_log(
    chat: ChatHarness, db: Database, text: str
) -> None:
    """The log is stored as usual (no pain mark) and its reply ends with the acknowledgement."""
    await screened(chat)
    await chat.send(text)
    assert chat.last.text.startswith("✅ Logged for today: 3 sets x 10 reps per leg")
    assert chat.last.text.endswith(EFFORT_LINE)
    assert STOP not in "".join(chat.texts())
    assert [pain for _, pain, _ in await logs(db, chat.user_id)] == [0]
    assert await may_train(chat)


# --- unclear: "is it easing?" ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["out of breath", "I feel dizzy", "chest feels weird"])
async def test_unclear_asks_whether_it_eases_and_yes_is_effort(
    chat: ChatHarness, db: Database, text: str
) -> None:
    """One question with two buttons; "Yes, easing": the effort line, training goes on."""
    await screened(chat)
    await chat.send(text)
    assert EASING in chat.last.text
    assert chat.last.labels == ["Yes, easing", "No"]
    await chat.press("Yes, easing")
    assert chat.last.text == "💪 " + EFFORT_LINE
    assert not await rescreen_required(db, chat.user_id)
    assert await may_train(chat)


@pytest.mark.parametrize("text", ["out of breath", "dizzy", "chest feels weird"])
async def test_unclear_then_no_is_the_emergency_answer(
    chat: ChatHarness, db: Database, text: str
) -> None:
    """ "No": stop now and seek help, quoting the words; training waits for a new screening."""
    await screened(chat)
    await chat.send(text)
    await chat.press("No")
    assert STOP in chat.last.text
    assert f"<i>{text.split()[-1]}" in chat.last.text or text in chat.last.text
    assert await rescreen_required(db, chat.user_id)
    assert not await may_train(chat)


@pytest.mark.parametrize(
    ("answer", "emergency"),
    [("yes", False), ("yeah it's fine now", False), ("no", True), ("chest pain", True)],
)
async def test_a_typed_answer_to_easing(
    chat: ChatHarness, db: Database, answer: str, emergency: bool
) -> None:
    """Typed yes/no is read as the buttons; an emergency sign in it wins."""
    await screened(chat)
    await chat.send("I feel dizzy")
    await chat.send(answer)
    assert (STOP in chat.last.text) is emergency
    assert (chat.last.text == "💪 " + EFFORT_LINE) is not emergency
    assert await rescreen_required(db, chat.user_id) is emergency
    await chat.send("3x10")  # the question is over: this is a log again
    assert ("Logged for today" in chat.last.text) is not emergency


async def test_anything_else_typed_asks_again(chat: ChatHarness) -> None:
    """Neither yes nor no: the question again, with its buttons."""
    await screened(chat)
    await chat.send("out of breath")
    await chat.send("hmm")
    assert EASING in chat.last.text
    assert chat.last.labels == ["Yes, easing", "No"]


async def test_a_log_with_an_unclear_sign_is_stored_before_the_question(
    chat: ChatHarness, db: Database
) -> None:
    """ "3x10 out of breath": logged at once (not held back), then the question."""
    await screened(chat)
    await chat.send("3x10 out of breath")
    assert chat.shown[-2].text.startswith("✅ Logged for today: 3 sets x 10 reps per leg")
    assert EASING in chat.last.text
    assert await stored_sets(db, chat.user_id) == [(10, "both", None)] * 3
    await chat.press("No")
    assert STOP in chat.last.text
    assert await stored_sets(db, chat.user_id) == [(10, "both", None)] * 3


# --- emergency and injury -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("I have chest pain", "chest pain"),
        ("i fainted", "fainted"),
        ("dizzy and it's getting worse", "dizzy"),
        ("3x10 chest pian", "chest pian"),
    ],
)
async def test_each_emergency_phrasing_gets_the_emergency_answer(
    chat: ChatHarness, db: Database, text: str, quoted: str
) -> None:
    """Stop now and seek help, quoting the user's words; no training before /rescreen."""
    await screened(chat)
    await chat.send(text)
    assert STOP in chat.last.text
    assert f"<i>{quoted}" in chat.last.text
    assert await rescreen_required(db, chat.user_id)
    assert not await may_train(chat)


async def test_the_quote_is_escaped(chat: ChatHarness) -> None:
    """The user's words are shown as text, never as markup."""
    await screened(chat)
    await chat.send("<b>chest pain</b>")
    assert "<i>chest pain</i>" in chat.last.text
    assert "<b>chest" not in chat.last.text


async def test_an_emergency_stops_the_workout_and_its_timer(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Mid-workout: the workout ends and the rest timer never rings."""
    await screened(chat)
    await chat.send("/workout")
    await chat.press("I'm warm, let's go ▶")
    await chat.press("Done ✓")
    await chat.send("chest pain")
    assert STOP in chat.last.text
    clock.advance(timedelta(minutes=5))
    await chat.tick()
    assert "Rest is over" not in chat.last.text


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("sharp pain in my knee", "knee"),
        ("I felt a pop in my knee", "knee"),
        ("my ankle gave way", "ankle"),
        ("I fell", None),
    ],
)
async def test_injury_stops_training_until_rescreen(
    chat: ChatHarness, db: Database, text: str, part: str | None
) -> None:
    """An injury: stop, rest, see someone if it doesn't settle, /rescreen; the part is named."""
    await screened(chat)
    await chat.send(text)
    assert "Stop training for now" in chat.last.text
    assert "/rescreen" in chat.last.text
    if part:
        assert f"look after your {part}" in chat.last.text
    assert await rescreen_required(db, chat.user_id)
    assert not await may_train(chat)


async def test_after_rescreen_no_stale_pain_notice(chat: ChatHarness, db: Database) -> None:
    """A new screening lifts the pause: /start and /workout say nothing of the old report."""
    await screened(chat)
    await chat.send("3x10 sharp pain in my knee")
    assert [pain for _, pain, _ in await logs(db, chat.user_id)] == [1]
    await chat.send("/rescreen")
    await answer_all(chat)
    await chat.send("/start")
    assert "hurt" not in chat.last.text
    assert "/rescreen" not in chat.last.text
    assert await may_train(chat)


# --- joint pain: the 0-10 rating ------------------------------------------------------------


async def test_joint_pain_asks_for_a_rating_with_eleven_buttons(
    chat: ChatHarness, db: Database
) -> None:
    """No forced rescreen; 0..10 as two rows of buttons, quoting the part."""
    await screened(chat)
    await chat.send("my knee hurts")
    assert "your knee" in chat.last.text
    assert RATING in chat.last.text
    rows = [[b.label for b in row] for row in chat.last.reply.buttons]
    assert rows == [[str(n) for n in range(6)], [str(n) for n in range(6, 11)]]
    assert not await rescreen_required(db, chat.user_id)


@pytest.mark.parametrize(
    ("rating", "said"),
    [
        (0, "safe, carry on"),
        (2, "safe, carry on"),
        (3, "acceptable, but hold here"),
        (5, "acceptable, but hold here"),
        (6, "stop for today"),
        (10, "stop for today"),
    ],
)
async def test_each_band_answers_and_the_rating_is_stored(
    chat: ChatHarness, db: Database, rating: int, said: str
) -> None:
    """The pain-monitoring model: 0-2 safe, 3-5 acceptable (hold), over 5 stop today."""
    await screened(chat)
    await chat.send("3x10 my knee hurts")
    question = chat.last
    await chat.press(str(rating))
    assert f"{rating}/10: {said}" in chat.recorder.messages[question.id].text
    assert await ratings(db, chat.user_id) == [("2026-11-23", rating, "knee")]
    assert await logs(db, chat.user_id) == [("2026-11-23", 0, "my knee hurts")]
    assert not await rescreen_required(db, chat.user_id)
    await chat.press(str(rating), message=question)  # a second tap changes nothing
    assert len(await ratings(db, chat.user_id)) == 1


async def test_a_typed_rating_and_a_rating_without_a_log(chat: ChatHarness, db: Database) -> None:
    """ "about 4/10" is read as 4 and stored on its own for today; words ask again."""
    await screened(chat)
    await chat.send("my lower back aches")
    await chat.send("not sure")
    assert "tap a number" in chat.last.text
    await chat.send("about 4/10")
    assert "4/10: acceptable" in chat.last.text
    assert await ratings(db, chat.user_id) == [("2026-11-23", 4, "lower back")]
    assert await logs(db, chat.user_id) == []


async def test_ratings_steer_the_next_target(chat: ChatHarness, clock: FakeClock) -> None:
    """3-5 holds the target that would have gone up; over 5 eases back a step."""
    await screened(chat)
    for text in ("3x10", "3x10", "3x12"):
        await chat.send(text)
        clock.advance(timedelta(days=2))
    await chat.send("3x12 my knee hurts")
    await chat.press("4")
    clock.advance(timedelta(days=2))
    await chat.send("/workout")
    assert "3 x 12 per leg" in chat.last.text  # two good sessions on 3 x 12: would be 3 x 14
    await chat.send("/cancel")
    await chat.send("my knee hurts")
    await chat.press("7")
    clock.advance(timedelta(days=1))
    await chat.send("/workout")
    assert "3 x 10 per leg" in chat.last.text  # one step down, with no log that day


async def test_the_export_has_the_pain_rating(chat: ChatHarness) -> None:
    """/export: the day's highest rating next to each set of that day."""
    await screened(chat)
    await chat.send("2x10 my knee hurts")
    await chat.press("3")
    await chat.send("my knee hurts")
    await chat.send("5")
    await chat.send("/export")
    assert chat.last.reply.file is not None
    rows = list(csv.DictReader(io.StringIO(chat.last.reply.file.text)))
    assert [row["pain_rating"] for row in rows] == ["5", "5"]


# --- a closed gate never throws a log away -----------------------------------------------


async def test_a_log_is_kept_when_the_gate_is_closed(chat: ChatHarness, db: Database) -> None:
    """Not screened yet: "3x10 my knee hurts" is stored, noted, and the reply says why."""
    await chat.send("3x10 my knee hurts")
    logged = chat.shown[-2].text
    assert logged.startswith("✅ Logged for today")
    assert "training is paused" in logged
    assert "safety check first" in logged
    assert RATING in chat.last.text
    assert await stored_sets(db, chat.user_id) == [(10, "both", None)] * 3
    assert await logs(db, chat.user_id) == [
        ("2026-11-23", 0, "my knee hurts; logged while training was paused")
    ]


async def test_a_log_after_an_injury_is_kept_and_paused(chat: ChatHarness, db: Database) -> None:
    """After an injury, "3x10 still a sharp pain" is kept with the pain mark; training waits."""
    await screened(chat)
    await chat.send("I twisted my ankle")
    await chat.send("2x8 sharp pain in my ankle")
    logged = chat.shown[-2].text
    assert "training is paused" in logged
    assert "/rescreen" in logged
    assert await logs(db, chat.user_id) == [
        ("2026-11-23", 1, "sharp pain in my ankle; logged while training was paused")
    ]


async def _workout_to_last_set(chat: ChatHarness) -> None:
    await chat.send("/workout")
    await chat.press("I'm warm, let's go ▶")
    for _ in range(3):
        await chat.press("Done ✓")
        if "Rest" in chat.last.text:
            await chat.press("Skip rest ▶")


async def test_after_pain_last_time_the_last_set_asks_for_a_rating_before_the_feel(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Pain rated 3 in Monday's session: Wednesday's guided workout asks for a 0-10 rating
    after the last set (stored for that day), then "How did that feel?", then logs it."""
    await screened(chat)
    await chat.send("3x10 my knee hurts")
    await chat.press("3")
    clock.advance(timedelta(days=2))
    await _workout_to_last_set(chat)
    assert "Last set done" in chat.last.text
    assert RATING in chat.last.text
    assert chat.last.labels == [str(n) for n in range(11)]
    await chat.press("1")
    assert "1/10: safe, carry on" in chat.shown[-2].text
    assert "How did that feel" in chat.last.text
    await chat.press("👍 Just right")
    assert "Workout logged" in chat.last.text
    assert await ratings(db, chat.user_id) == [("2026-11-23", 3, "knee"), ("2026-11-25", 1, None)]


async def test_without_pain_before_the_last_set_goes_straight_to_the_feel(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """No pain in the last session: no rating after the last set."""
    await screened(chat)
    await chat.send("3x10")
    clock.advance(timedelta(days=2))
    await _workout_to_last_set(chat)
    assert "How did that feel" in chat.last.text
