"""A coach's daily digest: when it is due, and how a client's held events read in it.

Pure: every instant comes in aware and goes out in UTC. The digest is at DIGEST_AT on the
coach's wall clock: in their plan's zone when they have a plan (a coach who trains too), else
UTC. As for reminders, one due less than MISSED_GRACE late is sent late; an older one is not
sent (its events stay held for the next one). The next instant is always strictly after `now`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from bot.coach.plan import MISSED_GRACE, WeeklyPlan, next_fire, zone
from bot.coach.sessions import LoggedSet

DIGEST_AT = time(18, 0)
EVERY_DAY = frozenset(range(7))


def next_digest(tz: str, after: datetime) -> datetime:
    """The first digest instant strictly after `after` (18:00 in `tz`), UTC."""
    return next_fire(WeeklyPlan(EVERY_DAY, DIGEST_AT, tz), after)


def digest_day(tz: str, at: datetime) -> date:
    """The coach's local date of a digest instant (the key that makes it once a day)."""
    return at.astimezone(zone(tz)).date()


def due(tz: str, scheduled: datetime, now: datetime) -> tuple[datetime | None, datetime]:
    """(the digest to send now, or None when it is too late or not a real instant; the next)."""
    real = next_digest(tz, scheduled - timedelta(seconds=1)) == scheduled
    late = now - scheduled
    return (scheduled if real and late < MISSED_GRACE else None), next_digest(tz, now)


def compact_sets(sets: tuple[LoggedSet, ...]) -> str:
    """A log in a few characters: "3×10" when every set has the same reps, else "10 10 8"."""
    reps = [s.reps for s in sets]
    if len(set(reps)) == 1 and all(s.leg == "both" for s in sets):
        return f"{len(reps)}×{reps[0]}"
    return " ".join(str(r) for r in reps)


def counts(kinds: list[str]) -> Mapping[str, int]:
    """How many events of each kind, in the order the digest lists them."""
    order = ("log", "screening", "pain", "skipped", "missed")
    return {kind: kinds.count(kind) for kind in order if kind in kinds}
