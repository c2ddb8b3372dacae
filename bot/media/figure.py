"""The named positions of the reverse lunge (`POSES`), and the chair the supported variation
holds on to (`CHAIR_RAIL`, `CHAIR_HEIGHT`, `supported`).

Each position is a `Pose` of joint angles; the model, its conventions and its kinematics are in
bot/media/figure_model.py, re-exported here so that `from bot.media.figure import ...` gives the
whole figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from bot.media.figure_model import (
    ANKLE_HEIGHT,
    BALL_FORWARD,
    FOREARM,
    HEAD_RADIUS,
    HEEL_BACK,
    NECK,
    SHIN,
    THIGH,
    TOES,
    TRUNK,
    UPPER_ARM,
    Arm,
    Leg,
    Point,
    Pose,
    Skeleton,
    ankle_for_ball,
    blend,
    far_hand_on,
    foot_pitch,
    hand_on,
    interior_angle,
    leg_angles,
    moved,
    skeleton,
)

__all__ = [
    "ANKLE_HEIGHT",
    "BALL_FORWARD",
    "CHAIR_HEIGHT",
    "CHAIR_RAIL",
    "FOREARM",
    "HEAD_RADIUS",
    "HEEL_BACK",
    "NECK",
    "POSES",
    "SHIN",
    "SUPPORT_SPREAD",
    "THIGH",
    "TOES",
    "TRUNK",
    "UPPER_ARM",
    "Arm",
    "Leg",
    "Point",
    "Pose",
    "Skeleton",
    "ankle_for_ball",
    "blend",
    "far_hand_on",
    "foot_pitch",
    "hand_on",
    "interior_angle",
    "leg_angles",
    "moved",
    "skeleton",
    "support_hand",
    "supported",
]

_STANDING_SHOULDER = SHIN + THIGH + ANKLE_HEIGHT + TRUNK  # shoulder height, standing tall


# Hands on the hips, seen from the side: the elbows point out sideways (so the arms look short)
# and only a little back, the elbow just behind the line of the back, the forearm slanting
# forward and down to the hand on the side of the hip. Solved for the elbow 0.10 m behind the
# trunk line and the hand 0.03 m ahead of it, 0.09 m above the hip joint.
_HANDS_ON_HIPS = {
    "near_shoulder": -27.1,
    "near_elbow": 121.7,
    "near_spread": 45.0,
    "far_shoulder": -27.1,
    "far_elbow": 121.7,
    "far_spread": 45.0,
}

# The lunge positions were solved with `leg_angles` from where the hip and the ball of the back
# foot should be (front heel at 0, the back ball on the floor 0.95 m behind it; 0.78 m for the
# knee mistake, 1.32 m for the long step), then rounded to 0.1 degree.
_BOTTOM = Pose(
    front_hip=90.0,
    front_knee=90.0,
    front_ankle=90.0,
    back_hip=-12.2,
    back_knee=91.5,
    back_ankle=69.3,
    **_HANDS_ON_HIPS,
)

# The supported variation: a sturdy chair stands beside the figure, on its far side, with its
# back parallel to the figure's path; the far hand rests on the top rail, a little ahead of the
# shoulder, and glides back along it as the body lowers. The near hand stays on the hip.
CHAIR_RAIL = (-0.27, 0.25)
"""Where the chair back's top rail starts and ends, x in metres (front heel at 0)."""
CHAIR_HEIGHT = 0.84
"""Height of the top of the chair back, in metres."""
SUPPORT_SPREAD = 35.0
"""The supporting arm points a little out to the side, towards the chair."""


def support_hand(pose: Pose) -> Point:
    """Where the far hand rests on the chair rail: a little ahead of the shoulder when standing,
    further ahead as the body lowers, so the upper arm hangs and the elbow points down."""
    shoulder = skeleton(pose).shoulder
    lowered = max(0.0, min(1.0, (_STANDING_SHOULDER - shoulder[1]) / 0.44))
    x = shoulder[0] + 0.12 + 0.16 * lowered
    return (max(CHAIR_RAIL[0] + 0.05, min(CHAIR_RAIL[1] - 0.05, x)), CHAIR_HEIGHT + 0.03)


def supported(pose: Pose) -> Pose:
    """`pose` with the far hand resting on the chair beside the figure; standing tall, when the
    rail is further below the shoulder, the arm points less out to the side to reach it."""
    hand = support_hand(pose)
    distance = math.dist(skeleton(pose).shoulder, hand)
    reach = 0.97 * (UPPER_ARM + FOREARM)
    spread = min(SUPPORT_SPREAD, math.degrees(math.acos(min(1.0, distance / reach))))
    return far_hand_on(pose, hand, spread)


_STAND = Pose(**_HANDS_ON_HIPS)
_STEP_BACK = Pose(
    trunk=3.0,
    front_hip=53.7,
    front_knee=129.8,
    front_ankle=93.4,
    back_hip=-38.0,
    back_knee=164.6,
    back_ankle=101.7,
    **_HANDS_ON_HIPS,
)

POSES: Mapping[str, Pose] = MappingProxyType(
    {
        "stand": _STAND,
        "step_back": _STEP_BACK,
        "bottom": _BOTTOM,
        "return": Pose(
            trunk=2.0,
            front_hip=37.3,
            front_knee=143.2,
            front_ankle=90.4,
            back_hip=-16.3,
            back_knee=135.2,
            back_ankle=73.9,
            **_HANDS_ON_HIPS,
        ),
        "stand_supported": supported(_STAND),
        "step_back_supported": supported(_STEP_BACK),
        "bottom_supported": supported(_BOTTOM),
        "bottom_shallow": Pose(
            front_hip=62.3,
            front_knee=125.7,
            front_ankle=98.1,
            back_hip=-17.7,
            back_knee=124.6,
            back_ankle=81.8,
            **_HANDS_ON_HIPS,
        ),
        "mistake_knee": Pose(
            trunk=4.0,
            front_hip=80.0,
            front_knee=58.8,
            front_ankle=48.8,
            back_hip=-30.5,
            back_knee=112.1,
            back_ankle=66.6,
            **_HANDS_ON_HIPS,
        ),
        "mistake_posture": replace(_BOTTOM, trunk=38.0, neck=12.0),
        "mistake_step": Pose(
            trunk=2.0,
            front_hip=89.4,
            front_knee=119.9,
            front_ankle=119.2,
            back_hip=-53.7,
            back_knee=149.9,
            back_ankle=46.1,
            **_HANDS_ON_HIPS,
        ),
    }
)
"""Every named position of the lesson, by name."""
