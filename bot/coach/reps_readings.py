"""From a parsed structure to readings (which leg, which weight) and their bounds checks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import product
from typing import Literal, TypeVar

from bot.coach.reps_grammar import Expr, SideMark, Structure, Weight
from bot.coach.reps_lexer import Token

MAX_REPS_PER_SET = 100
MAX_SETS = 20
MAX_WEIGHT_KG = 100
LB_TO_KG = 0.45359237

Leg = Literal["both", "left", "right"]
_LEGS: dict[str, Leg] = {"left": "left", "right": "right"}
_OPPOSITE: dict[str, str] = {"left": "right", "right": "left"}
_SMALL_SET_COUNT = 5  # "3 10" may mean 3 sets of 10; "8 10" is not read as 8 sets

M = TypeVar("M", Weight, SideMark)


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a message: each expression with its leg and weight clause."""

    parts: tuple[tuple[Expr, Leg, Weight | None], ...]

    @property
    def sets(self) -> list[tuple[int, Leg, Weight | None]]:
        """The sets as (reps, leg, weight clause), expanded; for readings without violations."""
        out: list[tuple[int, Leg, Weight | None]] = []
        for expr, leg, weight in self.parts:
            assert expr.reps is not None, "readings_for keeps only expressions with reps"
            count = 1 if expr.sets is None else int(_value(expr.sets))
            out.extend([(int(_value(expr.reps)), leg, weight)] * count)
        return out

    def swapped(self) -> Reading | None:
        """ "a x b" read the other way round (b sets of a), for a one-expression reading; not
        for a chain or a weight-first row, whose readings are those of the grammar."""
        if len(self.parts) != 1:
            return None
        expr, leg, weight = self.parts[0]
        if expr.sets is None or expr.reps is None or expr.weight is not None:
            return None
        if expr.sets.value == expr.reps.value:
            return None
        return Reading(((expr._replace(sets=expr.reps, reps=expr.sets), leg, weight),))


@dataclass(frozen=True, slots=True)
class Violation:
    """A number out of bounds: the CODES key, the number as typed (weights in kg), the bound."""

    code: str
    value: float
    bound: float | None


def weight_kg(weight: Weight | None) -> float | None:
    """A weight clause in kg; None for bodyweight or no weight."""
    if weight is None or weight.amount is None:
        return None
    amount = _value(weight.amount)
    return amount * LB_TO_KG if weight.unit == "lb" else amount


def chain_variants(structure: Structure) -> list[Structure]:
    """The structure once for each reading of its chains without a unit ("3x10x20": sets x
    reps x weight, or weight x sets x reps); just the structure when it has none. More than
    two such chains in one message are not guessed at: they are dangling."""
    chains = [k for k, e in enumerate(structure.exprs) if e.alternative is not None]
    if not chains:
        return [structure]
    if len(chains) > 2:
        exprs = tuple(e._replace(dangling=True, alternative=None) for e in structure.exprs)
        return [replace(structure, exprs=exprs)]
    variants = []
    for choice in product((False, True), repeat=len(chains)):
        chosen = list(structure.exprs)
        for k, other in zip(chains, choice, strict=True):
            alternative = chosen[k].alternative
            assert alternative is not None
            chosen[k] = alternative if other else chosen[k]._replace(alternative=None)
        variants.append(replace(structure, exprs=tuple(chosen)))
    return variants


def readings_for(structure: Structure) -> tuple[str | None, list[Reading]]:
    """The ambiguity code (None if clear) and the readings of a structure without chains left
    to choose (see `chain_variants`)."""
    exprs = structure.exprs
    if any(e.dangling for e in exprs):
        return "unclear", []
    if any(e.reps is None for e in exprs):
        return "missing_reps", []
    weights = _attach_weights(exprs, structure.weights)
    if weights is None:
        return "unclear", []
    if structure.sides:
        return _sided(structure, weights)
    both = _reading(exprs, ["both"] * len(exprs), weights)
    bare = all(e.sets is None and e.weight is None for e in exprs) and not structure.labels
    if bare and len(exprs) == 1 and structure.total and not structure.each_leg:
        return "total_or_sets", [both]
    if bare and len(exprs) == 2 and not structure.each_leg:
        return "sets_or_sides", [both, *_two_number_readings(exprs, weights)]
    return None, [both]


def violation(reading: Reading, weights: Sequence[Weight]) -> Violation | None:
    """The first out-of-bounds number in a reading, in text order, then the set total."""
    for expr, _leg, _weight in reading.parts:
        if expr.sets is not None:
            problem = _count_problem(_value(expr.sets), "sets", MAX_SETS)
            if problem is not None:
                return problem
        if expr.reps is not None:
            problem = _count_problem(_value(expr.reps), "reps", MAX_REPS_PER_SET)
            if problem is not None:
                return problem
    for weight in weights:
        kg = weight_kg(weight)
        if kg is not None and kg <= 0:
            return Violation("weight_not_positive", kg, 0.0)
        if kg is not None and kg > MAX_WEIGHT_KG:
            return Violation("weight_too_heavy", kg, float(MAX_WEIGHT_KG))
    total = sum(1 if e.sets is None else int(_value(e.sets)) for e, _, _ in reading.parts)
    if total > MAX_SETS:
        return Violation("too_many_sets", float(total), float(MAX_SETS))
    return None


def _count_problem(value: float, what: str, most: int) -> Violation | None:
    """Checks for a set count or a rep count: below 1, fractional, above `most`."""
    if value < 0:
        return Violation(f"negative_{what}", value, 1.0)
    if value == 0:
        return Violation(f"zero_{what}", value, 1.0)
    if value != int(value):
        return Violation(f"fractional_{what}", value, None)
    if value > most:
        return Violation(f"too_many_{what}", value, float(most))
    return None


def _value(token: Token) -> float:
    """The number a NUM token holds."""
    assert token.value is not None
    return token.value


def _reading(
    exprs: Sequence[Expr], legs: Sequence[Leg], weights: Sequence[Weight | None]
) -> Reading:
    """Expressions zipped with their legs and weights."""
    return Reading(tuple(zip(exprs, legs, weights, strict=True)))


def _attach_weights(exprs: Sequence[Expr], weights: Sequence[Weight]) -> list[Weight | None] | None:
    """Each expression's weight clause; None (the list) if a clause applies to nothing.

    A weight bound to an expression ("5 kg x 10") is its own. Of the free clauses, one weight,
    or several equal ones, apply to every other set; different weights apply to the sets next
    to them (see `_nearest`), and sets out of their reach have no weight.
    """
    free = [e for e in exprs if e.weight is None]
    if weights and not free:
        return None
    if len({_weight_key(w) for w in weights}) <= 1:
        found: list[Weight | None] = [weights[0] if weights else None] * len(free)
    else:
        found = _nearest(free, weights)
        if not _all_used(weights, found):
            return None
    rest = iter(found)
    return [e.weight if e.weight is not None else next(rest) for e in exprs]


def _nearest(exprs: Sequence[Expr], marks: Sequence[M]) -> list[M | None]:
    """Marks written before the first expression apply forward ("left 10 10 right 9"), marks
    written after it apply backward ("10 10 left 9 right"); expressions out of reach get None.
    """
    forward = marks[0].at < exprs[0].at
    out: list[M | None] = []
    for expr in exprs:
        if forward:
            before = [m for m in marks if m.at < expr.at]
            out.append(before[-1] if before else None)
        else:
            after = [m for m in marks if m.at > expr.at]
            out.append(after[0] if after else None)
    return out


def _all_used(marks: Sequence[M], found: Sequence[M | None]) -> bool:
    """Whether every mark was given to at least one expression."""
    used = {m.at for m in found if m is not None}
    return all(m.at in used for m in marks)


def _weight_key(weight: Weight) -> tuple[float | None, str | None]:
    """What makes two weight clauses the same weight."""
    return (None if weight.amount is None else weight.amount.value, weight.unit)


def _sided(structure: Structure, weights: list[Weight | None]) -> tuple[str | None, list[Reading]]:
    """Readings for a message that names legs ("one leg" and "the other" included)."""
    named = {m.side for m in structure.sides}
    real = named & {"left", "right"}
    if named == real:
        return _sided_with(structure, weights, {})
    if len(real) == 2:
        return "which_leg", []
    if real:
        other = _OPPOSITE[next(iter(real))]
        return _sided_with(structure, weights, {"one": other, "other": other})
    readings: list[Reading] = []
    for one, other in (("left", "right"), ("right", "left")):
        readings += _sided_with(structure, weights, {"one": one, "other": other})[1]
    return "which_leg", readings


def _sided_with(
    structure: Structure, weights: list[Weight | None], names: dict[str, str]
) -> tuple[str | None, list[Reading]]:
    """The reading once unnamed legs are mapped to left or right by `names`.

    A set out of reach of every named leg goes to the opposite leg when only one leg is named
    ("10 left 9"), and the result is "which_leg" to confirm.
    """
    marks = [SideMark(m.at, names.get(m.side, m.side)) for m in structure.sides]
    found = _nearest(structure.exprs, marks)
    sides = {m.side for m in found if m is not None}
    missing = None in found
    if not _all_used(marks, found) or (missing and len(sides) != 1):
        return "which_leg", []
    fill = _OPPOSITE[next(iter(sides))] if missing else "both"
    legs = [_LEGS[m.side if m is not None else fill] for m in found]
    return ("which_leg" if missing else None), [_reading(structure.exprs, legs, weights)]


def _two_number_readings(exprs: Sequence[Expr], weights: list[Weight | None]) -> list[Reading]:
    """For "a b": left a then right b, and when it looks like a set count, a sets of b."""
    readings = [_reading(exprs, ["left", "right"], weights)]
    first, second = (_value(e.reps) for e in exprs if e.reps is not None)
    if 1 <= first <= _SMALL_SET_COUNT and first < second:
        merged = Expr(exprs[0].at, exprs[0].reps, exprs[1].reps)
        readings.append(_reading([merged], ["both"], weights[:1]))
    return readings
