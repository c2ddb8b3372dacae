"""Every kind of button data and tick payload, typed: the wire formats in one place.

Each kind is declared once here (prefix and typed fields, see `bot.coach.codec`) and handled by
the flow that lists it in its `Flow(buttons=...)` or `Flow(ticks=...)`. These strings are in
messages already sent to users and in stored rows (`timers.name`, the dispatcher's reminder
ticks): a kind's wire form never changes; a new format is a new kind.

Kinds that share a prefix are told apart by their fields (a `Literal` is a fixed word); the
engine reads data as the kind with the longest matching prefix that fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.coach.codec import CallbackData
from bot.coach.sessions import Feel

YesNo = Literal["yes", "no"]

# --- screening, clearance, delete -----------------------------------------------------------


@dataclass(frozen=True)
class ScreeningAnswer(CallbackData, prefix="scr"):
    """`scr:<question id>:y|n|b`: Yes, No or Back on the question with that id."""

    question: str
    choice: Literal["y", "n", "b"]


@dataclass(frozen=True)
class ScreeningRevisit(CallbackData, prefix="scv"):
    """`scv:<unix>`: Back on the outcome of the screening completed at that moment."""

    at: int


@dataclass(frozen=True)
class FeelBetter(CallbackData, prefix="bet"):
    """`bet:<question id>:ask|y|n`: "I feel better", then that question asked again alone."""

    question: str
    choice: Literal["ask", "y", "n"]


@dataclass(frozen=True)
class DoctorSummary(CallbackData, prefix="sum"):
    """`sum:show`: the summary of the latest screening's answers, to show a doctor."""

    choice: Literal["show"]


@dataclass(frozen=True)
class ClearanceChoice(CallbackData, prefix="doc"):
    """`doc:ask|yes|no`: "A doctor cleared me", then its confirmation."""

    choice: Literal["ask", "yes", "no"]


@dataclass(frozen=True)
class DeleteChoice(CallbackData, prefix="del"):
    """`del:yes|no`: the answer to "erase everything?"."""

    choice: YesNo


# --- lesson ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LessonStep(CallbackData, prefix="les"):
    """`les:<exercise>:<version>:<step>`: show a step (0-based)."""

    exercise: str
    version: str
    step: int


@dataclass(frozen=True)
class LessonMistake(CallbackData, prefix="les"):
    """`les:<exercise>:<version>:<step>:m`: the step's common mistake."""

    exercise: str
    version: str
    step: int
    mark: Literal["m"] = "m"


@dataclass(frozen=True)
class LessonDone(CallbackData, prefix="les"):
    """`les:<exercise>:<version>:done`: close the lesson."""

    exercise: str
    version: str
    mark: Literal["done"] = "done"


# --- schedule -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleStart(CallbackData, prefix="sch:start"):
    """`sch:start`: begin choosing days (also offered by the lesson and /plan)."""


@dataclass(frozen=True)
class ScheduleDay(CallbackData, prefix="sch:d"):
    """`sch:d:<0-6>`: toggle a weekday (0 is Monday)."""

    day: int


@dataclass(frozen=True)
class ScheduleTime(CallbackData, prefix="sch:t"):
    """`sch:t:<HHMM>`: a time button ("0700")."""

    hhmm: str


@dataclass(frozen=True)
class ScheduleStep(CallbackData, prefix="sch"):
    """`sch:days:`, `sch:keep:`, `sch:tzkeep:`, `sch:ok:`, `sch:redo:`.

    The trailing ":" (an empty argument) is part of the wire format of buttons already sent.
    """

    step: Literal["days", "keep", "tzkeep", "ok", "redo"]
    blank: Literal[""] = ""


@dataclass(frozen=True)
class ScheduleChange(CallbackData, prefix="sch:chg"):
    """`sch:chg:days|time|tz`: change only that part of the plan being confirmed."""

    part: Literal["days", "time", "tz"]


@dataclass(frozen=True)
class ScheduleZone(CallbackData, prefix="sch:z"):
    """`sch:z:<+HHMM|-HHMM>`: one of the fixed offsets offered for a typed local time."""

    offset: str


# --- plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanCalendar(CallbackData, prefix="plan:ics"):
    """`plan:ics`: send the weekly plan as an .ics file for the user's calendar."""


# --- reminders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderSnooze(CallbackData, prefix="rem:snooze"):
    """`rem:snooze:<slot, Unix seconds>`: remind again in 30 minutes."""

    slot: int


@dataclass(frozen=True)
class ReminderSkip(CallbackData, prefix="rem:skip"):
    """`rem:skip:<slot, Unix seconds>`: skip today."""

    slot: int


@dataclass(frozen=True)
class ReminderDue(CallbackData, prefix="reminder"):
    """Tick `reminder:slot:<unix>` (a planned slot) or `reminder:snooze:<unix>` (its snooze);
    the number is the slot's time in Unix seconds. Built by bot/dispatch.py."""

    kind: Literal["slot", "snooze"]
    slot: int


# --- between sessions: the weekly summary and the missed-session nudge ---------------------


@dataclass(frozen=True)
class WeekDue(CallbackData, prefix="week"):
    """Tick `week:summary:<unix>` (the weekly summary) or `week:nudge:<unix>` (the nudge the
    day after a missed planned day); the number is its instant. Built by bot/dispatch.py."""

    kind: Literal["summary", "nudge"]
    at: int


@dataclass(frozen=True)
class WeekOff(CallbackData, prefix="week:off"):
    """`week:off:summary` / `week:off:nudge`: no more weekly summaries, or nudges."""

    kind: Literal["summary", "nudge"]


@dataclass(frozen=True)
class WeekOn(CallbackData, prefix="week:on"):
    """`week:on:summary` / `week:on:nudge`: weekly summaries, or nudges, back on (/plan)."""

    kind: Literal["summary", "nudge"]


# --- workout --------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkoutStart(CallbackData, prefix="wk:start"):
    """`wk:start`: the warm-up for today's target (on reminders)."""


@dataclass(frozen=True)
class WorkoutGo(CallbackData, prefix="wk:go"):
    """`wk:go`: warmed up, first set."""


@dataclass(frozen=True)
class WorkoutStop(CallbackData, prefix="wk:stop"):
    """`wk:stop`: end the workout."""


@dataclass(frozen=True)
class WorkoutSet(CallbackData, prefix="wk"):
    """`wk:done|fewer|skip:<set>`: the set (0-based) was done, fewer reps, or skip the rest
    before it. The set number makes a double tap count once."""

    action: Literal["done", "fewer", "skip"]
    number: int


@dataclass(frozen=True)
class WorkoutReps(CallbackData, prefix="wk:reps"):
    """`wk:reps:<set>:<n>`: how many reps the set had, when fewer than the target."""

    number: int
    reps: int


@dataclass(frozen=True)
class WorkoutFeel(CallbackData, prefix="wk:feel"):
    """`wk:feel:easy|right|hard`: how the workout felt."""

    feel: Feel


@dataclass(frozen=True)
class RestOver(CallbackData, prefix="rest"):
    """Tick `rest`: the workout's rest timer (the `timers` row's name) went off."""


REST_TIMER = RestOver().pack()

# --- logbook --------------------------------------------------------------------------------


@dataclass(frozen=True)
class LogUndo(CallbackData, prefix="log:undo"):
    """`log:undo:<seq>`: remove the user's log number `seq`."""

    seq: int


@dataclass(frozen=True)
class LogEdit(CallbackData, prefix="log:edit"):
    """`log:edit:<seq>`: ask for a corrected log number `seq`."""

    seq: int


@dataclass(frozen=True)
class LogOption(CallbackData, prefix="log:opt"):
    """`log:opt:<i>`: reading `i` of an ambiguous log."""

    index: int


@dataclass(frozen=True)
class LogNoneOfThese(CallbackData, prefix="log:opt:x"):
    """`log:opt:x`: none of the readings offered."""


@dataclass(frozen=True)
class LogDoneAnswer(CallbackData, prefix="log:done"):
    """`log:done:yes|no`: whether "done" meant today's target."""

    answer: YesNo


@dataclass(frozen=True)
class LogZone(CallbackData, prefix="log:tz"):
    """`log:tz:<+HHMM>|skip`: the clock the user picked for their time zone, or skip (their
    logs stay on UTC dates)."""

    choice: str


@dataclass(frozen=True)
class LogForwarded(CallbackData, prefix="log:fwd"):
    """`log:fwd:yes|no`: whether a forwarded message's sets are the user's own."""

    answer: YesNo


# --- history --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPage(CallbackData, prefix="hist:p"):
    """`hist:p:<page>`: a page of /history (0 is the newest logs)."""

    page: int


@dataclass(frozen=True)
class LogDelete(CallbackData, prefix="log:del"):
    """`log:del:<seq>`: ask whether to delete the user's log number `seq` (from /history)."""

    seq: int


@dataclass(frozen=True)
class LogKeep(CallbackData, prefix="log:keep"):
    """`log:keep`: the answer "keep it" to a delete question."""


# --- red flags ------------------------------------------------------------------------------


@dataclass(frozen=True)
class EasingAnswer(CallbackData, prefix="rf:ease"):
    """`rf:ease:yes|no`: whether breathlessness or dizziness eases with rest."""

    answer: YesNo


@dataclass(frozen=True)
class PainRating(CallbackData, prefix="rf:pain"):
    """`rf:pain:<0-10>`: how much a joint hurts right now (the handler checks the range)."""

    rating: int


# --- the next-morning check of the pain-monitoring model (bot/coach/flows/morning.py) ---------


@dataclass(frozen=True)
class MorningDue(CallbackData, prefix="morning"):
    """Tick `morning:<yyyymmdd>`: ask how the joint feels on that local morning. Built by
    bot/dispatch.py."""

    day: int


@dataclass(frozen=True)
class MorningAnswer(CallbackData, prefix="morning:ans"):
    """`morning:ans:<yyyymmdd>:better|worse`: the answer to that morning's check."""

    day: int
    answer: Literal["better", "worse"]


# --- coaching -------------------------------------------------------------------------------


@dataclass(frozen=True)
class InviteRenew(CallbackData, prefix="co:new"):
    """`co:new`: the coach revokes their invite link and gets a new one."""


@dataclass(frozen=True)
class InviteAnswer(CallbackData, prefix="co:inv"):
    """`co:inv:<code>:yes|no`: agree to (or decline) the coach of that invite code."""

    code: str
    answer: YesNo


@dataclass(frozen=True)
class MessageCoach(CallbackData, prefix="co:msg"):
    """`co:msg:<link id>`: the client starts a message to their coach."""

    link: int


@dataclass(frozen=True)
class LeaveCoach(CallbackData, prefix="co:leave"):
    """`co:leave:<link id>`: the client ends their coach's link."""

    link: int


@dataclass(frozen=True)
class ReplyToClient(CallbackData, prefix="co:re"):
    """`co:re:<link id>`: the coach starts a message to the client of that link."""

    link: int


# --- the coach's roster and actions ---------------------------------------------------------


@dataclass(frozen=True)
class RosterPage(CallbackData, prefix="co:list"):
    """`co:list:<page>`: a page of the coach's roster (0 is the first)."""

    page: int


@dataclass(frozen=True)
class OpenCard(CallbackData, prefix="co:card"):
    """`co:card:<link id>`: the card of the client of that link."""

    link: int


@dataclass(frozen=True)
class LookedAt(CallbackData, prefix="co:ok"):
    """`co:ok:<link id>`: "Looked at it, carry on": the client's pain or red flag was seen,
    their progression is released."""

    link: int


@dataclass(frozen=True)
class SetClientTarget(CallbackData, prefix="co:tgt"):
    """`co:tgt:<link id>`: the coach types a target for the client (in place of the ladder)."""

    link: int


@dataclass(frozen=True)
class ClearClientTarget(CallbackData, prefix="co:untgt"):
    """`co:untgt:<link id>`: the client's target follows the ladder again."""

    link: int


@dataclass(frozen=True)
class PauseClient(CallbackData, prefix="co:pause"):
    """`co:pause:<link id>`: hold the client's reminders until the coach resumes them."""

    link: int


@dataclass(frozen=True)
class ResumeClient(CallbackData, prefix="co:resume"):
    """`co:resume:<link id>`: the client's reminders come back."""

    link: int


@dataclass(frozen=True)
class DigestMode(CallbackData, prefix="co:mode"):
    """`co:mode:live|daily`: the coach gets each client's events live, or in one daily digest."""

    mode: Literal["live", "daily"]


@dataclass(frozen=True)
class DigestDue(CallbackData, prefix="co:digest"):
    """Tick `co:digest:<unix>`: the coach's daily digest is due at that instant. Built by
    bot/dispatch.py."""

    at: int
