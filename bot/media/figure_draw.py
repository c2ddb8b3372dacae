"""Flat drawing of a posed figure: a world-to-pixel canvas and the figure's paint order.

Drawn at `SUPERSAMPLE` times the final size with Pillow's ImageDraw, then shrunk with LANCZOS,
which antialiases the thick round limbs. Nothing here is random, so the same scene always gives
the same pixels. The few words a picture carries (a legend, a hold time) are set in DejaVu Sans,
the font matplotlib (a dependency already) ships; without it, in Pillow's own default font.
"""

from __future__ import annotations

import functools
import importlib.util
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.media.figure_model import HEAD_RADIUS, Leg, Point, Skeleton, moved

Colour = tuple[int, int, int]

SUPERSAMPLE = 2
# The world window a picture shows, in metres (floor at y = 0): a square VIEW_SPAN wide, its
# bottom edge VIEW_BOTTOM, centred sideways on whatever the picture shows.
VIEW_BOTTOM = -0.2
VIEW_SPAN = 2.05

BACKGROUND: Colour = (247, 244, 238)
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


Font = ImageFont.FreeTypeFont | ImageFont.ImageFont
TEXT: Colour = (70, 62, 54)


@functools.cache
def font(size: int, *, bold: bool = False) -> Font:
    """A font `size` pixels tall: DejaVu Sans from matplotlib's bundled fonts, found without
    importing matplotlib (slow), or Pillow's default font if it is not there."""
    spec = importlib.util.find_spec("matplotlib")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        path = Path(folder) / "mpl-data" / "fonts" / "ttf" / name
        if path.is_file():
            return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


class Canvas:
    """A supersampled RGB image addressed in world metres.

    It shows a square `span` metres wide, centred sideways on `centre_x`, its bottom edge at
    `VIEW_BOTTOM`. A picture of several panels draws each one with `offset` set to where that
    panel goes: world points are shifted by it on their way to pixels.
    """

    def __init__(self, size: int, centre_x: float, span: float = VIEW_SPAN) -> None:
        self.size = size
        self.left = centre_x - span / 2
        self.right = centre_x + span / 2
        self.top = VIEW_BOTTOM + span
        self.scale = size * SUPERSAMPLE / span  # pixels per metre while drawing
        self.offset: Point = (0.0, 0.0)
        big = size * SUPERSAMPLE
        self.image = Image.new("RGB", (big, big), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)

    def px(self, point: Point) -> tuple[float, float]:
        """Pixel position of a world point."""
        return (
            (point[0] + self.offset[0] - self.left) * self.scale,
            (self.top - point[1] - self.offset[1]) * self.scale,
        )

    def final_px(self, point: Point) -> tuple[float, float]:
        """Position of a world point in pixels of the finished picture (for `text`, `box`)."""
        x, y = self.px(point)
        return x / SUPERSAMPLE, y / SUPERSAMPLE

    def world(self, final: tuple[float, float]) -> Point:
        """The world point at a position given in pixels of the finished picture."""
        x, y = final[0] * SUPERSAMPLE, final[1] * SUPERSAMPLE
        return (
            x / self.scale + self.left - self.offset[0],
            self.top - y / self.scale - self.offset[1],
        )

    def metres(self, length: float) -> int:
        """A world length as a whole number of drawing pixels (at least 1)."""
        return max(1, round(length * self.scale))

    def dot(self, centre: Point, radius: float, colour: Colour) -> None:
        """A filled disc."""
        x, y = self.px(centre)
        r = radius * self.scale
        self.draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    def stroke(self, points: Sequence[Point], width: float, colour: Colour) -> None:
        """A thick polyline with round ends and round joints."""
        self.draw.line([self.px(p) for p in points], fill=colour, width=self.metres(width))
        for point in points:
            self.dot(point, width / 2, colour)

    def polygon(self, points: Sequence[Point], colour: Colour) -> None:
        """A filled polygon."""
        self.draw.polygon([self.px(p) for p in points], fill=colour)

    def text(
        self,
        at: tuple[float, float],
        words: str,
        size: int,
        colour: Colour = TEXT,
        *,
        anchor: str = "lm",
        bold: bool = False,
    ) -> None:
        """`words` at `at`, given in pixels of the finished picture (not metres), `size` pixels
        tall there; `anchor` is Pillow's (default: left edge, middle)."""
        x, y = at
        self.draw.text(
            (x * SUPERSAMPLE, y * SUPERSAMPLE),
            words,
            fill=colour,
            font=font(size * SUPERSAMPLE, bold=bold),
            anchor=anchor,
        )

    def text_width(self, words: str, size: int, *, bold: bool = False) -> float:
        """How wide `words` come out, in pixels of the finished picture."""
        return self.draw.textlength(words, font=font(size * SUPERSAMPLE, bold=bold)) / SUPERSAMPLE

    def box(
        self,
        corners: tuple[float, float, float, float],
        colour: Colour,
        radius: float,
        *,
        outline: Colour | None = None,
    ) -> None:
        """A rounded rectangle, corners and radius in pixels of the finished picture."""
        left, top, right, bottom = (c * SUPERSAMPLE for c in corners)
        self.draw.rounded_rectangle(
            (left, top, right, bottom),
            radius * SUPERSAMPLE,
            fill=colour,
            outline=outline,
            width=SUPERSAMPLE * 2 if outline else 0,
        )

    def finish(self) -> Image.Image:
        """The picture at its final size, antialiased."""
        return self.image.resize((self.size, self.size), Image.Resampling.LANCZOS)


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
