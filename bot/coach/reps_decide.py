"""From a structure to one result: validate each reading, ask about implausible ones, choose
between the readings of a chain, and account for every number of the text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.coach.reps_dates import DayWord
from bot.coach.reps_grammar import Structure, Weight
from bot.coach.reps_lexer import Kind, Token
from bot.coach.reps_plausible import doubt
from bot.coach.reps_readings import Reading, chain_variants, readings_for, violation, weight_kg
from bot.coach.reps_results import (
    Ambiguous,
    NumberUse,
    Parsed,
    Rejected,
    Result,
    Role,
    SetEntry,
    Unit,
)


@dataclass(frozen=True, slots=True)
class Context:
    """What every reading of one message shares."""

    tokens: list[Token]
    day: DayWord | None
    lone: bool


def decide(structure: Structure, context: Context) -> Result:
    """The result for a structure with set expressions: one per reading of its chains, then
    the one plausible reading among them, else every option."""
    outcomes = [_decide(variant, context) for variant in chain_variants(structure)]
    return outcomes[0] if len(outcomes) == 1 else _choose(outcomes)


def _choose(outcomes: Sequence[Result]) -> Result:
    """One result from the readings of a chain: the one plausible reading, else every option."""
    clean = [o for o in outcomes if isinstance(o, Parsed)]
    if len(clean) == 1:
        return clean[0]
    if clean:
        return Ambiguous("chain_order", tuple(clean))
    asking = [o for o in outcomes if isinstance(o, Ambiguous) and o.options]
    if len(asking) == 1:
        return asking[0]
    if asking:
        options = tuple(dict.fromkeys(p for a in asking for p in a.options))
        return Ambiguous("chain_order", options)
    return next((o for o in outcomes if isinstance(o, Rejected)), outcomes[0])


def _decide(structure: Structure, context: Context) -> Result:
    """Validate each reading: the first rejection if none is valid, else a result; a single
    clear reading that is implausible is asked about (see `reps_plausible`)."""
    code, readings = readings_for(structure)
    results = [_validated(r, structure, context) for r in readings]
    if code is None and len(results) == 1:
        result = results[0]
        return _plausible(result, readings[0], structure, context)
    options = tuple(r for r in results if isinstance(r, Parsed))
    if readings and not options:
        return results[0]
    return Ambiguous(code or "unclear", options)


def _plausible(result: Result, reading: Reading, structure: Structure, context: Context) -> Result:
    """`result` if it is not a plausible-looking Parsed, else the question to ask about it."""
    if not isinstance(result, Parsed):
        return result
    code = doubt([s.reps for s in result.sets], lone=context.lone)
    if code is None:
        return result
    options: list[Parsed] = [result]
    swap = reading.swapped()
    if swap is not None and code != "lone_number":
        other = _validated(swap, structure, context)
        if isinstance(other, Parsed) and doubt([s.reps for s in other.sets], lone=False) is None:
            options.append(other)
    return Ambiguous(code, tuple(options))


def _validated(reading: Reading, structure: Structure, context: Context) -> Result:
    """A reading as a Parsed result, or the first out-of-bounds number in it; "unclear" if a
    number of the text would be left out of it."""
    weights = structure.all_weights
    problem = violation(reading, weights)
    if problem is not None:
        return Rejected(problem.code, problem.value, problem.bound)
    numbers = _numbers(reading, weights, context.tokens)
    if numbers is None:
        return Ambiguous("unclear", ())
    sets = tuple(
        SetEntry(reps, leg, weight_kg(weight), *_as_typed(weight))
        for reps, leg, weight in reading.sets
    )
    typed = {(s.weight_kg, s.weight_as_typed) for s in sets}
    shared_kg, shared_typed = typed.pop() if len(typed) == 1 else (None, None)
    return Parsed(
        sets,
        shared_kg,
        _unit(weights),
        structure.note,
        weight_as_typed=shared_typed,
        day=context.day,
        numbers=numbers,
    )


def _as_typed(weight: Weight | None) -> tuple[float | None, Unit | None]:
    """A weight clause as written: the amount and its unit; (None, None) for bodyweight."""
    if weight is None or weight.amount is None:
        return None, None
    return weight.amount.value, "lb" if weight.unit == "lb" else "kg"


def _numbers(
    reading: Reading, weights: Sequence[Weight], tokens: list[Token]
) -> tuple[NumberUse, ...] | None:
    """What each number of the text became in this reading; None if a number was left out
    or used twice."""
    uses: dict[tuple[int, int], NumberUse] = {}

    def use(token: Token, role: Role, group: int | None = None) -> bool:
        span = (token.start, token.end)
        fresh = span not in uses
        uses[span] = NumberUse(token.start, token.end, role, token.value, group)
        return fresh

    fresh = True
    for group, (expr, _leg, _weight) in enumerate(reading.parts):
        if expr.sets is not None:
            fresh &= use(expr.sets, "sets", group)
        if expr.reps is not None:
            fresh &= use(expr.reps, "reps", group)
    for weight in weights:
        if weight.amount is not None:
            fresh &= use(weight.amount, "weight")
    for token in tokens:
        if token.kind is Kind.LABEL:
            fresh &= use(token, "label")
        elif token.kind is Kind.ONE_SIDE and token.text.split()[-2] == "one":
            fresh &= use(token, "leg")
        elif token.kind is Kind.WORD and token.value is not None:
            fresh &= use(token, "note")
    left_out = any(t.kind is Kind.NUM and (t.start, t.end) not in uses for t in tokens)
    if left_out or not fresh:
        return None
    return tuple(uses[span] for span in sorted(uses))


def _unit(weights: Sequence[Weight]) -> Unit | None:
    """The unit of the first weight typed, None if there was none."""
    units = [w.unit for w in weights if w.amount is not None]
    if not units:
        return None
    return "lb" if units[0] == "lb" else "kg"
