"""Rep logs typed in chat, read into sets: "3x10", "left 10 right 9", "3x12 @ 5lb felt easy".

`parse_log` returns exactly one of:

- `Parsed`: the sets, in the order written. Reps are per leg: "3x10" is three sets of 10 on each
  leg (leg "both"), which is how the coach prescribes them.
- `Ambiguous`: two or more readings are plausible, or the numbers cannot be placed. `options`
  holds every valid reading (possibly one, to confirm; possibly none, to ask again).
- `Rejected`: a number is out of bounds; `value` and `bound` are as typed, weights in kg.
- `Done`: "done", "did it", "finished": today's prescribed sets (the caller confirms first).
- `NotALog`: not a log at all ("hello", a question, "I'm 45").

Readings of unclear phrasings:

- Two bare numbers ("10 10", "10-9") are `Ambiguous("sets_or_sides")`: two sets on each leg, or
  left then right; when the first is 5 or less and smaller than the second ("3 10") a third
  option is that many sets of the second.
- Three or more bare numbers ("10 10 8", "10-10-8") are sets, never a range.
- A lone number ("did 30", "30 reps", "30") is one set of that many reps on each leg. Marked as a
  total ("30 in total") it is `Ambiguous("total_or_sets")` with that one reading to confirm: the
  split into sets is never guessed.
- "one leg" and "the other" without naming left or right are `Ambiguous("which_leg")`.
- "@ 5" without a unit is kg; a weight applies to every set unless the message gives several.
- A message ending in "?" or starting with a question word is `NotALog`.

Every number in a `Parsed` result (reps, and each weight in the unit typed) appears in the text
as digits or as a number word (one..twenty): nothing is ever invented. Only the first
MAX_INPUT_CHARS characters are read (cut back to a whole token), so work per message is capped:
ordinary messages take tens of microseconds, and even a 4096-character one under a millisecond.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from bot.coach.reps_grammar import Structure, parse_structure
from bot.coach.reps_lexer import MAX_INPUT_CHARS, Kind, Token, tokenize, words
from bot.coach.reps_readings import (
    LB_TO_KG,
    MAX_REPS_PER_SET,
    MAX_SETS,
    MAX_WEIGHT_KG,
    Leg,
    Reading,
    readings_for,
    violation,
)

__all__ = [
    "CODES",
    "LB_TO_KG",
    "MAX_INPUT_CHARS",
    "MAX_REPS_PER_SET",
    "MAX_SETS",
    "MAX_WEIGHT_KG",
    "Ambiguous",
    "Done",
    "Leg",
    "NotALog",
    "Parsed",
    "Rejected",
    "Result",
    "SetEntry",
    "Unit",
    "parse_log",
]

CODES: Mapping[str, str] = {
    # Ambiguous
    "sets_or_sides": "two bare numbers: two sets on each leg, or left then right",
    "which_leg": "a leg is meant but not named, or some numbers have a leg and others not",
    "total_or_sets": "a lone number given as a total; how it splits into sets is unknown",
    "missing_reps": "sets or a weight were given but no reps per set",
    "unclear": "numbers whose structure cannot be read (a dangling '3x', a stray weight)",
    # Rejected
    "zero_sets": "a set count of 0",
    "negative_sets": "a set count below 0",
    "fractional_sets": "a set count that is not a whole number",
    "too_many_sets": "more than MAX_SETS sets in one log",
    "zero_reps": "a set of 0 reps",
    "negative_reps": "a set with fewer than 0 reps",
    "fractional_reps": "a rep count that is not a whole number",
    "too_many_reps": "more than MAX_REPS_PER_SET reps in one set",
    "weight_not_positive": "a weight of 0 or less",
    "weight_too_heavy": "a weight above MAX_WEIGHT_KG (value and bound in kg)",
}

Unit = Literal["kg", "lb"]

_QUESTION_WORDS = frozenset(
    words(
        "what how why when where who which should can could would will shall is are am do does may "
        "help"
    )
)
_DONE_CORE = frozenset({"done", "did", "finished", "completed"})
_DONE_WORDS = _DONE_CORE | frozenset(
    words(
        "it i i've ive all today for just yes yep ok okay the my lunges lunge reverse session "
        "workout them that and we are i'm im today's set sets"
    )
)


@dataclass(frozen=True, slots=True)
class SetEntry:
    """One set: reps on `leg` ("both" means that many on each leg), weight None for bodyweight."""

    reps: int
    leg: Leg
    weight_kg: float | None


@dataclass(frozen=True, slots=True)
class Parsed:
    """A readable log. `weight_kg` is the weight shared by all sets, None if none or mixed."""

    sets: tuple[SetEntry, ...]
    weight_kg: float | None
    original_unit: Unit | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Ambiguous:
    """Several readings (or none that can be trusted); `code` is a key of CODES."""

    code: str
    options: tuple[Parsed, ...]


@dataclass(frozen=True, slots=True)
class Rejected:
    """An out-of-bounds number; `code` is a key of CODES."""

    code: str
    value: float | None
    bound: float | None


@dataclass(frozen=True, slots=True)
class Done:
    """The user says today's prescribed sets are done."""


@dataclass(frozen=True, slots=True)
class NotALog:
    """The message is not a rep log."""


Result = Parsed | Ambiguous | Rejected | Done | NotALog


def parse_log(text: str) -> Result:
    """Read a rep log from a chat message; never raises."""
    tokens = tokenize(text)
    if _is_question(text, tokens):
        return NotALog()
    if not any(t.kind is Kind.NUM for t in tokens):
        return Done() if _is_done(tokens) else NotALog()
    structure = parse_structure(tokens, text)
    if not structure.exprs:
        return Ambiguous("missing_reps", ()) if structure.weights else NotALog()
    if _is_chatter(structure):
        return NotALog()
    code, readings = readings_for(structure)
    return _decide(code, readings, structure)


def _is_question(text: str, tokens: list[Token]) -> bool:
    """A question, not a report: ends with "?" or starts with a question word."""
    said = [t.text for t in tokens if t.kind is not Kind.SEP]
    return text[:MAX_INPUT_CHARS].rstrip().endswith("?") or (
        bool(said) and said[0] in _QUESTION_WORDS
    )


def _is_done(tokens: list[Token]) -> bool:
    """Only done-words ("done", "did it", "all finished for today")."""
    said = {t.text for t in tokens if t.kind is not Kind.SEP}
    return bool(said & _DONE_CORE) and said <= _DONE_WORDS


def _is_chatter(structure: Structure) -> bool:
    """Bare numbers after unknown words, with nothing saying it is a log ("I'm 45")."""
    bare = all(e.sets is None for e in structure.exprs)
    return bare and not structure.intent and structure.words_before_numbers


def _decide(code: str | None, readings: list[Reading], structure: Structure) -> Result:
    """Validate each reading: the first rejection if none is valid, else a result."""
    if code is None and len(readings) == 1:
        return _validated(readings[0], structure)
    results = [_validated(r, structure) for r in readings]
    options = tuple(r for r in results if isinstance(r, Parsed))
    if readings and not options:
        return results[0]
    return Ambiguous(code or "unclear", options)


def _validated(reading: Reading, structure: Structure) -> Parsed | Rejected:
    """A reading as a Parsed result, or the first out-of-bounds number in it."""
    problem = violation(reading, structure.weights)
    if problem is not None:
        return Rejected(problem.code, problem.value, problem.bound)
    sets = tuple(SetEntry(reps, leg, weight) for reps, leg, weight in reading.sets)
    weights = {s.weight_kg for s in sets}
    shared = weights.pop() if len(weights) == 1 else None
    return Parsed(sets, shared, _unit(structure), structure.note)


def _unit(structure: Structure) -> Unit | None:
    """The unit of the first weight typed, None if there was none."""
    units = [w.unit for w in structure.weights if w.amount is not None]
    if not units:
        return None
    return "lb" if units[0] == "lb" else "kg"
