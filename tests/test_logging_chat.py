"""Logging by chat, red flags, the guided workout, history, stats and export, in-process."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.coach.messages import Press, Text, Tick
from bot.service import Incoming
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.test_screening_chat import answer_all


async def screened(chat: ChatHarness, yes: set[int] = frozenset()) -> None:
    await chat.send("/start")
    await answer_all(chat, yes)


async def stored_sets(db: Database, user_id: int) -> list[tuple[int, str, float | None]]:
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT s.reps, s.leg, s.weight_kg FROM log_sets s JOIN logs l ON l.id = s.log_id"
            " WHERE l.user_id = ? ORDER BY l.seq, s.position",
            (user_id,),
        )
    return [(r["reps"], r["leg"], r["weight_kg"]) for r in rows]


@pytest.mark.parametrize(
    ("text", "said", "sets"),
    [
        ("3x10", "3 sets x 10 reps per leg, bodyweight", [(10, "both", None)] * 3),
        (
            "10 10 8",
            "sets of 10, 10, 8 reps per leg, bodyweight",
            [(10, "both", None), (10, "both", None), (8, "both", None)],
        ),
        ("12 each leg @2kg", "1 set x 12 reps per leg with 2 kg in each hand", [(12, "both", 2.0)]),
        (
            "left 10 right 9",
            "left 10, right 9, bodyweight",
            [(10, "left", None), (9, "right", None)],
        ),
        (
            "/log 3x12 with 2 kg",
            "3 sets x 12 reps per leg with 2 kg in each hand",
            [(12, "both", 2.0)] * 3,
        ),
    ],
)
async def test_a_log_is_understood_said_back_and_stored(
    chat: ChatHarness, db: Database, text: str, said: str, sets: list
) -> None:
    """The answer says what was understood, offers Undo/Edit, and the sets are stored."""
    await screened(chat)
    await chat.send(text)
    assert chat.last.text.splitlines()[0] == f"✅ Logged for today: {said}."
    assert chat.last.text.splitlines()[1].startswith("Next session: 3 x 10 per leg.")
    assert chat.last.labels == ["↩️ Undo", "✏️ Edit", "Skip"]  # the first log asks the zone
    assert await stored_sets(db, chat.user_id) == sets


async def test_undo_removes_the_log(chat: ChatHarness, db: Database) -> None:
    """Undo deletes exactly that log; a second Undo says it is gone already."""
    await screened(chat)
    await chat.send("3x10")
    logged = chat.last
    await chat.press("↩️ Undo", message=logged)
    assert "Undone" in chat.recorder.messages[logged.id].text
    assert await stored_sets(db, chat.user_id) == []
    await chat.event(Press("log:undo:1"), message_id=logged.id)
    assert "already gone" in (chat.last_notice or "")


async def test_edit_replaces_the_log(chat: ChatHarness, db: Database) -> None:
    """Edit, then the corrected text: the old sets are replaced by the new ones."""
    await screened(chat)
    await chat.send("3x10")
    await chat.press("✏️ Edit")
    assert "corrected" in chat.last.text
    await chat.send("3x8")
    assert "Updated" in chat.last.text
    assert await stored_sets(db, chat.user_id) == [(8, "both", None)] * 3


async def test_the_same_text_twice_is_two_logs(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """ "3x10" twice, 10 s apart (two updates): two logs; only an update id is deduplicated."""
    await screened(chat)
    await chat.send("3x10")
    clock.advance(timedelta(seconds=10))
    await chat.send("3x10")
    assert chat.last.text.startswith("✅ Logged for today: 3 sets x 10 reps per leg")
    assert len(await stored_sets(db, chat.user_id)) == 6


async def test_a_redelivered_update_stores_the_log_once(chat: ChatHarness, db: Database) -> None:
    """The same update id delivered twice: one log."""
    await screened(chat)
    incoming = Incoming(chat.user_id, chat.user_id, "Ann", Text("2x15"), update_id=999_999)
    await chat.coach.handle(incoming)
    await chat.coach.handle(incoming)
    assert len(await stored_sets(db, chat.user_id)) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0x10", "at least one"),
        ("3x150", "100 at most"),
        ("25x10", "20 sets at most"),
        ("3x10 @ 500kg", "100 kg at most"),
    ],
)
async def test_out_of_bounds_is_explained_and_nothing_stored(
    chat: ChatHarness, db: Database, text: str, expected: str
) -> None:
    """Zero, too many reps or sets, absurd weights: the bound is explained, nothing stored."""
    await screened(chat)
    await chat.send(text)
    assert expected in chat.last.text
    assert await stored_sets(db, chat.user_id) == []


async def test_ambiguous_logs_ask_which_reading(chat: ChatHarness, db: Database) -> None:
    """ "10 10" could be two sets or left/right: the coach asks; the choice is stored."""
    await screened(chat)
    await chat.send("10 10")
    assert "more than one way" in chat.last.text
    await chat.press(chat.last.labels[0])
    assert "Logged for today" in chat.last.text
    assert len(await stored_sets(db, chat.user_id)) == 2


async def test_done_means_todays_target_after_confirming(chat: ChatHarness, db: Database) -> None:
    """ "done": asks to confirm today's target (3 x 10 per leg), then logs it."""
    await screened(chat)
    await chat.send("done")
    assert "3 x 10 per leg" in chat.last.text
    await chat.press("Yes, log it")
    assert await stored_sets(db, chat.user_id) == [(10, "both", None)] * 3


async def test_nonsense_gets_a_short_help_with_examples(chat: ChatHarness) -> None:
    """Text that is not a log: a pointer to /help (and nothing stored)."""
    await screened(chat)
    await chat.send("what is the weather like")
    assert "/help" in chat.last.text


async def test_logging_is_refused_before_screening(chat: ChatHarness, db: Database) -> None:
    """No screening yet: the log is not stored; the user is pointed to the safety check."""
    await chat.send("3x10")
    assert "safety check" in chat.last.text
    assert await stored_sets(db, chat.user_id) == []


async def test_emergency_words_come_first(chat: ChatHarness) -> None:
    """ "chest pain": stop now and seek help; training is held until a new screening."""
    await screened(chat)
    await chat.send("I have chest pain")
    assert "stop exercising now" in chat.last.text
    await chat.send("/workout")
    assert "/rescreen" in chat.last.text


async def test_joint_pain_keeps_the_log_and_asks_for_a_rating(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """ "3x10 my knee hurts": logged (no pain mark), a 0-10 rating asked; over 5 eases back."""
    await screened(chat)
    await chat.send("3x10 my knee hurts")
    assert "Logged for today" in chat.shown[-2].text
    assert "from 0 (no pain) to 10" in chat.last.text
    await chat.press("8")
    assert "stop for today" in chat.last.text
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT pain FROM logs WHERE user_id = ?", (chat.user_id,))
    assert row["pain"] == 0
    clock.advance(timedelta(days=2))
    await chat.send("/workout")
    assert "3 x 10 per leg" in chat.last.text  # never below the start


async def test_guided_workout_with_rest_timer_and_feel(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Warm-up, three sets with a 45 s rest that pings on time, "How did that feel?", logged."""
    await screened(chat)
    await chat.send("/workout")
    assert "warm up" in chat.last.text.lower()
    await chat.press("I'm warm, let's go ▶")
    assert "Set 1 of 3" in chat.last.text
    assert "left leg first" in chat.last.text
    await chat.press("Done ✓")
    assert "Rest 45 seconds" in chat.last.text
    clock.advance(timedelta(seconds=44))
    await chat.tick()
    assert "Rest is over" not in chat.last.text
    clock.advance(timedelta(seconds=2))
    await chat.tick()
    assert "Rest is over" in chat.last.text
    assert "Set 2 of 3" in chat.last.text
    await chat.press("Fewer…")
    await chat.press("8")
    await chat.press("Skip rest ▶")
    assert "Set 3 of 3" in chat.last.text
    await chat.press("Done ✓")
    assert "How did that feel" in chat.last.text
    await chat.press("👍 Just right")
    assert "Workout logged" in chat.last.text
    assert "cat-cow" in chat.last.text
    assert await stored_sets(db, chat.user_id) == [
        (10, "both", None),
        (8, "both", None),
        (10, "both", None),
    ]
    clock.advance(timedelta(minutes=5))
    await chat.tick()
    assert "Rest is over" not in chat.last.text


async def test_a_double_tap_on_done_counts_one_set(chat: ChatHarness) -> None:
    """Two presses on the same set's Done: the second is told it was counted."""
    await screened(chat)
    await chat.send("/workout")
    await chat.press("I'm warm, let's go ▶")
    set_message = chat.last
    await chat.press("Done ✓", message=set_message)
    from bot.coach.messages import Press

    await chat.event(Press("wk:done:0"), message_id=set_message.id)
    assert "already counted" in (chat.last_notice or "")


async def test_progression_after_two_good_sessions(chat: ChatHarness, clock: FakeClock) -> None:
    """Two complete sessions not "Hard": the next target is 3 x 12, and the coach says why."""
    await screened(chat)
    await chat.send("3x10")
    assert "One more complete session" in chat.last.text
    clock.advance(timedelta(days=2))
    await chat.send("3x10")
    assert "Next session: 3 x 12 per leg. Every rep done twice in a row" in chat.last.text
    clock.advance(timedelta(days=2))
    await chat.send("/workout")
    assert "3 x 12 per leg" in chat.last.text
    assert "+2 reps per set" in chat.last.text


async def test_hard_holds_and_a_missed_week_eases_back(chat: ChatHarness, clock: FakeClock) -> None:
    """A hard workout keeps the target; after more than a week away, one step easier."""
    await screened(chat)
    for _ in range(2):
        await chat.send("3x10")
        clock.advance(timedelta(days=2))
    await chat.send("/workout")
    await chat.press("I'm warm, let's go ▶")
    for _ in range(3):
        await chat.press("Done ✓")
        if "Skip rest ▶" in chat.last.labels:
            await chat.press("Skip rest ▶")
    await chat.press("😅 Hard")
    assert "Next session: 3 x 12 per leg. It felt hard" in chat.last.text
    clock.advance(timedelta(days=10))
    await chat.send("/workout")
    assert "3 x 10 per leg" in chat.last.text
    assert "over a week" in chat.last.text


async def test_history_stats_and_export(chat: ChatHarness, clock: FakeClock) -> None:
    """History lists sessions by local date; stats carry a chart; export is CSV per set."""
    await screened(chat)
    await chat.send("3x10")
    clock.advance(timedelta(days=2))
    await chat.send("left 12 right 11")
    await chat.send("/history")
    assert "Wed 25 Nov" in chat.last.text
    assert "Mon 23 Nov" in chat.last.text
    await chat.send("/stats")
    assert "This week: 2 sessions" in chat.last.text
    assert chat.last.reply.chart is not None
    assert len(chat.last.reply.chart.sessions) == 2
    await chat.send("/export")
    file = chat.last.reply.file
    assert file is not None
    assert file.filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(file.text)))
    assert len(rows) == 5
    assert rows[-1] == {
        "local_date": "2026-11-25",
        "set": "2",
        "leg": "right",
        "reps": "11",
        "weight": "",
        "unit": "",
        "feel": "",
        "pain_rating": "",
        "note": "",
    }


async def test_delete_then_empty_history_other_user_untouched(
    chat: ChatHarness, db: Database
) -> None:
    """/delete erases logs, plan and screening; another user's logs stay."""
    other = ChatHarness(chat.db, chat.content, chat.clock, user_id=2)
    for harness in (chat, other):
        await screened(harness)
        await harness.send("3x10")
    await chat.send("/delete")
    await chat.press("Yes, erase everything")
    await chat.send("/history")
    assert "No sessions logged yet" in chat.last.text
    assert len(await stored_sets(db, 2)) == 3
    async with db.transaction() as tx:
        for table in ("logs", "screenings", "plans", "timers", "reminders", "lesson_progress"):
            rows = await tx.fetchall(f"SELECT * FROM {table} WHERE user_id = ?", (chat.user_id,))
            assert rows == [], table


async def test_a_stale_rest_tick_does_nothing(chat: ChatHarness) -> None:
    """A rest tick with no workout running changes nothing and says nothing."""
    await screened(chat)
    before = len(chat.shown)
    await chat.event(Tick("rest"))
    assert len(chat.shown) == before
