"""A logged training session, as progression, statistics and charts read it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

Feel = Literal["easy", "right", "hard"]
Leg = Literal["both", "left", "right"]
Unit = Literal["kg", "lb"]


@dataclass(frozen=True, slots=True)
class LoggedSet:
    """One set: reps on each leg ("both") or on one leg, optional weight in kg.

    `weight_as_typed` and `weight_unit` are the weight as the user wrote it ("5 lb"), so it is
    shown back in that unit; None (a workout, an older log) means the weight shows in kg.
    """

    reps: int
    leg: Leg = "both"
    weight_kg: float | None = None
    weight_as_typed: float | None = None
    weight_unit: Unit | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """What a session asks for: sets x reps per leg, with an optional dumbbell weight."""

    sets: int
    reps: int
    weight_kg: float | None = None


@dataclass(frozen=True, slots=True)
class Session:
    """One session's log: its local date, the sets done, how it felt, any pain reported."""

    id: int
    local_date: date
    logged_at: datetime
    sets: tuple[LoggedSet, ...]
    target: Target | None = None
    feel: Feel | None = None
    pain: bool = False
    note: str | None = None

    def reps_per_leg(self) -> int:
        """Total reps on each leg: a "both" set counts for each leg, a one-leg set for half."""
        both = sum(s.reps for s in self.sets if s.leg == "both")
        left = sum(s.reps for s in self.sets if s.leg == "left")
        right = sum(s.reps for s in self.sets if s.leg == "right")
        return both + min(left, right) if left and right else both + max(left, right) // 2

    def completed(self) -> bool:
        """Every prescribed rep was done (each set reached the target's reps, enough sets)."""
        if self.target is None:
            return False
        full = [s for s in self.sets if s.leg == "both" and s.reps >= self.target.reps]
        return len(full) >= self.target.sets
