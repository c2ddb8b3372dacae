"""Pain and red-flag words come first, in any message, before any other reading of it.

Emergency words (chest pain, fainting, dizziness, shortness of breath): stop now and seek
medical help. Joint pain ("my knee hurts"): stop, rest, and take the screening again before
the next workout. Either way the coach asks for a new screening, marks today's log, and
progression eases back (see progression.py). A log in the same message is still stored.
"""

from __future__ import annotations

from dataclasses import replace

from bot.coach import reps
from bot.coach.context import Ctx, Decision
from bot.coach.messages import Reply, Text
from bot.coach.redflags import detect
from bot.coach.sessions import LoggedSet
from bot.coach.state import CancelTimer, RequireRescreen


def check(ctx: Ctx) -> Decision | None:
    """The red-flag answer for this text message, or None when it carries no red flag."""
    assert isinstance(ctx.event, Text)
    flag = detect(ctx.event.text, ctx.content.red_flags)
    if flag is None:
        return None
    advice = Reply(ctx.t(f"redflag.{flag}"))
    stop_workout = ctx.user.conversation is not None and ctx.user.conversation.flow == "workout"
    effects = (RequireRescreen(), CancelTimer("rest")) if stop_workout else (RequireRescreen(),)
    logged = _log_in_same_message(ctx)
    if logged is not None:
        return replace(
            logged,
            replies=(*logged.replies, advice),
            effects=(*logged.effects, *effects),
        )
    conversation = None if stop_workout else ctx.user.conversation
    return Decision(replies=(advice,), effects=effects, conversation=conversation)


def _log_in_same_message(ctx: Ctx) -> Decision | None:
    from bot.coach.flows.logbook import log_sets

    assert isinstance(ctx.event, Text)
    parsed = reps.parse_log(ctx.event.text)
    if not isinstance(parsed, reps.Parsed) or not ctx.access.may_train:
        return None
    sets = tuple(LoggedSet(s.reps, s.leg, s.weight_kg) for s in parsed.sets)
    return log_sets(ctx, sets, ctx.event.text, note=parsed.note, pain=True)
