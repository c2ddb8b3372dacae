"""/schedule: training days (3-4), a time and a time zone, confirmed with the next reminders.

Conversation "schedule", one state per stage (bot/coach/conversations.py): `PickingDays` ->
`PickingTime` -> `PickingZone` -> `ConfirmingPlan`. Buttons (bot/coach/callbacks.py):
`ScheduleStart` (`sch:start`), `ScheduleDay` (`sch:d:<0-6>`) toggles a day, `ScheduleTime`
(`sch:t:<HHMM>`) picks a time, `ScheduleZone` (`sch:z:<+HHMM>`) picks one of the offsets a
typed local time may mean, `ScheduleStep`: `sch:days:` accepts the days, `sch:keep:` keeps
days with short rest, `sch:tzkeep:` keeps the earlier zone, `sch:ok:` saves, `sch:redo:`
(Change) asks what to change, `ScheduleChange` (`sch:chg:days|time|tz`) changes that part
only and comes back to the confirmation. Typed days, times and zones are read at their step;
anything unreadable asks that step again, keeping what was chosen. Every entry point needs
training (the engine applies the gate).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time
from typing import Literal

from bot.coach import plan as rules
from bot.coach.callbacks import (
    ScheduleChange,
    ScheduleDay,
    ScheduleStart,
    ScheduleStep,
    ScheduleTime,
    ScheduleZone,
)
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import (
    ConfirmingPlan,
    PickingDays,
    PickingTime,
    PickingZone,
    ScheduleState,
)
from bot.coach.days import parse_days
from bot.coach.flow import Flow
from bot.coach.flows import logzone
from bot.coach.flows.numbers import whole_number
from bot.coach.flows.schedule_text import (
    confirm,
    confirm_reply,
    day_name,
    summary,
    upcoming_text,
    with_location,
)
from bot.coach.flows.schedule_zone import (
    ask_zone,
    keep_zone,
    picked_zone,
    typed_zone,
    zone_chosen,
)
from bot.coach.gate import Needs
from bot.coach.messages import Button, Location, Reply, Text
from bot.coach.state import Effect, SavePlan
from bot.coach.timeparse import (
    parse_time,
    timezone_from_location,
)

FLOW_NAME = "schedule"
_PARTS: tuple[Literal["days", "time", "tz"], ...] = ("days", "time", "tz")  # what Change offers
TIME_CHOICES = ("07:00", "08:00", "12:00", "17:00", "18:00", "19:00", "20:00")
Rows = tuple[tuple[Button, ...], ...]


def on_schedule(ctx: Ctx) -> Decision:
    """/schedule: start choosing days (pre-filled with the current plan, if any)."""
    state = PickingDays(ctx.user.plan.plan.days if ctx.user.plan else frozenset())
    return Decision(replies=(_days_reply(ctx, state.days, edit=False),), conversation=state)


def on_press(ctx: Ctx) -> Decision:
    """A button of the schedule being chosen (a notice once that schedule is over)."""
    state = _state(ctx)
    if state is None:
        return Decision(notice=ctx.t("schedule.expired"))
    match ctx.payload:
        case ScheduleDay(day=day):
            return _toggle(ctx, state, day)
        case ScheduleTime(hhmm=hhmm):
            return _picked_time(ctx, state, hhmm)
        case ScheduleZone(offset=offset):
            return picked_zone(ctx, state, offset)
        case ScheduleChange(part=part):
            return _change(ctx, state, part)
        case ScheduleStep(step=step):
            return _STEPS[step](ctx, state)
    return Decision(notice=ctx.t("stale_button"))


def on_text(ctx: Ctx) -> Decision:
    """Typed days, a time or a place, or a shared location at the time zone step."""
    state = _state(ctx) or PickingDays(frozenset())
    if isinstance(ctx.event, Location) and isinstance(state, PickingZone):
        zone_name = timezone_from_location(ctx.event.latitude, ctx.event.longitude)
        if zone_name is None:
            return _ask_again(ctx, state, "schedule.tz_unknown_location")
        return zone_chosen(ctx, state, zone_name)
    if not isinstance(ctx.event, Text):
        return _ask_again(ctx, state)
    text = ctx.event.text
    match state:
        case PickingDays():
            return _typed_days(ctx, state, text)
        case PickingTime():
            return _typed_time(ctx, state, text)
        case PickingZone():
            return typed_zone(ctx, state, text)
        case ConfirmingPlan():
            return _ask_again(ctx, state)


def _ask_again(ctx: Ctx, state: ScheduleState, hint: str | None = None) -> Decision:
    """The step the user is on, asked again with a hint; nothing chosen so far is lost."""
    match state:
        case PickingDays(days=days):
            text = ctx.t(hint or "schedule.days_typed_unclear")
            return Decision(replies=(Reply(text), _days_reply(ctx, days, edit=False)))
        case PickingTime():
            text = ctx.t(hint or "schedule.time_unclear")
            return Decision(replies=(Reply(text, buttons=_time_rows()),))
        case PickingZone():
            return with_location(ctx, ctx.t(hint or "schedule.tz_unclear"))
        case ConfirmingPlan(plan=plan):
            text = ctx.t(hint or "schedule.confirm_unclear")
            return Decision(replies=(Reply(text), confirm_reply(ctx, plan, edit=False)))


# --- days -----------------------------------------------------------------------------------


def _toggle(ctx: Ctx, state: ScheduleState, day: int) -> Decision:
    if day > 6 or not isinstance(state, PickingDays):
        return Decision(notice=ctx.t("stale_button"))
    state = replace(state, days=state.days ^ {day})
    return Decision(replies=(_days_reply(ctx, state.days, edit=True),), conversation=state)


def _days_done(ctx: Ctx, state: ScheduleState) -> Decision:
    if not isinstance(state, PickingDays):
        return Decision(notice=ctx.t("stale_button"))
    problem = rules.validate_days(state.days)
    if problem:
        return Decision(notice=ctx.t(f"schedule.days_{problem}"))
    return _short_rest(ctx, state) or _days_chosen(ctx, state)


def _typed_days(ctx: Ctx, state: PickingDays, text: str) -> Decision:
    """ "Mon Wed Fri", "tue/thu/sat": those days, then on as if Done was pressed."""
    days = parse_days(text)
    if days is None:
        return _ask_again(ctx, state)
    state = replace(state, days=days)
    problem = rules.validate_days(days)
    if problem:
        refusal = Reply(ctx.t(f"schedule.days_{problem}"))
        return Decision(replies=(refusal, _days_reply(ctx, days, edit=False)), conversation=state)
    return _short_rest(ctx, state) or _days_chosen(ctx, state)


def _short_rest(ctx: Ctx, state: PickingDays) -> Decision | None:
    """Three or more days in a row (`rules.short_rest`): suggest a rest day, or None."""
    runs = rules.short_rest(state.days)
    if not runs:
        return None
    run = max(runs, key=len)
    names = ", ".join(day_name(ctx, day) for day in run)
    text = ctx.t("schedule.short_rest", days=names, count=len(run))
    buttons = ((Button(ctx.t("button.keep_days"), ScheduleStep("keep").pack()),),)
    warning = Reply(text, buttons=buttons + _day_rows(ctx, state.days), edit=_pressed(ctx))
    return Decision(replies=(warning,), conversation=state)


def _keep_days(ctx: Ctx, state: ScheduleState) -> Decision:
    if not isinstance(state, PickingDays) or rules.validate_days(state.days):
        return Decision(notice=ctx.t("stale_button"))
    return _days_chosen(ctx, state)


def _days_chosen(ctx: Ctx, state: PickingDays) -> Decision:
    if state.change is not None:
        return confirm(ctx, replace(state.change, days=state.days), edit=_pressed(ctx))
    return _ask_time(ctx, PickingTime(state.days))


def _days_reply(ctx: Ctx, days: frozenset[int], *, edit: bool) -> Reply:
    chosen = ", ".join(day_name(ctx, d) for d in sorted(days)) or ctx.t("schedule.none_yet")
    text = ctx.t("schedule.pick_days", chosen=chosen)
    return Reply(text, buttons=_day_rows(ctx, days), edit=edit)


def _day_rows(ctx: Ctx, days: frozenset[int]) -> Rows:
    buttons = [
        Button(("✅ " if d in days else "") + day_name(ctx, d), ScheduleDay(d).pack())
        for d in range(7)
    ]
    done = Button(ctx.t("button.days_done", count=len(days)), ScheduleStep("days").pack())
    return (tuple(buttons[:4]), tuple(buttons[4:]), (done,))


# --- time -----------------------------------------------------------------------------------


def _ask_time(ctx: Ctx, state: PickingTime) -> Decision:
    reply = Reply(ctx.t("schedule.pick_time"), buttons=_time_rows(), edit=_pressed(ctx))
    return Decision(replies=(reply,), conversation=state)


def _time_rows() -> Rows:
    buttons = tuple(Button(t, ScheduleTime(t.replace(":", "")).pack()) for t in TIME_CHOICES)
    return (buttons[:4], buttons[4:])


def _picked_time(ctx: Ctx, state: ScheduleState, arg: str) -> Decision:
    """`arg` is the button's "HHMM", checked here (the codec reads any word)."""
    hours, minutes = whole_number(arg[:2], most=23), whole_number(arg[2:], most=59)
    if not isinstance(state, PickingTime) or len(arg) != 4 or hours is None or minutes is None:
        return Decision(notice=ctx.t("stale_button"))
    return _time_chosen(ctx, state, time(hours, minutes))


def _typed_time(ctx: Ctx, state: PickingTime, text: str) -> Decision:
    at = parse_time(text)
    if at is None:
        return _ask_again(ctx, state)
    return _time_chosen(ctx, state, time(at.hour, at.minute))


def _time_chosen(ctx: Ctx, state: PickingTime, at: time) -> Decision:
    if state.change is not None:
        return confirm(ctx, replace(state.change, at=at), edit=_pressed(ctx))
    set_at = Reply(ctx.t("schedule.time_set", at=at.strftime("%H:%M")), edit=_pressed(ctx))
    ask = ask_zone(ctx, PickingZone(state.days, at))
    return replace(ask, replies=(set_at, *ask.replies))


# --- confirmation ---------------------------------------------------------------------------


def _save(ctx: Ctx, state: ScheduleState) -> Decision:
    if not isinstance(state, ConfirmingPlan):
        return Decision(notice=ctx.t("stale_button"))
    plan = state.plan
    next_fire = rules.next_fire(plan, ctx.now)
    text = ctx.t("schedule.saved", summary=summary(ctx, plan), upcoming=upcoming_text(ctx, plan))
    effects: tuple[Effect, ...] = (SavePlan(plan, next_fire),)
    zone, moved = logzone.zone_set(ctx, plan.tz)
    if zone.moved:  # logs dated before any zone was known go on the plan's local days
        effects += (zone,)
        text = "\n".join((text, *moved))
    return Decision(replies=(Reply(text, edit=True),), conversation=None, effects=effects)


def _redo(ctx: Ctx, state: ScheduleState) -> Decision:
    """Change: which part? [Days] [Time] [Time zone]; the rest of the plan is kept."""
    if not isinstance(state, ConfirmingPlan):
        return Decision(notice=ctx.t("stale_button"))
    row = tuple(
        Button(ctx.t(f"button.change_{part}"), ScheduleChange(part).pack()) for part in _PARTS
    )
    text = ctx.t("schedule.change_what", summary=summary(ctx, state.plan))
    return Decision(replies=(Reply(text, buttons=(row,), edit=True),))


def _change(ctx: Ctx, state: ScheduleState, part: Literal["days", "time", "tz"]) -> Decision:
    if not isinstance(state, ConfirmingPlan):
        return Decision(notice=ctx.t("stale_button"))
    plan = state.plan
    if part == "days":
        days = PickingDays(plan.days, change=plan)
        return Decision(replies=(_days_reply(ctx, plan.days, edit=True),), conversation=days)
    if part == "time":
        return _ask_time(ctx, PickingTime(plan.days, change=plan))
    return ask_zone(ctx, PickingZone(plan.days, plan.at))


# --- shared ---------------------------------------------------------------------------------


def _pressed(ctx: Ctx) -> bool:
    """Whether the reply can replace the message whose button was pressed."""
    return ctx.pressed is not None


def _state(ctx: Ctx) -> ScheduleState | None:
    state = ctx.user.conversation
    return state if isinstance(state, ScheduleState) else None


_STEPS = {
    "days": _days_done,
    "keep": _keep_days,
    "tzkeep": keep_zone,
    "ok": _save,
    "redo": _redo,
}

FLOW = Flow(
    name=FLOW_NAME,
    gate=Needs.TRAINING,
    commands={"schedule": on_schedule},
    buttons={
        ScheduleStart: on_schedule,
        ScheduleDay: on_press,
        ScheduleTime: on_press,
        ScheduleStep: on_press,
        ScheduleChange: on_press,
        ScheduleZone: on_press,
    },
    conversations={FLOW_NAME: on_text},
    locations={FLOW_NAME: on_text},
    menu=("schedule",),
)
