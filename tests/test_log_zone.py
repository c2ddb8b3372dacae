"""Local dates from the first log: a log is stored at once; while the user's time zone is
unknown it is dated in UTC and marked, the first such log asks for the zone once, and the
answer moves the marked logs to the user's own days (on the injected clock)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.clock import FakeClock
from bot.coach.messages import Location
from bot.content import Content
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi
from tests.test_e2e_screening import screen
from tests.test_logging_chat import screened

LOGGED = "✅ Logged for today: 3 sets x 10 reps per leg, bodyweight."
QUESTION = "So your logs land on your own day: what time is it where you are?"


async def log_dates(db: Database, user_id: int) -> list[tuple[str, int]]:
    """Each log's date and its "dated without a zone" mark, in order."""
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT local_date, dated_without_zone FROM logs WHERE user_id = ? ORDER BY seq",
            (user_id,),
        )
    return [(r["local_date"], r["dated_without_zone"]) for r in rows]


async def user_zone(db: Database, user_id: int) -> tuple[str | None, int]:
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT tz, tz_asked FROM users WHERE user_id = ?", (user_id,))
    assert row is not None
    return row["tz"], row["tz_asked"]


async def schedule(chat: ChatHarness, zone: str | None) -> None:
    """/schedule Mon/Wed/Fri at 18:00 in `zone` (None: keep the zone offered)."""
    await chat.send("/schedule")
    for day in ("Mon", "Wed", "Fri"):
        await chat.press(day)
    await chat.press("Done (3 days)")
    await chat.press("18:00")
    if zone is None:
        await chat.press(next(label for label in chat.last.labels if label.startswith("Keep")))
    else:
        await chat.send(zone)
    await chat.press("Confirm ✓")
    assert "Plan saved" in chat.last.text


async def test_los_angeles_monday_evening_and_tuesday_morning_are_two_sessions(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Monday 17:30 in Los Angeles (Tuesday in UTC): stored at once on the UTC date, the zone
    asked once; "Los Angeles" moves it to Monday, and Tuesday 09:00's log is Tuesday's."""
    clock.set(datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    await screened(chat)
    await chat.send("3x10")
    assert chat.last.text.splitlines()[0] == LOGGED
    assert QUESTION in chat.last.text
    assert chat.last.labels == ["↩️ Undo", "✏️ Edit", "Skip"]
    assert await log_dates(db, chat.user_id) == [("2026-11-24", 1)]
    await chat.send("Los Angeles")
    assert chat.last.text.splitlines() == [
        "Time zone: America/Los Angeles (UTC-08:00 now). Your logs go on your own day from now on.",
        "Moved the log of Tuesday 24 November to Monday 23 November, your local day.",
    ]
    clock.set(datetime(2026, 11, 24, 17, 0, tzinfo=UTC))  # Tuesday 09:00 in Los Angeles
    await chat.send("3x10")
    assert chat.last.text.splitlines()[0] == LOGGED
    assert QUESTION not in chat.last.text
    assert await log_dates(db, chat.user_id) == [("2026-11-23", 0), ("2026-11-24", 0)]
    assert await user_zone(db, chat.user_id) == ("America/Los_Angeles", 1)


async def test_logs_sent_before_the_answer_are_all_moved(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Monday 17:30 and Tuesday 09:00 in Los Angeles both logged before answering: the question
    is asked once, stays open, and "it's 09:05 here" files them on Monday and Tuesday."""
    clock.set(datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    await screened(chat)
    await chat.send("3x10")
    clock.set(datetime(2026, 11, 24, 17, 0, tzinfo=UTC))
    await chat.send("3x10")
    assert chat.last.text.splitlines()[0] == LOGGED
    assert QUESTION not in chat.last.text
    assert await log_dates(db, chat.user_id) == [("2026-11-24", 1), ("2026-11-24", 1)]
    await chat.send("it's 09:05 here")
    assert "Time zone: UTC-08:00" in chat.last.text
    assert await log_dates(db, chat.user_id) == [("2026-11-23", 0), ("2026-11-24", 0)]


@pytest.mark.parametrize(
    ("utc", "answer", "before", "after"),
    [
        # Tokyo, Tuesday 08:00: still Monday 23:00 in UTC.
        (datetime(2026, 11, 23, 23, 0, tzinfo=UTC), "Tokyo", "2026-11-23", "2026-11-24"),
        # Kolkata (UTC+5:30), Tuesday 02:00: Monday 20:30 in UTC.
        (datetime(2026, 11, 23, 20, 30, tzinfo=UTC), "Kolkata", "2026-11-23", "2026-11-24"),
        # Adelaide (UTC+10:30 in summer), Tuesday 07:00: Monday evening in UTC.
        (datetime(2026, 11, 23, 20, 30, tzinfo=UTC), "Adelaide", "2026-11-23", "2026-11-24"),
        # New York, Monday 21:00: Tuesday 02:00 in UTC.
        (datetime(2026, 11, 24, 2, 0, tzinfo=UTC), "New York", "2026-11-24", "2026-11-23"),
        # The same day either way: nothing moves, the mark is cleared.
        (datetime(2026, 11, 23, 12, 0, tzinfo=UTC), "Berlin", "2026-11-23", "2026-11-23"),
    ],
)
async def test_the_answer_moves_the_log_to_the_local_date(
    chat: ChatHarness,
    db: Database,
    clock: FakeClock,
    utc: datetime,
    answer: str,
    before: str,
    after: str,
) -> None:
    """East and west of UTC and a :30 zone: the log lands on the user's own calendar day."""
    clock.set(utc)
    await screened(chat)
    await chat.send("3x10")
    assert await log_dates(db, chat.user_id) == [(before, 1)]
    await chat.send(answer)
    assert await log_dates(db, chat.user_id) == [(after, 0)]
    assert ("Moved the log of" in chat.last.text) == (before != after)


async def test_a_log_naming_yesterday_moves_with_its_day(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """ "3x10 yesterday" at Tokyo's Tuesday 08:00 is Monday's once the zone is known."""
    clock.set(datetime(2026, 11, 23, 23, 0, tzinfo=UTC))
    await screened(chat)
    await chat.send("3x10 yesterday")
    assert await log_dates(db, chat.user_id) == [("2026-11-22", 1)]
    await chat.event(Location(35.68, 139.69))
    assert await log_dates(db, chat.user_id) == [("2026-11-23", 0)]
    assert await user_zone(db, chat.user_id) == ("Asia/Tokyo", 1)


async def test_skip_keeps_the_utc_date_says_so_and_never_asks_again(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Skip: the log stays on its UTC date and the reply says so; later logs ask nothing; a
    zone set by /schedule then moves the logs still marked."""
    clock.set(datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    await screened(chat)
    await chat.send("3x10")
    await chat.press("Skip")
    assert chat.last.text.startswith("OK, your logs stay on UTC dates for now.")
    await chat.send("3x10")
    assert chat.last.text.splitlines()[0] == LOGGED
    assert QUESTION not in chat.last.text
    assert await log_dates(db, chat.user_id) == [("2026-11-24", 1), ("2026-11-24", 1)]
    assert await user_zone(db, chat.user_id) == (None, 1)
    await schedule(chat, "Los Angeles")
    assert "Moved the 2 logs of Tuesday 24 November to Monday 23 November" in chat.last.text
    assert await log_dates(db, chat.user_id) == [("2026-11-23", 0), ("2026-11-23", 0)]


async def test_a_later_zone_change_never_re_dates_history(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """The zone given after a log is /schedule's default; a new zone there (Tokyo) becomes the
    user's zone but leaves Monday's log on Monday."""
    clock.set(datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    await screened(chat)
    await chat.send("3x10")
    await chat.send("Los Angeles")
    await chat.send("/schedule")
    for day in ("Mon", "Wed", "Fri"):
        await chat.press(day)
    await chat.press("Done (3 days)")
    await chat.press("18:00")
    assert "Keep America/Los_Angeles" in chat.last.labels
    await chat.send("Tokyo")
    await chat.press("Confirm ✓")
    assert "Moved" not in chat.last.text
    assert await user_zone(db, chat.user_id) == ("Asia/Tokyo", 1)
    assert await log_dates(db, chat.user_id) == [("2026-11-23", 0)]


async def test_a_finished_workout_is_dated_and_moved_the_same_way(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """A workout stopped with a set done, Monday 17:30 in Los Angeles: kept on the UTC date,
    marked, and moved to Monday with the zone."""
    clock.set(datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    await screened(chat)
    await chat.send("/workout")
    await chat.press("I'm warm, let's go ▶")
    await chat.press("Done ✓")
    await chat.send("/cancel")
    assert chat.last.text.startswith("Stopped. Kept the set you did")
    assert await log_dates(db, chat.user_id) == [("2026-11-24", 1)]
    await chat.send("3x10")
    await chat.send("Los Angeles")
    assert await log_dates(db, chat.user_id) == [("2026-11-23", 0), ("2026-11-23", 0)]


@pytest.fixture
async def api(db: Database, content: Content, clock: FakeClock) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake, running_bot(fake, db, content, clock=clock):
        yield fake


async def test_the_first_log_asks_the_zone_over_http(
    api: FakeBotApi, db: Database, clock: FakeClock
) -> None:
    """Through the strict fake: Monday 17:30 in Los Angeles, the log is acknowledged at once
    with the question and Skip; "it's 17:31 here" moves it to Monday."""
    clock.set(datetime(2026, 11, 24, 1, 30, tzinfo=UTC))
    ann = api.user(41, first_name="Ann")
    await screen(ann, set())
    await ann.send("3x10")
    await ann.wait_for(lambda m: m.body.startswith(LOGGED) and QUESTION in m.body)
    assert await log_dates(db, 41) == [("2026-11-24", 1)]
    await ann.send("it's 17:31 here")
    await ann.wait_for(lambda m: "Moved the log of Tuesday 24 November to Monday" in m.body)
    assert await log_dates(db, 41) == [("2026-11-23", 0)]
    assert sum(api.errors_sent.values()) == 0, api.errors_sent
