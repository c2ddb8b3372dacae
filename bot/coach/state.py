"""What the engine knows about a user when an event arrives, and what it asks to change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from bot.coach.coaching import Coaching, Linked
from bot.coach.conversations import Conversation
from bot.coach.messages import Reply
from bot.coach.morning import Answer, MorningCheck
from bot.coach.plan import WeeklyPlan
from bot.coach.roster import ClientFacts
from bot.coach.screening import Result
from bot.coach.sessions import Feel, LoggedSet, Session, Target

PAUSED_INDEFINITELY = date.max


@dataclass(frozen=True, slots=True)
class PlanState:
    """A stored weekly plan and where its reminders stand."""

    plan: WeeklyPlan
    paused_until: date | None = None
    next_fire_at: datetime | None = None
    summaries: bool = True  # the weekly summary (off with one tap)
    nudges: bool = True  # the nudge the day after a missed planned day
    since: datetime | None = None  # when the plan started (its weeks count as planned from then)
    last_sent: datetime | None = None  # the latest planned slot reminded of (queued or sent)

    @property
    def paused(self) -> bool:
        return self.paused_until is not None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One accepted log: a chat message or a finished guided workout."""

    seq: int
    local_date: date
    logged_at: datetime
    source: str
    sets: tuple[LoggedSet, ...]
    source_text: str | None = None
    target: Target | None = None
    feel: Feel | None = None
    pain: bool = False
    note: str | None = None
    zoneless: bool = False  # dated on the UTC date, the user's zone not known yet


def sessions_of(logs: tuple[LogEntry, ...]) -> list[Session]:
    """Logs grouped into one session per local date, oldest first."""
    by_date: dict[date, list[LogEntry]] = {}
    for log in sorted(logs, key=lambda entry: entry.seq):
        by_date.setdefault(log.local_date, []).append(log)
    sessions = []
    for day, entries in sorted(by_date.items()):
        feels = [e.feel for e in entries if e.feel]
        notes = [e.note for e in entries if e.note]
        sessions.append(
            Session(
                id=entries[0].seq,
                local_date=day,
                logged_at=entries[-1].logged_at,
                sets=tuple(s for e in entries for s in e.sets),
                target=next((e.target for e in entries if e.target), None),
                feel=feels[-1] if feels else None,
                pain=any(e.pain for e in entries),
                note="; ".join(notes) if notes else None,
            )
        )
    return sessions


@dataclass(frozen=True, slots=True)
class AdminStats:
    """Counts for /admin (never any one user's data)."""

    users: int
    active_7d: int
    blocked: int
    outcomes: Mapping[str, int]
    reminders_24h: Mapping[str, int]
    logs_7d: int


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
    logs: tuple[LogEntry, ...] = ()
    last_log_seq: int = 0
    tz: str | None = None  # the user's time zone once known (given after a log, or the plan's)
    tz_asked: bool = False  # the time zone question was asked (it is asked once)
    rescreen_required: bool = False
    timers: Mapping[str, datetime] = field(default_factory=dict)
    pain_ratings: Mapping[date, int] = field(default_factory=dict)  # the day's highest, 0-10
    morning_checks: Mapping[date, MorningCheck] = field(default_factory=dict)  # by morning
    is_admin: bool = False
    admin_stats: AdminStats | None = None
    coaching: Coaching = field(default_factory=Coaching)
    roster: tuple[ClientFacts, ...] | None = None  # loaded for a coach's roster (/clients)
    client_card: ClientCard | None = None  # loaded for a coach opening a client's card

    @property
    def sessions(self) -> list[Session]:
        return sessions_of(self.logs)


@dataclass(frozen=True, slots=True)
class RelayedMessage:
    """A message between a coach and a client, as typed (`from_client`: which way)."""

    from_client: bool
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class ClientCard:
    """One client as their coach sees them, read through the active link (the privacy
    boundary): the roster's facts, the client's own state and the last messages."""

    linked: Linked
    facts: ClientFacts
    client: UserState
    messages: tuple[RelayedMessage, ...] = ()


@dataclass(frozen=True, slots=True)
class SaveScreening:
    """Store a finished screening."""

    result: Result


@dataclass(frozen=True, slots=True)
class ConfirmDoctorClearance:
    """Record, with its date, that a doctor cleared the user's latest screening."""


@dataclass(frozen=True, slots=True)
class LiftRestriction:
    """Record, with its date, that the restriction of `question` no longer holds (felt better)."""

    question: str


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
    """Skip today: drop any snoozed reminder; `skipped` is the planned day skipped."""

    skipped: date | None = None


@dataclass(frozen=True, slots=True)
class MissedSession:
    """A planned day passed with no log (the nudge's tick found it): nothing to store, but a
    client's coach is told (bot/coach/coaching_events.py)."""

    day: date


@dataclass(frozen=True, slots=True)
class SetCoaching:
    """Turn the weekly summary ("summary") or the missed-session nudge ("nudge") on or off."""

    kind: str
    on: bool


@dataclass(frozen=True, slots=True)
class SetZone:
    """Store the user's time zone (an IANA name or a fixed offset like "UTC+05:30") and move
    each log dated without a zone to its local date (`moved`: seq and new date), unmarked."""

    tz: str
    moved: tuple[tuple[int, date], ...] = ()


@dataclass(frozen=True, slots=True)
class AskedZone:
    """The time zone question was asked: it is not asked again."""


@dataclass(frozen=True, slots=True)
class AddLog:
    """Store a log (its `seq` is the user's next log number)."""

    entry: LogEntry


@dataclass(frozen=True, slots=True)
class RemoveLog:
    seq: int


@dataclass(frozen=True, slots=True)
class SetFeel:
    seq: int
    feel: Feel


@dataclass(frozen=True, slots=True)
class RequireRescreen:
    """A pain report: no workout before a new screening; the latest log is marked."""


@dataclass(frozen=True, slots=True)
class RatePain:
    """A 0-10 pain rating for the local date `local_date` (the day's logs, if any)."""

    local_date: date
    rating: int
    part: str | None = None


@dataclass(frozen=True, slots=True)
class ScheduleMorningCheck:
    """Ask how `part` feels on local date `morning` (at `at`, UTC), about the day `about`; a
    morning already scheduled keeps its check (one a morning)."""

    morning: date
    about: date
    part: str | None
    at: datetime


@dataclass(frozen=True, slots=True)
class AnswerMorningCheck:
    """The answer to the check of local date `morning`, stored once."""

    morning: date
    answer: Answer


@dataclass(frozen=True, slots=True)
class SetTimer:
    name: str
    due_at: datetime


@dataclass(frozen=True, slots=True)
class CancelTimer:
    name: str


# --- coaching (bot/coach/flows/coaching.py; applied in bot/service.py) -----------------------


@dataclass(frozen=True, slots=True)
class BecomeCoach:
    """Make the user a coach with the invite code `code`."""

    code: str


@dataclass(frozen=True, slots=True)
class RenewInvite:
    """Replace the coach's invite code: the old one stops working at once."""

    code: str


@dataclass(frozen=True, slots=True)
class AgreeToCoach:
    """Link the user as a client of the coach whose invite code is `code` (still valid in
    this transaction); `joined` tells the coach."""

    code: str
    joined: Reply


@dataclass(frozen=True, slots=True)
class EndLink:
    """End the active link `link_id` (the user is one side of it); queued messages to the
    coach about it are dropped; `notice` tells the other side."""

    link_id: int
    by: Literal["client", "coach", "switch", "erase"]
    notice: Reply | None = None


@dataclass(frozen=True, slots=True)
class SendToClient:
    """The coach's `text` for the client of `link_id`, shown to them as `message`; stored and
    sent only if the link is still this coach's and active (checked again when applied)."""

    link_id: int
    text: str
    message: Reply


@dataclass(frozen=True, slots=True)
class SendToCoach:
    """The client's `text` for their coach on `link_id`, shown to the coach as `message`."""

    link_id: int
    text: str
    message: Reply


@dataclass(frozen=True, slots=True)
class NotifyCoach:
    """Something the client did, for their coach on `link_id`: stored in `coach_events` and
    sent as `message` (bot/coach/coaching_events.py derives these)."""

    link_id: int
    kind: str
    detail: Mapping[str, object]
    urgent: bool
    message: Reply
    held: bool = False  # the coach takes a daily digest: stored, not sent now


@dataclass(frozen=True, slots=True)
class SetDigest:
    """The coach's choice: each event live, or one daily digest (the first at `first`)."""

    mode: Literal["live", "daily"]
    first: datetime | None


@dataclass(frozen=True, slots=True)
class SendDigest:
    """One client's part of the coach's daily digest: `message`, about the link; it releases
    the client's held events up to `last_event`."""

    link_id: int
    last_event: int
    message: Reply


@dataclass(frozen=True, slots=True)
class CoachLooked:
    """The coach looked at the urgent events (pain over 5, red flags) of the client of
    `link_id`: they are marked seen and the client's progression no longer holds. A coach
    lifts no screening restriction. `message` tells the client."""

    link_id: int
    message: Reply


@dataclass(frozen=True, slots=True)
class CoachSetTarget:
    """The coach's target for the client of `link_id` in place of the ladder (None: the
    ladder again); `message` tells the client."""

    link_id: int
    target: Target | None
    message: Reply


@dataclass(frozen=True, slots=True)
class CoachPausePlan:
    """The coach pauses (`until`: PAUSED_INDEFINITELY) or resumes (None) the plan of the client
    of `link_id`, whose next reminder is then `next_fire_at`; `message` tells the client."""

    link_id: int
    until: date | None
    next_fire_at: datetime | None
    message: Reply


Effect = (
    SaveScreening
    | ConfirmDoctorClearance
    | LiftRestriction
    | EraseUser
    | SaveLessonStep
    | SavePlan
    | PausePlan
    | ResumePlan
    | Snooze
    | CancelSnooze
    | MissedSession
    | SetCoaching
    | SetZone
    | AskedZone
    | AddLog
    | RemoveLog
    | SetFeel
    | RequireRescreen
    | RatePain
    | ScheduleMorningCheck
    | AnswerMorningCheck
    | SetTimer
    | CancelTimer
    | BecomeCoach
    | RenewInvite
    | AgreeToCoach
    | EndLink
    | SendToClient
    | SendToCoach
    | NotifyCoach
    | CoachLooked
    | CoachSetTarget
    | CoachPausePlan
    | SetDigest
    | SendDigest
)
