"""The world-to-pixel canvas every lesson picture is drawn on, and the font of its words.

`Canvas` is addressed in world metres (floor at y = 0) and shows a square window of them. It is
drawn at `SUPERSAMPLE` times the final size with Pillow's ImageDraw, then shrunk with LANCZOS,
which antialiases the thick round limbs. The few words a picture carries (a legend, a hold time)
are set in DejaVu Sans, the font matplotlib (a dependency already) ships; without it, in
Pillow's own default font. What is drawn on it, and in what colours: bot/media/figure_draw.py.
"""

from __future__ import annotations

import functools
import importlib.util
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from bot.media.figure_model import Point

Colour = tuple[int, int, int]

SUPERSAMPLE = 2
# The world window a picture shows, in metres (floor at y = 0): a square VIEW_SPAN wide, its
# bottom edge VIEW_BOTTOM, centred sideways on whatever the picture shows.
VIEW_BOTTOM = -0.2
VIEW_SPAN = 2.05

BACKGROUND: Colour = (247, 244, 238)
TEXT: Colour = (70, 62, 54)
Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


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
