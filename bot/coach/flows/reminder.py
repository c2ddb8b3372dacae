"""The reminder itself and its buttons: Start workout / Snooze 30 min / Skip today.

The dispatcher (bot/dispatch.py) claims a due slot and sends the engine a `ReminderDue` tick
(`reminder:slot:<unix>` or `reminder:snooze:<unix>`); this module decides what to say. Buttons:
`ReminderSnooze` (`rem:snooze:<slot unix>`), `ReminderSkip` (`rem:skip:<slot unix>`); Start is
`WorkoutStart` (`wk:start`). The tick and Snooze need training (a user whose gate closed is
reminded of nothing, silently); Skip today is open to everyone.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.coach import plan as plans
from bot.coach.callbacks import ReminderDue, ReminderSkip, ReminderSnooze, WorkoutStart
from bot.coach.context import Ctx, Decision
from bot.coach.flow import Flow, ungated
from bot.coach.flows.schedule_text import local_moment
from bot.coach.gate import Needs
from bot.coach.messages import Button, Reply
from bot.coach.state import PAUSED_INDEFINITELY, CancelSnooze, PlanState, Snooze
from bot.coach.training import advice, local_today, named_day, target_text, user_zone

SNOOZE = timedelta(minutes=30)
LAST_SLOT = 2**33  # Unix seconds, in the year 2242: anything later is forged


def _slot(seconds: int) -> datetime | None:
    return None if seconds > LAST_SLOT else datetime.fromtimestamp(seconds, UTC)


def on_reminder(ctx: Ctx) -> Decision:
    """A due slot or snooze: remind, unless there is no plan or today is logged."""
    tick = ctx.payload_as(ReminderDue)
    slot = _slot(tick.slot)
    if ctx.user.plan is None or slot is None:
        return Decision()
    day = plans.slot_local_date(ctx.user.plan.plan, slot)
    if any(log.local_date == day for log in ctx.user.logs):
        return Decision()
    target = advice(ctx).target
    key = "reminder.snoozed" if tick.kind == "snooze" else "reminder.text"
    lines = [ctx.t(key, target=target_text(ctx, target))]
    lines += [ctx.t(f"adaptation.{a}") for a in sorted(ctx.access.adaptations)]
    # One snooze per slot (the dispatcher decides each (slot, kind) once): a snoozed reminder
    # offers no second snooze, which would promise a reminder that never comes.
    snooze = Button(ctx.t("button.snooze"), ReminderSnooze(tick.slot).pack())
    later = (snooze,) if tick.kind != "snooze" else ()
    buttons = (
        (Button(ctx.t("button.start_workout"), WorkoutStart().pack()),),
        (*later, Button(ctx.t("button.skip_today"), ReminderSkip(tick.slot).pack())),
    )
    return Decision(replies=(Reply("\n\n".join(lines), buttons=buttons),))


def _sent(ctx: Ctx, seconds: int) -> tuple[PlanState, datetime] | None:
    """The plan and the button's slot, unless the slot is in the future (never sent: forged)."""
    state = ctx.user.plan
    slot = _slot(seconds)
    if state is None or slot is None or slot > ctx.now:
        return None
    return state, slot


def on_skip(ctx: Ctx) -> Decision:
    """Skip today: drop any snooze and name the next reminder; after midnight the skipped
    day is the reminder's, named ("skipping Mon 30 Nov"), and the next slot is still sent."""
    sent = _sent(ctx, ctx.payload_as(ReminderSkip).slot)
    if sent is None:
        return Decision(notice=ctx.t("stale_button"))
    state, slot = sent
    # The skip is of the reminder's day: after midnight, name it rather than "today".
    day = plans.slot_local_date(state.plan, slot)
    skip = CancelSnooze(skipped=day)
    if state.paused_until == PAUSED_INDEFINITELY:  # there is no next reminder to name
        reply = Reply(ctx.t("reminder.skipped_paused"), edit=True)
        return Decision(replies=(reply,), effects=(skip,))
    following = plans.next_fire(state.plan, ctx.now, paused_until=state.paused_until)
    moment = local_moment(ctx, following.astimezone(user_zone(ctx.user)))
    if day == local_today(ctx.user, ctx.now):
        text = ctx.t("reminder.skipped", next=moment)
    else:
        text = ctx.t("reminder.skipped_on", day=named_day(ctx, day), next=moment)
    reply = Reply(text, edit=True)
    return Decision(replies=(reply,), effects=(skip,))


def on_snooze(ctx: Ctx) -> Decision:
    """Snooze 30 min: remind again about this slot (not for one over 12 hours old)."""
    sent = _sent(ctx, ctx.payload_as(ReminderSnooze).slot)
    if sent is None:
        return Decision(notice=ctx.t("stale_button"))
    _, slot = sent
    if ctx.now - slot > timedelta(hours=12):
        return Decision(notice=ctx.t("reminder.too_old"))
    at = ctx.now + SNOOZE
    local = at.astimezone(user_zone(ctx.user)).strftime("%H:%M")
    reply = Reply(ctx.t("reminder.snooze_set", at=local), edit=True)
    return Decision(replies=(reply,), effects=(Snooze(slot, at),))


FLOW = Flow(
    name="reminder",
    gate=Needs.TRAINING,
    # Skip today only drops a snooze: open to everyone.
    buttons={ReminderSnooze: on_snooze, ReminderSkip: ungated(on_skip)},
    ticks={ReminderDue: on_reminder},
)
