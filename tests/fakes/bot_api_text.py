"""Telegram's parse modes: MarkdownV2 and legacy Markdown readers, and the parse_mode dispatch.

`parse_markdown_v2` is a simple check of MarkdownV2: reserved characters outside entities must
be escaped, and every entity must be closed. `parse_markdown` reads legacy Markdown. HTML is in
`html_check.py`. `parse_formatted` picks the parser by `parse_mode` and trims like Telegram.
"""

from __future__ import annotations

import re
from typing import Any

from tests.fakes.html_check import (
    Entity,
    EntityParseError,
    ParsedText,
    parse_html,
    trim,
    utf16_len,
)

__all__ = ["parse_formatted", "parse_markdown", "parse_markdown_v2"]

_MD2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MD2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}


class _MarkdownV2Parser:
    """A simplified MarkdownV2 reader: toggling markers, code spans, links, escapes."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.out_len = 0
        self.open: dict[str, tuple[int, int]] = {}  # marker -> (output offset, byte offset)
        self.entities: list[Entity] = []
        self.link_starts: list[tuple[int, int]] = []

    def byte_offset(self, pos: int) -> int:
        """Byte offset of `pos` in the UTF-8 source."""
        return len(self.src[:pos].encode("utf-8"))

    def emit(self, text: str) -> None:
        """Append visible text."""
        self.out.append(text)
        self.out_len += utf16_len(text)

    def run(self) -> ParsedText:
        """Parse the whole source."""
        while self.pos < len(self.src):
            self.step()
        starts = [byte for _, byte in self.open.values()]
        starts += [self.byte_offset(pos) for _, pos in self.link_starts]
        if starts:
            raise EntityParseError(
                f"Can't find end of the entity starting at byte offset {min(starts)}"
            )
        ordered = sorted(self.entities, key=lambda e: (e.offset, -e.length))
        return ParsedText("".join(self.out), tuple(ordered))

    def step(self) -> None:
        """Consume one token."""
        char = self.src[self.pos]
        if char == "\\":
            self.escape()
        elif char == "`":
            self.code()
        elif self.src.startswith(("||", "__"), self.pos):
            self.toggle(self.src[self.pos : self.pos + 2])
        elif char in "*_~":
            self.toggle(char)
        elif char == "[" or self.src.startswith("![", self.pos):
            self.link_starts.append((self.out_len, self.pos))
            self.pos += 2 if char == "!" else 1
        elif char == ">" and (self.pos == 0 or self.src[self.pos - 1] == "\n"):
            self.pos += 1  # a blockquote line; the quote itself is not tracked
        elif char == "]" and self.link_starts and self.src.startswith("](", self.pos):
            self.link_end()
        elif char in _MD2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        else:
            self.emit(char)
            self.pos += 1

    def escape(self) -> None:
        """`\\x` stands for x."""
        if self.pos + 1 >= len(self.src):
            raise EntityParseError("Text can't end with an unescaped '\\'")
        self.emit(self.src[self.pos + 1])
        self.pos += 2

    def toggle(self, marker: str) -> None:
        """Open or close a bold/italic/underline/strikethrough/spoiler entity."""
        if marker in self.open:
            start, _ = self.open.pop(marker)
            if self.out_len > start:
                self.entities.append(Entity(_MD2_MARKERS[marker], start, self.out_len - start))
        else:
            self.open[marker] = (self.out_len, self.byte_offset(self.pos))
        self.pos += len(marker)

    def code(self) -> None:
        """Inline code or a pre block; only `\\` and the backtick are special inside."""
        fence = "```" if self.src.startswith("```", self.pos) else "`"
        body_start = self.pos + len(fence)
        end = self.find_unescaped(fence, body_start)
        if end < 0:
            raise EntityParseError(
                f"Can't find end of {'Pre' if fence == '```' else 'Code'} entity at byte offset "
                f"{self.byte_offset(self.pos)}"
            )
        body = re.sub(r"\\([\\`])", r"\1", self.src[body_start:end])
        language = ""
        if fence == "```" and "\n" in body:
            first, rest = body.split("\n", 1)
            if first and " " not in first:
                language, body = first, rest
        start = self.out_len
        self.emit(body)
        extra = (("language", language),) if language else ()
        if body:
            self.entities.append(
                Entity("pre" if fence == "```" else "code", start, self.out_len - start, extra)
            )
        self.pos = end + len(fence)

    def find_unescaped(self, token: str, start: int) -> int:
        """Index of the next `token` not preceded by a `\\` escape, or -1."""
        index = start
        while index < len(self.src):
            if self.src[index] == "\\":
                index += 2
            elif self.src.startswith(token, index):
                return index
            else:
                index += 1
        return -1

    def link_end(self) -> None:
        """`](url)` closes the innermost `[`."""
        close = self.find_unescaped(")", self.pos + 2)
        if close < 0:
            raise EntityParseError(
                f"Can't find end of a url at byte offset {self.byte_offset(self.pos)}"
            )
        url = re.sub(r"\\([\\)])", r"\1", self.src[self.pos + 2 : close])
        start, _ = self.link_starts.pop()
        if self.out_len > start and url:
            self.entities.append(Entity("text_link", start, self.out_len - start, (("url", url),)))
        self.pos = close + 1


def parse_markdown_v2(source: str) -> ParsedText:
    """Parse a `parse_mode="MarkdownV2"` text: unescaped reserved characters are errors."""
    return _MarkdownV2Parser(source).run()


_LEGACY_RE = re.compile(r"\*([^*]*)\*|_([^_]*)_|```([^`]*)```|`([^`]*)`|\[([^\]]*)\]\(([^)]*)\)")


def parse_markdown(source: str) -> ParsedText:
    """Parse legacy `parse_mode="Markdown"`: a marker left unclosed is an error."""
    out: list[str] = []
    entities: list[Entity] = []
    pos = 0
    length = 0
    for match in _LEGACY_RE.finditer(source):
        plain = source[pos : match.start()]
        _check_legacy_plain(plain, source, pos)
        out.append(plain)
        length += utf16_len(plain)
        kind, body, extra = _legacy_entity(match)
        if body:
            entities.append(Entity(kind, length, utf16_len(body), extra))
        out.append(body)
        length += utf16_len(body)
        pos = match.end()
    _check_legacy_plain(source[pos:], source, pos)
    out.append(source[pos:])
    return ParsedText("".join(out), tuple(entities))


def _legacy_entity(match: re.Match[str]) -> tuple[str, str, tuple[tuple[str, Any], ...]]:
    """Type, text and extras of one legacy Markdown entity."""
    bold, italic, pre, code, link_text, url = match.groups()
    if bold is not None:
        return "bold", bold, ()
    if italic is not None:
        return "italic", italic, ()
    if pre is not None:
        return "pre", pre, ()
    if code is not None:
        return "code", code, ()
    return "text_link", link_text or "", (("url", url or ""),)


def _check_legacy_plain(plain: str, source: str, base: int) -> None:
    """Text between entities may not hold a lone marker."""
    for index, char in enumerate(plain):
        if char in "*_`[":
            offset = len(source[: base + index].encode("utf-8"))
            raise EntityParseError(f"Can't find end of the entity starting at byte offset {offset}")


_PARSERS = {"html": parse_html, "markdownv2": parse_markdown_v2, "markdown": parse_markdown}


def parse_formatted(source: str, parse_mode: str | None) -> ParsedText:
    """Parse `source` the way `parse_mode` says (None: plain text), then trim like Telegram.

    Raises EntityParseError for a body that does not parse and ValueError for an unknown mode.
    """
    if not parse_mode:
        return trim(ParsedText(source))
    parser = _PARSERS.get(parse_mode.lower())
    if parser is None:
        raise ValueError(f"unsupported parse_mode {parse_mode!r}")
    return trim(parser(source))
