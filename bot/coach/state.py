"""What the engine knows about a user when an event arrives, and what it asks to change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from bot.coach.plan import WeeklyPlan
from bot.coach.screening import Result

PAUSED_INDEFINITELY = date.max


@dataclass(frozen=True, slots=True)
class Conversation:
    """The flow a user is in (e.g. "screening") and their place in it, as JSON-ready data."""

    flow: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlanState:
    """A stored weekly plan and where its reminders stand."""

    plan: WeeklyPlan
    paused_until: date | None = None
    next_fire_at: datetime | None = None

    @property
    def paused(self) -> bool:
        return self.paused_until is not None


@dataclass(frozen=True, slots=True)
class UserState:
    """A user as the engine sees them."""

    user_id: int
    chat_id: int
    first_name: str = ""
    conversation: Conversation | None = None
    screening: Result | None = None
    screening_id: int | None = None
    lesson_steps: Mapping[str, int] = field(default_factory=dict)
    plan: PlanState | None = None


@dataclass(frozen=True, slots=True)
class SaveScreening:
    """Store a finished screening."""

    result: Result


@dataclass(frozen=True, slots=True)
class ConfirmDoctorClearance:
    """Record, with its date, that a doctor cleared the user's latest screening."""


@dataclass(frozen=True, slots=True)
class EraseUser:
    """Delete every row of this user."""


@dataclass(frozen=True, slots=True)
class SaveLessonStep:
    """Remember the lesson step the user is on, to continue there later."""

    exercise_id: str
    step: int


@dataclass(frozen=True, slots=True)
class SavePlan:
    """Store the weekly plan and its next reminder (replaces any earlier plan)."""

    plan: WeeklyPlan
    next_fire_at: datetime


@dataclass(frozen=True, slots=True)
class PausePlan:
    """No reminders before the local date `until` (PAUSED_INDEFINITELY: until /resume)."""

    until: date
    next_fire_at: datetime | None


@dataclass(frozen=True, slots=True)
class ResumePlan:
    next_fire_at: datetime


@dataclass(frozen=True, slots=True)
class Snooze:
    """Remind again at `at` about the slot `slot`."""

    slot: datetime
    at: datetime


@dataclass(frozen=True, slots=True)
class CancelSnooze:
    """Skip today: drop any snoozed reminder."""


Effect = (
    SaveScreening
    | ConfirmDoctorClearance
    | EraseUser
    | SaveLessonStep
    | SavePlan
    | PausePlan
    | ResumePlan
    | Snooze
    | CancelSnooze
)
