"""The lunge seen from the front, for the fault a side view cannot show: the front knee caving in.

Built from the side-view skeleton of a pose: every height comes from it, the sideways positions
from a few body widths. Sideways `z` is + towards the figure's left, which is the viewer's right
(the figure faces the viewer). The front leg is the figure's left, nearest the viewer; the back
leg, its right, steps back behind it. Hands on the hips look like two triangles from the front:
elbows out to the sides.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.media.figure_canvas import Canvas
from bot.media.figure_draw import EYE, LEG_WIDTH, Paint, draw_arm, shade
from bot.media.figure_model import HEAD_RADIUS, Point, Pose, skeleton

HIP_HALF = 0.09  # hip joint to the middle of the body
FOOT_HALF = 0.11  # each foot on its own track, hip-width apart
SHOULDER_HALF = 0.13
WAIST_HALF = 0.10
ELBOW_OUT = 0.30
HAND_IN = 0.13
BEHIND = 0.05  # the back foot, further away, sits this much higher up the picture
SHOE_HALF = 0.05
SECOND_TOE = 0.012  # the second toe, just inside the middle of the foot


@dataclass(frozen=True)
class FrontView:
    """A lunge position seen from the front; `knee_in` is how far (m) the front knee drifts in
    towards the middle, away from the line over the second toe."""

    pose: Pose
    knee_in: float = 0.0


@dataclass(frozen=True)
class FrontJoints:
    """Where the front view draws each joint, (z, height) in metres."""

    hip_y: float
    shoulder_y: float
    head: Point
    front_knee: Point
    front_ankle: Point
    back_knee: Point
    back_ankle: Point
    second_toe: Point


def front_joints(view: FrontView) -> FrontJoints:
    """Joint positions of the front view: heights from the side view, widths from the body."""
    side = skeleton(view.pose)
    return FrontJoints(
        hip_y=side.hip[1],
        shoulder_y=side.shoulder[1],
        head=(0.0, side.head[1]),
        front_knee=(FOOT_HALF - SECOND_TOE - view.knee_in, side.front.knee[1]),
        front_ankle=(FOOT_HALF, side.front.ankle[1]),
        back_knee=(-FOOT_HALF, side.back.knee[1] + BEHIND / 2),
        back_ankle=(-FOOT_HALF, side.back.knee[1] - 0.05 + BEHIND),
        second_toe=(FOOT_HALF - SECOND_TOE, 0.0),
    )


def front_extent() -> tuple[float, float]:
    """The leftmost and rightmost z the front view covers (elbows out), with a little room."""
    return -ELBOW_OUT - 0.08, ELBOW_OUT + 0.08


def draw_front(canvas: Canvas, view: FrontView, paint: Paint) -> None:
    """The figure from the front, back to front: back leg, trunk, head, arms, front leg."""
    joints = front_joints(view)
    hip_y, top = joints.hip_y, joints.shoulder_y
    # The back foot stands on its ball behind the knee: only a short shoe shows under it.
    back_shoe = shade(paint.stepping_leg, paint.shoe_factor)
    x, y = joints.back_ankle
    canvas.stroke([(x, BEHIND + 0.03), (x, y + 0.02)], 0.07, back_shoe)
    canvas.stroke(
        [(-HIP_HALF, hip_y), joints.back_knee, joints.back_ankle], LEG_WIDTH, paint.stepping_leg
    )
    # Trunk: shoulders to waist, corners rounded by a stroke around the edge.
    outline = [
        (-SHOULDER_HALF, top - 0.02),
        (SHOULDER_HALF, top - 0.02),
        (WAIST_HALF, hip_y - 0.02),
        (-WAIST_HALF, hip_y - 0.02),
    ]
    canvas.polygon(outline, paint.shirt)
    canvas.stroke([*outline, outline[0]], 0.08, paint.shirt)
    canvas.stroke([(0.0, top), joints.head], 0.06, paint.skin)
    _head(canvas, joints.head, paint)
    for side in (-1.0, 1.0):
        arm = [
            (side * (SHOULDER_HALF - 0.01), top - 0.04),
            (side * ELBOW_OUT, top - 0.22),
            (side * HAND_IN, hip_y + 0.08),
        ]
        draw_arm(canvas, arm, paint.shirt, paint.skin, paint.arm_outline)
    # Front leg, nearest the viewer: its thigh comes forward and down from the hip.
    shoe = shade(paint.standing_leg, paint.shoe_factor)
    fx = joints.front_ankle[0]
    canvas.stroke([(fx - SHOE_HALF + 0.02, 0.025), (fx + SHOE_HALF - 0.02, 0.025)], 0.05, shoe)
    canvas.stroke([(fx, 0.03), joints.front_ankle], 0.045, shoe)
    canvas.stroke(
        [(HIP_HALF, hip_y), joints.front_knee, joints.front_ankle], LEG_WIDTH, paint.standing_leg
    )


def _head(canvas: Canvas, centre: Point, paint: Paint) -> None:
    canvas.dot(centre, HEAD_RADIUS, paint.skin)
    if paint.hair is None:
        return
    x, y = canvas.px(centre)
    r = HEAD_RADIUS * canvas.scale
    canvas.draw.chord((x - r, y - r, x + r, y + r), 180, 360, fill=paint.hair)
    canvas.draw.pieslice((x - r, y - r * 1.02, x + r, y + r * 0.9), 185, 355, fill=paint.hair)
    for side in (-1.0, 1.0):
        canvas.dot((centre[0] + side * 0.035, centre[1] - 0.01), 0.012, EYE)


__all__ = ["FrontJoints", "FrontView", "draw_front", "front_extent", "front_joints"]
