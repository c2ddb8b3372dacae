"""/schedule, /plan, /pause, /resume and the reminders they produce, on an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FakeClock
from bot.coach.messages import Location
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.test_screening_chat import answer_all

MONDAY_9_UTC = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 10:00 in Berlin


async def screened(chat: ChatHarness, yes: set[int] = frozenset()) -> None:
    await chat.send("/start")
    await answer_all(chat, yes)


async def schedule(chat: ChatHarness, days: tuple[str, ...], time: str, zone: str) -> None:
    """Pick days by tapping, a time (button or typed), a zone (typed), then confirm."""
    await chat.send("/schedule")
    for day in days:
        await chat.press(day)
    await chat.press(next(label for label in chat.last.labels if label.startswith("Done")))
    if "Keep these days" in chat.last.labels:
        await chat.press("Keep these days")
    if time in chat.last.labels:
        await chat.press(time)
    else:
        await chat.send(time)
    await chat.send(zone)
    await chat.press("Confirm ✓")


async def plan_row(db: Database, user_id: int) -> dict:
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT * FROM plans WHERE user_id = ?", (user_id,))
    return dict(row) if row else {}


async def reminders(chat: ChatHarness) -> list[str]:
    return [m.text for m in chat.shown if "Time for reverse lunges" in m.text]


async def test_schedule_stores_the_plan_and_shows_the_next_three_reminders(
    chat: ChatHarness, db: Database
) -> None:
    """Mon/Wed/Fri at 18:00 in Berlin: confirmation lists three local reminders; plan stored."""
    await screened(chat)
    await chat.send("/schedule")
    for day in ("Mon", "Wed", "Fri"):
        await chat.press(day)
    assert "Mon, Wed, Fri" in chat.last.text
    await chat.press("Done (3 days)")
    await chat.press("18:00")
    await chat.send("Berlin")
    confirm = chat.last.text
    assert "Mon, Wed, Fri at 18:00 (Europe/Berlin)" in confirm
    assert "Mon 23 Nov, 18:00" in confirm
    assert "Wed 25 Nov, 18:00" in confirm
    assert "Fri 27 Nov, 18:00" in confirm
    await chat.press("Confirm ✓")
    assert "Plan saved" in chat.last.text
    row = await plan_row(db, chat.user_id)
    assert row["days"] == "0,2,4"
    assert row["at"] == "18:00"
    assert row["tz"] == "Europe/Berlin"
    assert row["next_fire_at"] == int(datetime(2026, 11, 23, 17, 0, tzinfo=UTC).timestamp())


@pytest.mark.parametrize(
    ("days", "why"),
    [(("Mon", "Wed"), "at least 3"), (("Mon", "Tue", "Wed", "Thu", "Sat"), "at most 4")],
)
async def test_fewer_than_three_or_more_than_four_days_explain_why(
    chat: ChatHarness, days: tuple[str, ...], why: str
) -> None:
    """Two days or five: the coach says why 3-4 and keeps asking."""
    await screened(chat)
    await chat.send("/schedule")
    for day in days:
        await chat.press(day)
    await chat.press(next(label for label in chat.last.labels if label.startswith("Done")))
    assert why in (chat.last_notice or "")
    assert "Which days" in chat.last.text


async def test_three_days_in_a_row_get_a_rest_day_suggestion_without_forcing(
    chat: ChatHarness, db: Database
) -> None:
    """Sat, Sun, Mon (three in a row): a suggestion naming the run; "Keep these days" goes on."""
    await screened(chat)
    await chat.send("/schedule")
    for day in ("Sat", "Sun", "Mon"):
        await chat.press(day)
    await chat.press("Done (3 days)")
    assert "Sat, Sun, Mon are 3 training days in a row" in chat.last.text
    await chat.press("Keep these days")
    await chat.send("7am")
    await chat.send("Europe/Berlin")
    await chat.press("Confirm ✓")
    assert (await plan_row(db, chat.user_id))["days"] == "0,5,6"


@pytest.mark.parametrize(
    ("time", "zone", "expected"),
    [
        ("6:30 pm", "UTC+2", "18:30 (UTC+02:00)"),
        ("07:15", "new york", "07:15 (America/New_York)"),
        ("7am", "Asia/Kolkata", "07:00 (Asia/Kolkata)"),
        ("19:00", "11:05", "19:00 (UTC+02:00)"),  # local time typed at 09:00 UTC
    ],
)
async def test_typed_times_and_zones(
    chat: ChatHarness, time: str, zone: str, expected: str
) -> None:
    """Typed times ("6:30 pm", "7am") and zones (offset, city, IANA, current local time)."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), time, zone)
    assert expected in chat.last.text


async def test_unreadable_time_and_zone_are_asked_again(chat: ChatHarness) -> None:
    """Nonsense for the time or the zone: a friendly hint with examples, same step."""
    await screened(chat)
    await chat.send("/schedule")
    for day in ("Mon", "Wed", "Fri"):
        await chat.press(day)
    await chat.press("Done (3 days)")
    await chat.send("whenever")
    assert "18:30" in chat.last.text
    await chat.send("19:00")
    await chat.send("Atlantis")
    assert "couldn't place" in chat.last.text
    await chat.send("Tokyo")
    assert "Asia/Tokyo" in chat.last.text


async def test_shared_location_sets_the_zone(chat: ChatHarness) -> None:
    """The location button: Berlin's coordinates give Europe/Berlin."""
    await screened(chat)
    await chat.send("/schedule")
    for day in ("Tue", "Thu", "Sat"):
        await chat.press(day)
    await chat.press("Done (3 days)")
    await chat.press("08:00")
    assert any(m.reply.ask_location for m in chat.shown)
    await chat.event(Location(52.52, 13.405))
    assert "Europe/Berlin" in chat.last.text


async def test_reminder_arrives_at_local_time_with_its_buttons(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """At 18:00 Berlin on a plan day: one reminder with today's target and three buttons."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Berlin")
    clock.set(datetime(2026, 11, 23, 16, 59, tzinfo=UTC))
    await chat.tick()
    assert await reminders(chat) == []
    clock.set(datetime(2026, 11, 23, 17, 0, 5, tzinfo=UTC))
    await chat.tick()
    await chat.tick()
    [text] = await reminders(chat)
    assert "3 x 10 per leg" in text
    assert chat.last.labels == ["▶ Start workout", "😴 Snooze 30 min", "Skip today"]


async def test_a_month_of_reminders_three_a_week_none_doubled(
    chat: ChatHarness, clock: FakeClock, db: Database
) -> None:
    """Four simulated weeks, a tick every 20 minutes: 12 reminders, each slot once."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "07:00", "America/New_York")
    start = clock.now()
    while clock.now() < start + timedelta(weeks=4):
        clock.advance(timedelta(minutes=20))
        await chat.tick()
    assert len(await reminders(chat)) == 12
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT slot, status FROM reminders WHERE kind = 'slot' ORDER BY slot"
        )
    assert len({r["slot"] for r in rows}) == 12
    assert {r["status"] for r in rows} == {"sent"}
    hours = {datetime.fromtimestamp(r["slot"], UTC).hour for r in rows}
    assert hours == {12}  # 07:00 New York in winter, every time


async def test_no_reminder_on_a_day_already_logged(chat: ChatHarness, clock: FakeClock) -> None:
    """Logged in the morning: the evening reminder stays quiet."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Berlin")
    await chat.send("3x10")
    clock.set(datetime(2026, 11, 23, 17, 1, tzinfo=UTC))
    await chat.tick()
    assert await reminders(chat) == []


async def test_snooze_reminds_again_in_thirty_minutes_once(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """Snooze: the same reminder 30 minutes later, once."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Berlin")
    clock.set(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    await chat.tick()
    await chat.press("😴 Snooze 30 min")
    assert "18:30" in chat.last.text
    clock.advance(timedelta(minutes=29))
    await chat.tick()
    assert not any("Snooze over" in t for t in chat.texts())
    clock.advance(timedelta(minutes=2))
    await chat.tick()
    clock.advance(timedelta(minutes=40))
    await chat.tick()
    assert sum("Snooze over" in t for t in chat.texts()) == 1


async def test_skip_today_names_the_next_reminder(chat: ChatHarness, clock: FakeClock) -> None:
    """Skip today: a kind word and when the next reminder comes."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Berlin")
    clock.set(datetime(2026, 11, 23, 17, 0, tzinfo=UTC))
    await chat.tick()
    await chat.press("Skip today")
    assert "Wed 25 Nov, 18:00" in chat.last.text


async def test_pause_and_resume(chat: ChatHarness, clock: FakeClock) -> None:
    """/pause stops reminders; /resume brings them back; /plan says which."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Berlin")
    await chat.send("/pause")
    await chat.send("/plan")
    assert "paused" in chat.last.text
    clock.set(datetime(2026, 11, 26, 12, 0, tzinfo=UTC))
    await chat.tick()
    assert await reminders(chat) == []
    await chat.send("/resume")
    assert "Fri 27 Nov, 18:00" in chat.last.text
    clock.set(datetime(2026, 11, 27, 17, 0, tzinfo=UTC))
    await chat.tick()
    assert len(await reminders(chat)) == 1


async def test_pause_until_a_date(chat: ChatHarness, clock: FakeClock) -> None:
    """/pause 2026-12-02: nothing before that date, then reminders resume by themselves."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Berlin")
    await chat.send("/pause 2026-12-02")
    assert "paused until Wednesday 2 December" in chat.last.text
    while clock.now() < datetime(2026, 12, 3, tzinfo=UTC):
        clock.advance(timedelta(hours=1))
        await chat.tick()
    assert len(await reminders(chat)) == 1  # Wednesday 2 December only


async def test_downtime_under_two_hours_sends_late_once_older_is_skipped(
    chat: ChatHarness, clock: FakeClock, db: Database
) -> None:
    """Down through a slot: 1h late -> sent once; 3h late -> skipped, the plan moves on."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Berlin")
    clock.set(datetime(2026, 11, 23, 18, 0, tzinfo=UTC))  # Monday's slot 1h ago
    await chat.tick()
    await chat.tick()
    assert len(await reminders(chat)) == 1
    clock.set(datetime(2026, 11, 25, 20, 0, tzinfo=UTC))  # Wednesday's slot 3h ago
    await chat.tick()
    assert len(await reminders(chat)) == 1
    row = await plan_row(db, chat.user_id)
    assert row["next_fire_at"] == int(datetime(2026, 11, 27, 17, 0, tzinfo=UTC).timestamp())


async def test_a_user_now_told_to_see_a_doctor_gets_no_reminders(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """A plan made while cleared; a new screening says "doctor": no reminder ever arrives."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Berlin")
    await chat.send("/rescreen")
    await answer_all(chat, {1})
    for _ in range(14):
        clock.advance(timedelta(hours=12))
        await chat.tick()
    assert await reminders(chat) == []
    await chat.send("/plan")
    assert chat.last.text == chat.content.texts("gate.doctor")


async def test_reminders_follow_the_wall_clock_across_dst(
    db: Database, content, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    """Berlin, late October: the Monday 08:00 reminder moves from 06:00 to 07:00 UTC."""
    clock.set(datetime(2026, 10, 18, 12, 0, tzinfo=UTC))
    chat = ChatHarness(db, content, clock, user_id=3)
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "08:00", "Berlin")
    seen = []
    while clock.now() < datetime(2026, 10, 31, tzinfo=UTC):
        clock.advance(timedelta(minutes=30))
        before = len(await reminders(chat))
        await chat.tick()
        if len(await reminders(chat)) > before:  # not the weekly summary or a nudge
            seen.append(clock.now())
    hours = [moment.hour for moment in seen]
    assert hours == [6, 6, 6, 7, 7, 7]
