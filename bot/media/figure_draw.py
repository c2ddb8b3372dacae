"""Flat drawing of a posed figure: its colours, limb widths and paint order, on a `Canvas`.

The canvas (world metres to pixels, supersampling, the font) is bot/media/figure_canvas.py; its
names are re-exported here. Nothing here is random, so the same scene always gives the same
pixels.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.media.figure_canvas import (
    BACKGROUND,
    SUPERSAMPLE,
    TEXT,
    VIEW_BOTTOM,
    VIEW_SPAN,
    Canvas,
    Colour,
    Font,
    font,
)
from bot.media.figure_model import HEAD_RADIUS, Leg, Point, Skeleton, moved

__all__ = [
    "ARM_OUTLINE",
    "ARM_WIDTH",
    "BACKGROUND",
    "EYE",
    "FAR_SIDE_SHIFT",
    "FLOOR_FILL",
    "FLOOR_LINE",
    "FULL",
    "GHOST",
    "GHOSTED",
    "HAIR",
    "HAND_RADIUS",
    "LEG_WIDTH",
    "NECK_WIDTH",
    "SHIRT",
    "SHIRT_FAR",
    "SHOE_WIDTH",
    "SKIN",
    "SKIN_FAR",
    "STANDING_LEG",
    "STEPPING_LEG",
    "SUPERSAMPLE",
    "TEXT",
    "TRUNK_WIDTH",
    "VIEW_BOTTOM",
    "VIEW_SPAN",
    "Canvas",
    "Colour",
    "Font",
    "Paint",
    "draw_arm",
    "draw_figure",
    "draw_floor",
    "draw_leg",
    "extent",
    "font",
    "resting_on_floor",
    "shade",
]

FLOOR_FILL: Colour = (231, 224, 212)
FLOOR_LINE: Colour = (150, 139, 122)
SHIRT: Colour = (42, 157, 143)
SHIRT_FAR: Colour = (31, 118, 108)
SKIN: Colour = (236, 188, 150)
SKIN_FAR: Colour = (205, 158, 122)
HAIR: Colour = (74, 52, 40)
EYE: Colour = (40, 30, 25)
STANDING_LEG: Colour = (38, 70, 83)
STEPPING_LEG: Colour = (243, 146, 35)
GHOST: Colour = (216, 210, 200)

LEG_WIDTH = 0.05
ARM_WIDTH = 0.042
TRUNK_WIDTH = 0.15
NECK_WIDTH = 0.05
SHOE_WIDTH = 0.045
HAND_RADIUS = 0.035
ARM_OUTLINE = 0.008  # the near arm's darker edge, so it shows where it crosses the shirt
FAR_SIDE_SHIFT = (0.03, 0.0)  # far limbs drawn a little forward so both legs show when together


@dataclass(frozen=True)
class Paint:
    """The colours one figure is drawn in."""

    shirt: Colour = SHIRT
    shirt_far: Colour = SHIRT_FAR
    skin: Colour = SKIN
    skin_far: Colour = SKIN_FAR
    hair: Colour | None = HAIR
    standing_leg: Colour = STANDING_LEG
    stepping_leg: Colour = STEPPING_LEG
    shoe_factor: float = 0.72  # shoes are the leg colour times this
    arm_outline: Colour | None = SHIRT_FAR  # edge of the near arm, where it lies over the shirt


FULL = Paint()
GHOSTED = Paint(GHOST, GHOST, GHOST, GHOST, None, GHOST, GHOST, 0.93, None)


def shade(colour: Colour, factor: float) -> Colour:
    r, g, b = (min(255, round(c * factor)) for c in colour)
    return (r, g, b)


def _moved(point: Point, by: Point) -> Point:
    return (point[0] + by[0], point[1] + by[1])


def _toward(point: Point, target: Point, distance: float) -> Point:
    """`point` moved `distance` metres toward `target`."""
    d = math.dist(point, target)
    return (
        point[0] + (target[0] - point[0]) * distance / d,
        point[1] + (target[1] - point[1]) * distance / d,
    )


def draw_leg(
    canvas: Canvas, leg: Leg, colour: Colour, shoe_factor: float, shift: Point = (0.0, 0.0)
) -> None:
    """Thigh, shin and a shoe; the shoe is the leg colour darkened by `shoe_factor`."""
    hip, knee, ankle = (_moved(p, shift) for p in (leg.hip, leg.knee, leg.ankle))
    heel, ball, toe = (_moved(p, shift) for p in (leg.heel, leg.ball, leg.toe))
    shoe = shade(colour, shoe_factor)
    canvas.polygon([ankle, heel, ball], shoe)
    canvas.stroke([ankle, heel, ball, toe], SHOE_WIDTH, shoe)
    canvas.stroke([ball, ankle], SHOE_WIDTH, shoe)
    canvas.stroke([hip, knee, ankle], LEG_WIDTH, colour)


def draw_arm(
    canvas: Canvas,
    points: Sequence[Point],
    sleeve: Colour,
    skin: Colour,
    outline: Colour | None = None,
) -> None:
    """A sleeve and a hand; an `outline` keeps an arm that lies over the shirt visible."""
    if outline is not None:
        canvas.stroke(points, ARM_WIDTH + 2 * ARM_OUTLINE, outline)
        canvas.dot(points[-1], HAND_RADIUS + ARM_OUTLINE, outline)
    canvas.stroke(points, ARM_WIDTH, sleeve)
    canvas.dot(points[-1], HAND_RADIUS, skin)


def _draw_head(canvas: Canvas, skel: Skeleton, paint: Paint) -> None:
    """A round head with a hair cap over the top and back, an eye and a nose facing forward."""
    canvas.dot(skel.head, HEAD_RADIUS, paint.skin)
    if paint.hair is None:
        return
    # Screen angles run clockwise from "right"; `tilt` turns them with the head's forward lean.
    tilt = math.degrees(
        math.atan2(skel.head[0] - skel.shoulder[0], skel.head[1] - skel.shoulder[1])
    )
    x, y = canvas.px(skel.head)
    r = HEAD_RADIUS * canvas.scale
    canvas.draw.chord((x - r, y - r, x + r, y + r), 175 + tilt, 345 + tilt, fill=paint.hair)
    canvas.draw.pieslice((x - r, y - r, x + r, y + r), 95 + tilt, 215 + tilt, fill=paint.hair)
    for angle, distance, size, colour in ((10, 0.92, 0.2, paint.skin), (5, 0.5, 0.13, EYE)):
        a = math.radians(angle + tilt)
        cx, cy = x + distance * r * math.cos(a), y + distance * r * math.sin(a)
        canvas.draw.ellipse(
            (cx - size * r, cy - size * r, cx + size * r, cy + size * r), fill=colour
        )


def draw_figure(canvas: Canvas, skel: Skeleton, paint: Paint = FULL) -> None:
    """The whole figure, back to front: far arm, standing leg, trunk, stepping leg, head, near arm.

    The standing (front) leg is on the far side and the stepping (back) leg on the near side.
    """
    far = skel.far_arm
    far_arm = [_moved(p, FAR_SIDE_SHIFT) for p in (far.shoulder, far.elbow, far.hand)]
    draw_arm(canvas, far_arm, paint.shirt_far, paint.skin_far)
    draw_leg(canvas, skel.front, paint.standing_leg, paint.shoe_factor, FAR_SIDE_SHIFT)
    canvas.stroke([skel.shoulder, skel.head], NECK_WIDTH, paint.skin)
    top = _toward(skel.shoulder, skel.spine, 0.04)
    canvas.stroke([skel.hip, skel.spine, top], TRUNK_WIDTH, paint.shirt)
    draw_leg(canvas, skel.back, paint.stepping_leg, paint.shoe_factor)
    _draw_head(canvas, skel, paint)
    near = skel.near_arm
    arm = [near.shoulder, near.elbow, near.hand]
    draw_arm(canvas, arm, paint.shirt, paint.skin, paint.arm_outline)


def draw_floor(canvas: Canvas) -> None:
    """The floor: a band below y = 0 with a line on top, across the whole picture."""
    left, right = canvas.left - canvas.offset[0], canvas.right - canvas.offset[0]
    canvas.polygon(
        [(left, 0.0), (right, 0.0), (right, VIEW_BOTTOM), (left, VIEW_BOTTOM)], FLOOR_FILL
    )
    line = 0.012
    canvas.stroke([(left - line, -line / 2), (right + line, -line / 2)], line, FLOOR_LINE)


def resting_on_floor(skel: Skeleton) -> Skeleton:
    """`skel` moved up or down so the lowest of its drawn parts just touches the floor."""
    low = [
        skel.head[1] - HEAD_RADIUS,
        *(p[1] - TRUNK_WIDTH / 2 for p in (skel.hip, skel.spine, skel.shoulder)),
        *(arm.hand[1] - HAND_RADIUS for arm in (skel.near_arm, skel.far_arm)),
        *(arm.elbow[1] - ARM_WIDTH / 2 for arm in (skel.near_arm, skel.far_arm)),
    ]
    for leg in (skel.front, skel.back):
        low += [leg.knee[1] - LEG_WIDTH / 2, leg.ankle[1] - LEG_WIDTH / 2]
        low += [p[1] - SHOE_WIDTH / 2 for p in (leg.heel, leg.ball, leg.toe)]
    return moved(skel, 0.0, -min(low))


def extent(skel: Skeleton) -> tuple[float, float]:
    """The leftmost and rightmost x the drawn figure covers, in metres."""
    points = [skel.hip, skel.shoulder]
    for arm in (skel.near_arm, skel.far_arm):
        points.extend((arm.elbow, arm.hand))
    for leg in (skel.front, skel.back):
        points.extend((leg.knee, leg.ankle, leg.heel, leg.ball, leg.toe))
    xs = [p[0] for p in points] + [skel.head[0] - HEAD_RADIUS, skel.head[0] + HEAD_RADIUS]
    margin = TRUNK_WIDTH / 2 + FAR_SIDE_SHIFT[0]
    return min(xs) - margin, max(xs) + margin
