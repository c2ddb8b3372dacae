"""/schedule: training days (3-4), a time and a time zone, confirmed with the next reminders.

Conversation "schedule", one state per stage (bot/coach/conversations.py): `PickingDays` ->
`PickingTime` -> `PickingZone` -> `ConfirmingPlan`. Buttons (bot/coach/callbacks.py):
`ScheduleStart` (`sch:start`), `ScheduleDay` (`sch:d:<0-6>`) toggles a day, `ScheduleTime`
(`sch:t:<HHMM>`) picks a time, `ScheduleStep`: `sch:days:` accepts the days, `sch:keep:` keeps
back-to-back days, `sch:tzkeep:` keeps the earlier zone, `sch:ok:` saves, `sch:redo:` starts
over. Every entry point needs training (the engine applies the gate).
"""

from __future__ import annotations

from datetime import date, datetime, time

from bot.coach import plan as rules
from bot.coach.callbacks import ScheduleDay, ScheduleStart, ScheduleStep, ScheduleTime
from bot.coach.context import Ctx, Decision
from bot.coach.conversations import (
    ConfirmingPlan,
    PickingDays,
    PickingTime,
    PickingZone,
    ScheduleState,
)
from bot.coach.flow import Flow
from bot.coach.flows.numbers import whole_number
from bot.coach.gate import Needs
from bot.coach.messages import Button, Location, Reply, Text
from bot.coach.state import SavePlan
from bot.coach.timeparse import (
    describe_timezone,
    infer_timezone_from_local_time,
    parse_time,
    parse_timezone,
    timezone_from_location,
)

FLOW_NAME = "schedule"
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
        case ScheduleStep(step=step):
            return _STEPS[step](ctx, state)
    return Decision(notice=ctx.t("stale_button"))


def on_text(ctx: Ctx) -> Decision:
    """A typed time or place, or a shared location at the time zone step."""
    state = _state(ctx) or PickingDays(frozenset())
    if isinstance(ctx.event, Location) and isinstance(state, PickingZone):
        zone_name = timezone_from_location(ctx.event.latitude, ctx.event.longitude)
        if zone_name is None:
            return Decision.say(ctx.t("schedule.tz_unknown_location"))
        return _confirm(ctx, _plan(state, zone_name), edit=False)
    if not isinstance(ctx.event, Text):
        return Decision.say(ctx.t("schedule.use_buttons"))
    text = ctx.event.text
    if isinstance(state, PickingTime):
        return _typed_time(ctx, state, text)
    if isinstance(state, PickingZone):
        return _typed_zone(ctx, state, text)
    hint = Reply(ctx.t("schedule.use_buttons"))
    return Decision(replies=(hint, _days_reply(ctx, _days(state), edit=False)))


# --- days -----------------------------------------------------------------------------------


def _toggle(ctx: Ctx, state: ScheduleState, day: int) -> Decision:
    if day > 6 or not isinstance(state, PickingDays):
        return Decision(notice=ctx.t("stale_button"))
    state = PickingDays(state.days ^ {day})
    return Decision(replies=(_days_reply(ctx, state.days, edit=True),), conversation=state)


def _days_done(ctx: Ctx, state: ScheduleState) -> Decision:
    days = _days(state)
    problem = rules.validate_days(days)
    if problem:
        return Decision(notice=ctx.t(f"schedule.days_{problem}"))
    pairs = rules.consecutive_pairs(days)
    if pairs:
        names = ", ".join(f"{_day(ctx, a)}-{_day(ctx, b)}" for a, b in pairs)
        buttons = ((Button(ctx.t("button.keep_days"), ScheduleStep("keep").pack()),),)
        text = ctx.t("schedule.consecutive", pairs=names)
        rest = Reply(text, buttons=buttons + _day_rows(ctx, days), edit=True)
        return Decision(replies=(rest,))
    return _ask_time(ctx, days)


def _keep_days(ctx: Ctx, state: ScheduleState) -> Decision:
    days = _days(state)
    if rules.validate_days(days):
        return Decision(notice=ctx.t("stale_button"))
    return _ask_time(ctx, days)


def _days_reply(ctx: Ctx, days: frozenset[int], *, edit: bool) -> Reply:
    chosen = ", ".join(_day(ctx, d) for d in sorted(days)) or ctx.t("schedule.none_yet")
    text = ctx.t("schedule.pick_days", chosen=chosen)
    return Reply(text, buttons=_day_rows(ctx, days), edit=edit)


def _day_rows(ctx: Ctx, days: frozenset[int]) -> Rows:
    buttons = [
        Button(("✅ " if d in days else "") + _day(ctx, d), ScheduleDay(d).pack()) for d in range(7)
    ]
    done = Button(ctx.t("button.days_done", count=len(days)), ScheduleStep("days").pack())
    return (tuple(buttons[:4]), tuple(buttons[4:]), (done,))


def _day(ctx: Ctx, day: int) -> str:
    return ctx.t(f"day.{day}")


# --- time -----------------------------------------------------------------------------------


def _ask_time(ctx: Ctx, days: frozenset[int]) -> Decision:
    rows = (
        tuple(Button(t, ScheduleTime(t.replace(":", "")).pack()) for t in TIME_CHOICES[:4]),
        tuple(Button(t, ScheduleTime(t.replace(":", "")).pack()) for t in TIME_CHOICES[4:]),
    )
    reply = Reply(ctx.t("schedule.pick_time"), buttons=rows, edit=ctx.pressed is not None)
    return Decision(replies=(reply,), conversation=PickingTime(days))


def _picked_time(ctx: Ctx, state: ScheduleState, arg: str) -> Decision:
    """`arg` is the button's "HHMM", checked here (the codec reads any word)."""
    hours, minutes = whole_number(arg[:2], most=23), whole_number(arg[2:], most=59)
    if not isinstance(state, PickingTime) or len(arg) != 4 or hours is None or minutes is None:
        return Decision(notice=ctx.t("stale_button"))
    return _ask_zone(ctx, PickingZone(state.days, time(hours, minutes)))


def _typed_time(ctx: Ctx, state: PickingTime, text: str) -> Decision:
    at = parse_time(text)
    if at is None:
        return Decision.say(ctx.t("schedule.time_unclear"))
    return _ask_zone(ctx, PickingZone(state.days, time(at.hour, at.minute)))


# --- time zone ------------------------------------------------------------------------------


def _ask_zone(ctx: Ctx, state: PickingZone) -> Decision:
    at = state.at.strftime("%H:%M")
    replies = [Reply(ctx.t("schedule.time_set", at=at), edit=ctx.pressed is not None)]
    ask = Reply(ctx.t("schedule.pick_tz"), ask_location=ctx.t("button.share_location"))
    replies.append(ask)
    if ctx.user.plan is not None:
        label = ctx.t("button.keep_tz", tz=ctx.user.plan.plan.tz)
        keep = Button(label, ScheduleStep("tzkeep").pack())
        replies.append(Reply(ctx.t("schedule.or_keep_tz"), buttons=((keep,),)))
    return Decision(replies=tuple(replies), conversation=state)


def _keep_zone(ctx: Ctx, state: ScheduleState) -> Decision:
    if ctx.user.plan is None or not isinstance(state, PickingZone):
        return Decision(notice=ctx.t("stale_button"))
    return _confirm(ctx, _plan(state, ctx.user.plan.plan.tz), edit=False)


def _typed_zone(ctx: Ctx, state: PickingZone, text: str) -> Decision:
    aliases = dict(ctx.content.timezone_aliases)
    guess = parse_timezone(text, ctx.now, aliases) or infer_timezone_from_local_time(text, ctx.now)
    if guess is None:
        return Decision.say(ctx.t("schedule.tz_unclear"))
    return _confirm(ctx, _plan(state, guess.tz), edit=False)


# --- confirmation ---------------------------------------------------------------------------


def _confirm(ctx: Ctx, plan: rules.WeeklyPlan, *, edit: bool) -> Decision:
    buttons = (
        (
            Button(ctx.t("button.plan_confirm"), ScheduleStep("ok").pack()),
            Button(ctx.t("button.plan_change"), ScheduleStep("redo").pack()),
        ),
    )
    text = ctx.t("schedule.confirm", summary=summary(ctx, plan), upcoming=upcoming_text(ctx, plan))
    label = describe_timezone(plan.tz, ctx.now).label
    hide = Reply(ctx.t("schedule.tz_set", tz=label), remove_keyboard=True)
    return Decision(
        replies=(hide, Reply(text, buttons=buttons, edit=edit)),
        conversation=ConfirmingPlan(plan),
    )


def _save(ctx: Ctx, state: ScheduleState) -> Decision:
    if not isinstance(state, ConfirmingPlan):
        return Decision(notice=ctx.t("stale_button"))
    plan = state.plan
    next_fire = rules.next_fire(plan, ctx.now)
    text = ctx.t("schedule.saved", summary=summary(ctx, plan), upcoming=upcoming_text(ctx, plan))
    return Decision(
        replies=(Reply(text, edit=True),),
        conversation=None,
        effects=(SavePlan(plan, next_fire),),
    )


def _redo(ctx: Ctx, state: ScheduleState) -> Decision:
    state = PickingDays(_days(state))
    return Decision(replies=(_days_reply(ctx, state.days, edit=True),), conversation=state)


# --- shared ---------------------------------------------------------------------------------


def summary(ctx: Ctx, plan: rules.WeeklyPlan) -> str:
    """ "Mon, Wed, Fri at 18:30 (Europe/Berlin)"."""
    days = ", ".join(_day(ctx, d) for d in sorted(plan.days))
    return ctx.t("plan.summary", days=days, at=plan.at.strftime("%H:%M"), tz=plan.tz)


def upcoming_text(ctx: Ctx, plan: rules.WeeklyPlan, paused_until: date | None = None) -> str:
    """The next three reminders, one per line, in the user's local time."""
    tz = rules.zone(plan.tz)
    lines = []
    for fire in rules.upcoming(plan, ctx.now, 3, paused_until=paused_until):
        lines.append("• " + local_moment(ctx, fire.astimezone(tz)))
    return "\n".join(lines)


def local_moment(ctx: Ctx, local: datetime) -> str:
    day = _day(ctx, local.weekday())
    month = ctx.t(f"month.{local.month}")
    return f"{day} {local.day} {month}, {local.strftime('%H:%M')}"


def _plan(state: PickingZone, tz: str) -> rules.WeeklyPlan:
    return rules.WeeklyPlan(state.days, state.at, tz)


def _days(state: ScheduleState) -> frozenset[int]:
    return state.plan.days if isinstance(state, ConfirmingPlan) else state.days


def _state(ctx: Ctx) -> ScheduleState | None:
    state = ctx.user.conversation
    return state if isinstance(state, ScheduleState) else None


_STEPS = {
    "days": _days_done,
    "keep": _keep_days,
    "tzkeep": _keep_zone,
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
    },
    conversations={FLOW_NAME: on_text},
    locations={FLOW_NAME: on_text},
    menu=("schedule",),
)
