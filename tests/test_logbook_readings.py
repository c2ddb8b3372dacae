"""The logbook and what the rep parser reads: each unclear reading worded, set by set, dated
logs, weights as typed, "done" after a log, a lone number in Edit; in-process chats."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.test_logging_chat import screened
from tests.test_schedule_chat import schedule


async def stored(
    db: Database, user_id: int
) -> list[tuple[str, int, str, float | None, str | None]]:
    """(local date, reps, leg, weight as typed, unit) per stored set, in order."""
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT l.local_date, s.reps, s.leg, s.weight_as_typed, s.weight_unit FROM log_sets s"
            " JOIN logs l ON l.id = s.log_id WHERE l.user_id = ? ORDER BY l.seq, s.position",
            (user_id,),
        )
    return [tuple(r) for r in rows]  # type: ignore[misc]


async def log_count(db: Database, user_id: int) -> int:
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT COUNT(*) FROM logs WHERE user_id = ?", (user_id,))
    assert row is not None
    return int(row[0])


# --- 1. each code worded --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reps"), [("12", 12), ("8", 8), ("15", 15), (" 10 ", 10), ("twelve", 12)]
)
async def test_a_lone_number_asks_to_log_one_set(
    chat: ChatHarness, db: Database, text: str, reps: int
) -> None:
    """A message that is one number: "Log one set of N reps on each leg?" Yes logs it."""
    await screened(chat)
    await chat.send(text)
    assert chat.last.text == f"Log one set of {reps} reps on each leg?"
    assert chat.last.labels == ["Yes, log it", "No"]
    assert await stored(db, chat.user_id) == []
    await chat.press("Yes, log it")
    assert chat.last.text.startswith(f"✅ Logged for today: 1 set x {reps} reps per leg")
    assert await stored(db, chat.user_id) == [("2026-11-23", reps, "both", None, None)]


@pytest.mark.parametrize("text", ["12", "8", "15", "20", "twelve"])
async def test_no_to_a_lone_number_logs_nothing(chat: ChatHarness, db: Database, text: str) -> None:
    """ "No" to the lone number's question: nothing stored, a pointer to how to log."""
    await screened(chat)
    await chat.send(text)
    await chat.press("No")
    assert "nothing logged" in chat.last.text
    assert await stored(db, chat.user_id) == []


@pytest.mark.parametrize(
    ("text", "why", "labels"),
    [
        (
            "3x1",
            "1 rep is unusual",
            ["3 sets x 1 rep per leg, bodyweight", "1 set x 3 reps per leg, bodyweight"],
        ),
        (
            "2x1",
            "1 rep is unusual",
            ["2 sets x 1 rep per leg, bodyweight", "1 set x 2 reps per leg, bodyweight"],
        ),
        (
            "5x1",
            "1 rep is unusual",
            ["5 sets x 1 rep per leg, bodyweight", "1 set x 5 reps per leg, bodyweight"],
        ),
        ("3x40", "over 30 reps in one set", ["3 sets x 40 reps per leg, bodyweight"]),
        ("2x35", "over 30 reps in one set", ["2 sets x 35 reps per leg, bodyweight"]),
        ("50 reps", "over 30 reps in one set", ["1 set x 50 reps per leg, bodyweight"]),
        (
            "10x3",
            "more than 6 sets",
            ["10 sets x 3 reps per leg, bodyweight", "3 sets x 10 reps per leg, bodyweight"],
        ),
        (
            "12x3",
            "more than 6 sets",
            ["12 sets x 3 reps per leg, bodyweight", "3 sets x 12 reps per leg, bodyweight"],
        ),
        ("8 sets of 10", "more than 6 sets", ["8 sets x 10 reps per leg, bodyweight"]),
    ],
)
async def test_an_implausible_reading_says_why_and_offers_the_readings(
    chat: ChatHarness, db: Database, text: str, why: str, labels: list[str]
) -> None:
    """1 rep, over 30 reps, more than 6 sets: the question names why; the readings are buttons."""
    await screened(chat)
    await chat.send(text)
    assert why in chat.last.text
    assert chat.last.text.endswith(
        "Did you mean this?" if len(labels) == 1 else "Which did you mean?"
    )
    assert chat.last.labels == [*labels, "No" if len(labels) == 1 else "None of these"]
    assert await stored(db, chat.user_id) == []
    await chat.press(labels[-1])
    assert chat.last.text.startswith(f"✅ Logged for today: {labels[-1]}.")


@pytest.mark.parametrize(
    ("text", "first", "second"),
    [
        (
            "3x4x12",
            "3 sets x 4 reps per leg with 12 kg in each hand",
            "4 sets x 12 reps per leg with 3 kg in each hand",
        ),
        (
            "2x3x12",
            "2 sets x 3 reps per leg with 12 kg in each hand",
            "3 sets x 12 reps per leg with 2 kg in each hand",
        ),
        (
            "4x3x12",
            "4 sets x 3 reps per leg with 12 kg in each hand",
            "3 sets x 12 reps per leg with 4 kg in each hand",
        ),
        (
            "3x5x10",
            "3 sets x 5 reps per leg with 10 kg in each hand",
            "5 sets x 10 reps per leg with 3 kg in each hand",
        ),
        (
            "2x4x10",
            "2 sets x 4 reps per leg with 10 kg in each hand",
            "4 sets x 10 reps per leg with 2 kg in each hand",
        ),
    ],
)
async def test_a_chain_offers_both_orders_spelled_out_with_the_weight(
    chat: ChatHarness, db: Database, text: str, first: str, second: str
) -> None:
    """Three chained numbers: "Which did you mean?" with both readings, weights included."""
    await screened(chat)
    await chat.send(text)
    assert chat.last.text == f"Which did you mean?\n• {first}\n• {second}"
    assert chat.last.labels == [first, second, "None of these"]
    await chat.press(second)
    assert chat.last.text.startswith(f"✅ Logged for today: {second}.")


@pytest.mark.parametrize(
    ("text", "quoted"),
    [("1o", "1o"), ("3x1o", "1o"), ("1O reps", "1O"), ("3xl0", "3xl0"), ("2x1o", "1o")],
)
async def test_a_typo_is_quoted_and_the_log_asked_again(
    chat: ChatHarness, db: Database, text: str, quoted: str
) -> None:
    """Letters that look like digits: the typo quoted, a request to retype, nothing stored."""
    await screened(chat)
    await chat.send(text)
    assert chat.last.text.startswith(
        f"I couldn't read '{quoted}' — did you mean a number? Please type the log again"
    )
    assert chat.last.labels == []
    assert await stored(db, chat.user_id) == []


async def test_a_second_press_on_a_question_stores_nothing_more(
    chat: ChatHarness, db: Database
) -> None:
    """A double tap on a reading's button: the second press finds the question answered."""
    await screened(chat)
    await chat.send("12")
    question = chat.last
    await chat.press("Yes, log it", message=question)
    await chat.press("Yes, log it", message=question)
    assert chat.last_notice
    assert len(await stored(db, chat.user_id)) == 1


# --- 2. set by set --------------------------------------------------------------------------


async def test_set_by_set_the_second_lone_number_is_logged_directly(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """ "12", confirmed; 45 s later "12" again: logged straight away as another set, with Undo."""
    await screened(chat)
    await chat.send("12")
    await chat.press("Yes, log it")
    clock.advance(timedelta(seconds=45))
    await chat.send("12")
    assert chat.last.text.startswith("✅ One more set logged for today: 1 set x 12 reps per leg")
    assert chat.last.labels == ["↩️ Undo", "✏️ Edit"]
    assert await stored(db, chat.user_id) == [("2026-11-23", 12, "both", None, None)] * 2


@pytest.mark.parametrize("after", ["3x10", "12 reps", "did 12", "10 10 8", "left 10 right 9"])
@pytest.mark.parametrize("then", ["12", "10", "8", "twelve", "15"])
async def test_a_lone_number_after_a_log_is_another_set(
    chat: ChatHarness, db: Database, clock: FakeClock, after: str, then: str
) -> None:
    """Within 30 minutes of a text log the same day, a plausible lone number is one more set."""
    await screened(chat)
    await chat.send(after)
    clock.advance(timedelta(minutes=29))
    await chat.send(then)
    assert chat.last.text.startswith("✅ One more set logged for today")
    assert await log_count(db, chat.user_id) == 2


@pytest.mark.parametrize(
    ("gap", "why"),
    [
        (timedelta(minutes=31), "over 30 minutes later"),
        (timedelta(hours=2), "hours later"),
        (timedelta(hours=15, minutes=10), "the next local day (09:00 + 15:10)"),
    ],
)
async def test_a_lone_number_outside_a_session_asks(
    chat: ChatHarness, db: Database, clock: FakeClock, gap: timedelta, why: str
) -> None:
    """Too long after the last text log, or on another day: the lone number asks first."""
    await screened(chat)
    await chat.send("3x10")
    clock.advance(gap)
    await chat.send("12")
    assert chat.last.text == "Log one set of 12 reps on each leg?", why
    assert await log_count(db, chat.user_id) == 1


@pytest.mark.parametrize("text", ["40", "50", "35", "31", "100"])
async def test_an_implausible_lone_number_asks_even_in_a_session(
    chat: ChatHarness, db: Database, text: str
) -> None:
    """A lone number over 30 right after a log is not taken as a set without asking."""
    await screened(chat)
    await chat.send("3x10")
    await chat.send(text)
    assert "?" in chat.last.text
    assert await log_count(db, chat.user_id) == 1


async def test_a_yesterday_log_does_not_start_a_session(chat: ChatHarness, db: Database) -> None:
    """A log filed for yesterday is not today's session: a lone number still asks."""
    await screened(chat)
    await chat.send("3x10 yesterday")
    await chat.send("12")
    assert chat.last.text == "Log one set of 12 reps on each leg?"


# --- 3. dates -------------------------------------------------------------------------------

TUESDAY = timedelta(days=8)  # from Monday 23 Nov to Tuesday 1 Dec 2026


@pytest.mark.parametrize(
    ("text", "said", "day"),
    [
        ("yesterday 3x10", "Logged for yesterday, Mon 30 Nov", "2026-11-30"),
        ("3x10 yesterday", "Logged for yesterday, Mon 30 Nov", "2026-11-30"),
        ("mon 3x10", "Logged for yesterday, Mon 30 Nov", "2026-11-30"),
        ("3x10 last night", "Logged for yesterday, Mon 30 Nov", "2026-11-30"),
        ("3x10 on tuesday", "Logged for today", "2026-12-01"),
        ("3x10 today", "Logged for today", "2026-12-01"),
        ("sunday 3x10", "Logged for Sun 29 Nov", "2026-11-29"),
        ("last friday 3x10", "Logged for Fri 27 Nov", "2026-11-27"),
        ("3x10 on wed", "Logged for Wed 25 Nov", "2026-11-25"),
        ("/log 3x10 on thursday", "Logged for Thu 26 Nov", "2026-11-26"),
    ],
)
async def test_a_log_for_a_named_day_is_stored_on_that_day(
    chat: ChatHarness, db: Database, clock: FakeClock, text: str, said: str, day: str
) -> None:
    """The most recent such day within the past week, never in the future; the reply says it."""
    await screened(chat)
    clock.advance(TUESDAY)
    await chat.send(text)
    assert chat.last.text.startswith(f"✅ {said}: 3 sets x 10 reps per leg, bodyweight.")
    assert await stored(db, chat.user_id) == [(day, 10, "both", None, None)] * 3


async def test_the_day_is_the_users_local_date(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """In Tokyo at 23:30 UTC Monday it is Tuesday: "yesterday" is Monday there."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Tokyo")  # the zone is the plan's
    clock.advance(timedelta(hours=14, minutes=30))
    await chat.send("3x10 yesterday")
    assert chat.last.text.startswith("✅ Logged for yesterday, Mon 23 Nov")
    assert {row[0] for row in await stored(db, chat.user_id)} == {"2026-11-23"}


@pytest.mark.parametrize(
    "text",
    ["2 days ago 3x10", "3x10 tomorrow", "3x10 last week", "3x10 on Dec 3", "3x10 3/12/2026"],
)
async def test_an_unsupported_date_is_refused_naming_what_works(
    chat: ChatHarness, db: Database, text: str
) -> None:
    """A date the log can't be filed under: refused, saying what works; nothing stored."""
    await screened(chat)
    await chat.send(text)
    assert "I can log for today, yesterday or a day of the past week by name" in chat.last.text
    assert "<code>3x10 yesterday</code>" in chat.last.text
    assert await stored(db, chat.user_id) == []


async def test_a_chosen_reading_keeps_its_day(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """An unclear log naming its day: the reading picked is stored on that day."""
    await screened(chat)
    clock.advance(TUESDAY)
    await chat.send("10x3 yesterday")
    await chat.press("3 sets x 10 reps per leg, bodyweight")
    assert chat.last.text.startswith("✅ Logged for yesterday, Mon 30 Nov")
    assert {row[0] for row in await stored(db, chat.user_id)} == {"2026-11-30"}


# --- 4. weights as typed --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "said", "typed"),
    [
        ("3x12 @ 5lb", "3 sets x 12 reps per leg with 5 lb in each hand", (5.0, "lb")),
        ("3x12 @ 10 lbs", "3 sets x 12 reps per leg with 10 lb in each hand", (10.0, "lb")),
        ("12 each leg with 8 lb", "1 set x 12 reps per leg with 8 lb in each hand", (8.0, "lb")),
        ("2x10 @ 2.5lb", "2 sets x 10 reps per leg with 2.5 lb in each hand", (2.5, "lb")),
        ("3x10 with 15 pounds", "3 sets x 10 reps per leg with 15 lb in each hand", (15.0, "lb")),
        ("3x10 @ 2kg", "3 sets x 10 reps per leg with 2 kg in each hand", (2.0, "kg")),
    ],
)
async def test_a_weight_is_shown_as_typed_everywhere(
    chat: ChatHarness, db: Database, text: str, said: str, typed: tuple[float, str]
) -> None:
    """Pounds stay pounds: the reply, /history and the CSV; each set stores amount and unit."""
    await screened(chat)
    await chat.send(text)
    assert chat.last.text.startswith(f"✅ Logged for today: {said}.")
    assert " kg" not in chat.last.text.splitlines()[0] or typed[1] == "kg"
    assert {row[3:] for row in await stored(db, chat.user_id)} == {typed}
    await chat.send("/history")
    assert f"@{typed[0]:g} {typed[1]}" in chat.last.text
    await chat.send("/export")
    assert chat.last.reply.file is not None
    rows = list(csv.DictReader(io.StringIO(chat.last.reply.file.text)))
    assert {(row["weight"], row["unit"]) for row in rows} == {(f"{typed[0]:g}", typed[1])}


async def test_a_pound_reading_to_choose_keeps_pounds(chat: ChatHarness, db: Database) -> None:
    """ "10 10 @ 5lb": the buttons say lb, and the reading picked is stored in lb."""
    await screened(chat)
    await chat.send("10 10 @ 5lb")
    assert all("kg" not in label for label in chat.last.labels)
    await chat.press(chat.last.labels[0])
    assert "with 5 lb in each hand" in chat.last.text
    assert {row[3:] for row in await stored(db, chat.user_id)} == {(5.0, "lb")}


async def test_an_old_set_without_a_unit_reads_as_kg(chat: ChatHarness, db: Database) -> None:
    """A set stored before units were kept (no unit) is shown in kg."""
    await screened(chat)
    await chat.send("3x10 @ 2kg")
    async with db.transaction() as tx:
        await tx.execute("UPDATE log_sets SET weight_as_typed = NULL, weight_unit = NULL")
    await chat.send("/history")
    assert "3×10 @2 kg" in chat.last.text


# --- 5. "done" after a log ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "logged"),
    [
        ("3x10", "3x10"),
        ("10 10 8", "2x10, 1x8"),
        ("left 10 right 9", "left 10, right 9"),
        ("3x12 @ 5lb", "3x12 @ 5 lb"),
        ("did 12", "1x12"),
    ],
)
async def test_done_after_a_log_asks_before_adding_the_target_again(
    chat: ChatHarness, db: Database, first: str, logged: str
) -> None:
    """ "done" when today has a log: "You already logged ... today. Add today's target again?" """
    await screened(chat)
    await chat.send(first)
    before = len(await stored(db, chat.user_id))
    await chat.send("done")
    assert chat.last.text == f"You already logged {logged} today. Add today's target again?"
    assert chat.last.labels == ["Yes, add it", "No"]
    await chat.press("No")
    assert len(await stored(db, chat.user_id)) == before
    await chat.send("done")
    await chat.press("Yes, add it")
    assert len(await stored(db, chat.user_id)) == before + 3


async def test_done_after_yesterdays_log_asks_as_usual(chat: ChatHarness, clock: FakeClock) -> None:
    """A log of another day does not count: "done" asks to log today's target."""
    await screened(chat)
    await chat.send("3x10")
    clock.advance(timedelta(days=1))
    await chat.send("done")
    assert chat.last.text.startswith("Log today's target")


# --- 6. Edit with a lone number -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reps"), [("12", 12), ("8", 8), ("15", 15), ("twelve", 12), (" 20 ", 20)]
)
async def test_edit_takes_a_lone_number_as_one_set(
    chat: ChatHarness, db: Database, text: str, reps: int
) -> None:
    """Edit, then "12": the log becomes one set of 12, no question asked."""
    await screened(chat)
    await chat.send("3x10")
    await chat.press("✏️ Edit")
    await chat.send(text)
    assert chat.last.text.startswith(f"✏️ Updated today's log: 1 set x {reps} reps per leg")
    assert await stored(db, chat.user_id) == [("2026-11-23", reps, "both", None, None)]
