"""The progress chart: a small, deterministic PNG of reps per session and weekly adherence."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from bot.coach.lesson import Prescription
from bot.coach.progression import next_target
from bot.coach.sessions import Feel, LoggedSet, Session
from bot.coach.stats import chart_weeks, weekly_adherence
from bot.media.chart import (
    ChartLabels,
    Point,
    planned_bars,
    render_progress_chart,
    reps_points,
    weight_marks,
)

TODAY = date(2026, 11, 25)  # a Wednesday
PRESCRIPTION = Prescription(
    sets=3,
    reps=10,
    max_reps=15,
    rep_step=2,
    rest_seconds=45,
    dumbbell_kg=2,
    days_per_week_min=3,
    days_per_week_max=4,
)
LABELS = ChartLabels(
    reps_title="Reps per leg, each session",
    reps_axis="Reps per leg",
    bodyweight="Bodyweight",
    weighted="With dumbbells",
    adherence_title="Training days each week",
    adherence_axis="Days",
    done="Done",
    planned="Planned",
    empty="No sessions yet. Your progress will show up here.",
    weight="{kg} kg",
)
# Weekdays trained in each of the 12 weeks (0 = Monday), oldest first: a missed week, a
# short one, and the current week (Wednesday) half done.
WEEKS = [(0, 2, 4), (0, 2, 4), (1, 3, 5), (0, 2, 4, 6), (), (0, 3), (0, 2, 4), (0, 2, 4)]
WEEKS += [(1, 3, 5), (0, 2, 4), (0, 2, 4, 5), (0, 2)]


def realistic_history() -> list[Session]:
    """A user who follows the coach's targets for 12 weeks, with some hard sessions."""
    first_monday = TODAY - timedelta(days=TODAY.weekday(), weeks=11)
    history: list[Session] = []
    for week, days in enumerate(WEEKS):
        for day in days:
            local = first_monday + timedelta(weeks=week, days=day)
            target = next_target(history, PRESCRIPTION, local).target
            feel: Feel = "hard" if len(history) % 5 == 4 else "right"
            logged = LoggedSet(reps=target.reps, weight_kg=target.weight_kg)
            history.append(
                Session(
                    id=len(history) + 1,
                    local_date=local,
                    logged_at=datetime(local.year, local.month, local.day, 18, tzinfo=UTC),
                    sets=(logged,) * target.sets,
                    target=target,
                    feel=feel,
                )
            )
    return history


def render_chart(sessions: list[Session], path: Path) -> Path:
    """Render the chart of `sessions` against a 3-day plan, as the bot would."""
    adherence = weekly_adherence(sessions, 3, TODAY)
    return render_progress_chart(sessions, adherence, path, title="Your progress", labels=LABELS)


def _check_png(path: Path) -> None:
    """A PNG of about 1000 x 700 pixels, under 300 KB."""
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.size == (1000, 700)
    assert 5_000 < path.stat().st_size < 300_000


def test_realistic_history_renders_a_png(tmp_path: Path) -> None:
    """Twelve weeks of sessions render to a 1000 x 700 PNG under 300 KB."""
    history = realistic_history()
    assert any(s.target and s.target.weight_kg for s in history)  # the chart shows both kinds
    out = render_chart(history, tmp_path / "chart.png")
    assert out == tmp_path / "chart.png"
    _check_png(out)


def test_empty_history_renders_a_friendly_chart(tmp_path: Path) -> None:
    """No sessions still draws both panels, with the planned days and the empty note."""
    _check_png(render_chart([], tmp_path / "empty.png"))


def test_no_adherence_and_no_sessions_still_renders(tmp_path: Path) -> None:
    """Nothing at all (no weeks, no sessions) renders too."""
    out = render_progress_chart([], [], tmp_path / "nothing.png", title="Progress", labels=LABELS)
    _check_png(out)


def test_sessions_without_adherence_use_the_last_twelve_weeks(tmp_path: Path) -> None:
    """Without adherence weeks, the window is the 12 weeks up to the latest session."""
    out = render_progress_chart(
        realistic_history(), [], tmp_path / "s.png", title="P", labels=LABELS
    )
    _check_png(out)


def test_bytes_are_deterministic(tmp_path: Path) -> None:
    """The same data gives the same bytes: no version or date in the file."""
    history = realistic_history()
    first = render_chart(history, tmp_path / "a.png").read_bytes()
    second = render_chart(history, tmp_path / "b.png").read_bytes()
    assert first == second
    assert b"matplotlib" not in first.lower()


async def test_renders_concurrently_in_worker_threads(tmp_path: Path) -> None:
    """Charts rendered at once in worker threads all come out whole and identical."""
    history = realistic_history()
    paths = [tmp_path / f"c{i}.png" for i in range(3)]
    await asyncio.gather(*(asyncio.to_thread(render_chart, history, p) for p in paths))
    contents = {p.read_bytes() for p in paths}
    assert len(contents) == 1


@pytest.mark.parametrize("days", [1, 7, 40])
def test_short_histories_render(tmp_path: Path, days: int) -> None:
    """One session, one week or a few weeks of history all render."""
    history = [s for s in realistic_history() if (TODAY - s.local_date).days < days]
    _check_png(render_chart(history, tmp_path / f"short{days}.png"))


def _session(day: date, reps: int, kg: float | None, number: int) -> Session:
    """A session of three sets of `reps` at `kg` (None: bodyweight) on `day`."""
    logged = LoggedSet(reps=reps, weight_kg=kg)
    return Session(
        id=number,
        local_date=day,
        logged_at=datetime(day.year, day.month, day.day, 18, tzinfo=UTC),
        sets=(logged,) * 3,
    )


def test_heavier_weight_with_fewer_reps_is_marked_as_the_new_weight() -> None:
    """15 reps at bodyweight, then 10 at 2 kg, 15 at 2 kg, 10 at 4 kg: each weight change is
    a labelled point, so the drop back to 10 reps reads as heavier dumbbells."""
    days = [TODAY - timedelta(days=n) for n in (9, 7, 4, 2)]
    sessions = [
        _session(days[0], 15, None, 1),
        _session(days[1], 10, 2, 2),
        _session(days[2], 15, 2, 3),
        _session(days[3], 10, 4, 4),
    ]
    points = reps_points(sessions)
    assert [(p.reps, p.weight_kg) for p in points] == [(45, None), (30, 2), (45, 2), (30, 4)]
    assert weight_marks(points) == [points[1], points[3]]


def test_a_weight_held_again_after_bodyweight_is_not_marked_twice() -> None:
    """A bodyweight session between two at 2 kg does not repeat the 2 kg mark."""
    points = [Point(TODAY, 30, 2), Point(TODAY, 30, None), Point(TODAY, 30, 2)]
    assert weight_marks(points) == [points[0]]


def test_no_planned_bars_before_the_plan_started() -> None:
    """A plan made last Tuesday: planned days only from that week, none in earlier weeks."""
    sessions = realistic_history()
    since = TODAY - timedelta(days=8)  # Tuesday of last week
    adherence = weekly_adherence(sessions, 3, TODAY, weeks=12, plan_since=since)
    bars = planned_bars(adherence)
    assert [start for start, _ in bars] == [adherence[-2][0], adherence[-1][0]]
    assert all(planned == 3 for _, planned in bars)


def test_a_first_session_frames_a_few_weeks_not_twelve(tmp_path: Path) -> None:
    """One session today: the chart spans 4 weeks ending this week, not an empty 12."""
    sessions = [_session(TODAY, 10, None, 1)]
    weeks = chart_weeks(sessions, TODAY)
    assert weeks == 4
    adherence = weekly_adherence(sessions, None, TODAY, weeks=weeks)
    assert [done for _, done, _ in adherence] == [0, 0, 0, 1]
    out = render_progress_chart(
        sessions, adherence, tmp_path / "first.png", title="P", labels=LABELS
    )
    _check_png(out)
