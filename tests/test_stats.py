"""Statistics: week starts, this week, weekly streaks, totals, personal bests, adherence."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.coach.sessions import LoggedSet, Session
from bot.coach.stats import (
    Bests,
    Totals,
    WeekProgress,
    chart_weeks,
    personal_bests,
    this_week,
    totals,
    week_start,
    weekly_adherence,
    weekly_streak,
)

TODAY = date(2026, 11, 25)  # a Wednesday
MONDAY = date(2026, 11, 23)


def _on(*days: date, sets: tuple[LoggedSet, ...] = (LoggedSet(10),) * 3) -> list[Session]:
    """One session on each day, with the same sets."""
    return [
        Session(
            id=i + 1,
            local_date=d,
            logged_at=datetime(d.year, d.month, d.day, 18, tzinfo=UTC),
            sets=sets,
        )
        for i, d in enumerate(days)
    ]


def _week(weeks_back: int, *weekdays: int) -> list[date]:
    """Days of the week `weeks_back` weeks before the current one (0 = Monday)."""
    start = MONDAY - timedelta(weeks=weeks_back)
    return [start + timedelta(days=w) for w in weekdays]


@pytest.mark.parametrize(
    ("day", "monday"),
    [
        (date(2026, 11, 23), date(2026, 11, 23)),
        (date(2026, 11, 25), date(2026, 11, 23)),
        (date(2026, 11, 29), date(2026, 11, 23)),
        (date(2026, 11, 30), date(2026, 11, 30)),
        (date(2027, 1, 1), date(2026, 12, 28)),
    ],
)
def test_week_start_is_the_monday(day: date, monday: date) -> None:
    """Any day maps to the Monday of its week, across months and years."""
    assert week_start(day) == monday


def test_this_week_counts_training_days_against_the_plan() -> None:
    """Monday and Tuesday done of a 3-day plan: 2 of 3; last week's and future days do not count."""
    sessions = _on(*_week(0, 0, 1), *_week(1, 0, 2, 4), TODAY + timedelta(days=2))
    assert this_week(sessions, 3, TODAY) == WeekProgress(done=2, planned=3)


def test_this_week_two_sessions_on_one_day_are_one_day() -> None:
    """The plan counts days, so a second session that day does not add one."""
    sessions = _on(MONDAY, MONDAY, TODAY)
    assert this_week(sessions, 4, TODAY) == WeekProgress(done=2, planned=4)


def test_this_week_without_a_plan_or_sessions() -> None:
    """No plan gives planned None; no sessions give 0."""
    assert this_week([], None, TODAY) == WeekProgress(done=0, planned=None)


def test_streak_counts_met_weeks_and_skips_the_open_current_week() -> None:
    """Three met weeks before an unmet current week: 3, the open week breaks nothing."""
    days = _week(3, 0, 2, 4) + _week(2, 1, 3, 5) + _week(1, 0, 2, 4) + _week(0, 0)
    assert weekly_streak(_on(*days), 3, TODAY) == 3


def test_streak_counts_the_current_week_once_met() -> None:
    """A current week that already met the plan adds one."""
    days = _week(1, 0, 2, 4) + _week(0, 0, 1, 2)
    assert weekly_streak(_on(*days), 3, TODAY) == 2


def test_rest_days_never_break_the_streak() -> None:
    """Trained Monday-Wednesday one week and Friday-Sunday the next: rest in between is fine."""
    days = _week(2, 0, 1, 2) + _week(1, 4, 5, 6)
    assert weekly_streak(_on(*days), 3, TODAY) == 2


def test_a_missed_week_breaks_the_streak() -> None:
    """A week with no session ends the streak; weeks before it do not count."""
    days = _week(4, 0, 2, 4) + _week(3, 0, 2, 4) + _week(1, 0, 2, 4)
    assert weekly_streak(_on(*days), 3, TODAY) == 1


def test_a_short_week_breaks_the_streak() -> None:
    """Two days of a 3-day plan is a week that missed the plan."""
    days = _week(3, 0, 2, 4) + _week(2, 0, 2) + _week(1, 0, 2, 4)
    assert weekly_streak(_on(*days), 3, TODAY) == 1


def test_streak_without_a_plan_needs_one_day_a_week() -> None:
    """With no plan, any week with a session counts."""
    days = _week(3, 6) + _week(2, 0) + _week(1, 3) + _week(0, 1)
    assert weekly_streak(_on(*days), None, TODAY) == 4


def test_streak_is_zero_without_sessions_or_after_a_missed_last_week() -> None:
    """No history, or nothing last week and not yet met this week, is a streak of 0."""
    assert weekly_streak([], 3, TODAY) == 0
    assert weekly_streak(_on(*_week(2, 0, 2, 4), MONDAY), 3, TODAY) == 0


def test_future_sessions_do_not_count() -> None:
    """A session dated after today is not part of any count."""
    sessions = _on(*_week(1, 0, 2, 4), TODAY + timedelta(days=1))
    assert weekly_streak(sessions, 1, TODAY) == 1
    assert this_week(sessions, 1, TODAY).done == 0


@pytest.mark.parametrize("plan", [0, 8, -1])
def test_a_plan_outside_one_to_seven_days_is_refused(plan: int) -> None:
    """A plan has 1-7 days a week."""
    with pytest.raises(ValueError, match="1-7 days"):
        weekly_streak([], plan, TODAY)


def test_totals_count_sessions_and_reps_per_leg() -> None:
    """3 x 10 on both legs, plus a one-leg session of 12 left and 12 right: 42 per leg."""
    one_leg = (LoggedSet(12, leg="left"), LoggedSet(12, leg="right"))
    sessions = _on(MONDAY) + _on(TODAY, sets=one_leg)
    assert totals(sessions) == Totals(sessions=2, reps_per_leg=42)
    assert totals([]) == Totals(sessions=0, reps_per_leg=0)


def test_personal_bests_with_one_leg_sets_and_weights() -> None:
    """A one-leg set of 14 is the best set; the best session is per leg; the heaviest weight."""
    weighted = (LoggedSet(10, weight_kg=2), LoggedSet(11, weight_kg=2.5))
    one_leg = (LoggedSet(14, leg="left"), LoggedSet(13, leg="right"), LoggedSet(8))
    sessions = _on(MONDAY) + _on(TODAY, sets=weighted) + _on(TODAY, sets=one_leg)
    assert personal_bests(sessions) == Bests(
        most_reps_in_a_set=14, most_reps_in_a_session=30, heaviest_kg=2.5
    )


def test_personal_bests_of_nothing_are_none() -> None:
    """No sessions (or no sets) and no weights give None."""
    assert personal_bests([]) == Bests(None, None, None)
    assert personal_bests(_on(MONDAY, sets=())) == Bests(None, None, None)
    assert personal_bests(_on(MONDAY)).heaviest_kg is None


def test_adherence_covers_twelve_weeks_oldest_first() -> None:
    """Twelve (Monday, days done, planned) rows ending with the current week."""
    days = _week(11, 0, 2, 4) + _week(5, 1) + _week(0, 0, 1) + _week(12, 0) + _week(1, 2, 2)
    rows = weekly_adherence(_on(*days), 3, TODAY)
    assert len(rows) == 12
    assert [start for start, _, _ in rows] == [MONDAY - timedelta(weeks=11 - i) for i in range(12)]
    assert rows[0] == (MONDAY - timedelta(weeks=11), 3, 3)
    assert rows[6] == (MONDAY - timedelta(weeks=5), 1, 3)
    assert rows[10] == (MONDAY - timedelta(weeks=1), 1, 3)
    assert rows[11] == (MONDAY, 2, 3)
    assert sum(done for _, done, _ in rows) == 7


def test_adherence_without_a_plan_and_with_other_lengths() -> None:
    """No plan gives None planned; `weeks` sets the length; zero weeks is refused."""
    rows = weekly_adherence([], None, TODAY, weeks=4)
    assert rows == [(MONDAY - timedelta(weeks=3 - i), 0, None) for i in range(4)]
    with pytest.raises(ValueError, match="weeks"):
        weekly_adherence([], None, TODAY, weeks=0)


def test_chart_weeks_run_from_the_first_session() -> None:
    """The chart spans the weeks since the first session: at least 4, at most 12."""
    assert chart_weeks([], TODAY) == 4
    assert chart_weeks(_on(TODAY), TODAY) == 4
    assert chart_weeks(_on(TODAY - timedelta(weeks=6)), TODAY) == 7
    assert chart_weeks(_on(TODAY - timedelta(weeks=30)), TODAY) == 12
    assert chart_weeks(_on(TODAY), TODAY, plan_since=TODAY - timedelta(weeks=5)) == 6


def test_adherence_plans_only_from_the_plan_start_week() -> None:
    """Weeks before the week the plan started have no planned days."""
    since = TODAY - timedelta(weeks=1)
    rows = weekly_adherence([], 3, TODAY, weeks=4, plan_since=since)
    assert [planned for _, _, planned in rows] == [None, None, 3, 3]
