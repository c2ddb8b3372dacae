"""Telegram's text formatting, checked as strictly as the Bot API checks it.

`parse_html` follows the rules of https://core.telegram.org/bots/api#html-style: only the tags
Telegram knows, only the entities `&lt; &gt; &amp; &quot;` and numeric ones, properly nested end
tags. It is stricter than Telegram in one place on purpose: a bare `&` that starts no entity is
an error here (Telegram keeps it as text), because it always means an `html.escape` was forgotten
and the next user input with `<` in it will break the message.

The parser returns the plain text plus the entities, with offsets and lengths in UTF-16 code
units as the Bot API reports them; `trim` then strips surrounding whitespace like Telegram does.
MarkdownV2 and legacy Markdown live in `bot_api_text.py`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Entity", "EntityParseError", "ParsedText", "parse_html", "trim", "utf16_len"]


class EntityParseError(ValueError):
    """The text does not parse; the message is Telegram's text after "can't parse entities: "."""


@dataclass(frozen=True)
class Entity:
    """One MessageEntity: a type and a span in UTF-16 code units, plus its optional extras."""

    type: str
    offset: int
    length: int
    extra: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The entity as a Bot API MessageEntity object."""
        return {"type": self.type, "offset": self.offset, "length": self.length, **dict(self.extra)}


@dataclass(frozen=True)
class ParsedText:
    """The text a user sees, and its formatting."""

    text: str
    entities: tuple[Entity, ...] = field(default=())


def utf16_len(text: str) -> int:
    """Length of `text` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text.encode("utf-16-le")) // 2


# ---------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------

_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
}
_SPECIAL_TAGS = {"span", "a", "blockquote", "tg-emoji", "tg-time"}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY_RE = re.compile(r"&(?:(lt|gt|amp|quot)|#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6}));")
_NAME_RE = re.compile(r"[a-zA-Z0-9-]+")
_ATTR_NAME_RE = re.compile(r"[a-zA-Z0-9_-]+")


@dataclass
class _OpenTag:
    """A start tag waiting for its end tag."""

    name: str
    start: int  # UTF-16 offset in the output
    attrs: dict[str, str]
    entity_type: str | None
    extra: dict[str, Any] = field(default_factory=dict)


class _HtmlParser:
    """A single pass over the source, in the manner of tdlib's parse_html."""

    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.out_len = 0
        self.stack: list[_OpenTag] = []
        self.entities: list[Entity] = []

    def byte_offset(self, pos: int) -> int:
        """Telegram reports positions as byte offsets into the UTF-8 source."""
        return len(self.src[:pos].encode("utf-8"))

    def emit(self, text: str) -> None:
        """Append visible text."""
        self.out.append(text)
        self.out_len += utf16_len(text)

    def run(self) -> ParsedText:
        """Parse the whole source."""
        while self.pos < len(self.src):
            char = self.src[self.pos]
            if char == "&":
                self.emit(self.read_entity())
            elif char == "<":
                self.read_tag()
            else:
                self.emit(char)
                self.pos += 1
        if self.stack:
            tag = self.stack[-1].name
            raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{tag}"')
        ordered = sorted(self.entities, key=lambda e: (e.offset, -e.length))
        return ParsedText("".join(self.out), tuple(ordered))

    def read_entity(self) -> str:
        """Decode `&...;` at the current position."""
        match = _ENTITY_RE.match(self.src, self.pos)
        if match is None:
            raise EntityParseError(
                f"Unescaped '&' at byte offset {self.byte_offset(self.pos)}: "
                "it must be written as &amp; (or start &lt; &gt; &amp; &quot; &#N;)"
            )
        self.pos = match.end()
        return _decode_entity(match)

    def read_tag(self) -> None:
        """A start or an end tag at the current position."""
        if self.src.startswith("</", self.pos):
            self.read_end_tag()
        else:
            self.read_start_tag()

    def read_start_tag(self) -> None:
        """Parse `<name attr="value" ...>` and push it."""
        begin = self.pos
        name_match = _NAME_RE.match(self.src, begin + 1)
        if name_match is None:
            raise EntityParseError(
                f"Unescaped '<' at byte offset {self.byte_offset(begin)}: "
                "it must be written as &lt;"
            )
        name = name_match.group(0).lower()
        if name not in _SIMPLE_TAGS and name not in _SPECIAL_TAGS:
            raise EntityParseError(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        self.pos = name_match.end()
        attrs = self.read_attributes(name, begin)
        self.stack.append(self.open_tag(name, attrs))

    def read_attributes(self, tag: str, begin: int) -> dict[str, str]:
        """Attributes up to and including the closing `>`."""
        attrs: dict[str, str] = {}
        while True:
            self.skip_spaces()
            if self.pos >= len(self.src):
                raise EntityParseError(
                    f"Unclosed start tag at byte offset {self.byte_offset(begin)}"
                )
            if self.src[self.pos] == ">":
                self.pos += 1
                return attrs
            name_match = _ATTR_NAME_RE.match(self.src, self.pos)
            if name_match is None:
                raise EntityParseError(
                    f'Empty attribute name in the tag "{tag}" at byte offset '
                    f"{self.byte_offset(self.pos)}"
                )
            self.pos = name_match.end()
            attrs[name_match.group(0).lower()] = self.read_attribute_value(tag, begin)

    def read_attribute_value(self, tag: str, begin: int) -> str:
        """The value after `=`, quoted or not; an attribute with no `=` has an empty value."""
        self.skip_spaces()
        if self.pos >= len(self.src) or self.src[self.pos] != "=":
            return ""
        self.pos += 1
        self.skip_spaces()
        if self.pos >= len(self.src):
            raise EntityParseError(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        quote = self.src[self.pos]
        if quote in "\"'":
            end = self.src.find(quote, self.pos + 1)
            if end < 0:
                raise EntityParseError(
                    f'Unclosed start tag "{tag}" at byte offset {self.byte_offset(begin)}'
                )
            raw = self.src[self.pos + 1 : end]
            self.pos = end + 1
        else:
            match = re.compile(r"[^\s>]*").match(self.src, self.pos)
            assert match is not None
            raw = match.group(0)
            self.pos = match.end()
        return _decode_attribute(raw)

    def skip_spaces(self) -> None:
        """Skip whitespace inside a tag."""
        while self.pos < len(self.src) and self.src[self.pos].isspace():
            self.pos += 1

    def open_tag(self, name: str, attrs: dict[str, str]) -> _OpenTag:
        """Work out which entity a start tag makes, checking its attributes."""
        entity_type, extra = _special_entity(name, attrs, self.stack)
        if name in _SIMPLE_TAGS:
            entity_type = _SIMPLE_TAGS[name]
        return _OpenTag(name, self.out_len, attrs, entity_type, extra)

    def read_end_tag(self) -> None:
        """Parse `</name>` and close the innermost open tag with it."""
        begin = self.pos
        end = self.src.find(">", begin)
        if end < 0:
            raise EntityParseError(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        name = self.src[begin + 2 : end].strip().lower()
        self.pos = end + 1
        if not self.stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        tag = self.stack.pop()
        if tag.name != name:
            raise EntityParseError(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{tag.name}>", found "</{name}>"'
            )
        self.close(tag)

    def close(self, tag: _OpenTag) -> None:
        """Turn a closed tag into an entity."""
        parent = self.stack[-1] if self.stack else None
        if tag.name == "code" and parent is not None and parent.name == "pre":
            language = tag.attrs.get("class", "")
            if language.startswith("language-") and len(language) > len("language-"):
                parent.extra["language"] = language.removeprefix("language-")
                if parent.start == tag.start:
                    return  # <pre><code class="language-x">: one pre entity with a language
        length = self.out_len - tag.start
        if tag.entity_type is not None and length > 0:
            extra = tuple(sorted(tag.extra.items()))
            self.entities.append(Entity(tag.entity_type, tag.start, length, extra))


def _special_entity(
    name: str, attrs: dict[str, str], stack: list[_OpenTag]
) -> tuple[str | None, dict[str, Any]]:
    """Entity type and extras for the tags that depend on their attributes."""
    if name == "span":
        if attrs.get("class") != "tg-spoiler":
            raise EntityParseError('Tag "span" must have class "tg-spoiler"')
        return "spoiler", {}
    if name == "a":
        href = attrs.get("href", "")
        return ("text_link", {"url": href}) if href else (None, {})
    if name == "blockquote":
        if any(tag.name == "blockquote" for tag in stack):
            raise EntityParseError("Blockquote entities can't be nested")
        return ("expandable_blockquote" if "expandable" in attrs else "blockquote"), {}
    if name == "tg-emoji":
        emoji_id = attrs.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise EntityParseError('Custom emoji entity must have a numeric "emoji-id" attribute')
        return "custom_emoji", {"custom_emoji_id": emoji_id}
    if name == "tg-time":
        unix = attrs.get("unix", "")
        if not unix.lstrip("-").isdigit():
            raise EntityParseError('Tag "tg-time" must have a numeric "unix" attribute')
        extra: dict[str, Any] = {"unix_time": int(unix)}
        if "format" in attrs:
            extra["date_time_format"] = attrs["format"]
        return "date_time", extra
    return None, {}


def _decode_entity(match: re.Match[str]) -> str:
    """The character an `&...;` entity stands for."""
    named, decimal, hexadecimal = match.groups()
    if named:
        return _NAMED_ENTITIES[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        raise EntityParseError(f"Invalid character reference {match.group(0)}")
    return chr(code)


def _decode_attribute(raw: str) -> str:
    """Attribute values may hold entities too; a bare `&` is kept there, as Telegram does."""
    return _ENTITY_RE.sub(_decode_entity, raw)


def parse_html(source: str) -> ParsedText:
    """Parse a `parse_mode="HTML"` text; raise EntityParseError where Telegram would."""
    return _HtmlParser(source).run()


def trim(parsed: ParsedText) -> ParsedText:
    """Drop leading and trailing whitespace, moving and clipping the entities to match."""
    text = parsed.text.strip()
    if text == parsed.text:
        return parsed
    lead = utf16_len(parsed.text[: len(parsed.text) - len(parsed.text.lstrip())])
    total = utf16_len(text)
    entities: list[Entity] = []
    for entity in parsed.entities:
        start = min(max(entity.offset - lead, 0), total)
        end = min(max(entity.offset + entity.length - lead, 0), total)
        if end > start:
            entities.append(Entity(entity.type, start, end - start, entity.extra))
    return ParsedText(text, tuple(entities))
