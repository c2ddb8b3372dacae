"""The one gate: what an entry point needs, whether this user has it, and the refusal.

`screening.access` decides what the latest screening allows; flows declare what each entry
point needs (`Flow(gate=Needs.TRAINING)`, exceptions wrapped in `ungated()`); the engine calls
`allows` before any handler runs and answers with `refusal` when it says no. Handlers never
refuse on their own.
"""

from __future__ import annotations

from enum import Enum

from bot.coach.context import Ctx, Decision
from bot.coach.messages import Reply
from bot.coach.screening import Gate
from bot.coach.state import Effect


class Needs(Enum):
    """What an entry point needs from the latest screening."""

    NOTHING = "nothing"  # open to everyone: the screening itself, the lesson, /pause, /delete
    TRAINING = "training"  # plans, workouts, reminders, new logs: `Access.may_train`


def allows(ctx: Ctx, needs: Needs) -> bool:
    """True when the user may use an entry point that needs `needs`."""
    return needs is Needs.NOTHING or ctx.access.may_train


def gate_text(ctx: Ctx) -> str:
    """Why training is not offered right now, and what to do about it."""
    gate = ctx.access.gate
    if gate is Gate.NEEDS_SCREENING and ctx.user.screening is not None:
        return ctx.t("gate.expired")
    return ctx.t(f"gate.{gate.value}")


def refusal(ctx: Ctx, *, inside: bool, tick: bool, cleanup: tuple[Effect, ...]) -> Decision:
    """The answer instead of a handler the gate closed.

    `inside`: the user is in one of the flow's conversations, which the refusal ends, with
    the flow's `cleanup` effects (e.g. cancel the rest timer). A tick outside them (a reminder,
    a stale timer) is silent: the user asked for nothing. Anything else gets the gate text
    and leaves the conversation as it is.
    """
    if inside:
        reply = Reply(gate_text(ctx))
        return Decision(replies=(reply,), conversation=None, effects=cleanup)
    if tick:
        return Decision(effects=cleanup)
    return Decision.say(gate_text(ctx))
