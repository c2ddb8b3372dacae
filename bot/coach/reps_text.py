"""The text of a rep log as the lexer reads it: normalised, cut to MAX_INPUT_CHARS.

Users type on many keyboards. Before anything is read, a message is normalised:

- Unicode NFKC: full-width "３x１０" and "㎏" become "3x10" and "kg";
- decimal digits of any script become ASCII ("٣x١٠", "۳x۱۰", "३x१०" read as "3x10"), and the
  Arabic decimal separator "٫" a point;
- look-alike times signs (✕ ✖ ⨯) become "×", and a Cyrillic "х"/"Х" standing between or next
  to digits ("3х10", "3 Х 10") an "x" (a Cyrillic word such as "хорошо" is left alone);
- units written without spaces in scripts that use none ("5公斤", "5キロ") get spaces around
  them, so that they are words of their own.

Every position, span and note is in this normalised text (`read_text`). Only its first
MAX_INPUT_CHARS characters are read, cut back to a whole token, so work per message is capped.
"""

from __future__ import annotations

import re
import unicodedata

# Enough for a list of six sets pasted from another app ("Set 1: 12.5 lb x 10 reps" is 25
# characters a line) with a heading of a line or two; a 4096-character message still reads in
# well under a millisecond.
MAX_INPUT_CHARS = 300
# NFKC composes at most a few characters into one (Hangul jamo: 3 into 1), so this much raw
# text always fills MAX_INPUT_CHARS when the message is that long.
_RAW_CAP = 4 * MAX_INPUT_CHARS
_PIECE = 32  # characters normalised at a time when NFKC has work to do

_TIMES_SIGNS = str.maketrans({"✕": "×", "✖": "×", "⨯": "×", "╳": "×", "٫": "."})
_LOOK_ALIKE = re.compile("[✕✖⨯╳٫]")
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
_CYRILLIC_X = re.compile(r"(?<![^\W\d_])[хХ](?![^\W\d_])")
_UNSPACED_UNITS = re.compile(r"公斤|千克|キロ|ポンド|磅")
_RUN = re.compile(r"[\w.,'’]")
_TAIL = re.compile(r"[\w.,'’]+\Z")


def normalize(text: str) -> str:
    """`text` with the keyboard differences above removed; ASCII text is returned as is."""
    return _scripts(text if text.isascii() else unicodedata.normalize("NFKC", text))


def _nfkc_head(text: str) -> tuple[str, bool]:
    """NFKC of the start of `text`, at least MAX_INPUT_CHARS + 1 characters of it if there are
    that many, and whether the whole text was used. Text that NFKC expands ("ﷺ" is 18
    characters) is normalised in small pieces, only as far as needed."""
    raw = text[: MAX_INPUT_CHARS + 1]
    if raw.isascii() or unicodedata.is_normalized("NFKC", raw):
        return raw, len(raw) == len(text)
    parts: list[str] = []
    size = i = 0
    while size <= MAX_INPUT_CHARS and i < min(len(text), _RAW_CAP):
        j = i + _PIECE
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1  # a mark stays with the character it belongs to
        parts.append(unicodedata.normalize("NFKC", text[i:j]))
        size += len(parts[-1])
        i = j
    return "".join(parts), i >= len(text)


def _scripts(text: str) -> str:
    """Look-alike times signs as "×", digits of other scripts as ASCII, a Cyrillic "х" by
    digits as "x", units of scripts without spaces spaced."""
    if text.isascii():
        return text
    if _LOOK_ALIKE.search(text):
        text = text.translate(_TIMES_SIGNS)
    text = _OTHER_DIGIT.sub(_ascii_digit, text)
    if "х" in text or "Х" in text:
        text = _CYRILLIC_X.sub("x", text)
    return _UNSPACED_UNITS.sub(r" \g<0> ", text)


def _ascii_digit(match: re.Match[str]) -> str:
    """A decimal digit of any script as its ASCII digit."""
    return str(unicodedata.decimal(match.group(), 0))


def read_text(text: str) -> str:
    """The part of `text` that is read, normalised: at most MAX_INPUT_CHARS, never cutting a
    token (a number cut at the limit is dropped whole)."""
    norm, whole = _nfkc_head(text)
    norm = _scripts(norm[: MAX_INPUT_CHARS + 1])
    if len(norm) > MAX_INPUT_CHARS:
        cut = norm[:MAX_INPUT_CHARS]
        return _TAIL.sub("", cut) if _RUN.match(norm[MAX_INPUT_CHARS]) else cut
    return norm if whole else _TAIL.sub("", norm)  # the last piece may end inside a token
