"""The reminder itself and its buttons: Start workout / Snooze 30 min / Skip today.

The dispatcher (bot/dispatch.py) claims a due slot and sends the engine a `Tick` named
`reminder:slot:<unix>` or `reminder:snooze:<unix>`; this module decides whether and what to
say. Callback data: `rem:snooze:<slot unix>`, `rem:skip:<slot unix>`; Start is `wk:start`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.coach import plan as plans
from bot.coach.context import Ctx, Decision
from bot.coach.flows import Flow
from bot.coach.flows.numbers import whole_number
from bot.coach.flows.schedule import local_moment
from bot.coach.messages import Button, Reply, Tick
from bot.coach.state import PAUSED_INDEFINITELY, CancelSnooze, Snooze
from bot.coach.training import advice, target_text, user_zone

PREFIX = "rem"
SNOOZE = timedelta(minutes=30)
LAST_SLOT = 2**33  # Unix seconds, in the year 2242: anything later is forged


def _slot(stamp: str) -> datetime | None:
    seconds = whole_number(stamp, most=LAST_SLOT)
    return None if seconds is None else datetime.fromtimestamp(seconds, UTC)


def on_reminder(ctx: Ctx) -> Decision:
    """A due slot or snooze: remind, unless training is not allowed or today is logged."""
    assert isinstance(ctx.event, Tick)
    _, kind, stamp = (ctx.event.name.split(":") + ["", ""])[:3]
    slot = _slot(stamp)
    if ctx.user.plan is None or not ctx.access.may_train or slot is None:
        return Decision()
    day = plans.slot_local_date(ctx.user.plan.plan, slot)
    if any(log.local_date == day for log in ctx.user.logs):
        return Decision()
    target = advice(ctx).target
    key = "reminder.snoozed" if kind == "snooze" else "reminder.text"
    lines = [ctx.t(key, target=target_text(ctx, target))]
    lines += [ctx.t(f"adaptation.{a}") for a in sorted(ctx.access.adaptations)]
    # One snooze per slot (the dispatcher decides each (slot, kind) once): a snoozed reminder
    # offers no second snooze, which would promise a reminder that never comes.
    later = (
        (Button(ctx.t("button.snooze"), f"{PREFIX}:snooze:{stamp}"),) if kind != "snooze" else ()
    )
    buttons = (
        (Button(ctx.t("button.start_workout"), "wk:start"),),
        (*later, Button(ctx.t("button.skip_today"), f"{PREFIX}:skip:{stamp}")),
    )
    return Decision(replies=(Reply("\n\n".join(lines), buttons=buttons),))


def on_press(ctx: Ctx) -> Decision:
    _, action, stamp = ((ctx.pressed or "") + "::").split(":")[:3]
    state = ctx.user.plan
    slot = _slot(stamp)
    # A slot in the future was never sent: the button is forged.
    if state is None or slot is None or slot > ctx.now or action not in ("snooze", "skip"):
        return Decision(notice=ctx.t("stale_button"))
    if action == "skip":
        if state.paused_until == PAUSED_INDEFINITELY:  # there is no next reminder to name
            reply = Reply(ctx.t("reminder.skipped_paused"), edit=True)
            return Decision(replies=(reply,), effects=(CancelSnooze(),))
        following = plans.next_fire(state.plan, ctx.now, paused_until=state.paused_until)
        moment = local_moment(ctx, following.astimezone(user_zone(ctx.user)))
        reply = Reply(ctx.t("reminder.skipped", next=moment), edit=True)
        return Decision(replies=(reply,), effects=(CancelSnooze(),))
    if not ctx.access.may_train or ctx.now - slot > timedelta(hours=12):
        return Decision(notice=ctx.t("reminder.too_old"))
    at = ctx.now + SNOOZE
    local = at.astimezone(user_zone(ctx.user)).strftime("%H:%M")
    reply = Reply(ctx.t("reminder.snooze_set", at=local), edit=True)
    return Decision(replies=(reply,), effects=(Snooze(slot, at),))


FLOW = Flow(
    name="reminder",
    prefix=PREFIX,
    on_press=on_press,
    ticks={"reminder": on_reminder},
)
