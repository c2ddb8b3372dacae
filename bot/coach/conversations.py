"""Where a user is in a conversation: one frozen dataclass per flow and stage.

A user is in at most one conversation (`UserState.conversation`). Each class names its
conversation in `flow` (the engine routes typed text by it; it is also the `users.flow`
column) and holds only what its stage needs, so a stage's fields exist only in that stage.
`bot/coach/conversation_json.py` reads and writes them as the `users.flow_state` JSON.

    screening         AnsweringScreening
    doctor_clearance  AskingClearance
    better            AskingAgain
    delete            ConfirmingDelete
    schedule          PickingDays -> PickingTime -> PickingZone -> ConfirmingPlan
    workout           WarmingUp -> DoingSet (-> CountingFewer) -> Resting -> ... -> RatingFeel
    log_choose        ChoosingReading
    log_edit          EditingLog
    log_done          ConfirmingDone
    log_forwarded     ConfirmingForwarded
    log_zone          AskingLogZone
    redflag_easing    AskingEasing
    pain_rating       RatingPain (after a workout's last set: the workout to finish)
    coach_invite      ConsideringInvite
    to_coach          WritingToCoach
    to_client         WritingToClient
    coach_target      SettingTarget
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from typing import ClassVar, TypeAlias

from bot.coach.plan import WeeklyPlan
from bot.coach.reps_dates import DayWord
from bot.coach.screening import Progress
from bot.coach.sessions import LoggedSet, Target

# --- screening, doctor's clearance, /delete -------------------------------------------------


@dataclass(frozen=True, slots=True)
class AnsweringScreening:
    """The question being asked and the answers so far, for the questions of `version`.

    `version` is the screening content version the answers belong to (None if unknown): when
    the questions changed since, the screening starts over.
    """

    flow: ClassVar[str] = "screening"
    progress: Progress
    version: str | None


@dataclass(frozen=True, slots=True)
class AskingClearance:
    """Asked whether a doctor or physiotherapist cleared the user; waiting for yes or no."""

    flow: ClassVar[str] = "doctor_clearance"


@dataclass(frozen=True, slots=True)
class AskingAgain:
    """One screening question asked again alone ("I feel better"); waiting for yes or no."""

    flow: ClassVar[str] = "better"
    question: str


@dataclass(frozen=True, slots=True)
class ConfirmingDelete:
    """/delete asked for a confirmation."""

    flow: ClassVar[str] = "delete"


# --- schedule -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PickingDays:
    """Toggling training days (0 = Monday).

    `change`: the plan being confirmed, when only its days are being changed; once the days
    are chosen the confirmation comes back with its time and time zone.
    """

    flow: ClassVar[str] = "schedule"
    days: frozenset[int]
    change: WeeklyPlan | None = None


@dataclass(frozen=True, slots=True)
class PickingTime:
    """Days chosen; asking for the reminder time.

    `change`: the plan being confirmed, when only its time is being changed (as `PickingDays`).
    """

    flow: ClassVar[str] = "schedule"
    days: frozenset[int]
    change: WeeklyPlan | None = None


@dataclass(frozen=True, slots=True)
class PickingZone:
    """Days and local time chosen; asking for the time zone (also when only it is changed)."""

    flow: ClassVar[str] = "schedule"
    days: frozenset[int]
    at: time


@dataclass(frozen=True, slots=True)
class ConfirmingPlan:
    """The whole plan shown with its next reminders; waiting for Confirm or Change."""

    flow: ClassVar[str] = "schedule"
    plan: WeeklyPlan


ScheduleState: TypeAlias = PickingDays | PickingTime | PickingZone | ConfirmingPlan

# --- guided workout -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class WarmingUp:
    """The warm-up prompt for today's target."""

    flow: ClassVar[str] = "workout"
    target: Target


@dataclass(frozen=True, slots=True)
class DoingSet:
    """Set number `len(done)` (0-based) is under way; `done` holds the reps of earlier sets."""

    flow: ClassVar[str] = "workout"
    target: Target
    done: tuple[int, ...]

    @property
    def number(self) -> int:
        """The 0-based number of the set under way."""
        return len(self.done)


@dataclass(frozen=True, slots=True)
class CountingFewer:
    """Fewer reps than the target in set `len(done)`: waiting for how many."""

    flow: ClassVar[str] = "workout"
    target: Target
    done: tuple[int, ...]

    @property
    def number(self) -> int:
        """The 0-based number of the set being counted."""
        return len(self.done)


@dataclass(frozen=True, slots=True)
class Resting:
    """Resting after `len(done)` sets; the "rest" timer brings the next one."""

    flow: ClassVar[str] = "workout"
    target: Target
    done: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class RatingFeel:
    """Every set done: asking how it felt before the workout is logged."""

    flow: ClassVar[str] = "workout"
    target: Target
    done: tuple[int, ...]


WorkoutState: TypeAlias = WarmingUp | DoingSet | CountingFewer | Resting | RatingFeel

# --- logbook --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a log: its sets (with the weights as typed), the day it names ("yesterday",
    0=Monday..6=Sunday, None for today) and its note: all it takes to store it once chosen."""

    sets: tuple[LoggedSet, ...]
    day: DayWord | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ChoosingReading:
    """A log that reads more than one way, or one reading to confirm (`text`): waiting for the
    user to pick an option (or "No" / "None of these")."""

    flow: ClassVar[str] = "log_choose"
    text: str
    options: tuple[Reading, ...]


@dataclass(frozen=True, slots=True)
class EditingLog:
    """Waiting for the corrected version of log number `seq`."""

    flow: ClassVar[str] = "log_edit"
    seq: int


@dataclass(frozen=True, slots=True)
class ConfirmingDone:
    """ "done" typed: asking whether it means `target`, today's target."""

    flow: ClassVar[str] = "log_done"
    target: Target


@dataclass(frozen=True, slots=True)
class AskingLogZone:
    """The time zone question, asked after the first log dated without a zone: the answer
    moves the logs so dated to the user's local dates."""

    flow: ClassVar[str] = "log_zone"


@dataclass(frozen=True, slots=True)
class ConfirmingForwarded:
    """A forwarded message that reads as a log: asking whether its sets are the user's."""

    flow: ClassVar[str] = "log_forwarded"
    text: str


# --- red flags ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AskingEasing:
    """An unclear sign (breathless, dizzy): asked whether it eases now that the user rests;
    `said` is the user's words, quoted if it does not."""

    flow: ClassVar[str] = "redflag_easing"
    said: str


@dataclass(frozen=True, slots=True)
class RatingPain:
    """Joint pain reported: asking for a 0-10 rating; `part` is the body part named, if any.
    `after`: asked after a guided workout's last set (pain was reported before), so the
    workout's "How did that feel?" comes next."""

    flow: ClassVar[str] = "pain_rating"
    part: str | None
    after: RatingFeel | None = None


# --- coaching -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ConsideringInvite:
    """A coach's invite (`code`) is shown with Agree / Decline; nothing is shared yet."""

    flow: ClassVar[str] = "coach_invite"
    code: str


@dataclass(frozen=True, slots=True)
class WritingToCoach:
    """The client's next typed text goes to their coach on `link_id`."""

    flow: ClassVar[str] = "to_coach"
    link_id: int


@dataclass(frozen=True, slots=True)
class WritingToClient:
    """The coach's next typed text goes to the client on `link_id`."""

    flow: ClassVar[str] = "to_client"
    link_id: int


@dataclass(frozen=True, slots=True)
class SettingTarget:
    """The coach's next typed text is a target ("3x8 @4 kg") for the client on `link_id`."""

    flow: ClassVar[str] = "coach_target"
    link_id: int


Conversation: TypeAlias = (
    AnsweringScreening
    | AskingClearance
    | AskingAgain
    | ConfirmingDelete
    | ScheduleState
    | WorkoutState
    | ChoosingReading
    | EditingLog
    | ConfirmingDone
    | ConfirmingForwarded
    | AskingLogZone
    | AskingEasing
    | RatingPain
    | ConsideringInvite
    | WritingToCoach
    | WritingToClient
    | SettingTarget
)
"""Every place a user can be in; `flow` names the conversation it belongs to."""
