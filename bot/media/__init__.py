"""Pictures the bot sends. Re-exported here: the lesson's drawings of the reverse lunge.

For those, `figure_model` holds the joint-angle model and its kinematics, `figure` the named
poses (and re-exports the model), `figure_canvas` the world-to-pixel canvas, `figure_draw`
paints a figure on it, `figure_front` draws it from the front, `figure_scenes` composes the
stills of one figure, `figure_boards` those of several panels (with labels), `figure_motion`
the animations and `figure_cache` keeps the rendered files on disk.
"""

from bot.media.figure import POSES
from bot.media.figure_cache import (
    ANIMATION_NAME,
    ANIMATIONS,
    PICTURE_NAMES,
    PictureCache,
    picture_hash,
)
from bot.media.figure_model import Pose, Skeleton, skeleton
from bot.media.figure_motion import render_animation
from bot.media.figure_scenes import RENDER_VERSION, SCENES, Scene, render_pose

__all__ = [
    "ANIMATIONS",
    "ANIMATION_NAME",
    "PICTURE_NAMES",
    "POSES",
    "RENDER_VERSION",
    "SCENES",
    "PictureCache",
    "Pose",
    "Scene",
    "Skeleton",
    "picture_hash",
    "render_animation",
    "render_pose",
    "skeleton",
]
