"""/plan, /pause and /resume: see the weekly plan and its next reminders, or hold them.

/plan, its calendar file and /resume need training (the engine applies the gate); /pause is
open to everyone.
/pause reads when reminders come back in plain words (`bot.coach.dates.parse_pause_until`).
"""

from __future__ import annotations

from bot.coach import plan as rules
from bot.coach.calendar import plan_ics
from bot.coach.callbacks import PlanCalendar, ScheduleStart
from bot.coach.context import Ctx, Decision
from bot.coach.dates import PauseRefused, parse_pause_until
from bot.coach.flow import Flow, ungated
from bot.coach.flows.schedule_text import summary, upcoming_text
from bot.coach.flows.week import switches
from bot.coach.gate import Needs
from bot.coach.messages import Button, Command, FileData, Reply
from bot.coach.state import PAUSED_INDEFINITELY, PausePlan, ResumePlan
from bot.coach.training import advice, target_text


def on_plan(ctx: Ctx) -> Decision:
    """/plan: the weekly plan, its adaptations and next reminders (or an offer to make one)."""
    state = ctx.user.plan
    if state is None:
        button = Button(ctx.t("button.schedule"), ScheduleStart().pack())
        return Decision(replies=(Reply(ctx.t("plan.none"), buttons=((button,),)),))
    parts = [ctx.t("plan.header", summary=summary(ctx, state.plan))]
    parts.append(ctx.t("plan.target", target=target_text(ctx, advice(ctx).target)))
    parts.append(ctx.t("adaptation.header") if ctx.access.adaptations else ctx.t("plan.full"))
    parts += [ctx.t(f"adaptation.{a}") for a in sorted(ctx.access.adaptations)]
    if state.paused_until == PAUSED_INDEFINITELY:
        parts.append(ctx.t("plan.paused_indefinitely"))
    else:
        if state.paused_until is not None:
            parts.append(ctx.t("plan.paused_until", until=ctx.date(state.paused_until)))
        upcoming = upcoming_text(ctx, state.plan, state.paused_until)
        parts.append(ctx.t("plan.next", upcoming=upcoming))
    lines, back_on = switches(ctx, state)
    parts += lines
    calendar = Button(ctx.t("button.plan_calendar"), PlanCalendar().pack())
    buttons = ((calendar,), *((button,) for button in back_on))
    return Decision(replies=(Reply("\n\n".join(parts), buttons=buttons),))


def on_calendar(ctx: Ctx) -> Decision:
    """Add to my calendar: the plan as an .ics file (a weekly event in the user's zone)."""
    state = ctx.user.plan
    if state is None:
        return Decision(notice=ctx.t("stale_button"))
    plan = state.plan
    ics = plan_ics(
        plan,
        ctx.user.user_id,
        ctx.now,
        ctx.t("plan.calendar_title"),
        ctx.t("plan.calendar_description"),
    )
    caption = ctx.t("plan.calendar_caption", at=plan.at.strftime("%H:%M"), tz=plan.tz)
    return Decision(replies=(Reply(caption, file=FileData("reverse-lunges.ics", ics)),))


def on_pause(ctx: Ctx) -> Decision:
    """/pause (until /resume), or /pause with the day reminders come back: "tomorrow",
    "for a week", "until Monday", "Dec 24", "2026-12-24"."""
    state = ctx.user.plan
    if state is None:
        return Decision.say(ctx.t("plan.none_to_pause"))
    args = ctx.event.args if isinstance(ctx.event, Command) else ""
    if not args.strip():
        return Decision.say(
            ctx.t("plan.paused_indefinitely"), effects=(PausePlan(PAUSED_INDEFINITELY, None),)
        )
    tz_today = ctx.now.astimezone(rules.zone(state.plan.tz)).date()
    until = parse_pause_until(args, tz_today)
    if until is None:
        return Decision.say(ctx.t("plan.pause_when_unclear"))
    if isinstance(until, PauseRefused):
        return Decision.say(ctx.t(f"plan.pause_{until.reason}"))
    next_fire = rules.next_fire(state.plan, ctx.now, paused_until=until)
    return Decision.say(
        ctx.t("plan.paused_until", until=ctx.date(until)),
        effects=(PausePlan(until, next_fire),),
    )


def on_resume(ctx: Ctx) -> Decision:
    """/resume: reminders come back from the next slot."""
    state = ctx.user.plan
    if state is None:
        return Decision.say(ctx.t("plan.none_to_pause"))
    if state.paused_until is None:
        return Decision.say(ctx.t("plan.not_paused"))
    next_fire = rules.next_fire(state.plan, ctx.now)
    text = ctx.t("plan.resumed", upcoming=upcoming_text(ctx, state.plan))
    return Decision.say(text, effects=(ResumePlan(next_fire),))


FLOW = Flow(
    name="plan",
    gate=Needs.TRAINING,
    # Holding reminders is always allowed, whatever the screening says.
    commands={"plan": on_plan, "pause": ungated(on_pause), "resume": on_resume},
    buttons={PlanCalendar: on_calendar},
    menu=("plan", "pause", "resume"),
)
