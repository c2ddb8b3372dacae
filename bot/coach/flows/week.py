"""Coaching between sessions: the weekly summary and the nudge after a missed planned day.

The dispatcher (bot/dispatch.py) claims a due summary or nudge (`plans.summary_at`,
`plans.nudge_at`; when they fall is `bot.coach.week`) and sends the engine a `WeekDue` tick
(`week:summary:<unix>`, `week:nudge:<unix>`); this module decides whether to say anything and
what. Both are off with one tap (`WeekOff`, open to everyone: less noise is always allowed) and
back on from /plan (`WeekOn`). The tick needs training: for a user who may not train the gate
refuses it silently, and the dispatcher records it as skipped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Literal

from bot.coach import stats
from bot.coach.callbacks import WeekDue, WeekOff, WeekOn, WorkoutStart
from bot.coach.context import Ctx, Decision
from bot.coach.flow import Flow, ungated
from bot.coach.gate import Needs
from bot.coach.messages import Button, Reply
from bot.coach.plan import zone
from bot.coach.state import MissedSession, PlanState, SetCoaching
from bot.coach.training import advice, named_day, target_text
from bot.coach.week import missed_day

LAST_INSTANT = 2**33  # Unix seconds, in the year 2242: anything later is forged


def on_due(ctx: Ctx) -> Decision:
    """A due summary or nudge: say it, unless it is off, paused or (a nudge) not missed."""
    tick = ctx.payload_as(WeekDue)
    state = ctx.user.plan
    if state is None or tick.at > LAST_INSTANT:
        return Decision()
    at = datetime.fromtimestamp(tick.at, UTC)
    today = at.astimezone(zone(state.plan.tz)).date()
    if _paused_on(state, today):
        return Decision()
    if tick.kind == "summary":
        return _summary(ctx, state, today) if state.summaries else Decision()
    return _nudge(ctx, state, at)


def _paused_on(state: PlanState, day: date) -> bool:
    return state.paused_until is not None and state.paused_until > day


def _summary(ctx: Ctx, state: PlanState, last_day: date) -> Decision:
    """Sessions done this week (Monday to `last_day`) against the plan, the streak, the target."""
    planned = len(state.plan.days)
    sessions = ctx.user.sessions
    done = stats.this_week(sessions, planned, last_day).done
    streak = stats.weekly_streak(sessions, planned, last_day)
    plural = ctx.content.texts.plural
    text = ctx.t(
        "week.summary",
        done=plural("week.done", done, planned=planned),
        streak=plural("week.streak", streak) if streak else ctx.t("week.streak_none"),
        target=target_text(ctx, advice(ctx).target),
    )
    off = Button(ctx.t("button.summary_off"), WeekOff("summary").pack())
    return Decision(replies=(Reply(text, buttons=((off,),)),))


def _nudge(ctx: Ctx, state: PlanState, at: datetime) -> Decision:
    """The day after a planned day with no log (that day or since): a gentle nudge, if nudges
    are on. Missed either way (a client's coach is told)."""
    day = missed_day(state.plan, at)
    if _paused_on(state, day) or any(
        log.local_date in (day, day + timedelta(days=1)) for log in ctx.user.logs
    ):
        return Decision()
    missed = MissedSession(day)
    if not state.nudges:
        return Decision(effects=(missed,))
    target = target_text(ctx, advice(ctx).target)
    text = ctx.t("week.nudge", day=named_day(ctx, day), target=target)
    buttons = (
        (Button(ctx.t("button.start_workout"), WorkoutStart().pack()),),
        (Button(ctx.t("button.nudge_off"), WeekOff("nudge").pack()),),
    )
    return Decision(replies=(Reply(text, buttons=buttons),), effects=(missed,))


def on_off(ctx: Ctx) -> Decision:
    """Turn off weekly summaries, or nudges, with one tap."""
    kind = ctx.payload_as(WeekOff).kind
    if ctx.user.plan is None:
        return Decision(notice=ctx.t("stale_button"))
    return Decision.say(ctx.t(f"week.{kind}_off"), effects=(SetCoaching(kind, False),))


def on_on(ctx: Ctx) -> Decision:
    """Back on (the buttons /plan shows while one is off)."""
    kind = ctx.payload_as(WeekOn).kind
    if ctx.user.plan is None:
        return Decision(notice=ctx.t("stale_button"))
    return Decision.say(ctx.t(f"week.{kind}_on"), effects=(SetCoaching(kind, True),))


def switches(ctx: Ctx, state: PlanState) -> tuple[list[str], list[Button]]:
    """For /plan: a line and a "back on" button for each of the two that is off."""
    lines, buttons = [], []
    kinds: tuple[tuple[Literal["summary", "nudge"], bool, str], ...] = (
        ("summary", state.summaries, "plan.summaries_off"),
        ("nudge", state.nudges, "plan.nudges_off"),
    )
    for kind, on, line in kinds:
        if not on:
            lines.append(ctx.t(line))
            buttons.append(Button(ctx.t(f"button.{kind}_on"), WeekOn(kind).pack()))
    return lines, buttons


FLOW = Flow(
    name="week",
    gate=Needs.TRAINING,
    # Turning a message off is always allowed, whatever the screening says.
    buttons={WeekOff: ungated(on_off), WeekOn: on_on},
    ticks={WeekDue: on_due},
)
