"""Pain and red-flag words come first, in any message, before any other reading of it.

Emergency words (chest pain, fainting, dizziness, shortness of breath): stop now and seek
medical help. Joint pain ("my knee hurts"): stop, rest, and take the screening again before
the next workout. Either way the coach asks for a new screening, marks today's log, and
progression eases back (see progression.py). A log in the same message is still stored, with
the pain mark, when the logbook's gate allows it (the engine runs `logbook.on_pain_log`).
"""

from __future__ import annotations

from dataclasses import replace

from bot.coach.callbacks import REST_TIMER
from bot.coach.context import Ctx, Decision
from bot.coach.messages import Reply, Text
from bot.coach.redflags import detect
from bot.coach.state import CancelTimer, RequireRescreen


def check(ctx: Ctx) -> Decision | None:
    """The red-flag answer for this text message, or None when it carries no red flag."""
    assert isinstance(ctx.event, Text)
    flag = detect(ctx.event.text, ctx.content.red_flags)
    if flag is None:
        return None
    advice = Reply(ctx.t(f"redflag.{flag}"))
    stop_workout = ctx.user.conversation is not None and ctx.user.conversation.flow == "workout"
    effects = (RequireRescreen(), CancelTimer(REST_TIMER)) if stop_workout else (RequireRescreen(),)
    conversation = None if stop_workout else ctx.user.conversation
    return Decision(replies=(advice,), effects=effects, conversation=conversation)


def with_log(advice: Decision, logged: Decision | None) -> Decision:
    """The advice after the log stored from the same message (the engine ran the logbook's
    pain log under its gate: None, or unhandled, when nothing was logged)."""
    if logged is None or not logged.handled:
        return advice
    return replace(
        logged,
        replies=(*logged.replies, *advice.replies),
        effects=(*logged.effects, *advice.effects),
    )
