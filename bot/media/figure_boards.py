"""Stills of several panels side by side (and in rows), each with a short label above it.

A board shows what one picture of a single figure cannot: the knee mistake from the front and
from the side, or the moves of the warm-up and the cool-down with how long to hold each. The
whole board is zoomed out as far as its widest row needs, so every figure keeps its proportions;
labels and the key stay the same size in the picture whatever the zoom.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from PIL import Image

from bot.media.figure import POSES, blend, skeleton
from bot.media.figure_draw import (
    FULL,
    GHOSTED,
    TEXT,
    VIEW_BOTTOM,
    VIEW_SPAN,
    Canvas,
    Colour,
    draw_floor,
)
from bot.media.figure_front import FrontView, draw_front, front_extent, front_joints
from bot.media.figure_scenes import (
    CUE_RED,
    STILL_SIZE,
    Scene,
    dashed,
    draw_cross,
    draw_scene,
    mistake_legend,
    ring,
    scene_extent,
)

LABEL_SIZE = 27  # pixels of the 800 px picture: about 12 px on a phone
NOTE_SIZE = 25
NOTE: Colour = (31, 118, 108)
GAP = 0.14  # metres between panels, at the board's zoom
KEY_ROOM = 150  # pixels kept free at the top of a mistake board for the key and the X


@dataclass(frozen=True)
class FrontScene:
    """The lunge from the front; with `correct`, that in grey behind it and red marks."""

    view: FrontView
    correct: FrontView | None = None


Shows = Scene | FrontScene


@dataclass(frozen=True)
class Panel:
    """One part of a board: what it shows, a label above it and an optional second line."""

    shows: Shows
    label: str
    note: str = ""


@dataclass(frozen=True)
class Board:
    """Rows of panels, top row first; a mistake board carries the key and the red X."""

    rows: tuple[tuple[Panel, ...], ...]
    mistake: bool = False


def _extent(shows: Shows) -> tuple[float, float]:
    if isinstance(shows, FrontScene):
        return front_extent()
    return scene_extent(shows)


def _height(shows: Shows) -> float:
    """How high above its floor the panel's drawing reaches, in metres."""
    if isinstance(shows, FrontScene):
        return front_joints(shows.view).head[1] + 0.12
    poses = [shows.pose] + ([shows.ghost] if shows.ghost else [])
    return max(skeleton(p).head[1] for p in poses) + 0.12


def _draw(canvas: Canvas, shows: Shows) -> None:
    if isinstance(shows, FrontScene):
        if shows.correct is not None:
            draw_front(canvas, shows.correct, GHOSTED)
        draw_front(canvas, shows.view, FULL)
        if shows.correct is not None:
            _knee_cave_marks(canvas, shows.view)
        return
    draw_scene(canvas, shows)


def _knee_cave_marks(canvas: Canvas, view: FrontView) -> None:
    """A red dashed line straight up from the second toe, where the knee belongs, and a ring
    round the knee that left it."""
    joints = front_joints(view)
    toe, knee = joints.second_toe, joints.front_knee
    dashed(canvas, (toe[0], 0.03), (toe[0], knee[1] + 0.25), 0.014, CUE_RED)
    ring(canvas, knee, 0.075, CUE_RED)


def _label(canvas: Canvas, centre: tuple[float, float], panel: Panel) -> None:
    """The panel's label (and note) centred above the point `centre`, in picture pixels."""
    x, y = canvas.final_px(centre)
    if panel.note:
        canvas.text((x, y), panel.note, NOTE_SIZE, NOTE, anchor="md", bold=True)
        y -= NOTE_SIZE + 10
    canvas.text((x, y), panel.label, LABEL_SIZE, TEXT, anchor="md")


def _label_room(panel: Panel) -> int:
    """Pixels the label lines take above a panel."""
    return 16 + LABEL_SIZE + (NOTE_SIZE + 10 if panel.note else 0)


def render_board(board: Board) -> Image.Image:
    """The board as an 800x800 RGB image."""
    widths = [
        sum(_extent(p.shows)[1] - _extent(p.shows)[0] for p in row) + GAP * (len(row) - 1)
        for row in board.rows
    ]
    top_room = KEY_ROOM if board.mistake else 24
    span = max(VIEW_SPAN, max(widths) + 0.3)
    for _ in range(3):  # the label room in metres depends on the zoom, and the zoom on it
        per_px = span / STILL_SIZE
        heights = [
            max(_height(p.shows) + _label_room(p) * per_px for p in row) - VIEW_BOTTOM
            for row in board.rows
        ]
        span = max(span, sum(heights) + top_room * per_px + 0.05)
    canvas = Canvas(STILL_SIZE, 0.0, span)
    floor = 0.0
    for row, width, height in reversed(list(zip(board.rows, widths, heights, strict=True))):
        x = -width / 2
        canvas.offset = (0.0, floor)
        draw_floor(canvas)
        for panel in row:
            left, right = _extent(panel.shows)
            canvas.offset = (x - left, floor)
            _draw(canvas, panel.shows)
            _label(canvas, ((left + right) / 2, _height(panel.shows)), panel)
            x += right - left + GAP
        floor += height
    canvas.offset = (0.0, 0.0)
    if board.mistake:
        draw_cross(canvas)
        mistake_legend(canvas)
    return canvas.finish()


# The front view shows the lunge most of the way down: the front thigh, pointing at the viewer,
# would hide itself at the very bottom.
_FRONT_VIEW_POSE = blend(POSES["bottom_shallow"], POSES["bottom"], 0.5)

BOARDS: Mapping[str, Board] = MappingProxyType(
    {
        "mistake_knee": Board(
            rows=(
                (
                    Panel(
                        FrontScene(
                            FrontView(_FRONT_VIEW_POSE, knee_in=0.09),
                            correct=FrontView(_FRONT_VIEW_POSE),
                        ),
                        "from the front",
                    ),
                    Panel(
                        Scene(POSES["mistake_knee"], ghost=POSES["bottom"], cue="knee"),
                        "from the side",
                    ),
                ),
            ),
            mistake=True,
        ),
    }
)
"""Every still of several panels, by name."""
