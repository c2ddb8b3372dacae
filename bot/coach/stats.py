"""History and statistics over logged sessions: this week, the weekly streak, totals, bests.

Weeks run Monday to Sunday in the user's local dates (`Session.local_date`). The plan counts
training days, so a week's "done" is the number of distinct days with a session: two sessions
logged on one day are one training day. Sessions dated after `today` are ignored by the
week-based functions. With no plan, a week with at least one training day meets it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.coach.sessions import Session

_WEEK = timedelta(days=7)


@dataclass(frozen=True, slots=True)
class WeekProgress:
    """Training days done this week and the plan's days (None without a plan): "2 of 3"."""

    done: int
    planned: int | None


@dataclass(frozen=True, slots=True)
class Totals:
    """All sessions logged and all reps done on each leg."""

    sessions: int
    reps_per_leg: int


@dataclass(frozen=True, slots=True)
class Bests:
    """Personal bests: reps in one set (on one leg), reps per leg in a session, heaviest weight."""

    most_reps_in_a_set: int | None
    most_reps_in_a_session: int | None
    heaviest_kg: float | None


def week_start(d: date) -> date:
    """The Monday of the week holding `d`."""
    return d - timedelta(days=d.weekday())


def this_week(
    sessions: Iterable[Session], plan_days_per_week: int | None, today: date
) -> WeekProgress:
    """Training days so far in the week holding `today`, against the plan."""
    _check_plan(plan_days_per_week)
    done = _days_per_week(sessions, today).get(week_start(today), 0)
    return WeekProgress(done=done, planned=plan_days_per_week)


def weekly_streak(sessions: Iterable[Session], plan_days_per_week: int | None, today: date) -> int:
    """Weeks in a row that met the plan, counting back from the week holding `today`.

    The current week counts once it is met; until then it is still open and does not break
    the streak. Any earlier week that missed the plan ends it. Rest days never break it.
    """
    _check_plan(plan_days_per_week)
    days = _days_per_week(sessions, today)
    week = week_start(today)
    streak = 0
    if _met(days.get(week, 0), plan_days_per_week):
        streak += 1
    week -= _WEEK
    while _met(days.get(week, 0), plan_days_per_week):
        streak += 1
        week -= _WEEK
    return streak


def weekly_adherence(
    sessions: Iterable[Session],
    plan_days_per_week: int | None,
    today: date,
    weeks: int = 12,
    plan_since: date | None = None,
) -> list[tuple[date, int, int | None]]:
    """(week start, days done, days planned) for the last `weeks` weeks, oldest first.

    The last entry is the week holding `today`, possibly unfinished. A week before the one
    holding `plan_since` (the plan's first day) had no plan: its planned days are None.
    """
    _check_plan(plan_days_per_week)
    if weeks < 1:
        raise ValueError(f"weeks must be at least 1, got {weeks}")
    days = _days_per_week(sessions, today)
    current = week_start(today)
    first_planned = week_start(plan_since) if plan_since else date.min
    starts = [current - _WEEK * back for back in range(weeks - 1, -1, -1)]
    return [
        (start, days.get(start, 0), plan_days_per_week if start >= first_planned else None)
        for start in starts
    ]


def chart_weeks(
    sessions: Iterable[Session],
    today: date,
    plan_since: date | None = None,
    *,
    least: int = 4,
    most: int = 12,
) -> int:
    """How many weeks a chart shows, up to the week holding `today`: from the week of the
    first session (or of the plan's start, if earlier), at least `least`, at most `most`."""
    starts = [s.local_date for s in sessions if s.local_date <= today]
    if plan_since is not None and plan_since <= today:
        starts.append(plan_since)
    if not starts:
        return least
    spanned = (week_start(today) - week_start(min(starts))) // _WEEK + 1
    return max(least, min(most, spanned))


def totals(sessions: Iterable[Session]) -> Totals:
    """How many sessions and how many reps per leg, over the whole history."""
    logged = list(sessions)
    return Totals(sessions=len(logged), reps_per_leg=sum(s.reps_per_leg() for s in logged))


def personal_bests(sessions: Sequence[Session]) -> Bests:
    """The best set, the best session (reps per leg) and the heaviest weight held; None if none.

    A one-leg set counts its reps on that leg, like a set on both legs.
    """
    sets = [logged for session in sessions for logged in session.sets]
    weights = [s.weight_kg for s in sets if s.weight_kg is not None]
    return Bests(
        most_reps_in_a_set=max((s.reps for s in sets), default=None),
        most_reps_in_a_session=max((s.reps_per_leg() for s in sessions if s.sets), default=None),
        heaviest_kg=max(weights, default=None),
    )


def _days_per_week(sessions: Iterable[Session], today: date) -> dict[date, int]:
    """Distinct training days per week start, up to and including `today`."""
    days = {s.local_date for s in sessions if s.local_date <= today}
    counts: dict[date, int] = {}
    for day in days:
        start = week_start(day)
        counts[start] = counts.get(start, 0) + 1
    return counts


def _met(done: int, planned: int | None) -> bool:
    """A week meets the plan with `planned` days done, or any day without a plan."""
    return done >= (planned if planned is not None else 1)


def _check_plan(plan_days_per_week: int | None) -> None:
    """A plan has 1 to 7 days a week."""
    if plan_days_per_week is not None and not 1 <= plan_days_per_week <= 7:
        raise ValueError(f"a plan has 1-7 days a week, got {plan_days_per_week}")
