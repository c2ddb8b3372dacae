"""The one refusal every training feature uses, worded by the screening's outcome."""

from __future__ import annotations

from bot.coach.context import Ctx, Decision


def refuse_training(ctx: Ctx) -> Decision | None:
    """None when the user may train; otherwise the explanation of why not, and what to do."""
    if ctx.access.may_train:
        return None
    from bot.coach.flows.welcome import gate_text

    return Decision.say(gate_text(ctx))
