"""Around midnight: an answer to a reminder (a log, Skip, a finished workout) belongs to the
reminder's day and never silences another day's reminder.

Plan Mon/Tue/Thu 23:45 local, in a zone east of UTC (Berlin, Tokyo) and one west (Los
Angeles); answers at 23:59 and 00:01 local. Monday is 23 Nov 2026.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.test_schedule_chat import reminders, schedule, screened

ZONES = ["Europe/Berlin", "Asia/Tokyo", "America/Los_Angeles"]
MONDAY, TUESDAY = date(2026, 11, 23), date(2026, 11, 24)


def local(zone: str, day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), ZoneInfo(zone)).astimezone(UTC)


async def reminded_monday(chat: ChatHarness, clock: FakeClock, zone: str) -> None:
    """Screened, plan Mon/Tue/Thu 23:45 in `zone`, Monday's reminder received."""
    await screened(chat)
    await schedule(chat, ("Mon", "Tue", "Thu"), "23:45", zone)
    clock.set(local(zone, MONDAY, 23, 45) + timedelta(seconds=5))
    await chat.tick()
    assert len(await reminders(chat)) == 1


async def tuesday_reminded(chat: ChatHarness, clock: FakeClock, zone: str) -> bool:
    """Whether Tuesday's 23:45 reminder is sent."""
    before = len(await reminders(chat))
    clock.set(local(zone, TUESDAY, 23, 45) + timedelta(seconds=5))
    await chat.tick()
    return len(await reminders(chat)) == before + 1


async def log_dates(db: Database, user_id: int) -> list[date]:
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT local_date FROM logs WHERE user_id = ? ORDER BY seq", (user_id,)
        )
    return [date.fromisoformat(r["local_date"]) for r in rows]


@pytest.mark.parametrize("zone", ZONES)
async def test_snoozed_past_midnight_then_logged_is_the_reminders_day(
    chat: ChatHarness, clock: FakeClock, db: Database, zone: str
) -> None:
    """Snooze at 23:59, `3x10` at 00:01: logged for Monday, the snoozed reminder stays quiet,
    and Tuesday's reminder still comes."""
    await reminded_monday(chat, clock, zone)
    clock.set(local(zone, MONDAY, 23, 59))
    await chat.press("😴 Snooze 30 min")
    assert "00:29" in chat.last.text
    clock.set(local(zone, TUESDAY, 0, 1))
    await chat.send("3x10")
    assert chat.last.text.startswith(
        "✅ Logged for Mon 23 Nov, the day of your reminder: 3 sets x 10 reps per leg"
    )
    assert await log_dates(db, chat.user_id) == [MONDAY]
    clock.set(local(zone, TUESDAY, 0, 30))
    await chat.tick()
    assert not any("Snooze over" in t for t in chat.texts())  # Monday is logged
    await chat.send("/history")
    assert "Mon 23 Nov" in chat.last.text
    assert await tuesday_reminded(chat, clock, zone)


@pytest.mark.parametrize("zone", ZONES)
async def test_a_log_at_2359_is_today_and_tuesday_still_reminded(
    chat: ChatHarness, clock: FakeClock, db: Database, zone: str
) -> None:
    """Before midnight nothing changes: "Logged for today", Monday."""
    await reminded_monday(chat, clock, zone)
    clock.set(local(zone, MONDAY, 23, 59))
    await chat.send("3x10")
    assert chat.last.text.startswith("✅ Logged for today: 3 sets x 10 reps per leg")
    assert await log_dates(db, chat.user_id) == [MONDAY]
    assert await tuesday_reminded(chat, clock, zone)


@pytest.mark.parametrize("zone", ZONES)
async def test_the_reminder_is_answered_until_four_in_the_morning(
    chat: ChatHarness, clock: FakeClock, db: Database, zone: str
) -> None:
    """At 03:59 a log is still Monday's; at 04:00 it is Tuesday's, and Tuesday's reminder
    stays quiet, as for any log of that day."""
    await reminded_monday(chat, clock, zone)
    clock.set(local(zone, TUESDAY, 3, 59))
    await chat.send("3x10")
    assert "the day of your reminder" in chat.last.text
    clock.set(local(zone, TUESDAY, 4, 0))
    await chat.send("3x10")
    assert chat.last.text.startswith("✅ Logged for today:")
    assert await log_dates(db, chat.user_id) == [MONDAY, TUESDAY]
    assert not await tuesday_reminded(chat, clock, zone)


@pytest.mark.parametrize("zone", ZONES)
async def test_a_log_after_midnight_with_no_reminder_open_is_today(
    chat: ChatHarness, clock: FakeClock, db: Database, zone: str
) -> None:
    """No reminder was sent (Monday logged early, its reminder stayed quiet): a log at 00:01
    is Tuesday's."""
    await screened(chat)
    await schedule(chat, ("Mon", "Tue", "Thu"), "23:45", zone)
    clock.set(local(zone, MONDAY, 20, 0))
    await chat.send("3x10")
    clock.set(local(zone, MONDAY, 23, 46))
    await chat.tick()
    assert await reminders(chat) == []
    clock.set(local(zone, TUESDAY, 0, 1))
    await chat.send("3x10")
    assert chat.last.text.startswith("✅ Logged for today:")
    assert await log_dates(db, chat.user_id) == [MONDAY, TUESDAY]


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize(("hour", "minute", "said"), [(23, 59, "today"), (0, 1, "Mon 23 Nov")])
async def test_skip_names_the_reminders_day_and_tuesday_still_comes(
    chat: ChatHarness, clock: FakeClock, zone: str, hour: int, minute: int, said: str
) -> None:
    """Skip at 23:59: "skipping today"; at 00:01: "skipping Mon 23 Nov". The next reminder
    named is Tuesday's, and it is sent."""
    await reminded_monday(chat, clock, zone)
    clock.set(local(zone, MONDAY if hour == 23 else TUESDAY, hour, minute))
    await chat.press("Skip today")
    assert chat.last.text.startswith(f"OK, skipping {said}.")
    assert "Next reminder: Tue 24 Nov, 23:45" in chat.last.text
    assert await tuesday_reminded(chat, clock, zone)


@pytest.mark.parametrize("zone", ZONES)
async def test_a_workout_from_the_reminder_resting_over_midnight_is_the_reminders_day(
    chat: ChatHarness, clock: FakeClock, db: Database, zone: str
) -> None:
    """Start workout at 23:58, the first rest from 23:59 rings at 00:01, finished at 00:03:
    the workout is Monday's, and Tuesday's reminder still comes."""
    await reminded_monday(chat, clock, zone)
    clock.set(local(zone, MONDAY, 23, 58))
    await chat.press("▶ Start workout")
    await chat.press("I'm warm, let's go ▶")
    clock.set(local(zone, MONDAY, 23, 59))
    await chat.press("Done ✓")
    clock.set(local(zone, TUESDAY, 0, 1))
    await chat.tick()
    assert "Rest is over" in chat.texts()[-1]
    await chat.press("Done ✓")
    await chat.press("Skip rest ▶")
    clock.set(local(zone, TUESDAY, 0, 3))
    await chat.press("Done ✓")
    await chat.press("👍 Just right")
    assert chat.last.text.startswith(
        "✅ <b>Workout logged for Mon 23 Nov, the day of your reminder:</b>"
    )
    assert await log_dates(db, chat.user_id) == [MONDAY]
    assert await tuesday_reminded(chat, clock, zone)
