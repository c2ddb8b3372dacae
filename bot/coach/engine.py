"""One entry point for the coach: (user state, event, now) -> decision. No I/O here.

Routing uses the tables of bot/coach/routes.py, built from the flows' declarations: commands
by name, button presses and ticks by the kind their data decodes to (bot/coach/callbacks.py),
typed text and locations by the conversation the user is in, other text by the flows that
claim it. Before any handler runs, `_run` applies the gate the entry point declares
(bot/coach/gate.py). Anything else gets a short, friendly answer; nothing here raises on user
input.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from bot.coach.coaching_events import with_events
from bot.coach.codec import decode
from bot.coach.context import Ctx, Decision
from bot.coach.flow import Route
from bot.coach.flows import forwarded, redflag
from bot.coach.gate import allows, refusal
from bot.coach.messages import Command, Event, Location, Press, Text, Tick, Unsupported
from bot.coach.routes import (
    BUTTONS,
    COMMANDS,
    CONVERSATIONS,
    FREE_TEXT,
    LOCATIONS,
    MENU,
    PAIN_LOG,
    RELAYS,
    THREAD_REPLY,
    TICKS,
)
from bot.coach.state import UserState
from bot.content import Content

__all__ = ["COMMANDS", "MENU", "decide"]


def decide(user: UserState, event: Event, now: datetime, content: Content) -> Decision:
    """Everything the coach does in answer to one event (never raises on user input), with
    what the user's coach, if they have one, is told about it (bot/coach/coaching_events.py)."""
    ctx = Ctx(user=user, event=event, now=now, content=content, menu=MENU)
    return with_events(ctx, _decide(ctx))


def _decide(ctx: Ctx) -> Decision:
    match ctx.event:
        case Command(name=name):
            command = COMMANDS.get(name.lower())
            return _run(ctx, command) if command else Decision.say(ctx.t("unknown_command"))
        case Press(data=data):
            button = decode(data, BUTTONS)
            if button is None:
                return Decision(notice=ctx.t("stale_button"))
            return _run(replace(ctx, payload=button), BUTTONS[type(button)])
        case Text():
            return _on_text(ctx)
        case Location():
            at = _in_conversation(ctx, LOCATIONS)
            return _run(ctx, at) if at else Decision.say(ctx.t("location_unexpected"))
        case Unsupported(kind="edited"):
            return Decision.say(ctx.t("edited_ignored"))
        case Unsupported():
            return Decision.say(ctx.t("text_only"))
        case Tick(name=name):
            payload = decode(name, TICKS)
            if payload is None:
                return Decision()
            return _run(replace(ctx, payload=payload), TICKS[type(payload)])


def _run(ctx: Ctx, entry: Route) -> Decision:
    """The entry point's handler, if the gate lets the user in; else the refusal."""
    if allows(ctx, entry.needs):
        return entry.handler(ctx)
    conversation = ctx.user.conversation
    inside = conversation is not None and conversation.flow in entry.flow.conversations
    return refusal(ctx, inside=inside, tick=entry.tick, cleanup=entry.flow.cleanup)


def _on_text(ctx: Ctx) -> Decision:
    # Words for another person (a coach's reply, a message being written) are relayed first.
    if ctx.user.coaching.thread is not None:
        return _run(ctx, THREAD_REPLY)
    conversation = ctx.user.conversation
    if conversation is not None and conversation.flow in RELAYS:
        return _run(ctx, CONVERSATIONS[conversation.flow])
    # Someone else's words (a forwarded log, the coach's own confirmation sent back) are
    # never the user's log: asked about or explained before anything else reads them.
    foreign = forwarded.check(ctx)
    if foreign is not None:
        return foreign
    # Red flags come first, in any message and for everyone; a log in the same message is
    # stored either way, noted as paused when the logbook's gate is closed.
    advice = redflag.check(ctx, log_allowed=allows(ctx, PAIN_LOG.needs))
    if advice is not None:
        return advice
    typed = _in_conversation(ctx, CONVERSATIONS)
    if typed is not None:
        return _run(ctx, typed)
    for free_text, entry in FREE_TEXT:
        if free_text.claims(ctx):
            decision = _run(ctx, entry)
            if decision.handled:
                return decision
    return Decision.say(ctx.t("not_understood"))


def _in_conversation(ctx: Ctx, table: Mapping[str, Route]) -> Route | None:
    conversation = ctx.user.conversation
    return table.get(conversation.flow) if conversation is not None else None
