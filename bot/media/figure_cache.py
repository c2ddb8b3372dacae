"""Render each lesson picture once and keep it on disk, named by a hash of what it shows.

A file is ``<name>-<hash8>.png`` (``<name>-<hash8>.gif`` for the animations). The hash covers the
picture's poses, ghost, cue and props, the image size and `RENDER_VERSION`, so a changed drawing
gets a new file name (and a new Telegram upload) while an unchanged one is reused across restarts.
Rendering is CPU work of about 0.1 s a picture: call `path_for` from a worker thread
(``asyncio.to_thread``) inside the bot's event loop.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from PIL import Image

from bot.media.figure_boards import BOARDS, render_board
from bot.media.figure_motion import FRAME_MS, GIF_SIZE, PHASES, render_animation
from bot.media.figure_scenes import RENDER_VERSION, SCENES, STILL_SIZE, render_pose

ANIMATION_NAME = "lunge"
ANIMATIONS: Mapping[str, bool] = MappingProxyType({ANIMATION_NAME: False, "lunge_supported": True})
"""The animations by name, each with whether the figure holds on to a chair."""
PICTURE_NAMES: tuple[str, ...] = (*SCENES, *BOARDS, *ANIMATIONS)
"""Every picture there is: the stills, then the animations."""

GIF_COLOURS = 48

__all__ = [
    "ANIMATIONS",
    "ANIMATION_NAME",
    "PICTURE_NAMES",
    "RENDER_VERSION",
    "PictureCache",
    "encode_picture",
    "picture_hash",
]


def picture_hash(name: str) -> str:
    """Eight hex digits that change whenever picture `name` would be drawn differently."""
    if name in ANIMATIONS:
        payload = repr((PHASES, FRAME_MS, GIF_SIZE, GIF_COLOURS, ANIMATIONS[name]))
    elif name in SCENES:
        payload = repr((SCENES[name], STILL_SIZE))
    elif name in BOARDS:
        payload = repr((BOARDS[name], STILL_SIZE))
    else:
        raise KeyError(f"no picture named {name!r}; expected one of {', '.join(PICTURE_NAMES)}")
    text = f"render {RENDER_VERSION}\n{name}\n{payload}"
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _gif_bytes(frames: list[Image.Image]) -> bytes:
    """An endlessly looping GIF sharing one small palette taken from a few key frames."""
    samples = frames[:: max(1, len(frames) // 4)]
    strip = Image.new("RGB", (GIF_SIZE * len(samples), GIF_SIZE))
    for i, frame in enumerate(samples):
        strip.paste(frame, (i * GIF_SIZE, 0))
    palette = strip.quantize(colors=GIF_COLOURS, method=Image.Quantize.MEDIANCUT)
    indexed = [f.quantize(palette=palette, dither=Image.Dither.NONE) for f in frames]
    buffer = io.BytesIO()
    indexed[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=indexed[1:],
        duration=[int(f.info["duration"]) for f in frames],
        loop=0,
        disposal=1,
    )
    return buffer.getvalue()


def encode_picture(name: str) -> bytes:
    """Draw picture `name` and return the file's bytes (PNG for stills, GIF for the animation)."""
    if name in ANIMATIONS:
        return _gif_bytes(render_animation(chair=ANIMATIONS[name]))
    if name in BOARDS:
        return _png_bytes(render_board(BOARDS[name]))
    return _png_bytes(render_pose(name))


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path` in one step."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


class PictureCache:
    """Pictures rendered on first use into `directory` and reused from there after."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.renders = 0  # how many pictures this cache has drawn (the rest were on disk)

    def path_for(self, name: str) -> Path:
        """The file for picture `name`, drawing and writing it first if it is not there yet.

        Raises KeyError for a name not in `PICTURE_NAMES`.
        """
        suffix = "gif" if name in ANIMATIONS else "png"
        path = self.directory / f"{name}-{picture_hash(name)}.{suffix}"
        if path.is_file():
            return path
        data = encode_picture(name)
        self.renders += 1
        _write_atomically(path, data)
        return path

    def render_all(self) -> dict[str, Path]:
        """Make sure every picture is on disk; their paths by name."""
        return {name: self.path_for(name) for name in PICTURE_NAMES}
