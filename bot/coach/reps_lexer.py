"""Tokens for rep logs: numbers, number words, keywords and the words around them.

Only the first `MAX_INPUT_CHARS` characters of a message are read, cut back to a token boundary
so a number is never read half. Numbers are ASCII digits ("12", "2.5", and "2,5" directly before
a weight unit) or the words one..twenty. Everything that is neither a number, a word nor one of
the symbols × * @ , / ; & + - (emoji, other punctuation, zero-width and control characters)
separates tokens and is otherwise ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import Enum

MAX_INPUT_CHARS = 200


class Kind(Enum):
    """What a token is to the grammar."""

    NUM = "num"  # a number, with `value`
    X = "x"  # sets-by-reps: x, ×, *, times, by
    SEP = "sep"  # between numbers: , / - ; & + and then
    AT = "at"  # before a weight: @, with, using, w/
    UNIT = "unit"  # kg or lb, with `unit`
    SIDE = "side"  # left or right, with `side`
    ONE_SIDE = "one_side"  # "one leg": a leg without saying which
    OTHER_SIDE = "other_side"  # "the other": the leg opposite a named one
    EACH_LEG = "each_leg"  # each leg, per side, both legs
    EACH = "each"  # a bare "each": each leg after reps, each hand after a weight
    SETS = "sets"
    OF = "of"
    REPS = "reps"  # reps, repetitions, lunges
    BODYWEIGHT = "bodyweight"
    TOTAL = "total"
    LOGWORD = "logword"  # did, done, logged: the message reports training
    FILLER = "filler"  # words that carry nothing: today, just, the
    TIMEWORD = "timeword"  # a unit that makes the number before it something else: 2 days
    WORD = "word"  # anything else: part of the note


@dataclass(frozen=True, slots=True)
class Token:
    """One token: its kind, lower-cased text, position in the message and meaning."""

    kind: Kind
    text: str
    start: int
    end: int
    value: float | None = None
    unit: str | None = None
    side: str | None = None


def words(text: str) -> tuple[str, ...]:
    """The space-separated words of a keyword list."""
    return tuple(text.split())


NUMBER_WORDS: dict[str, int] = {
    word: number
    for number, word in enumerate(
        words(
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
            "fifteen sixteen seventeen eighteen nineteen twenty"
        ),
        start=1,
    )
}

_UNITS = {
    **dict.fromkeys(("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"), "kg"),
    **dict.fromkeys(("lb", "lbs", "pound", "pounds"), "lb"),
}
_SIDES = {
    **dict.fromkeys(("left", "l", "lt"), "left"),
    **dict.fromkeys(("right", "r", "rt"), "right"),
}


def _kinds(kind: Kind, text: str) -> dict[str, Kind]:
    """Map each space-separated word to one kind."""
    return dict.fromkeys(words(text), kind)


_WORDS: dict[str, Kind] = {
    **_kinds(Kind.X, "x × * times by"),
    **_kinds(Kind.SEP, ", / - ; & + and then"),
    **_kinds(Kind.AT, "@ with using w"),
    **_kinds(Kind.EACH, "each"),
    **_kinds(Kind.SETS, "set sets round rounds"),
    **_kinds(Kind.OF, "of"),
    **_kinds(Kind.REPS, "rep reps repetition repetitions lunge lunges"),
    **_kinds(Kind.BODYWEIGHT, "bodyweight bw unweighted"),
    **_kinds(Kind.TOTAL, "total altogether overall"),
    **_kinds(Kind.LOGWORD, "did done finished completed logged log i've ive"),
    **_kinds(
        Kind.FILLER,
        "i it just today tonight this morning evening afternoon ok okay the a an for on in "
        "leg legs side sides reverse session workout dumbbell dumbbells db dbs kettlebell "
        "kettlebells kb weight weights hand hands",
    ),
    **_kinds(
        Kind.TIMEWORD,
        "day days week weeks hour hours hr hrs h min mins minute minutes second seconds sec secs "
        "s year years yr yrs month months am pm cm km m mile miles percent st nd rd th o'clock",
    ),
}

# Multi-word keywords, longest first; each becomes one token.
_PHRASES: tuple[tuple[tuple[str, ...], Kind], ...] = tuple(
    sorted(
        [
            *(
                (tuple(p.split()), Kind.EACH_LEG)
                for p in (
                    "each leg",
                    "each legs",
                    "each side",
                    "per leg",
                    "per side",
                    "a leg",
                    "a side",
                    "both legs",
                    "both sides",
                    "on each leg",
                    "on each side",
                    "on both legs",
                    "on both sides",
                    "for each leg",
                    "for each side",
                )
            ),
            *((tuple(p.split()), Kind.ONE_SIDE) for p in ("one leg", "one side", "on one leg")),
            *(
                (tuple(p.split()), Kind.OTHER_SIDE)
                for p in (
                    "the other",
                    "the other leg",
                    "the other side",
                    "other leg",
                    "other side",
                    "on the other",
                    "on the other leg",
                    "on the other side",
                )
            ),
            *(
                (tuple(p.split()), Kind.BODYWEIGHT)
                for p in (
                    "body weight",
                    "no weight",
                    "no weights",
                    "without weight",
                    "without weights",
                )
            ),
            *((tuple(p.split()), Kind.FILLER) for p in ("each hand", "per hand", "in each hand")),
            ((("in", "total")), Kind.TOTAL),
        ],
        key=lambda item: -len(item[0]),
    )
)

_PHRASES_BY_FIRST: dict[str, list[tuple[tuple[str, ...], Kind]]] = {}
for _phrase in _PHRASES:
    _PHRASES_BY_FIRST.setdefault(_phrase[0][0], []).append(_phrase)

_TOKEN = re.compile(
    r"(?P<dnum>[0-9]+,[0-9]{1,2})(?=\s?(?:kgs?|kilos?|lbs?|pounds?)(?![^\W\d_]))"
    r"|(?P<num>[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<sym>[×*@,/;&+\-])",
    re.IGNORECASE,
)
_RUN = re.compile(r"[\w.,'’]")


def head(text: str) -> str:
    """The part of `text` that is read: at most MAX_INPUT_CHARS, never cutting a token."""
    if len(text) <= MAX_INPUT_CHARS:
        return text
    cut = text[:MAX_INPUT_CHARS]
    if _RUN.match(text[MAX_INPUT_CHARS]):
        return re.sub(r"[\w.,'’]+\Z", "", cut)
    return cut


def tokenize(text: str) -> list[Token]:
    """Tokens of the head of `text`, with phrases merged, minus signs and time units applied."""
    tokens = [_token(match) for match in _TOKEN.finditer(head(text))]
    return _mark_time_units(_apply_minus(_merge_phrases(tokens)))


def _token(match: re.Match[str]) -> Token:
    """One regex match as a token."""
    text = match.group().lower().replace("’", "'")
    start, end = match.span()
    if match.lastgroup in ("num", "dnum"):
        return Token(Kind.NUM, text, start, end, value=float(text.replace(",", ".")))
    if text in NUMBER_WORDS:
        return Token(Kind.NUM, text, start, end, value=float(NUMBER_WORDS[text]))
    if text in _UNITS:
        return Token(Kind.UNIT, text, start, end, unit=_UNITS[text])
    if text in _SIDES:
        return Token(Kind.SIDE, text, start, end, side=_SIDES[text])
    return Token(_WORDS.get(text, Kind.WORD), text, start, end)


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
            tokens[i + 1] = replace(nxt, text="-" + nxt.text, start=token.start, value=-nxt.value)
            continue
        out.append(token)
    return out


def _mark_time_units(tokens: list[Token]) -> list[Token]:
    """A number followed by a time or distance unit ("2 days", "7pm") is note text, not reps."""
    out = list(tokens)
    for i in range(len(out) - 1):
        if out[i].kind is Kind.NUM and out[i + 1].kind is Kind.TIMEWORD:
            out[i] = replace(out[i], kind=Kind.WORD)
            out[i + 1] = replace(out[i + 1], kind=Kind.WORD)
    return out
