"""The next-morning check of the pain-monitoring model, in-process on an injected clock.

After a day with pain the coach asks at 08:00 local the next morning how the joint feels
compared with before: better or the same carries on, worse eases back a step (and asks again
the next morning), worse two mornings in a row sends the user to a physiotherapist. Each test
says what the user sees and what the database holds.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.coach.plan import WeeklyPlan
from bot.content import Content
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.seeding import seed_planned_users

QUESTION = "feel this morning, compared with before yesterday's session?"
AGAIN = "Yesterday morning it felt worse than before your session."
PHYSIO = "please see a physiotherapist"
BETTER = "Better or the same"
WORSE = "Worse"


def local(tz: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(tz)).astimezone(UTC)  # type: ignore[misc]


async def planned(db: Database, content: Content, clock: FakeClock, tz: str) -> ChatHarness:
    """A cleared user with a Mon/Wed/Fri 18:00 plan in `tz`, saved at the clock's time."""
    plan = WeeklyPlan(frozenset({0, 2, 4}), time(18, 0), tz)
    await seed_planned_users(db, content, [1001], plan, clock.now(), clock.now())
    return ChatHarness(db, content, clock, user_id=1001)


async def rate_knee(chat: ChatHarness, rating: str = "4") -> None:
    await chat.send("3x10 my knee hurts")
    await chat.press(rating)


async def run_until(chat: ChatHarness, moment: datetime) -> None:
    """Move the clock to `moment` (UTC), ticking the dispatcher every 10 minutes on the way."""
    while chat.clock.now() < moment:
        chat.clock.advance(min(timedelta(minutes=10), moment - chat.clock.now()))
        await chat.tick()


def questions(chat: ChatHarness) -> list[str]:
    """The morning questions in the chat (an answered one reads as its answer: edited)."""
    return [t for t in chat.texts() if "Good morning" in t]


async def checks(db: Database) -> list[tuple[str, str, str | None, int | None, str | None]]:
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT morning, about, part, ask_at, answer FROM morning_checks ORDER BY morning"
        )
    return [(r["morning"], r["about"], r["part"], r["ask_at"], r["answer"]) for r in rows]


async def pain_check_reminders(db: Database) -> list[tuple[int, str]]:
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT slot, status FROM reminders WHERE kind = 'pain_check' ORDER BY slot"
        )
    return [(r["slot"], r["status"]) for r in rows]


# --- when: three time zones, DST days, either side of midnight -----------------------------

# (zone, the rating's local time, the morning asked, that morning's 08:00 in UTC)
WHEN = [
    # Berlin springs forward on Sunday 29 March 2026: 08:00 CEST is 06:00 UTC.
    ("Europe/Berlin", (2026, 3, 28, 23, 59), date(2026, 3, 29), (2026, 3, 29, 6, 0)),
    ("Europe/Berlin", (2026, 3, 29, 0, 1), date(2026, 3, 30), (2026, 3, 30, 6, 0)),
    # Berlin falls back on Sunday 25 October 2026: 08:00 CET is 07:00 UTC.
    ("Europe/Berlin", (2026, 10, 24, 23, 59), date(2026, 10, 25), (2026, 10, 25, 7, 0)),
    ("Europe/Berlin", (2026, 10, 25, 0, 1), date(2026, 10, 26), (2026, 10, 26, 7, 0)),
    # Los Angeles springs forward on Sunday 8 March 2026: 08:00 PDT is 15:00 UTC.
    ("America/Los_Angeles", (2026, 3, 7, 23, 59), date(2026, 3, 8), (2026, 3, 8, 15, 0)),
    ("America/Los_Angeles", (2026, 3, 8, 0, 1), date(2026, 3, 9), (2026, 3, 9, 15, 0)),
    # Kolkata keeps UTC+05:30 all year: 08:00 IST is 02:30 UTC.
    ("Asia/Kolkata", (2026, 11, 23, 23, 59), date(2026, 11, 24), (2026, 11, 24, 2, 30)),
    ("Asia/Kolkata", (2026, 11, 24, 0, 1), date(2026, 11, 25), (2026, 11, 25, 2, 30)),
]


@pytest.mark.parametrize(("tz", "rated", "morning", "asked"), WHEN)
async def test_the_check_is_asked_once_at_8_local_the_morning_after_the_rated_day(
    db: Database,
    content: Content,
    tz: str,
    rated: tuple[int, ...],
    morning: date,
    asked: tuple[int, ...],
) -> None:
    """A rating at 23:59 is asked about the next morning, one at 00:01 the morning after that
    day; at 08:00 local (DST days included) the question arrives, once, and not a minute
    before."""
    clock = FakeClock(local(tz, *rated))
    chat = await planned(db, content, clock, tz)
    await rate_knee(chat)
    at = datetime(*asked, tzinfo=UTC)  # type: ignore[misc]
    assert await checks(db) == [
        (
            morning.isoformat(),
            (morning - timedelta(days=1)).isoformat(),
            "knee",
            at.timestamp(),
            None,
        )
    ]
    await run_until(chat, at - timedelta(minutes=1))
    assert questions(chat) == []
    await run_until(chat, at + timedelta(hours=3))
    assert len(questions(chat)) == 1
    assert "How does your knee feel this morning" in questions(chat)[0]
    assert chat.last.labels == [BETTER, WORSE]
    assert await pain_check_reminders(db) == [(int(at.timestamp()), "sent")]


async def test_several_ratings_on_one_day_ask_once_and_a_zero_asks_nothing(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """Two ratings on Monday: one check on Tuesday. A rating of 0 on Wednesday: no check."""
    chat = await planned(db, content, clock, "UTC")
    await rate_knee(chat, "3")
    await rate_knee(chat, "6")
    clock.advance(timedelta(days=2))
    await rate_knee(chat, "0")
    assert [row[0] for row in await checks(db)] == ["2026-11-24"]


# --- the answers ------------------------------------------------------------------------------


async def test_better_carries_on_and_a_second_tap_changes_nothing(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """Better or the same: "carry on" with the next target (held at 3-5); stored once; a
    second tap on either button only gets a notice."""
    chat = await planned(db, content, clock, "UTC")
    await rate_knee(chat, "4")
    await run_until(chat, datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    asked = chat.last
    await chat.press(BETTER, asked)
    assert "carry on" in chat.last.text
    assert "3 x 10 per leg" in chat.last.text
    shown = len(chat.shown)
    await chat.press(WORSE, asked)
    assert chat.last_notice == "You've already answered that morning's question."
    assert len(chat.shown) == shown
    assert [row[4] for row in await checks(db)] == ["better"]
    await run_until(chat, datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    assert len(await pain_check_reminders(db)) == 1  # no follow-up after "better"


async def test_worse_eases_back_and_asks_again_then_a_physiotherapist(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """Worse: one step down (shown now and in /workout), rest, a follow-up the next morning;
    worse again: see a physiotherapist, and no more follow-ups."""
    chat = await planned(db, content, clock, "UTC")
    for day in (0, 2):  # two good sessions: the next target is 3 x 12
        clock.set(datetime(2026, 11, 16 + day, 18, 0, tzinfo=UTC))
        await chat.send("3x10")
    clock.set(datetime(2026, 11, 23, 18, 0, tzinfo=UTC))
    await rate_knee(chat, "4")  # holds 3 x 12 for now
    await run_until(chat, datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    await chat.press(WORSE)
    assert "ease back a step" in chat.last.text
    assert "rest day" in chat.last.text
    assert "3 x 10 per leg" in chat.last.text
    await chat.send("/workout")
    assert "3 x 10 per leg" in chat.last.text
    await chat.send("/cancel")
    await run_until(chat, datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    assert AGAIN in questions(chat)[-1]
    await chat.press(WORSE)
    assert PHYSIO in chat.last.text
    await run_until(chat, datetime(2026, 11, 28, 8, 0, tzinfo=UTC))
    assert len(await pain_check_reminders(db)) == 2
    assert [(row[0], row[1], row[4]) for row in await checks(db)] == [
        ("2026-11-24", "2026-11-23", "worse"),
        ("2026-11-25", "2026-11-23", "worse"),
    ]


# --- who is asked -------------------------------------------------------------------------


async def test_pain_reported_with_a_log_is_asked_about_even_while_training_is_paused(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """ "3x10 my knee popped" (an injury) pauses training until /rescreen; the morning check is
    about safety, so it still comes, and the answer is taken."""
    chat = await planned(db, content, clock, "UTC")
    await chat.send("3x10 my knee popped")
    assert "rescreen" in chat.last.text
    await run_until(chat, datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    assert len(questions(chat)) == 1
    await chat.press(BETTER)
    assert "carry on" in chat.last.text


async def test_no_check_for_a_user_who_blocked_the_bot_or_deleted_their_data(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """A blocked user's check is claimed and dropped unsent; an erased user's is gone."""
    chat = await planned(db, content, clock, "UTC")
    other = chat.person(1002, "Bo")
    await seed_planned_users(
        db, content, [1002], WeeklyPlan(frozenset({0}), time(18), "UTC"), clock.now(), clock.now()
    )
    await rate_knee(chat)
    await other.send("3x10 my knee hurts")
    await other.press("4")
    async with db.transaction() as tx:
        await tx.execute("UPDATE users SET blocked_at = ? WHERE user_id = 1001", ("x",))
    await other.send("/delete")
    await other.press("Yes, erase everything")
    await run_until(chat, datetime(2026, 11, 24, 12, 0, tzinfo=UTC))
    assert questions(chat) == []
    assert questions(other) == []
    assert await pain_check_reminders(db) == []
    assert [(row[0], row[3]) for row in await checks(db)] == [("2026-11-24", None)]


async def test_a_check_missed_for_over_12_hours_of_downtime_is_dropped(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """Down from Monday evening to Tuesday 21:00: too late for "this morning", dropped once."""
    chat = await planned(db, content, clock, "UTC")
    await rate_knee(chat)
    clock.set(datetime(2026, 11, 24, 21, 0, tzinfo=UTC))
    await chat.tick()
    assert questions(chat) == []
    assert await pain_check_reminders(db) == []
