"""The lesson's still pictures: which pose, ghost, prop and cue each one shows.

`render_pose(name)` draws one still, 800x800, centred sideways on what it shows. The supported
pictures (`*_supported`) add a chair beside the figure, on its far side, under its far hand (as
the content says: side-on to a wall or a sturdy chair, one hand resting on it). Mistakes show
the faulty pose in full colour over the correct `bottom` pose in pale grey, with red marks, a
small red X in the top right corner and a key in the top left ("correct" beside a grey swatch,
"mistake" beside a coloured one). Beyond such a key, pictures carry no words: captions do.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from PIL import Image

from bot.media.figure import CHAIR_HEIGHT, CHAIR_RAIL, POSES
from bot.media.figure_canvas import TEXT, VIEW_SPAN, Canvas, Colour
from bot.media.figure_draw import GHOST, GHOSTED, SHIRT, draw_figure, draw_floor, extent
from bot.media.figure_model import Point, Pose, Skeleton, skeleton

RENDER_VERSION = 5
"""Bump whenever the drawing code changes (stills or animation): cached files get new names."""

STILL_SIZE = 800

Cue = Literal["knee", "posture", "step"]

CUE_RED: Colour = (214, 40, 57)
LEGEND_PAPER: Colour = (255, 253, 249)
LEGEND_EDGE: Colour = (222, 214, 200)
MARK: Colour = (112, 150, 180)
MOTION: Colour = (150, 142, 130)
CHAIR: Colour = (176, 138, 104)
CHAIR_FAR: Colour = (150, 114, 84)


@dataclass(frozen=True)
class Scene:
    """What one still shows: the pose, optionally a ghosted correct pose and a red cue."""

    pose: Pose
    ghost: Pose | None = None
    cue: Cue | None = None
    chair: bool = False  # a chair beside the figure (far side) that the far hand rests on
    knee_marks: bool = False  # faint right-angle marks inside both knees
    motion: Literal["back", "up"] | None = None  # a faint arrow for the direction of movement


SCENES: Mapping[str, Scene] = MappingProxyType(
    {
        "stand": Scene(POSES["stand"]),
        "step_back": Scene(POSES["step_back"], motion="back"),
        "bottom": Scene(POSES["bottom"], knee_marks=True),
        "return": Scene(POSES["return"], motion="up"),
        "stand_supported": Scene(POSES["stand_supported"], chair=True),
        "step_back_supported": Scene(POSES["step_back_supported"], chair=True, motion="back"),
        "bottom_supported": Scene(POSES["bottom_supported"], chair=True, knee_marks=True),
        "bottom_shallow": Scene(POSES["bottom_shallow"]),
        "mistake_posture": Scene(POSES["mistake_posture"], ghost=POSES["bottom"], cue="posture"),
        "mistake_step": Scene(POSES["mistake_step"], ghost=POSES["bottom"], cue="step"),
    }
)
"""Every still picture, by name."""


def arrow_head(canvas: Canvas, tip: Point, towards: float, size: float, colour: Colour) -> None:
    """A filled triangle at `tip` pointing along the world angle `towards` (radians)."""
    back = [towards + math.pi - 0.5, towards + math.pi + 0.5]
    wings = [(tip[0] + size * math.cos(a), tip[1] + size * math.sin(a)) for a in back]
    canvas.polygon([tip, wings[0], wings[1]], colour)


def arrow(canvas: Canvas, start: Point, end: Point, width: float, colour: Colour) -> None:
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    head = width * 3.2
    shaft_end = (end[0] - head * 0.8 * math.cos(angle), end[1] - head * 0.8 * math.sin(angle))
    canvas.stroke([start, shaft_end], width, colour)
    arrow_head(canvas, end, angle, head, colour)


def dashed(canvas: Canvas, start: Point, end: Point, width: float, colour: Colour) -> None:
    length = math.dist(start, end)
    dashes = max(1, round(length / 0.06))
    for i in range(0, 2 * dashes, 2):
        a, b = i / (2 * dashes), (i + 1) / (2 * dashes)
        p = (start[0] + a * (end[0] - start[0]), start[1] + a * (end[1] - start[1]))
        q = (start[0] + b * (end[0] - start[0]), start[1] + b * (end[1] - start[1]))
        canvas.stroke([p, q], width, colour)


def draw_cross(canvas: Canvas) -> None:
    """A red X in the top right corner, the same size in the picture whatever its scale."""
    saved, canvas.offset = canvas.offset, (0.0, 0.0)
    zoom = (canvas.right - canvas.left) / VIEW_SPAN  # world metres per metre of a plain still
    x, y, size = canvas.right - 0.17 * zoom, canvas.top - 0.17 * zoom, 0.07 * zoom
    canvas.stroke([(x - size, y - size), (x + size, y + size)], 0.03 * zoom, CUE_RED)
    canvas.stroke([(x - size, y + size), (x + size, y - size)], 0.03 * zoom, CUE_RED)
    canvas.offset = saved


def _knee_marks(canvas: Canvas, skel: Skeleton) -> None:
    """A small square in the inside corner of each knee, the usual sign for a right angle."""
    for leg in (skel.front, skel.back):
        u = _unit(leg.knee, leg.hip)
        v = _unit(leg.knee, leg.ankle)
        m = 0.1
        a = (leg.knee[0] + m * u[0], leg.knee[1] + m * u[1])
        c = (leg.knee[0] + m * v[0], leg.knee[1] + m * v[1])
        b = (a[0] + m * v[0], a[1] + m * v[1])
        canvas.stroke([a, b, c], 0.014, MARK)


def _unit(origin: Point, to: Point) -> Point:
    d = math.dist(origin, to)
    return ((to[0] - origin[0]) / d, (to[1] - origin[1]) / d)


def chair_extent() -> tuple[float, float]:
    """The leftmost and rightmost x the chair covers, with a little room around it."""
    return CHAIR_RAIL[0] - 0.1, CHAIR_RAIL[1] + 0.1


def draw_chair(canvas: Canvas) -> None:
    """A chair seen from behind, beyond the figure: two posts that run down into its back legs,
    the top rail and spindles of its back, and the front legs further off (darker)."""
    left, right = CHAIR_RAIL
    post, seat, top = 0.035, 0.45, CHAIR_HEIGHT
    for x in (left + 0.06, right - 0.06):
        canvas.stroke([(x, 0.0), (x, seat)], post * 0.8, CHAIR_FAR)
    canvas.stroke([(left, seat), (right, seat)], 0.02, CHAIR_FAR)
    for i in range(1, 4):
        x = left + (right - left) * i / 4
        canvas.stroke([(x, seat), (x, top - 0.04)], 0.022, CHAIR)
    for x in (left, right):
        canvas.stroke([(x, 0.0), (x, top - 0.02)], post, CHAIR)
    canvas.stroke([(left, top - 0.03), (right, top - 0.03)], 0.06, CHAIR)


def _motion(canvas: Canvas, skel: Skeleton, kind: Literal["back", "up"]) -> None:
    """Faint arrows: under the floor where the back foot travels; for "up" also the rise and
    the push down through the front heel."""
    y = -0.11
    if kind == "back":
        arrow(canvas, (-0.15, y), (skel.back.ball[0] + 0.05, y), 0.022, MOTION)
        return
    arrow(canvas, (skel.back.ball[0], y), (-0.1, y), 0.022, MOTION)
    x = skel.hip[0] - 0.32
    arrow(canvas, (x, skel.hip[1] - 0.1), (x, skel.hip[1] + 0.3), 0.022, MOTION)
    heel = skel.front.heel
    arrow(canvas, (heel[0] - 0.12, 0.36), (heel[0] - 0.035, 0.07), 0.022, MOTION)


def _cue(canvas: Canvas, skel: Skeleton, ghost: Skeleton, cue: Cue) -> None:
    """The red marks that say what is wrong, and a red X in the corner."""
    if cue == "knee":
        toe = ghost.front.toe[0] + 0.02
        knee = skel.front.knee
        dashed(canvas, (toe, 0.02), (toe, knee[1] + 0.22), 0.014, CUE_RED)
        ring(canvas, knee, 0.085, CUE_RED)
    elif cue == "posture":
        dashed(canvas, ghost.hip, (ghost.hip[0], ghost.shoulder[1] + 0.12), 0.014, CUE_RED)
        _arc_arrow(canvas, skel.hip, 0.6, 4.0, 30.0)
    else:
        y = -0.11
        arrow(canvas, (-0.45, y), (skel.back.ball[0], y), 0.02, CUE_RED)
        arrow(canvas, (-0.85, y), (0.0, y), 0.02, CUE_RED)


LEGEND_SIZE = 28  # text height in pixels of the 800 px picture: about 12 px on a phone
LEGEND_ROW = 46


def draw_legend(canvas: Canvas, rows: tuple[tuple[Colour, str, str, Colour], ...]) -> None:
    """A small key in the top left corner: per row a colour swatch, a mark and a word."""
    size, row = LEGEND_SIZE, LEGEND_ROW
    left, top, pad, swatch = 22.0, 22.0, 14.0, 40.0
    widest = max(canvas.text_width(f"{mark} {word}", size) for _, mark, word, _ in rows)
    right = left + pad + swatch + 12 + widest + pad
    bottom = top + 2 * pad + row * len(rows) - (row - size - 8)
    canvas.box((left, top, right, bottom), LEGEND_PAPER, 12, outline=LEGEND_EDGE)
    for i, (fill, mark, word, ink) in enumerate(rows):
        middle = top + pad + (size + 8) / 2 + i * row
        x = left + pad
        canvas.box((x, middle - 12, x + swatch, middle + 12), fill, 12)
        canvas.text((x + swatch + 12, middle), f"{mark} {word}", size, ink)


def mistake_legend(canvas: Canvas) -> None:
    """The key of a mistake picture: grey is correct, colour the mistake."""
    draw_legend(
        canvas,
        ((GHOST, "\u2713", "correct", TEXT), (SHIRT, "\u2717", "mistake", CUE_RED)),
    )


def ring(canvas: Canvas, centre: Point, radius: float, colour: Colour) -> None:
    x, y = canvas.px(centre)
    r = radius * canvas.scale
    canvas.draw.ellipse((x - r, y - r, x + r, y + r), outline=colour, width=canvas.metres(0.016))


def _arc_arrow(canvas: Canvas, centre: Point, radius: float, start: float, end: float) -> None:
    """An arc from `start` to `end` degrees of forward lean around `centre`, arrow at the end."""
    steps = 16
    points = []
    for i in range(steps + 1):
        a = math.radians(start + (end - start) * i / steps)
        points.append((centre[0] + radius * math.sin(a), centre[1] + radius * math.cos(a)))
    canvas.stroke(points[:-2], 0.02, CUE_RED)
    tip = points[-1]
    heading = math.atan2(tip[1] - points[-3][1], tip[0] - points[-3][0])
    arrow_head(canvas, tip, heading, 0.07, CUE_RED)


def scene_extent(scene: Scene) -> tuple[float, float]:
    """The leftmost and rightmost x of what the scene shows."""
    left, right = extent(skeleton(scene.pose))
    if scene.ghost is not None:
        ghost_left, ghost_right = extent(skeleton(scene.ghost))
        left, right = min(left, ghost_left), max(right, ghost_right)
    if scene.chair:
        chair_left, chair_right = chair_extent()
        left, right = min(left, chair_left), max(right, chair_right)
    return left, right


def draw_scene(canvas: Canvas, scene: Scene) -> None:
    """What the scene shows, on a floor drawn already; for a mistake, its red marks only (the
    key and the X in the corner belong to the whole picture)."""
    skel = skeleton(scene.pose)
    if scene.chair:
        draw_chair(canvas)
    if scene.ghost is not None:
        draw_figure(canvas, skeleton(scene.ghost), GHOSTED)
    if scene.motion is not None:
        _motion(canvas, skel, scene.motion)
    draw_figure(canvas, skel)
    if scene.knee_marks:
        _knee_marks(canvas, skel)
    if scene.cue is not None and scene.ghost is not None:
        _cue(canvas, skel, skeleton(scene.ghost), scene.cue)


def render_pose(name: str) -> Image.Image:
    """The still picture `name` (a key of `SCENES`) as an 800x800 RGB image."""
    scene = SCENES[name]
    left, right = scene_extent(scene)
    canvas = Canvas(STILL_SIZE, (left + right) / 2)
    draw_floor(canvas)
    draw_scene(canvas, scene)
    if scene.cue is not None:
        draw_cross(canvas)
        mistake_legend(canvas)
    return canvas.finish()
