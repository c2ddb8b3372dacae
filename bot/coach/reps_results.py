"""What `parse_log` returns: the five results, their parts, and the codes they carry."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.coach.reps_dates import DayWord
from bot.coach.reps_readings import Leg

AMBIGUOUS_CODES: Mapping[str, str] = {
    "sets_or_sides": "two bare numbers: two sets on each leg, or left then right",
    "which_leg": "a leg is meant but not named, or some numbers have a leg and others not",
    "total_or_sets": "a lone number given as a total; how it splits into sets is unknown",
    "missing_reps": "sets or a weight were given but no reps per set",
    "unclear": "numbers whose structure cannot be read (a dangling '3x', a stray weight, 3x4x5x6)",
    "chain_order": "three chained numbers (3x4x12): sets x reps x weight, or weight x sets x reps",
    "lone_number": "the message is just one number (12, 100): one set of that many, to confirm",
    "one_rep": "a set of 1 rep, more often a slip (3x1 for 3x10): the reading to confirm",
    "big_set": "a set of more than MAX_PLAUSIBLE_REPS reps: the reading to confirm",
    "many_sets": "more than MAX_PLAUSIBLE_SETS sets (10x3): the reading, and its swap (3x10)",
    "typo": "letters that look like digits glued to a number (3x1o, 1O reps): ask to retype",
}
REJECTED_CODES: Mapping[str, str] = {
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
    "unsupported_date": "a date the log can't be stored for (2 days ago, last week, Dec 3, 3/12)",
}
CODES: Mapping[str, str] = {**AMBIGUOUS_CODES, **REJECTED_CODES}

Unit = Literal["kg", "lb"]
Role = Literal["sets", "reps", "weight", "label", "leg", "note"]


@dataclass(frozen=True, slots=True)
class SetEntry:
    """One set: reps on `leg` ("both" means that many on each leg), weight None for bodyweight.

    `weight_as_typed` and `weight_unit` are the weight as written ("5 lb": 5.0 and "lb"; "@ 2":
    2.0 and "kg"), None for bodyweight; `weight_kg` is the same weight in kg.
    """

    reps: int
    leg: Leg
    weight_kg: float | None
    weight_as_typed: float | None = None
    weight_unit: Unit | None = None


@dataclass(frozen=True, slots=True)
class NumberUse:
    """What one number of the read text became: a span of `read_text(message)` and its role.

    `group` numbers the expressions of the reading (sets and reps of one "3x10" share it); it is
    None for weights, labels, legs and note text.
    """

    start: int
    end: int
    role: Role
    value: float | None
    group: int | None = None


@dataclass(frozen=True, slots=True)
class Parsed:
    """A readable log. `weight_kg` is the weight shared by all sets, None if none or mixed, and
    `weight_as_typed` the same weight as written (in `original_unit`, the unit of the first
    weight typed). `day` is the day named ("today", "yesterday", 0=Monday..6=Sunday), None if
    none. `numbers` accounts for every number of the read text (not compared)."""

    sets: tuple[SetEntry, ...]
    weight_kg: float | None
    original_unit: Unit | None
    note: str | None
    weight_as_typed: float | None = None
    day: DayWord | None = None
    numbers: tuple[NumberUse, ...] = field(default=(), compare=False, repr=False)


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
