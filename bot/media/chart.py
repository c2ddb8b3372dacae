"""The progress chart as a PNG: reps per leg per session, and weekly adherence to the plan.

What is drawn comes from pure functions (`reps_points`, `weight_marks`, `planned_bars`), so
tests read the series without looking at pixels.

Drawn with matplotlib's object-oriented API (`Figure` + the Agg canvas), never pyplot, so no
global figure state leaks between calls. matplotlib itself is not thread-safe, so renders are
serialized by a lock; the caller runs `render_progress_chart` in a worker thread.

Every user-visible string comes in through `ChartLabels` (from content). Use plain text: the
chart font (DejaVu Sans) has no emoji, and Telegram HTML tags are drawn as they are.
"""

from __future__ import annotations

import textwrap
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Final

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, MultipleLocator

from bot.coach.sessions import Session
from bot.coach.stats import week_start

WEEKS: Final = 12
SIZE_INCHES: Final = (10.0, 7.0)
DPI: Final = 100

_BODYWEIGHT = "#0072b2"
_WEIGHTED = "#d55e00"
_LINE = "#9aa5b1"
_DONE = "#00876a"
_PLANNED = "#e6e9ed"
_TEXT = "#2b3137"
_MUTED = "#6b7580"
_LOCK = threading.Lock()

Adherence = Sequence[tuple[date, int, int | None]]


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The words on the chart, from content: panel titles, axis titles, legend entries."""

    reps_title: str
    reps_axis: str
    bodyweight: str
    weighted: str
    adherence_title: str
    adherence_axis: str
    done: str
    planned: str
    empty: str
    weight: str = "{kg} kg"  # the mark where the weight changes, with {kg}


@dataclass(frozen=True, slots=True)
class Point:
    """One session on the reps panel: its day, reps per leg and heaviest weight (None: none)."""

    day: date
    reps: int
    weight_kg: float | None


def reps_points(sessions: Sequence[Session]) -> list[Point]:
    """The reps panel's points, oldest first: reps per leg and the session's heaviest weight."""
    ordered = sorted(sessions, key=lambda s: (s.local_date, s.id))
    return [Point(s.local_date, s.reps_per_leg(), _weight(s)) for s in ordered]


def weight_marks(points: Sequence[Point]) -> list[Point]:
    """The points labelled with their weight: the first weighted one and each where the weight
    changes, so heavier dumbbells with fewer reps read as progress, not as a drop."""
    marks: list[Point] = []
    shown: float | None = None
    for point in points:
        if point.weight_kg is not None and point.weight_kg != shown:
            marks.append(point)
        shown = point.weight_kg if point.weight_kg is not None else shown
    return marks


def planned_bars(adherence: Adherence) -> list[tuple[date, int]]:
    """(week start, planned days) for the weeks that had a plan; none before it started."""
    return [(start, planned) for start, _, planned in adherence if planned is not None]


def render_progress_chart(
    sessions: Sequence[Session],
    adherence: Adherence,
    path: Path,
    *,
    title: str,
    labels: ChartLabels,
) -> Path:
    """Draw the weeks of `adherence` into a PNG at `path`; return `path`.

    Top: reps per leg of each session, weighted sessions marked apart with their weight written
    where it changes. Bottom: training days per week against the plan (only the weeks that had
    one). An empty history draws a friendly empty chart.
    """
    first, last = _window(sessions, adherence)
    shown = [s for s in sessions if first <= s.local_date <= last]
    with _LOCK:
        figure = Figure(figsize=SIZE_INCHES, dpi=DPI, layout="constrained")
        FigureCanvasAgg(figure)
        top, bottom = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
        figure.suptitle(_wrap(title, 70), fontsize=16, color=_TEXT, fontweight="bold")
        _draw_reps(top, shown, labels)
        _draw_adherence(bottom, adherence, labels)
        _date_axis(bottom, first, last)
        figure.savefig(path, format="png", dpi=DPI, metadata={"Software": None})
    return path


def _window(sessions: Sequence[Session], adherence: Adherence) -> tuple[date, date]:
    """First and last day shown: the adherence weeks, else the 12 weeks up to the last session."""
    if adherence:
        return adherence[0][0], adherence[-1][0] + timedelta(days=6)
    latest = max((s.local_date for s in sessions), default=None)
    if latest is None:
        return date.min, date.min
    end = week_start(latest) + timedelta(days=6)
    return end - timedelta(weeks=WEEKS) + timedelta(days=1), end


def _draw_reps(ax: Axes, sessions: Sequence[Session], labels: ChartLabels) -> None:
    """Reps per leg per session: a line through all, bodyweight and weighted points apart,
    the weight written where it changes."""
    _style(ax, labels.reps_title, labels.reps_axis)
    points = reps_points(sessions)
    if not points:
        ax.set_ylim(0, 50)
        _empty_note(ax, labels.empty)
        return
    days = [p.day.toordinal() for p in points]
    reps = [p.reps for p in points]
    ax.plot(days, reps, color=_LINE, linewidth=1.5, zorder=1)
    for is_weighted, color, marker, label in (
        (False, _BODYWEIGHT, "o", labels.bodyweight),
        (True, _WEIGHTED, "D", labels.weighted),
    ):
        chosen = [p for p in points if (p.weight_kg is not None) is is_weighted]
        if chosen:
            xs = [p.day.toordinal() for p in chosen]
            ys = [p.reps for p in chosen]
            ax.scatter(xs, ys, s=42, color=color, marker=marker, label=label, zorder=2)
    for mark in weight_marks(points):
        ax.annotate(
            labels.weight.format(kg=f"{mark.weight_kg:g}"),
            (mark.day.toordinal(), mark.reps),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=9,
            color=_WEIGHTED,
        )
    ax.set_ylim(0, _headroom(max(reps)))
    _legend(ax)


def _draw_adherence(ax: Axes, adherence: Adherence, labels: ChartLabels) -> None:
    """Training days per week as bars, in front of the planned days as pale bars."""
    _style(ax, labels.adherence_title, labels.adherence_axis)
    ax.yaxis.set_major_locator(MultipleLocator(1))
    mids = [start.toordinal() + 3 for start, _, _ in adherence]
    planned = [(start.toordinal() + 3, p) for start, p in planned_bars(adherence)]
    if planned:
        xs, heights = zip(*planned, strict=True)
        ax.bar(
            xs,
            heights,
            width=5.6,
            color=_PLANNED,
            edgecolor="#b8c0c8",
            linestyle="--",
            label=labels.planned,
            zorder=1,
        )
    done = [d for _, d, _ in adherence]
    if any(done):
        ax.bar(mids, done, width=3.6, color=_DONE, label=labels.done, zorder=2)
    ax.set_ylim(0, _headroom(max([*done, *(p for _, p in planned), 3])))
    if planned or any(done):
        _legend(ax)
    elif not adherence:
        _empty_note(ax, labels.empty)


def _date_axis(ax: Axes, first: date, last: date) -> None:
    """Monday ticks labelled "23 Nov" across the window; no ticks without any dates."""
    if first == date.min:
        ax.set_xticks([])
        ax.set_xlim(0, 1)
        return
    mondays = [week_start(first) + timedelta(weeks=i) for i in range(WEEKS + 1)]
    mondays = [m for m in mondays if first <= m <= last]
    ax.set_xticks([m.toordinal() for m in mondays], [f"{m.day} {m:%b}" for m in mondays])
    ax.set_xlim(first.toordinal() - 1, last.toordinal() + 1)
    ax.tick_params(axis="x", labelsize=9)


def _style(ax: Axes, title: str, ylabel: str) -> None:
    """Shared look: a left title, a y label, a light horizontal grid, no top or right spine."""
    ax.set_title(_wrap(title, 90), loc="left", fontsize=12, color=_TEXT)
    ax.set_ylabel(ylabel, color=_MUTED)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.grid(axis="y", color="#e6e9ed", linewidth=0.8)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=_MUTED)


def _headroom(highest: float) -> float:
    """The top of a y axis: the highest value sits at about 3/4, the legend above it."""
    return highest * 1.3 + 1


def _legend(ax: Axes) -> None:
    """The legend in the panel's top right corner, in the headroom above the data."""
    ax.legend(loc="upper right", ncols=2, frameon=False, fontsize=10, borderaxespad=0.2)


def _empty_note(ax: Axes, text: str) -> None:
    """A friendly line in the middle of an empty panel."""
    ax.text(
        0.5,
        0.5,
        _wrap(text, 60),
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=12,
        color=_MUTED,
    )


def _wrap(text: str, width: int) -> str:
    """Long text broken into lines of at most `width` characters, centred by the caller."""
    return "\n".join(textwrap.wrap(text, width)) or text


def _weight(session: Session) -> float | None:
    """The heaviest weight held in a session (kg), None for bodyweight only."""
    return max((s.weight_kg for s in session.sets if s.weight_kg), default=None)
