"""The weekly plan as an iCalendar file (RFC 5545), for the user's own calendar app.

One weekly recurring event (`RRULE:FREQ=WEEKLY;BYDAY=...`) at the plan's local time:

* An IANA zone ("Europe/Berlin"): DTSTART carries `TZID=Europe/Berlin` and the file holds that
  zone's VTIMEZONE (made from the same tz database as the reminders), so calendar apps keep
  the session at 18:00 local across daylight-saving changes, as the reminders do.
* A fixed offset ("UTC+05:30"): the clock never changes, so the event is written in UTC
  (`DTSTART:...Z`) with the weekdays as they fall in UTC (03:00 Monday at UTC+05:30 is
  21:30 Sunday UTC): no made-up zone name that some calendar apps would not know.

Pure: the time comes in as an argument; the file is a string.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event, vRecur

from bot.coach.plan import WeeklyPlan, local_instant, zone

SESSION = timedelta(minutes=30)
_BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def plan_ics(plan: WeeklyPlan, user_id: int, now: datetime, title: str, description: str) -> str:
    """The plan as an .ics file: one event recurring weekly from the next training day."""
    first = _first_day(plan, now)
    event = Event()
    # The same UID for every export of this user's plan: importing again updates the event.
    event.add("uid", f"reverse-lunge-plan-{user_id}@lunge-coach")
    event.add("dtstamp", now.astimezone(UTC))
    event.add("summary", title)
    event.add("description", description)
    if plan.tz.startswith("UTC"):
        start = local_instant(plan.tz, first, plan.at)
        shift = start.date() - first  # the local day as it falls in UTC: -1, 0 or +1 day
        days = sorted((day + shift.days) % 7 for day in plan.days)
    else:
        start = datetime.combine(first, plan.at, tzinfo=zone(plan.tz))
        days = sorted(plan.days)
    event.add("dtstart", start)
    event.add("dtend", start + SESSION)
    event.add("rrule", vRecur(freq="WEEKLY", byday=[_BYDAY[day] for day in days]))
    calendar = Calendar()
    calendar.add("prodid", "-//lunge-coach//weekly plan//EN")
    calendar.add("version", "2.0")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data.decode("utf-8")


def _first_day(plan: WeeklyPlan, now: datetime) -> date:
    """The first training day on or after today (local)."""
    day = now.astimezone(zone(plan.tz)).date()
    while day.weekday() not in plan.days:
        day += timedelta(days=1)
    return day
