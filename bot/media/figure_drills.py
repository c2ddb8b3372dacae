"""The warm-up and cool-down moves: poses, and how a panel of a board draws one.

Warm-up (side view, standing): marching on the spot and leg swings, each with faint arrows for
the movement and, for the swing, the far end of it drawn faded. Cool-down (on the floor): cat
and cow on hands and knees, pigeon pose, and the gentler figure-four lying on the back. Floor
positions are built around the hip and then set down so their lowest part rests on the floor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from bot.media.figure import CHAIR_HEIGHT, CHAIR_RAIL, POSES, supported
from bot.media.figure_canvas import BACKGROUND, Canvas, Colour
from bot.media.figure_draw import FULL, Paint, draw_figure, extent, resting_on_floor
from bot.media.figure_model import Point, Pose, Skeleton, hand_on, leg_angles, skeleton
from bot.media.figure_scenes import arrow, arrow_head, draw_chair

MOTION: Colour = (150, 142, 130)
FADE = 0.45  # how much of its colour the far end of a movement keeps


@dataclass(frozen=True)
class Drill:
    """One warm-up or cool-down position as a panel shows it.

    `floor`: the position is on the floor (placed by its hip, then set down); otherwise the
    figure stands on its front (far) foot. `echo`: the other end of the movement, faded.
    `arrows`: faint movement arrows, start and end points relative to the hip. `chair`: the
    far hand on the chair beside the figure.
    """

    pose: Pose
    floor: bool = False
    echo: Pose | None = None
    arrows: tuple[tuple[Point, Point], ...] = ()
    arc: tuple[float, float, float] | None = None  # radius, from and to angle round the hip
    chair: bool = False


def drill_skeleton(drill: Drill, pose: Pose | None = None) -> Skeleton:
    """Where the drill's figure (or `pose`, its echo) is drawn."""
    pose = pose or drill.pose
    if not drill.floor:
        return skeleton(supported(pose) if drill.chair else pose)
    return resting_on_floor(skeleton(pose, (0.0, 1.0)))


def drill_extent(drill: Drill) -> tuple[float, float]:
    """The leftmost and rightmost x the drill's drawing covers."""
    spans = [extent(drill_skeleton(drill))]
    if drill.echo is not None:
        spans.append(extent(drill_skeleton(drill, drill.echo)))
    if drill.chair:
        spans.append((CHAIR_RAIL[0] - 0.05, CHAIR_RAIL[1] + 0.05))
    return min(s[0] for s in spans), max(s[1] for s in spans)


def drill_height(drill: Drill) -> float:
    """How high the drawing reaches above the floor."""
    skel = drill_skeleton(drill)
    points = [skel.head[1] + 0.12, skel.shoulder[1], skel.spine[1] + 0.1]
    for leg in (skel.front, skel.back):
        points += [leg.knee[1] + 0.06, leg.ankle[1] + 0.06, leg.toe[1] + 0.06]
    for arm in (skel.near_arm, skel.far_arm):
        points += [arm.elbow[1] + 0.06, arm.hand[1] + 0.06]
    return max(*points, CHAIR_HEIGHT if drill.chair else 0.0)


def _faded(paint: Paint) -> Paint:
    def fade(colour: Colour) -> Colour:
        r, g, b = (
            round(c * FADE + bg * (1 - FADE)) for c, bg in zip(colour, BACKGROUND, strict=True)
        )
        return (r, g, b)

    return Paint(
        fade(paint.shirt),
        fade(paint.shirt_far),
        fade(paint.skin),
        fade(paint.skin_far),
        None,
        fade(paint.standing_leg),
        fade(paint.stepping_leg),
        paint.shoe_factor,
        None,
    )


def draw_drill(canvas: Canvas, drill: Drill) -> None:
    """The drill's figure on a floor drawn already, with its echo, chair and arrows."""
    if drill.chair:
        draw_chair(canvas)
    skel = drill_skeleton(drill)
    if drill.echo is not None:
        draw_figure(canvas, drill_skeleton(drill, drill.echo), _faded(FULL))
    hip = skel.hip
    for start, end in drill.arrows:
        a = (hip[0] + start[0], hip[1] + start[1])
        b = (hip[0] + end[0], hip[1] + end[1])
        arrow(canvas, a, b, 0.02, MOTION)
    if drill.arc is not None:
        radius, first, last = drill.arc
        steps = 14
        points = [
            (
                hip[0] + radius * math.sin(math.radians(first + (last - first) * i / steps)),
                hip[1] - radius * math.cos(math.radians(first + (last - first) * i / steps)),
            )
            for i in range(steps + 1)
        ]
        canvas.stroke(points[1:-1], 0.02, MOTION)
        for tip, before in ((points[-1], points[-3]), (points[0], points[2])):
            heading = math.atan2(tip[1] - before[1], tip[0] - before[0])
            arrow_head(canvas, tip, heading, 0.065, MOTION)
    draw_figure(canvas, skel)


# --- Warm-up: standing, the far (dark) leg the standing one, the near (orange) leg moving.

_STAND = POSES["stand"]
MARCH = replace(
    _STAND,
    back_hip=72.0,
    back_knee=95.0,
    back_ankle=118.0,
    near_shoulder=-32.0,
    near_elbow=95.0,
    near_spread=0.0,
    far_shoulder=30.0,
    far_elbow=95.0,
    far_spread=0.0,
)
"""Marching on the spot: the near knee lifted to hip height, the arms swinging opposite."""

SWING_FRONT = replace(_STAND, back_hip=38.0, back_knee=172.0, back_ankle=96.0)
SWING_BACK = replace(_STAND, back_hip=-28.0, back_knee=170.0, back_ankle=112.0)
"""A leg swing, forward and back: the near leg loose and nearly straight, the body tall."""


# --- Cool-down, on the floor.


def _on_all_fours(pose: Pose) -> Pose:
    """Hands on the floor under the shoulders (a little ahead), knees under the hips."""
    hip = (0.0, 1.0)
    skel = skeleton(pose, hip)
    knee_y = skel.back.knee[1]
    hand = (skel.shoulder[0] + 0.12, knee_y)
    pose = hand_on(pose, hand, 0.0, hip=hip)
    return hand_on(pose, (hand[0] + 0.02, hand[1]), 0.0, hip=hip, near=True)


_KNEELING = Pose(
    front_hip=-2.0,
    front_knee=92.0,
    front_ankle=180.0,
    back_hip=2.0,
    back_knee=92.0,
    back_ankle=180.0,
)
CAT = _on_all_fours(replace(_KNEELING, trunk=70.0, arch=0.075, neck=55.0))
"""Cat: on hands and knees, the back rounded up, the head dropped."""
COW = _on_all_fours(replace(_KNEELING, trunk=66.0, arch=-0.05, neck=-48.0))
"""Cow: the belly sinks, the chest lifts and the head comes up."""


def _pigeon() -> Pose:
    """Pigeon: the near knee forward on the floor, its shin folded across in front of the body,
    the far leg long behind, trunk upright, hands on the floor beside the front knee."""
    pose = Pose(
        trunk=6.0,
        back_hip=72.0,
        back_knee=22.0,
        back_ankle=160.0,
        front_hip=-78.0,
        front_knee=168.0,
        front_ankle=175.0,
    )
    hip = (0.0, 1.0)
    skel = skeleton(pose, hip)
    floor = skel.back.knee[1] - 0.0
    pose = hand_on(pose, (skel.shoulder[0] + 0.2, floor), 10.0, hip=hip)
    return hand_on(pose, (skel.shoulder[0] + 0.22, floor), 10.0, hip=hip, near=True)


PIGEON = _pigeon()


def _figure_four() -> Pose:
    """Lying on the back, the far foot flat with its knee up, the near ankle crossed over the
    far knee (that knee opening out to the side), arms long by the sides."""
    pose = Pose(
        trunk=-90.0,
        neck=0.0,
        front_hip=140.0,
        front_knee=88.0,
        front_ankle=142.0,
        near_shoulder=-8.0,
        near_elbow=175.0,
        far_shoulder=-4.0,
        far_elbow=175.0,
    )
    hip = (0.0, 1.0)
    skel = skeleton(pose, hip)
    knee = skel.front.knee
    # The near leg turns out: seen from the side it looks short, its knee low and forward.
    # Its knee bends "backwards" for leg_angles (the body lies on its back): mirror the problem.
    spread = 52.0
    ankle = (knee[0] - 0.02, knee[1] + 0.05)
    mirrored = (2 * hip[0] - ankle[0], ankle[1])
    thigh, bend = leg_angles(hip, mirrored, spread)
    thigh = -thigh
    shin = thigh + (180.0 - bend)
    return replace(
        pose,
        back_hip=thigh,
        back_knee=360.0 - bend,
        back_ankle=90.0 + shin + 10.0,
        back_spread=spread,
    )


FIGURE_FOUR = _figure_four()

__all__ = [
    "CAT",
    "COW",
    "FIGURE_FOUR",
    "MARCH",
    "PIGEON",
    "SWING_BACK",
    "SWING_FRONT",
    "Drill",
    "draw_drill",
    "drill_extent",
    "drill_height",
    "drill_skeleton",
]
