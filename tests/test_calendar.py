"""The plan in the user's calendar: the .ics file from /plan, parsed back with icalendar."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from bot.clock import FakeClock
from bot.coach.calendar import plan_ics
from bot.coach.plan import WeeklyPlan
from bot.content import Content
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.seeding import seed_planned_users

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
BERLIN = ZoneInfo("Europe/Berlin")


def event_of(ics: str) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def occurrences(event: Event, count: int) -> list[datetime]:
    """The first `count` instants of the weekly event, expanded from DTSTART and BYDAY."""
    start: datetime = event.decoded("dtstart")
    rule = event["rrule"]
    assert rule["FREQ"] == ["WEEKLY"]
    days = {("MO", "TU", "WE", "TH", "FR", "SA", "SU").index(d) for d in rule["BYDAY"]}
    found = []
    day = start.date()
    while len(found) < count:
        if day.weekday() in days:
            found.append(datetime.combine(day, start.timetz().replace(tzinfo=None), start.tzinfo))
        day += timedelta(days=1)
    return found


def test_an_iana_plan_is_a_weekly_event_in_its_zone_with_the_vtimezone() -> None:
    """Mon/Wed/Fri 18:30 Berlin: DTSTART;TZID=Europe/Berlin on the next Monday, BYDAY=MO,WE,FR,
    and the file carries Berlin's VTIMEZONE."""
    plan = WeeklyPlan(frozenset({MON, WED, FRI}), time(18, 30), "Europe/Berlin")
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # a Sunday
    calendar, event = event_of(plan_ics(plan, 7, now, "Reverse lunges", "Today's target."))
    start = event.decoded("dtstart")
    assert start == datetime(2026, 11, 23, 18, 30, tzinfo=BERLIN)
    assert event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert event["rrule"]["BYDAY"] == ["MO", "WE", "FR"]
    assert event.decoded("dtend") - start == timedelta(minutes=30)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert str(event["summary"]) == "Reverse lunges"


def test_the_local_time_holds_across_the_march_clock_change_in_berlin() -> None:
    """18:00 Berlin stays 18:00 local on both sides of 29 March 2026: 17:00 UTC before, 16:00
    UTC after, as the VTIMEZONE in the file says."""
    plan = WeeklyPlan(frozenset({MON, THU}), time(18, 0), "Europe/Berlin")
    now = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)
    calendar, event = event_of(plan_ics(plan, 7, now, "Reverse lunges", ""))
    fires = occurrences(event, 4)
    assert [f.date().isoformat() for f in fires] == [
        "2026-03-23",
        "2026-03-26",
        "2026-03-30",
        "2026-04-02",
    ]
    assert {f.astimezone(BERLIN).time() for f in fires} == {time(18, 0)}
    assert fires[0].astimezone(UTC).hour == 17
    assert fires[2].astimezone(UTC).hour == 16
    vtimezone = calendar.walk("VTIMEZONE")[0]
    offsets = {c.decoded("TZOFFSETTO") for c in vtimezone.subcomponents}
    assert {timedelta(hours=1), timedelta(hours=2)} <= offsets


def test_a_fixed_offset_plan_is_written_in_utc_on_the_utc_weekdays() -> None:
    """UTC+05:30, Mon/Wed/Fri 03:00: 21:30 UTC the evening before (the first on Sunday 22nd
    UTC for Monday 23rd local), so BYDAY=SU,TU,TH in UTC, no zone of its own; every
    occurrence is 03:00 on a plan day at +05:30."""
    plan = WeeklyPlan(frozenset({MON, WED, FRI}), time(3, 0), "UTC+05:30")
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    calendar, event = event_of(plan_ics(plan, 7, now, "Reverse lunges", ""))
    start = event.decoded("dtstart")
    assert start == datetime(2026, 11, 22, 21, 30, tzinfo=UTC)
    assert "TZID" not in event["dtstart"].params
    assert set(event["rrule"]["BYDAY"]) == {"SU", "TU", "TH"}
    assert calendar.walk("VTIMEZONE") == []
    india = timezone(timedelta(hours=5, minutes=30))
    local = [f.astimezone(india) for f in occurrences(event, 6)]
    assert {f.time() for f in local} == {time(3, 0)}
    assert [f.weekday() for f in local] == [MON, WED, FRI, MON, WED, FRI]


def test_a_west_of_utc_fixed_offset_can_move_to_the_next_utc_day() -> None:
    """UTC-05:00, Tue/Thu 21:00 is 02:00 UTC on Wed/Fri."""
    plan = WeeklyPlan(frozenset({TUE, THU}), time(21, 0), "UTC-05:00")
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    _, event = event_of(plan_ics(plan, 7, now, "Reverse lunges", ""))
    assert event.decoded("dtstart") == datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    assert event["rrule"]["BYDAY"] == ["WE", "FR"]


async def test_plan_offers_the_calendar_file(
    db: Database, content: Content, clock: FakeClock, chat: ChatHarness
) -> None:
    """/plan -> Add to my calendar: a document reply, the .ics of the plan."""
    plan = WeeklyPlan(frozenset({MON, WED, FRI}), time(18, 30), "Europe/Berlin")
    await seed_planned_users(db, content, [chat.user_id], plan, clock.now(), clock.now())
    await chat.send("/plan")
    await chat.press("📆 Add to my calendar")
    reply = chat.last.reply
    assert reply.file is not None
    assert reply.file.filename.endswith(".ics")
    assert "18:30 (Europe/Berlin)" in reply.text
    _, event = event_of(reply.file.text)
    assert event.decoded("dtstart") == datetime(2026, 11, 23, 18, 30, tzinfo=BERLIN)
