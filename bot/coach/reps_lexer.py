"""Tokens for rep logs: numbers, number words, keywords, labels, days and the words around them.

The text read is `read_text(message)`: normalised (see `reps_text`) and cut to MAX_INPUT_CHARS.
Numbers are ASCII digits ("12", "2.5") or the words one..twenty. A decimal comma is a decimal
after a weight marker ("@2,5", "with 2,5", "w/ 2,5") or before a unit ("2,5kg", "2,5 lbs");
elsewhere a comma separates numbers ("3x10, 10, 8", "10,10,8"). "#" straight after a number is
pounds ("10# x 12"); before a number at the start of a line it is a set label ("#1").

Set labels start a line: "Set 1:", "Set 1 -", "Set #1", "#1", "S1:", "Round 2:", "1st set:",
and "1." or "1)" when two or more lines start that way. Days, unsupported dates and times of day
are found by `reps_dates`: a day or an unsupported date becomes one token, the numbers of a time
of day become words of the note. Letters that look like digits glued to a number ("1o", "1O",
"l0", "3xl0") are a TYPO token. Everything that is neither a number, a word nor one of the
symbols × * @ , / ; & + - # (emoji, other punctuation, zero-width and control characters)
separates tokens and is otherwise ignored.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.coach.reps_dates import DayWord, date_spans, disjoint
from bot.coach.reps_text import MAX_INPUT_CHARS, read_text
from bot.coach.reps_words import NUMBER_WORDS, PHRASES, SIDES, UNITS, WORDS, Kind, words

__all__ = ["MAX_INPUT_CHARS", "NUMBER_WORDS", "Kind", "Token", "read_text", "tokenize", "words"]


class Token(NamedTuple):
    """One token: its kind, lower-cased text, span in the read text and meaning (a tuple: a
    message has hundreds of them at most, and tuples are the cheapest to make)."""

    kind: Kind
    text: str
    start: int
    end: int
    value: float | None = None
    unit: str | None = None
    side: str | None = None
    day: DayWord | None = None


_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Kind]]] = {}
for _phrase in PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0][0], []).append(_phrase)

_UNIT_WORDS = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
_TOKEN = re.compile(
    r"(?=[\w×*@,/;&+\-#])"  # a first character to look for: skips other text fast
    rf"(?:(?P<dnum>[0-9]+,[0-9]{{1,2}})(?=\s?(?:{_UNIT_WORDS})(?![^\W\d_]))"
    r"|(?P<num>[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<word>[^\W\d_]+?(?=[xX][0-9])|[^\W\d_]+(?:['’][^\W\d_]+)*)"  # "5kgx10": kg, x
    r"|(?P<sym>[×*@,/;&+\-#]))",
    re.IGNORECASE,
)
_SEP = r"[ \t]*[:.)\-–—]"
_LABEL = re.compile(
    rf"""^[ \t]*(?:
        (?:set|round|s)[ \t]*(?:\#[ \t]*[0-9]{{1,3}}(?:{_SEP})?|[0-9]{{1,3}}{_SEP})
      | \#[ \t]*[0-9]{{1,3}}(?:{_SEP})?
      | [0-9]{{1,3}}(?:st|nd|rd|th)[ \t]+(?:set|round)(?:{_SEP})?
      | (?P<bare>[0-9]{{1,3}}[.)])(?=[ \t])
    )""",
    re.IGNORECASE | re.MULTILINE | re.VERBOSE,
)
_DIGITS = re.compile(r"[0-9]+")
_GLYPHS = frozenset("oOlIоО")
_GLUED_GLYPH = re.compile(r"[0-9][oOlIоО]|[oOlIоО][0-9]")
_MAYBE_GLYPHS = (Kind.WORD, Kind.SIDE, Kind.FILLER)


def tokenize(read: str) -> list[Token]:
    """Tokens of the read text (see `read_text`): phrases merged, labels, days and dates as one
    token each, minus signs, decimal commas, pounds, time units and typos applied."""
    tokens = _overlay(_merge_phrases([_token(m) for m in _TOKEN.finditer(read)]), read)
    if any(_glued_times(t) for t in tokens):
        tokens = _split_glued_times(tokens)
    kinds = {t.kind for t in tokens}
    if "-" in read:
        tokens = _apply_minus(tokens)
    if Kind.AT in kinds:
        tokens = _decimal_commas(tokens)
    if "#" in read:
        tokens = _pounds(tokens)
    if Kind.TIMEWORD in kinds:
        tokens = _mark_time_units(tokens)
    return _mark_typos(tokens, read) if _GLUED_GLYPH.search(read) else tokens


def _token(match: re.Match[str]) -> Token:
    """One regex match as a token."""
    group = match.lastgroup
    text = match.group().lower()
    start, end = match.span()
    if group == "num" or group == "dnum":
        return Token(Kind.NUM, text, start, end, value=float(text.replace(",", ".")))
    if group == "sym":
        return Token(WORDS.get(text, Kind.WORD), text, start, end)
    if "’" in text:
        text = text.replace("’", "'")
    if text in NUMBER_WORDS:
        return Token(Kind.NUM, text, start, end, value=float(NUMBER_WORDS[text]))
    if text in UNITS:
        return Token(Kind.UNIT, text, start, end, unit=UNITS[text])
    if text in SIDES:
        return Token(Kind.SIDE, text, start, end, side=SIDES[text])
    return Token(WORDS.get(text, Kind.WORD), text, start, end)


def _glued_times(token: Token) -> bool:
    """A word that is the times sign glued to a number word: "xten" in "3xten"."""
    return token.kind is Kind.WORD and token.text[:1] == "x" and token.text[1:] in NUMBER_WORDS


def _split_glued_times(tokens: list[Token]) -> list[Token]:
    """ "3xten" reads as "3 x ten": the glued word becomes the times sign and its number, so no
    number word is swallowed into a note ("x" before a digit is split by the pattern itself)."""
    out: list[Token] = []
    for token in tokens:
        if not _glued_times(token):
            out.append(token)
            continue
        word = token.text[1:]
        out.append(Token(Kind.X, "x", token.start, token.start + 1))
        out.append(
            Token(Kind.NUM, word, token.start + 1, token.end, value=float(NUMBER_WORDS[word]))
        )
    return out


def _merge_phrases(tokens: list[Token]) -> list[Token]:
    """Replace multi-word keywords ("each leg", "one side") by single tokens."""
    merged: list[Token] = []
    i = 0
    while i < len(tokens):
        for phrase, kind in _PHRASES_BY_FIRST.get(tokens[i].text, ()):
            window = tokens[i : i + len(phrase)]
            if tuple(t.text for t in window) == phrase:
                merged.append(Token(kind, " ".join(phrase), window[0].start, window[-1].end))
                i += len(phrase)
                break
        else:
            merged.append(tokens[i])
            i += 1
    return merged


def _label_spans(read: str) -> list[tuple[int, int]]:
    """Set labels at line starts; bare "1." / "1)" only when two or more lines have one."""
    found = [(m.start(), m.end(), m.group("bare") is not None) for m in _LABEL.finditer(read)]
    bare = sum(is_bare for _, _, is_bare in found)
    return [(start, end) for start, end, is_bare in found if not is_bare or bare >= 2]


class _Span(NamedTuple):
    """A stretch of the read text that becomes one token (or, for a time of day, words)."""

    start: int
    end: int
    kind: Kind
    day: DayWord | None = None


_SPAN_KINDS = {"day": Kind.DAY, "unsupported": Kind.BAD_DATE, "time": Kind.WORD}


def _overlay(tokens: list[Token], read: str) -> list[Token]:
    """Labels, days and unsupported dates as one token each; numbers in a time of day as words.

    A token that overlaps a span belongs to it; a label wins over a date, a date over a time.
    """
    labels = [_Span(start, end, Kind.LABEL) for start, end in _label_spans(read)]
    dates = [_Span(d.start, d.end, _SPAN_KINDS[d.kind], d.day) for d in date_spans(read)]
    spans = disjoint([*labels, *dates]) if labels else dates
    if not spans:
        return tokens
    out: list[Token] = []
    k = 0
    for token in tokens:
        while k < len(spans) and spans[k].end <= token.start:
            k += 1
        if k == len(spans) or token.end <= spans[k].start:
            out.append(token)
            continue
        start, end, kind, day = spans[k]
        if kind is Kind.WORD:  # a time of day: its words and numbers are note text
            out.append(token._replace(kind=Kind.WORD))
        elif out and out[-1].kind is kind and out[-1].start == start:
            out[-1] = out[-1]._replace(end=max(out[-1].end, token.end))
        else:
            digits = _DIGITS.search(read, start, end) if kind is Kind.LABEL else None
            value = float(digits.group()) if digits else None
            text = read[start:end].strip().lower()
            out.append(Token(kind, text, start, max(end, token.end), value=value, day=day))
    return out


_NOT_BEFORE_MINUS = (Kind.NUM, Kind.SIDE, Kind.WORD)


def _apply_minus(tokens: list[Token]) -> list[Token]:
    """Read "-5" as a negative number unless the "-" joins two numbers ("10-10-8")."""
    tokens = list(tokens)
    out: list[Token] = []
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        prev = out[-1] if out else None
        if (
            token.text == "-"
            and nxt is not None
            and nxt.kind is Kind.NUM
            and nxt.start == token.end
            and nxt.value is not None
            and (prev is None or prev.kind not in _NOT_BEFORE_MINUS)
        ):
            tokens[i + 1] = nxt._replace(text="-" + nxt.text, start=token.start, value=-nxt.value)
            continue
        out.append(token)
    return out


def _decimal_commas(tokens: list[Token]) -> list[Token]:
    """ "2,5" right after a weight marker ("@2,5", "with 2,5", "w/ 2,5") is 2.5."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        window = tokens[i : i + 4]
        before = [t for t in out[-2:] if t.text != "/"]
        if (
            len(window) >= 3
            and before
            and before[-1].kind is Kind.AT
            and token.kind is Kind.NUM
            and token.text.isdigit()
            and window[1].text == ","
            and window[2].kind is Kind.NUM
            and window[2].text.isdigit()
            and len(window[2].text) <= 2
            and token.end == window[1].start
            and window[1].end == window[2].start
            and not _more_digits(window)
        ):
            text = f"{token.text}.{window[2].text}"
            out.append(token._replace(text=text, end=window[2].end, value=float(text)))
            i += 3
            continue
        out.append(token)
        i += 1
    return out


def _more_digits(window: list[Token]) -> bool:
    """Whether "a,b" goes on with ",c" right after: a list of numbers, not a decimal."""
    return len(window) == 4 and window[3].text == "," and window[3].start == window[2].end


def _pounds(tokens: list[Token]) -> list[Token]:
    """ "#" straight after a number is pounds; any other "#" is dropped."""
    out: list[Token] = []
    for token in tokens:
        if token.text != "#":
            out.append(token)
        elif out and out[-1].kind is Kind.NUM and out[-1].end == token.start:
            out.append(token._replace(kind=Kind.UNIT, unit="lb"))
    return out


def _mark_time_units(tokens: list[Token]) -> list[Token]:
    """A number followed by a time or distance unit ("2 days", "7pm") is note text, not reps."""
    out = list(tokens)
    for i in range(len(out) - 1):
        if out[i].kind is Kind.NUM and out[i + 1].kind is Kind.TIMEWORD:
            out[i] = out[i]._replace(kind=Kind.WORD)
            out[i + 1] = out[i + 1]._replace(kind=Kind.WORD)
    return out


def _mark_typos(tokens: list[Token], read: str) -> list[Token]:
    """Letters that look like digits (o O l I, Cyrillic о О) glued to a number: "1o", "1O reps",
    "l0", "3xl0". A glued "l" is the left leg when the message also names the right one
    ("l10 r9"); an "x" at the edge of the letters is the times sign ("3xl0")."""
    if not any(t.kind is Kind.NUM for t in tokens):
        return tokens
    right_named = any(t.side == "right" for t in tokens)
    out = list(tokens)
    for i, token in enumerate(tokens):
        if token.kind not in _MAYBE_GLYPHS:
            continue
        raw = read[token.start : token.end]
        glyphs = raw.removeprefix("x").removeprefix("X").removesuffix("x").removesuffix("X")
        if not glyphs or not set(glyphs) <= _GLYPHS or (raw == "l" and right_named):
            continue
        before = tokens[i - 1] if i > 0 else None
        after = tokens[i + 1] if i + 1 < len(tokens) else None
        glued_before = before is not None and before.kind is Kind.NUM and before.end == token.start
        glued_after = after is not None and after.kind is Kind.NUM and after.start == token.end
        if glued_before or glued_after:
            out[i] = token._replace(kind=Kind.TYPO)
    return out
