"""The animated rep: stand -> step back -> bottom -> return -> stand, one frame per pose.

The supported variation is the same rep with the far hand on a chair beside the figure: each
frame's arm reaches for the rail (`supported`), so the hand glides along it.

Joint angles are blended between key poses with an ease-in-out over each half of the rep. Plain
angle blending would let the back foot slide or dip into the floor between two key poses, so each
frame is then "grounded": while the ball of the back foot is planted it is pinned where it landed,
and otherwise a foot that would sink is lifted back onto the floor (by re-solving the back thigh
and knee, keeping the foot's pitch).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PIL import Image

from bot.media.figure import POSES, supported
from bot.media.figure_canvas import Canvas
from bot.media.figure_draw import draw_figure, draw_floor, extent
from bot.media.figure_model import (
    Point,
    Pose,
    ankle_for_ball,
    blend,
    foot_pitch,
    leg_angles,
    skeleton,
)
from bot.media.figure_scenes import chair_extent, draw_chair

GIF_SIZE = 480
FRAME_MS = 70  # GIF delays count in hundredths of a second: keep this a multiple of 10

# Back foot lifted behind the body, on the way back (and the front knee just softening).
_LIFT = replace(
    POSES["stand"],
    front_hip=10.4,
    front_knee=163.1,
    front_ankle=83.4,
    back_hip=8.3,
    back_knee=108.6,
    back_ankle=61.9,
)


@dataclass(frozen=True)
class Phase:
    """One half of the rep: key poses passed through in order, eased as a whole.

    The first pose stays up `hold_ms`, then the movement takes `move_ms`, one frame every
    `FRAME_MS`; the last pose is the next phase's first.
    """

    keys: tuple[Pose, ...]
    planted: tuple[bool, ...]  # per gap between keys: the back ball stays on the floor
    move_ms: int
    hold_ms: int

    @property
    def frames(self) -> int:
        return round(self.move_ms / FRAME_MS)


# Move with control: about two seconds on the way down and one on the way up, with a short
# pause standing tall and another at the bottom.
PHASES: tuple[Phase, ...] = (
    Phase(
        keys=(POSES["stand"], _LIFT, POSES["step_back"], POSES["bottom"]),
        planted=(False, False, True),
        move_ms=1960,
        hold_ms=300,
    ),
    Phase(
        keys=(POSES["bottom"], POSES["return"], POSES["stand"]),
        planted=(False, False),
        move_ms=980,
        hold_ms=200,
    ),
)
"""The whole animation; the last pose of each phase is the first of the next."""


def _ease(t: float) -> float:
    return t * t * (3.0 - 2.0 * t)


def _resolve_back_leg(pose: Pose, ankle: Point, pitch: float) -> Pose:
    hip = skeleton(pose).hip
    thigh, knee = leg_angles(hip, ankle)
    shin = thigh - (180.0 - knee)
    return replace(pose, back_hip=thigh, back_knee=knee, back_ankle=90.0 + shin + pitch)


def _grounded(pose: Pose, pin: Point | None) -> Pose:
    """`pose` with the ball of the back foot at `pin`, or else at least not below the floor."""
    skel = skeleton(pose)
    back = skel.back
    shin = pose.back_hip - (180.0 - pose.back_knee)
    pitch = foot_pitch(shin, pose.back_ankle)
    if pin is not None:
        return _resolve_back_leg(pose, ankle_for_ball(pin, pitch), pitch)
    if back.lowest < 0.0:
        return _resolve_back_leg(pose, (back.ankle[0], back.ankle[1] - back.lowest), pitch)
    return pose


def _phase_pose(phase: Phase, t: float) -> Pose:
    position = _ease(t) * (len(phase.keys) - 1)
    gap = min(int(position), len(phase.keys) - 2)
    frac = position - gap
    start, end = phase.keys[gap], phase.keys[gap + 1]
    pin: Point | None = None
    if phase.planted[gap]:
        a, b = skeleton(start).back.ball, skeleton(end).back.ball
        pin = (a[0] + frac * (b[0] - a[0]), 0.0)
    return _grounded(blend(start, end, frac), pin)


def animation_poses(*, chair: bool = False) -> list[tuple[Pose, int]]:
    """Every frame's pose and its display time in milliseconds, for one looping rep; with
    `chair`, the far hand rests on the chair beside the figure throughout."""
    frames: list[tuple[Pose, int]] = []
    for phase in PHASES:
        for i in range(phase.frames):
            duration = phase.hold_ms + FRAME_MS if i == 0 else FRAME_MS
            pose = _phase_pose(phase, i / phase.frames)
            frames.append((supported(pose) if chair else pose, duration))
    return frames


def render_animation(*, chair: bool = False) -> list[Image.Image]:
    """The frames of one rep (480x480 RGB); ``frame.info["duration"]`` is its time in ms.

    The camera stays still, centred on the space the whole movement (and the chair) covers.
    """
    frames = animation_poses(chair=chair)
    spans = [extent(skeleton(pose)) for pose, _ in frames]
    if chair:
        spans.append(chair_extent())
    centre_x = (min(s[0] for s in spans) + max(s[1] for s in spans)) / 2
    images = []
    for pose, duration in frames:
        canvas = Canvas(GIF_SIZE, centre_x)
        draw_floor(canvas)
        if chair:
            draw_chair(canvas)
        draw_figure(canvas, skeleton(pose))
        image = canvas.finish()
        image.info["duration"] = duration
        images.append(image)
    return images
