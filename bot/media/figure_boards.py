"""Stills of several panels side by side (and in rows), each with a short label above it.

A board shows what one picture of a single figure cannot: the knee mistake from the front and
from the side, or the moves of the warm-up and the cool-down with how long to do each. The
whole board is zoomed out as far as it needs, so every figure keeps its proportions; the words
and the key stay the same size in the picture whatever the zoom.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from PIL import Image

from bot.media.figure import POSES
from bot.media.figure_canvas import TEXT, VIEW_BOTTOM, VIEW_SPAN, Canvas, Colour
from bot.media.figure_draw import FULL, GHOSTED, draw_floor
from bot.media.figure_drills import (
    CAT,
    COW,
    FIGURE_FOUR,
    MARCH,
    PIGEON,
    SWING_BACK,
    SWING_FRONT,
    Drill,
    draw_drill,
    drill_extent,
    drill_height,
)
from bot.media.figure_front import FrontView, draw_front, front_extent, front_joints
from bot.media.figure_model import blend, skeleton
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
NOTE_SIZE = 26
HEADING_SIZE = 30
NOTE: Colour = (31, 118, 108)
GAP = 0.16  # metres between panels, at the board's zoom
KEY_ROOM = 150  # pixels kept free at the top of a mistake board for the key and the X


@dataclass(frozen=True)
class FrontScene:
    """The lunge from the front; with `correct`, that in grey behind it and red marks."""

    view: FrontView
    correct: FrontView | None = None


Shows = Scene | FrontScene | Drill


@dataclass(frozen=True)
class Panel:
    """One part of a board: what it shows, a label above it and an optional second line
    (in the accent colour: a hold time, a number of rounds)."""

    shows: Shows
    label: str = ""
    note: str = ""


@dataclass(frozen=True)
class Row:
    """Panels side by side on one floor, under an optional heading and note for the row."""

    panels: tuple[Panel, ...]
    heading: str = ""
    note: str = ""


@dataclass(frozen=True)
class Board:
    """Rows of panels, top row first; a mistake board carries the key and the red X."""

    rows: tuple[Row, ...]
    mistake: bool = False


def _extent(shows: Shows) -> tuple[float, float]:
    if isinstance(shows, FrontScene):
        return front_extent()
    if isinstance(shows, Drill):
        return drill_extent(shows)
    return scene_extent(shows)


def _height(shows: Shows) -> float:
    """How high above its floor the panel's drawing reaches, in metres."""
    if isinstance(shows, FrontScene):
        return front_joints(shows.view).head[1] + 0.12
    if isinstance(shows, Drill):
        return drill_height(shows)
    poses = [shows.pose] + ([shows.ghost] if shows.ghost else [])
    return max(skeleton(p).head[1] for p in poses) + 0.12


def _draw(canvas: Canvas, shows: Shows) -> None:
    if isinstance(shows, FrontScene):
        if shows.correct is not None:
            draw_front(canvas, shows.correct, GHOSTED)
        draw_front(canvas, shows.view, FULL)
        if shows.correct is not None:
            _knee_cave_marks(canvas, shows.view)
    elif isinstance(shows, Drill):
        draw_drill(canvas, shows)
    else:
        draw_scene(canvas, shows)


def _knee_cave_marks(canvas: Canvas, view: FrontView) -> None:
    """A red dashed line straight up from the second toe, where the knee belongs, and a ring
    round the knee that left it."""
    joints = front_joints(view)
    toe, knee = joints.second_toe, joints.front_knee
    dashed(canvas, (toe[0], 0.03), (toe[0], knee[1] + 0.25), 0.014, CUE_RED)
    ring(canvas, knee, 0.075, CUE_RED)


def _words(canvas: Canvas, x: float, bottom: float, label: str, note: str, size: int) -> None:
    """A label over a note, centred on `x`, the lowest line's baseline at `bottom` (pixels)."""
    if note:
        canvas.text((x, bottom), note, NOTE_SIZE, NOTE, anchor="ms", bold=True)
        bottom -= NOTE_SIZE + 10
    if label:
        canvas.text((x, bottom), label, size, TEXT, anchor="ms")


def _words_room(label: str, note: str, size: int) -> int:
    """Pixels a label and a note take."""
    return (size + 10 if label else 0) + (NOTE_SIZE + 10 if note else 0)


def _row_width(row: Row) -> float:
    widths = [_extent(p.shows)[1] - _extent(p.shows)[0] for p in row.panels]
    return sum(widths) + GAP * (len(widths) - 1)


def _row_height(row: Row, per_px: float) -> float:
    """Metres from the row's floor band to the top of its words."""
    panels = max(
        _height(p.shows) + (_words_room(p.label, p.note, LABEL_SIZE) + 12) * per_px
        for p in row.panels
    )
    heading = _words_room(row.heading, row.note, HEADING_SIZE) * per_px
    return panels + heading + 16 * per_px + 0.1 - VIEW_BOTTOM


def render_board(board: Board) -> Image.Image:
    """The board as an 800x800 RGB image."""
    top_room = KEY_ROOM if board.mistake else 10
    span = max(VIEW_SPAN, max(_row_width(row) for row in board.rows) + 0.3)
    for _ in range(4):  # the words' room in metres depends on the zoom, and the zoom on it
        per_px = span / STILL_SIZE
        span = max(span, sum(_row_height(r, per_px) for r in board.rows) + top_room * per_px)
    per_px = span / STILL_SIZE
    canvas = Canvas(STILL_SIZE, 0.0, span)
    floor = 0.0
    for row in reversed(board.rows):
        canvas.offset = (0.0, floor)
        draw_floor(canvas)
        x = -_row_width(row) / 2
        tallest = 0.0
        for panel in row.panels:
            left, right = _extent(panel.shows)
            canvas.offset = (x - left, floor)
            _draw(canvas, panel.shows)
            centre, top = canvas.final_px(((left + right) / 2, _height(panel.shows)))
            _words(canvas, centre, top - 12, panel.label, panel.note, LABEL_SIZE)
            tallest = max(tallest, _height(panel.shows))
            x += right - left + GAP
        if row.heading or row.note:
            canvas.offset = (0.0, floor)
            room = max(_words_room(p.label, p.note, LABEL_SIZE) for p in row.panels) + 12
            centre, top = canvas.final_px((0.0, tallest))
            _words(canvas, centre, top - room - 24, row.heading, row.note, HEADING_SIZE)
        floor += _row_height(row, per_px)
    canvas.offset = (0.0, 0.0)
    if board.mistake:
        draw_cross(canvas)
        mistake_legend(canvas)
    return canvas.finish()


# The front view shows the lunge most of the way down: the front thigh, pointing at the viewer,
# would hide itself at the very bottom.
_FRONT_VIEW_POSE = blend(POSES["bottom_shallow"], POSES["bottom"], 0.5)


def _warmup(chair: bool) -> Board:
    march = Drill(
        MARCH,
        arrows=(((0.5, 0.05), (0.5, 0.3)), ((0.5, 0.25), (0.5, 0.0))),
        chair=chair,
    )
    swing = Drill(SWING_FRONT, echo=SWING_BACK, arc=(0.95, -30.0, 40.0), chair=True)
    return Board(
        rows=(
            Row(
                (Panel(march, "march on the spot"), Panel(swing, "leg swings")),
                heading="warm up",
                note="5-10 min",
            ),
        )
    )


def _cooldown(hip_stretch: Panel) -> Board:
    cat_cow = Row(
        (Panel(Drill(CAT, floor=True), "cat"), Panel(Drill(COW, floor=True), "cow")),
        heading="cat-cow",
        note="5-10 slow rounds",
    )
    return Board(rows=(cat_cow, Row((hip_stretch,))))


BOARDS: Mapping[str, Board] = MappingProxyType(
    {
        "mistake_knee": Board(
            rows=(
                Row(
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
            ),
            mistake=True,
        ),
        "warmup": _warmup(chair=False),
        "warmup_supported": _warmup(chair=True),
        "cooldown": _cooldown(
            Panel(Drill(PIGEON, floor=True), "pigeon pose", "hold 20-30 s each side")
        ),
        "cooldown_gentle": _cooldown(
            Panel(
                Drill(FIGURE_FOUR, floor=True), "figure-four on your back", "hold 20-30 s each side"
            )
        ),
    }
)
"""Every still of several panels, by name."""
