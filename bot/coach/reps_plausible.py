"""What a person plausibly did in one log: anything else is asked about before it is stored.

Where the ranges come from: the coach prescribes 3 sets of 10-15 reps per leg, 3-4 days a week,
and beginners start at 3 x 10 (content/exercises/reverse-lunge.yaml, "Sets, reps and rest";
docs/content-sources.md). The ranges leave room on both sides of that: up to twice the sets and
twice the top of the rep range. Numbers outside them are far more often a slip ("3x1" for 3x10,
"10x3" for 3x10, "100" for a total) than a workout, so the parser returns them as a reading to
confirm instead of storing them. They are not the bounds (MAX_SETS, MAX_REPS_PER_SET): a number
past a bound is refused; a number outside these ranges is only asked about.
"""

from __future__ import annotations

from collections.abc import Sequence

MIN_PLAUSIBLE_REPS = 2  # a set of 1 rep is nearly always a slip ("3x1", "1o" for 10)
MAX_PLAUSIBLE_REPS = 30  # twice the top of the prescribed 10-15 reps per set
MAX_PLAUSIBLE_SETS = 6  # twice the prescribed 3 sets in one log


def doubt(reps: Sequence[int], *, lone: bool) -> str | None:
    """The CODES key of the question to ask before storing these sets (reps per set, in
    order), None if they are plausible. `lone`: the message was just one bare number."""
    if lone:
        return "lone_number"
    if len(reps) > MAX_PLAUSIBLE_SETS:
        return "many_sets"
    if any(r > MAX_PLAUSIBLE_REPS for r in reps):
        return "big_set"
    if any(r < MIN_PLAUSIBLE_REPS for r in reps):
        return "one_rep"
    return None
