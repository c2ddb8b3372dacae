"""A small typed codec for callback data and tick payloads (in the spirit of aiogram's).

A kind is a frozen dataclass that subclasses `CallbackData` and names its prefix once:

    @dataclass(frozen=True)
    class LogUndo(CallbackData, prefix="log:undo"):
        seq: int

    LogUndo(3).pack() == "log:undo:3"
    LogUndo.unpack("log:undo:3") == LogUndo(3)
    LogUndo.unpack("log:undo:x") is None

On the wire a kind is its prefix (one or more words), then each field in declaration order,
joined by ":". Field types: `str` (any text without ":", possibly empty), `int` (a whole
number written canonically: ASCII digits, no sign, no leading zero, at most 15 digits) and
`Literal["a", "b"]` (one of those words). `pack()` raises `ValueError` for a value that cannot
be written or data over Telegram's 64-byte limit; `unpack()` and `decode()` return None for
anything that is not exactly one of their kinds (garbage, forged, truncated, wrong types) and
never raise.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, ClassVar, Literal, Self, cast, get_args, get_origin, get_type_hints

SEPARATOR = ":"
MAX_BYTES = 64  # Telegram's limit for callback_data
MAX_DIGITS = 15


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a kind: its name, and its type as `int`, `str` or the words it may be."""

    name: str
    type: type[int] | type[str]
    choices: tuple[str, ...] | None = None


class CallbackData:
    """Base of every kind of callback data (subclass it as a frozen dataclass, with `prefix`)."""

    prefix: ClassVar[str] = ""

    # Any: keyword arguments passed through to object.__init_subclass__, whatever they are.
    def __init_subclass__(cls, *, prefix: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not prefix or any(not word for word in prefix.split(SEPARATOR)):
            raise ValueError(f"{cls.__name__}: the prefix must be words joined by ':'")
        cls.prefix = prefix

    def pack(self) -> str:
        """The wire form; ValueError for an unwritable value or more than 64 bytes."""
        parts = [self.prefix]
        for spec in fields_of(type(self)):
            parts.append(_write(spec, getattr(self, spec.name)))
        data = SEPARATOR.join(parts)
        if len(data.encode("utf-8")) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: str) -> Self | None:
        """The kind read back from `data`, or None if `data` is not exactly of this kind."""
        head = cls.prefix + SEPARATOR
        specs = fields_of(cls)
        if not specs:
            return cls() if data == cls.prefix else None
        if not data.startswith(head) or len(data.encode("utf-8")) > MAX_BYTES:
            return None
        words = data[len(head) :].split(SEPARATOR)
        if len(words) != len(specs):
            return None
        values: dict[str, int | str] = {}
        for spec, word in zip(specs, words, strict=True):
            value = _read(spec, word)
            if value is None:
                return None
            values[spec.name] = value
        return cast(Callable[..., Self], cls)(**values)


def decode(data: str, kinds: Iterable[type[CallbackData]]) -> CallbackData | None:
    """`data` as the first of `kinds` that reads it, longest prefix first; None if none does."""
    for kind in sorted(kinds, key=lambda k: -len(k.prefix)):
        decoded = kind.unpack(data)
        if decoded is not None:
            return decoded
    return None


_FIELDS: dict[type[CallbackData], tuple[Field, ...]] = {}


def fields_of(kind: type[CallbackData]) -> tuple[Field, ...]:
    """The fields of a kind, in wire order; TypeError for a field type the codec cannot write."""
    known = _FIELDS.get(kind)
    if known is None:
        hints = get_type_hints(kind)
        # Any: `kind` is a dataclass type, which mypy cannot express for dataclasses.fields.
        fields = dataclasses.fields(cast(Any, kind))
        known = _FIELDS[kind] = tuple(_field(f.name, hints[f.name]) for f in fields)
    return known


def _field(name: str, hint: object) -> Field:
    if hint is int or hint is str:
        return Field(name, hint)
    words = get_args(hint)
    writable = all(isinstance(word, str) and SEPARATOR not in word for word in words)
    if get_origin(hint) is Literal and writable:
        return Field(name, str, tuple(words))
    raise TypeError(f"callback data field {name!r}: unsupported type {hint!r}")


def _write(spec: Field, value: object) -> str:
    if spec.type is int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ValueError(f"{spec.name} must be a whole number >= 0, not {value!r}")
        if len(str(value)) > MAX_DIGITS:
            raise ValueError(f"{spec.name} has more than {MAX_DIGITS} digits")
        return str(value)
    if not isinstance(value, str) or SEPARATOR in value:
        raise ValueError(f"{spec.name} must be text without {SEPARATOR!r}, not {value!r}")
    if spec.choices is not None and value not in spec.choices:
        raise ValueError(f"{spec.name} must be one of {spec.choices}, not {value!r}")
    return value


def _read(spec: Field, word: str) -> int | str | None:
    if spec.type is int:
        short = 0 < len(word) <= MAX_DIGITS and word.isascii() and word.isdigit()
        return int(word) if short and str(int(word)) == word else None
    if spec.choices is not None and word not in spec.choices:
        return None
    return word
