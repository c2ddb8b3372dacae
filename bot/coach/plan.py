"""The weekly training plan and the moments its reminders fire.

Weekdays are numbered like Python's `date.weekday()`: 0 = Monday ... 6 = Sunday.
(python-telegram-bot's JobQueue counts from Sunday = 0; this package never uses that numbering.)

The clock is always passed in. Every instant going in must be timezone-aware; every instant
coming out is in UTC. A plan's time zone is either an IANA name ("Europe/Berlin") or a fixed
offset written "UTC", "UTC+05:30" or "UTC-03:00".
"""

# Daylight-saving rules for `next_fire`:
#
# * Every day the reminder fires at the user's local wall time (08:00 stays 08:00), so the UTC
#   instant moves by an hour when the clocks change.
# * Spring forward: a time that does not exist that night (02:30 in Europe/Berlin on 2026-03-29,
#   when clocks jump from 02:00 to 03:00) fires at 03:00 local, the moment the clock skips the
#   missing time. PEP 495 arithmetic (fold=0) would give 03:30, "as if the clock had not moved":
#   later than needed and a time the user never picked. 03:00 is the first instant the user's
#   wall clock is past 02:30, keeps the reminder on the same day and is as close to the intent
#   as possible.
# * Fall back: a time that happens twice (01:30 in America/New_York on 2026-11-01) fires once, at
#   the first occurrence (fold=0). The repeated hour is not a new slot.

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIN_DAYS = 3
MAX_DAYS = 4
MISSED_GRACE = timedelta(hours=2)
"""A reminder that is late by less than this (the bot was down) is still sent, once."""

MIN_OFFSET = timedelta(hours=-12)
MAX_OFFSET = timedelta(hours=14)

_WEEK = frozenset(range(7))
_FIXED = re.compile(r"UTC([+-])([0-9]{2}):([0-9]{2})")


@dataclass(frozen=True, slots=True)
class WeeklyPlan:
    """Training days (0 = Monday), the local reminder time, and the user's time zone."""

    days: frozenset[int]
    at: time
    tz: str

    def __post_init__(self) -> None:
        if not self.days or not self.days <= _WEEK:
            raise ValueError(f"days must be a non-empty set of 0..6, got {sorted(self.days)}")
        if self.at.tzinfo is not None:
            raise ValueError("the reminder time is a local wall time, without tzinfo")
        zone(self.tz)


def zone(tz: str) -> tzinfo:
    """Resolve an IANA name or a fixed "UTC+HH:MM" offset; ValueError if unknown."""
    if tz == "UTC":
        return UTC
    match = _FIXED.fullmatch(tz)
    if match:
        offset = timedelta(hours=int(match[2]), minutes=int(match[3]))
        offset = -offset if match[1] == "-" else offset
        if int(match[3]) >= 60 or not MIN_OFFSET <= offset <= MAX_OFFSET:
            raise ValueError(f"offset out of range: {tz!r}")
        return timezone(offset) if offset else UTC
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, OSError) as exc:
        raise ValueError(f"unknown time zone: {tz!r}") from exc


def format_offset(offset: timedelta) -> str:
    """Show an offset from UTC the way users read it: "UTC+05:30", "UTC-03:00", "UTC+00:00"."""
    minutes = round(offset / timedelta(minutes=1))
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def fixed_offset_name(offset: timedelta) -> str:
    """The plan time zone for a fixed offset: "UTC" or "UTC+HH:MM"; ValueError outside -12..+14."""
    if offset % timedelta(minutes=1) or not MIN_OFFSET <= offset <= MAX_OFFSET:
        raise ValueError(f"not a valid UTC offset: {offset}")
    return "UTC" if not offset else format_offset(offset)


def validate_days(days: Iterable[int]) -> str | None:
    """Check chosen training days: "invalid_day", "too_few", "too_many", or None if fine."""
    chosen = set(days)
    if not chosen <= _WEEK:
        return "invalid_day"
    if len(chosen) < MIN_DAYS:
        return "too_few"
    if len(chosen) > MAX_DAYS:
        return "too_many"
    return None


def consecutive_pairs(days: Iterable[int]) -> list[tuple[int, int]]:
    """Back-to-back training days, Sunday -> Monday included: {0, 1, 6} -> [(0, 1), (6, 0)].

    Every pair, for display; whether rest is too short is `short_rest`'s rule.
    """
    chosen = set(days)
    return [(day, (day + 1) % 7) for day in sorted(chosen) if (day + 1) % 7 in chosen]


MAX_DAYS_IN_A_ROW = 2
"""Training days in a row before rest gets too short (see `short_rest`)."""


def short_rest(days: Iterable[int]) -> tuple[tuple[int, ...], ...]:
    """Runs of more than MAX_DAYS_IN_A_ROW training days in a row: where rest is too short.

    Each run lists its days in order, the week wrapping (Sat, Sun, Mon is a run: (5, 6, 0));
    all seven days are one run from Monday. () when rest is fine.

    Why: a muscle needs about 48 hours between two sessions of the same exercise to recover
    and grow stronger (common strength-training guidance, such as the ACSM's: at least 48 h
    between sessions for the same muscle group); the source articles ask for 3-4 sessions a
    week (article 2, fact 48 in docs/content-sources.md). Four days in seven always include
    two in a row, so warning about every pair would nag every 4-day plan the coach itself
    suggests; a pair is followed by a rest day. Three days in a row put two short rests
    back to back with no recovery day between them: that is flagged.
    """
    chosen = {day for day in days if day in _WEEK}
    if chosen == _WEEK:
        return (tuple(range(7)),)
    runs = []
    for start in sorted(chosen):
        if (start - 1) % 7 in chosen:
            continue  # not the first day of its run
        run = [start]
        while (run[-1] + 1) % 7 in chosen:
            run.append((run[-1] + 1) % 7)
        if len(run) > MAX_DAYS_IN_A_ROW:
            runs.append(tuple(run))
    return tuple(runs)


def next_fire(plan: WeeklyPlan, after: datetime, *, paused_until: date | None = None) -> datetime:
    """The first reminder instant strictly after `after`, in UTC.

    Follows the daylight-saving rules at the top of this module: a missing local time fires
    when the clock skips it (02:30 -> 03:00), a repeated one fires at its first occurrence.
    With `paused_until`, slots on local dates before it are skipped: reminders resume on
    that date.
    """
    _require_aware(after)
    tz = zone(plan.tz)
    day = after.astimezone(tz).date() - timedelta(days=1)  # a gap can push a slot past midnight
    if paused_until is not None and paused_until > day:
        day = paused_until
    while True:  # ends: `days` is never empty, and slots move forward day by day
        if day.weekday() in plan.days:
            fire = _slot_instant(tz, day, plan.at)
            if fire > after:
                return fire
        day += timedelta(days=1)


def upcoming(
    plan: WeeklyPlan, after: datetime, n: int, *, paused_until: date | None = None
) -> list[datetime]:
    """The next `n` reminder instants after `after`, in UTC, earliest first."""
    if n < 0:
        raise ValueError("n must not be negative")
    fires: list[datetime] = []
    cursor = after
    for _ in range(n):
        cursor = next_fire(plan, cursor, paused_until=paused_until)
        fires.append(cursor)
    return fires


def slot_local_date(plan: WeeklyPlan, fire_utc: datetime) -> date:
    """The user's local training date a reminder belongs to.

    Usually the local date of `fire_utc`; for a slot pushed past midnight by a clock jump it
    is the day before, the day the user planned.
    """
    _require_aware(fire_utc)
    tz = zone(plan.tz)
    local = fire_utc.astimezone(tz).date()
    for day in (local, local - timedelta(days=1)):
        if day.weekday() in plan.days and _slot_instant(tz, day, plan.at) == fire_utc:
            return day
    return local


def catch_up(
    plan: WeeklyPlan,
    scheduled: datetime,
    now: datetime,
    *,
    paused_until: date | None = None,
) -> tuple[bool, datetime]:
    """After downtime: whether to send a late reminder now, and the next slot to schedule.

    `scheduled` is the slot that was due and `now` (>= scheduled) is when we look at it. At
    most one late reminder goes out, and only if a missed slot (`scheduled` or any later slot
    up to `now`) is less than MISSED_GRACE late; older ones are dropped rather than sent in a
    burst. The next slot is `next_fire(plan, now)`: strictly after `now`, so a slot is never
    handed out twice, and every slot still within grace counts as caught up by this call.
    """
    _require_aware(scheduled)
    _require_aware(now)
    if now < scheduled:
        raise ValueError("now is before the scheduled slot; nothing to catch up")
    if now - scheduled < MISSED_GRACE:
        send = not _paused(plan, scheduled, paused_until)
    else:
        send = next_fire(plan, now - MISSED_GRACE, paused_until=paused_until) <= now
    return send, next_fire(plan, now, paused_until=paused_until)


def local_instant(tz: str, day: date, at: time) -> datetime:
    """The instant of local wall time `at` on local `day` in zone `tz`, in UTC (a missing time
    is the moment the clock skips it, a repeated one its first occurrence, as for reminders)."""
    return _slot_instant(zone(tz), day, at)


def _paused(plan: WeeklyPlan, fire_utc: datetime, paused_until: date | None) -> bool:
    return paused_until is not None and slot_local_date(plan, fire_utc) < paused_until


def _require_aware(moment: datetime) -> None:
    if moment.utcoffset() is None:
        raise ValueError("a timezone-aware datetime is required")


def _slot_instant(tz: tzinfo, day: date, at: time) -> datetime:
    """When the reminder for local `day` fires, in UTC (see the daylight-saving rules)."""
    wall = datetime.combine(day, at.replace(fold=0), tzinfo=tz)
    first = wall.astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall.replace(tzinfo=None):
        return first  # the time exists; for a repeated time this is its first occurrence
    return _clock_jump(tz, wall.replace(fold=1).astimezone(UTC), first)


def _clock_jump(tz: tzinfo, before: datetime, after: datetime) -> datetime:
    """The instant between `before` and `after` when the UTC offset changes (whole seconds)."""
    offset = before.astimezone(tz).utcoffset()
    low, high = math.floor(before.timestamp()), math.ceil(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == offset:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)
