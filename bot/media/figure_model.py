r"""Joint-angle model of the reverse-lunge figure: `Pose`, its forward and inverse kinematics.

Side view, the figure faces right. Units are metres: x forward (right), y up, floor at y = 0.
The "front" leg is the standing leg that stays planted; the "back" leg is the one that steps
back. All angles are in degrees. The sketch is the `bottom` pose:

                   (o)          neck: head tipped forward (+) from the trunk line
                    |           trunk: lean of hip->shoulder from upright, + = forward
                    |           *_shoulder: upper arm from the trunk line, + = forward
                    |           *_elbow: interior angle, 180 = straight; folds forward
                    |           *_spread: how far the arm points out of the picture, to the
                    |               side (0 = in the side view's plane); it foreshortens the arm
                    |           arch: the back bowed out (+, a cat's round back) or sagging (-)
                   hip-------o  *_hip: thigh from plumb, + = forward (front_hip = 90 here,
                   /         |      back_hip about -12: a little behind plumb)
                  /          |  *_knee: interior hip-knee-ankle angle, 180 = straight,
      o----------o           |      90 = right angle; the shin folds backward
     /   back    back        o___  *_ankle: interior shin-foot angle, 90 = flat foot under a
    * ankle      knee    front      plumb shin, < 90 = knee over the toes, > 90 = toes down
   ball of the foot      ankle

The trunk and thighs are measured from the vertical, so "front thigh parallel to the floor" is
``front_hip == 90`` whatever the trunk does; shoulders are measured from the trunk, so hands stay
on the hips when the trunk leans. The toes bend at the ball of the foot rather than go through
the floor, so a raised heel leaves them flat on it.

`skeleton(pose)` places the figure with its front heel at x = 0 and its front foot on the floor;
the back foot goes wherever its angles put it (tests check it meets the floor where it should).
The named positions (`POSES`) are in bot/media/figure.py, which re-exports this model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace

Point = tuple[float, float]

# Segment lengths in metres, for a figure about 1.75 m tall.
THIGH = 0.44
SHIN = 0.43
ANKLE_HEIGHT = 0.07  # ankle centre above the sole
HEEL_BACK = 0.05  # heel behind the ankle, along the sole
BALL_FORWARD = 0.14  # ball of the foot ahead of the ankle, along the sole
TOES = 0.05  # ball of the foot to the tip of the toes
TRUNK = 0.50  # hip to shoulder
NECK = 0.07  # shoulder to the bottom of the head
HEAD_RADIUS = 0.105
UPPER_ARM = 0.31
FOREARM = 0.36  # elbow to the centre of the hand


@dataclass(frozen=True)
class Pose:
    """Joint angles of one position, in degrees (conventions: see the module docstring)."""

    trunk: float = 0.0
    neck: float = 0.0
    front_hip: float = 0.0
    front_knee: float = 180.0
    front_ankle: float = 90.0
    back_hip: float = 0.0
    back_knee: float = 180.0
    back_ankle: float = 90.0
    near_shoulder: float = 0.0
    near_elbow: float = 170.0
    far_shoulder: float = 0.0
    far_elbow: float = 170.0
    near_spread: float = 0.0
    far_spread: float = 0.0
    arch: float = 0.0  # metres the middle of the back bows out behind the hip-shoulder line
    back_spread: float = 0.0  # the near leg turned out to the side, towards the viewer


@dataclass(frozen=True)
class Leg:
    """Joint positions of one leg, in metres."""

    hip: Point
    knee: Point
    ankle: Point
    heel: Point
    ball: Point
    toe: Point

    @property
    def lowest(self) -> float:
        """Height of the lowest point of the foot (0 = on the floor)."""
        return min(self.heel[1], self.ball[1], self.toe[1])


@dataclass(frozen=True)
class Arm:
    """Joint positions of one arm, in metres."""

    shoulder: Point
    elbow: Point
    hand: Point


@dataclass(frozen=True)
class Skeleton:
    """Where every joint of a posed figure is, in metres, front heel at x = 0 on the floor."""

    hip: Point
    shoulder: Point
    head: Point  # centre of the head
    spine: Point  # middle of the back: halfway from hip to shoulder, unless the back is arched
    front: Leg
    back: Leg
    near_arm: Arm
    far_arm: Arm


def moved(skel: Skeleton, dx: float, dy: float) -> Skeleton:
    """The same figure shifted by (dx, dy) metres."""

    def at(point: Point) -> Point:
        return (point[0] + dx, point[1] + dy)

    def leg(leg: Leg) -> Leg:
        return Leg(*(at(p) for p in (leg.hip, leg.knee, leg.ankle, leg.heel, leg.ball, leg.toe)))

    def arm(arm: Arm) -> Arm:
        return Arm(at(arm.shoulder), at(arm.elbow), at(arm.hand))

    return Skeleton(
        at(skel.hip),
        at(skel.shoulder),
        at(skel.head),
        at(skel.spine),
        leg(skel.front),
        leg(skel.back),
        arm(skel.near_arm),
        arm(skel.far_arm),
    )


def blend(a: Pose, b: Pose, t: float) -> Pose:
    """The pose a fraction `t` (0..1) of the way from `a` to `b`, angle by angle."""
    values = {f.name: (1 - t) * getattr(a, f.name) + t * getattr(b, f.name) for f in fields(Pose)}
    return Pose(**values)


def interior_angle(a: Point, vertex: Point, b: Point) -> float:
    """The angle a-vertex-b in degrees (0..180), e.g. hip-knee-ankle for the knee angle."""
    ax, ay = a[0] - vertex[0], a[1] - vertex[1]
    bx, by = b[0] - vertex[0], b[1] - vertex[1]
    cos = (ax * bx + ay * by) / (math.hypot(ax, ay) * math.hypot(bx, by))
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def leg_angles(hip: Point, ankle: Point, spread: float = 0.0) -> tuple[float, float]:
    """Inverse kinematics: the thigh angle and knee angle that put the ankle at `ankle`.

    The knee bends the natural way (forward of the hip-ankle line); an ankle out of reach gets
    a straight leg pointing at it. `spread`: the leg is turned out to the side, as in `Pose`.
    """
    seen = math.cos(math.radians(spread))
    thigh, shin = THIGH * seen, SHIN * seen
    dx, dy = ankle[0] - hip[0], ankle[1] - hip[1]
    reach = min(math.hypot(dx, dy), thigh + shin - 1e-9)
    knee = _law_of_cosines(thigh, shin, reach)
    towards = math.degrees(math.atan2(dx, -dy))
    return towards + _law_of_cosines(thigh, reach, shin), knee


def hand_on(
    pose: Pose, hand: Point, spread: float, *, hip: Point | None = None, near: bool = False
) -> Pose:
    """`pose` with the far (or `near`) arm reaching for `hand` (inverse kinematics), the elbow
    bent back; `hip` places the figure as `skeleton` does. `spread` is how far the arm points
    out to the side (see `Pose`); a hand out of reach gets a straight arm pointing at it.
    """
    shoulder = skeleton(pose, hip).shoulder
    seen = math.cos(math.radians(spread))
    upper, fore = UPPER_ARM * seen, FOREARM * seen
    dx, dy = hand[0] - shoulder[0], hand[1] - shoulder[1]
    reach = min(math.hypot(dx, dy), upper + fore - 1e-9)
    towards = math.degrees(math.atan2(dx, -dy))
    angle = towards - _law_of_cosines(upper, reach, fore) + pose.trunk
    elbow = _law_of_cosines(upper, fore, reach)
    if near:
        return replace(pose, near_shoulder=angle, near_elbow=elbow, near_spread=spread)
    return replace(pose, far_shoulder=angle, far_elbow=elbow, far_spread=spread)


def far_hand_on(pose: Pose, hand: Point, spread: float) -> Pose:
    """`pose` with the far arm reaching for `hand` (see `hand_on`)."""
    return hand_on(pose, hand, spread)


def _law_of_cosines(a: float, b: float, opposite: float) -> float:
    """The angle in degrees between sides `a` and `b` of a triangle with third side `opposite`."""
    cos = (a * a + b * b - opposite * opposite) / (2 * a * b)
    return math.degrees(math.acos(max(-1.0, min(1.0, cos))))


def foot_pitch(shin: float, ankle_angle: float) -> float:
    """Tilt of the sole from level (+ = toes down) for a shin angle and an interior ankle angle."""
    return ankle_angle - 90.0 - shin


def ankle_for_ball(ball: Point, pitch: float) -> Point:
    """Where the ankle is when the ball of a foot pitched `pitch` degrees is at `ball`."""
    offset = _along((0.0, 0.0), pitch, BALL_FORWARD, -ANKLE_HEIGHT)
    return (ball[0] - offset[0], ball[1] - offset[1])


def _down(origin: Point, angle: float, length: float) -> Point:
    """The end of a segment hanging from `origin`, swung `angle` degrees forward of plumb."""
    rad = math.radians(angle)
    return (origin[0] + length * math.sin(rad), origin[1] - length * math.cos(rad))


def _along(origin: Point, pitch: float, forward: float, up: float) -> Point:
    """A point `forward` along and `up` off a sole pitched `pitch` degrees toes-down."""
    rad = math.radians(pitch)
    return (
        origin[0] + forward * math.cos(rad) + up * math.sin(rad),
        origin[1] - forward * math.sin(rad) + up * math.cos(rad),
    )


def _toe(ball: Point, pitch: float) -> Point:
    """The tip of the toes: in line with the sole, but bent up at the ball rather than go
    through the floor (so a raised heel leaves the toes flat on the floor)."""
    if pitch > 0.0 and TOES * math.sin(math.radians(pitch)) > ball[1]:
        pitch = math.degrees(math.asin(max(-1.0, min(1.0, ball[1] / TOES))))
    return _along(ball, pitch, TOES, 0.0)


def _leg(
    hip: Point, thigh: float, knee_angle: float, ankle_angle: float, spread: float = 0.0
) -> Leg:
    """Forward kinematics of one leg hanging from `hip` (floor at y = 0); a leg turned out to
    the side (`spread` degrees) looks shorter."""
    seen = math.cos(math.radians(spread))
    knee = _down(hip, thigh, THIGH * seen)
    shin = thigh - (180.0 - knee_angle)
    ankle = _down(knee, shin, SHIN * seen)
    pitch = foot_pitch(shin, ankle_angle)
    heel = _along(ankle, pitch, -HEEL_BACK, -ANKLE_HEIGHT)
    ball = _along(ankle, pitch, BALL_FORWARD, -ANKLE_HEIGHT)
    return Leg(hip, knee, ankle, heel, ball, _toe(ball, pitch))


def _arm(shoulder: Point, upper: float, elbow_angle: float, spread: float) -> Arm:
    """One arm hanging from `shoulder`; an arm spread out to the side looks shorter."""
    seen = math.cos(math.radians(spread))
    elbow = _down(shoulder, upper, UPPER_ARM * seen)
    hand = _down(elbow, upper + (180.0 - elbow_angle), FOREARM * seen)
    return Arm(shoulder, elbow, hand)


def skeleton(pose: Pose, hip: Point | None = None) -> Skeleton:
    """Forward kinematics: joint positions for `pose`, front heel at x = 0 resting on the floor,
    or with the hip at `hip` (for positions that do not stand on the front foot)."""
    if hip is None:
        probe = _leg((0.0, 10.0), pose.front_hip, pose.front_knee, pose.front_ankle)
        hip = (-probe.heel[0], 10.0 - min(probe.heel[1], probe.ball[1]))
    lean = math.radians(pose.trunk)
    shoulder = (hip[0] + TRUNK * math.sin(lean), hip[1] + TRUNK * math.cos(lean))
    spine = (
        (hip[0] + shoulder[0]) / 2 - pose.arch * math.cos(lean),
        (hip[1] + shoulder[1]) / 2 + pose.arch * math.sin(lean),
    )
    tilt = math.radians(pose.trunk + pose.neck)
    reach = NECK + HEAD_RADIUS
    head = (shoulder[0] + reach * math.sin(tilt), shoulder[1] + reach * math.cos(tilt))
    return Skeleton(
        hip=hip,
        shoulder=shoulder,
        head=head,
        spine=spine,
        front=_leg(hip, pose.front_hip, pose.front_knee, pose.front_ankle),
        back=_leg(hip, pose.back_hip, pose.back_knee, pose.back_ankle, pose.back_spread),
        near_arm=_arm(shoulder, pose.near_shoulder - pose.trunk, pose.near_elbow, pose.near_spread),
        far_arm=_arm(shoulder, pose.far_shoulder - pose.trunk, pose.far_elbow, pose.far_spread),
    )
