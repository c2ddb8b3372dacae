"""Helpers shared by the rep-log tests: expected results, and the checks every reading passes."""

from __future__ import annotations

import math
import re

from bot.coach.reps import (
    LB_TO_KG,
    DayWord,
    Leg,
    Parsed,
    SetEntry,
    Unit,
    read_text,
)
from bot.coach.reps_lexer import NUMBER_WORDS

Weighed = tuple[float, float, Unit]  # in kg, as typed, the unit typed


def kg(amount: float) -> Weighed:
    """A weight typed in kg (or without a unit)."""
    return (float(amount), float(amount), "kg")


def lb(amount: float) -> Weighed:
    """A weight typed in pounds."""
    return (amount * LB_TO_KG, float(amount), "lb")


def _entry(reps: int, leg: Leg, w: Weighed | None) -> SetEntry:
    return SetEntry(reps, leg, None) if w is None else SetEntry(reps, leg, *w)


def sets(count: int, reps: int, leg: Leg = "both", w: Weighed | None = None) -> list[SetEntry]:
    """`count` equal sets."""
    return [_entry(reps, leg, w)] * count


def each(*reps: int, w: Weighed | None = None) -> list[SetEntry]:
    """One set per number, on each leg."""
    return [_entry(r, "both", w) for r in reps]


def lr(left: int, right: int) -> list[SetEntry]:
    """Left then right."""
    return [SetEntry(left, "left", None), SetEntry(right, "right", None)]


def log(*entries: list[SetEntry], note: str | None = None, day: DayWord | None = None) -> Parsed:
    """A Parsed result from groups of sets: the shared weight is the one all sets have (None if
    they differ), the unit that of the first weighted set."""
    flat = tuple(entry for group in entries for entry in group)
    weights = {(s.weight_kg, s.weight_as_typed) for s in flat}
    shared_kg, shared_typed = weights.pop() if len(weights) == 1 else (None, None)
    unit = next((s.weight_unit for s in flat if s.weight_unit is not None), None)
    return Parsed(flat, shared_kg, unit, note, weight_as_typed=shared_typed, day=day)


THREE_TENS = log(sets(3, 10))

_DIGIT_RUN = re.compile(r"[0-9]+")
_DIGITS = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
_LETTERS = re.compile(r"[^\W\d_]+")
_NUMBER_WORD = re.compile(
    r"(?<![\w'’])(?:" + "|".join(NUMBER_WORDS) + r")(?![\w'’])", re.IGNORECASE
)


def numbers_in(text: str) -> set[float]:
    """Every number written in `text`: digit runs, decimals and the words one..twenty."""
    found = {float(m.replace(",", ".")) for m in _DIGITS.findall(text)}
    found |= {float(m) for m in _DIGIT_RUN.findall(text)}
    # A number word may be glued to the times sign on either side: "eightx1", "3xten".
    parts = (p for w in _LETTERS.findall(text.lower()) for p in (w, *re.split("[xх]", w)))
    found |= {float(NUMBER_WORDS[p]) for p in parts if p in NUMBER_WORDS}
    return found


def assert_nothing_invented(text: str, parsed: Parsed) -> None:
    """Each reps value and each weight (as typed, and in kg) is a number written in the text."""
    written = numbers_in(read_text(text))
    for entry in parsed.sets:
        assert float(entry.reps) in written, (text, entry)
        if entry.weight_kg is not None:
            typed = entry.weight_as_typed
            assert typed is not None, (text, entry)
            assert any(math.isclose(typed, n, rel_tol=1e-9) for n in written), (text, entry)
            factor = LB_TO_KG if entry.weight_unit == "lb" else 1.0
            assert math.isclose(entry.weight_kg, typed * factor, rel_tol=1e-9), (text, entry)


def _number(piece: str) -> float:
    """The number a piece of text holds: digits (a decimal comma or point) or a number word."""
    word = piece.strip().lower()
    return float(NUMBER_WORDS[word]) if word in NUMBER_WORDS else float(word.replace(",", "."))


def assert_every_number_accounted(text: str, parsed: Parsed) -> None:
    """Every number of the read text has one role in the reading: set count, reps, weight,
    label, "one" of "one leg", or note text; the sets are exactly the ones its roles build."""
    read = read_text(text)
    uses = sorted(parsed.numbers, key=lambda u: u.start)
    for a, b in zip(uses, uses[1:], strict=False):
        assert a.end <= b.start, ("a number used twice", text, a, b)
    found = [m.span() for m in _DIGIT_RUN.finditer(read)]
    found += [m.span() for m in _NUMBER_WORD.finditer(read)]
    for start, end in found:
        assert any(u.start <= start and end <= u.end for u in uses), (
            "a number left out",
            text,
            read[start:end],
        )
    built: dict[int, tuple[int, int]] = {}
    weights: set[float] = set()
    for use in uses:
        piece = read[use.start : use.end]
        if use.role in ("sets", "reps", "weight"):
            assert use.value is not None
            assert math.isclose(_number(piece), abs(use.value)), (text, use, piece)
        if use.role in ("sets", "reps"):
            assert use.group is not None
            count, reps = built.get(use.group, (1, 0))
            value = int(use.value or 0)
            built[use.group] = (value, reps) if use.role == "sets" else (count, value)
        elif use.role == "weight":
            weights.add(abs(use.value or 0))
        elif use.role == "note":
            assert parsed.note is not None, (text, use)
            assert piece in parsed.note, (text, use, parsed.note)
        elif use.role == "label":
            line_start = read.rfind("\n", 0, use.start) + 1
            assert not any(c.isdigit() for c in read[line_start : use.start]), (text, use)
        else:
            assert use.role == "leg", (text, use)
            assert piece.lower().split()[-2] == "one", (text, use)
    expected = [reps for _, (count, reps) in sorted(built.items()) for _ in range(count)]
    assert [s.reps for s in parsed.sets] == expected, (text, parsed.sets, built)
    for entry in parsed.sets:
        typed = entry.weight_as_typed
        assert typed is None or any(math.isclose(typed, w) for w in weights), (text, entry)
