"""One log as a compact entry, the way a coach jots it down: "3×10", "2×10, 1×8 @2 kg", "L10/R9".

Pure: the words come from `Texts` (content/messages.yaml, the `entry.*` keys), nothing else.

* Sets of both legs in a row with the same reps and weight are one run: "3×10" (also "1×12").
* A left set next to a right set with the same weight is one pair: "L10/R9"; a lone one "L10".
* Runs in a row with the same weight share it, written once after them: "2×10, 1×8 @2 kg";
  bodyweight adds nothing. A weight is shown with its unit as typed ("@5 lb").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from bot.coach.sessions import LoggedSet, Unit
from bot.texts import Texts

Weight = tuple[float, Unit] | None


@dataclass(frozen=True, slots=True)
class _Part:
    """A both-legs set ("10"), a left/right pair or a lone one-leg set, with its weight."""

    both: int | None
    left: int | None
    right: int | None
    weight: Weight


def weight_as_typed(logged: LoggedSet) -> Weight:
    """A set's weight as the user typed it (5, "lb"); in kg when it was not typed (a workout,
    an older log); None for bodyweight."""
    if logged.weight_kg is None:
        return None
    if logged.weight_unit is not None and logged.weight_as_typed is not None:
        return logged.weight_as_typed, logged.weight_unit
    return logged.weight_kg, "kg"


def amount_text(value: float) -> str:
    """A weight's number as people write it: 2, 2.5, 1.25 (two decimals at most)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def entry_text(texts: Texts, sets: Sequence[LoggedSet]) -> str:
    """One log as a compact entry: "3×10", "3×10 @2 kg", "L10/R9", "2×10, 1×8 @5 lb"."""
    groups = []
    for weight, run in groupby(_parts(sets), lambda part: part.weight):
        written = ", ".join(_runs(texts, list(run)))
        if weight is not None:
            amount, unit = weight
            written += " " + texts(f"entry.weight.{unit}", amount=amount_text(amount))
        groups.append(written)
    return ", ".join(groups)


def _parts(sets: Sequence[LoggedSet]) -> list[_Part]:
    """The sets as parts: a left set and a right set next to each other (same weight) pair up."""
    parts: list[_Part] = []
    for logged in sets:
        weight = weight_as_typed(logged)
        last = parts[-1] if parts else None
        if logged.leg == "both":
            parts.append(_Part(logged.reps, None, None, weight))
        elif (
            last is not None
            and last.both is None
            and last.weight == weight
            and _pairs(last, logged)
        ):
            side = {"left": logged.reps} if logged.leg == "left" else {"right": logged.reps}
            parts[-1] = _Part(
                None, side.get("left", last.left), side.get("right", last.right), weight
            )
        elif logged.leg == "left":
            parts.append(_Part(None, logged.reps, None, weight))
        else:
            parts.append(_Part(None, None, logged.reps, weight))
    return parts


def _pairs(last: _Part, logged: LoggedSet) -> bool:
    """Whether a one-leg set completes the lone set before it (the other leg)."""
    if logged.leg == "left":
        return last.left is None and last.right is not None
    return last.right is None and last.left is not None


def _runs(texts: Texts, parts: list[_Part]) -> list[str]:
    """Equal parts in a row counted: "3×10", "L10/R9", "2×L10/R10"."""
    written = []
    for part, run in groupby(parts, lambda p: (p.both, p.left, p.right)):
        count = len(list(run))
        both, left, right = part
        if both is not None:
            written.append(texts("entry.run", sets=count, reps=both))
            continue
        legs = [
            texts(f"entry.{leg}", reps=reps)
            for leg, reps in (("left", left), ("right", right))
            if reps is not None
        ]
        one = "/".join(legs)
        written.append(one if count == 1 else texts("entry.repeat", sets=count, part=one))
    return written
