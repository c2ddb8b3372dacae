"""Coaching between sessions: when the weekly summary and the missed-session nudge are due.

Pure: every instant comes in, aware; every instant going out is in UTC. Both follow the
user's wall clock in the plan's zone, with the reminders' daylight-saving rules
(`bot.coach.plan`).

* **Weekly summary**: at the end of the user's week, Sunday at SUMMARY_AT local.
* **Nudge**: the day after a planned day, at the plan's own time. A planned day followed by
  another planned day gets no nudge: that day's reminder goes out at the same moment, and one
  message says enough. Whether the day was really missed (no log that day or the next, not
  paused) is the engine's question when the tick arrives (`bot.coach.flows.week`).
* **Downtime**: as for reminders, one due less than MISSED_GRACE late is sent late; an older
  one is dropped. The next one is always strictly after `now`, so none is handed out twice.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from bot.coach.plan import MISSED_GRACE, WeeklyPlan, local_instant, next_fire, zone

SUNDAY = 6
SUMMARY_AT = time(19, 0)


def next_summary(plan: WeeklyPlan, after: datetime) -> datetime:
    """The first end-of-week summary strictly after `after` (Sunday 19:00 local), UTC."""
    return next_fire(WeeklyPlan(frozenset({SUNDAY}), SUMMARY_AT, plan.tz), after)


def next_nudge(plan: WeeklyPlan, after: datetime) -> datetime | None:
    """The first nudge whose planned day's slot is strictly after `after`, UTC (None for a
    plan of all seven days: no day is followed by a rest day).

    The nudge is at the plan's time on the day after a planned day that is not itself
    planned. Scheduling from a slot that has passed never gives that slot's own nudge.
    """
    return _first_nudge(plan, after, by_slot=True)


def missed_day(plan: WeeklyPlan, nudge: datetime) -> date:
    """The planned day a nudge instant is about: the day before its local date."""
    return nudge.astimezone(zone(plan.tz)).date() - timedelta(days=1)


def due(
    plan: WeeklyPlan, kind: str, scheduled: datetime, now: datetime
) -> tuple[datetime | None, datetime | None]:
    """(the instant to send about now, or None; the next instant of `kind` to schedule, or
    None when there is none).

    An instant that is not a real one of `kind` (a row stored before the plan changed) is
    never sent: it only schedules the next.
    """
    if kind == "summary":
        real = next_summary(plan, scheduled - timedelta(seconds=1))
        return _late(scheduled, real, now), next_summary(plan, now)
    real_nudge = _first_nudge(plan, scheduled - timedelta(seconds=1), by_slot=False)
    upcoming = next_nudge(plan, _slot_of(plan, scheduled))
    while upcoming is not None and upcoming <= now:
        upcoming = next_nudge(plan, _slot_of(plan, upcoming))
    return _late(scheduled, real_nudge, now), upcoming


def _late(scheduled: datetime, real: datetime | None, now: datetime) -> datetime | None:
    return scheduled if scheduled == real and now - scheduled < MISSED_GRACE else None


def _slot_of(plan: WeeklyPlan, nudge: datetime) -> datetime:
    return local_instant(plan.tz, missed_day(plan, nudge), plan.at)


def _first_nudge(plan: WeeklyPlan, after: datetime, *, by_slot: bool) -> datetime | None:
    """The first nudge after `after`: judged by its planned day's slot, or by itself."""
    if len(plan.days) == 7:
        return None
    day = after.astimezone(zone(plan.tz)).date() - timedelta(days=1)
    while True:  # ends: some planned day is followed by a rest day
        if day.weekday() in plan.days and (day.weekday() + 1) % 7 not in plan.days:
            nudge = local_instant(plan.tz, day + timedelta(days=1), plan.at)
            judged = local_instant(plan.tz, day, plan.at) if by_slot else nudge
            if judged > after:
                return nudge
        day += timedelta(days=1)
