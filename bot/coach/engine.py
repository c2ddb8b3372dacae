"""One entry point for the coach: (user state, event, now) -> decision. No I/O here.

Routing lives in three tables assembled from the flow modules in `bot.coach.flows`:
commands by name, button presses by callback-data prefix, and typed text by the flow the user
is in. Anything else gets a short, friendly answer; nothing here raises on user input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from bot.coach.context import Ctx, Decision
from bot.coach.flows import FLOWS, redflag
from bot.coach.messages import Command, Event, Location, Press, Text, Tick, Unsupported
from bot.coach.state import UserState
from bot.content import Content

Handler = Callable[[Ctx], Decision]

COMMANDS: Mapping[str, Handler] = {
    name: handler for flow in FLOWS for name, handler in flow.commands.items()
}
PRESSES: Mapping[str, Handler] = {flow.prefix: flow.on_press for flow in FLOWS if flow.prefix}
TEXT_IN_FLOW: Mapping[str, Handler] = {
    name: handler for flow in FLOWS for name, handler in flow.conversations.items()
}
LOCATION_IN_FLOW: Mapping[str, Handler] = {
    name: handler for flow in FLOWS for name, handler in flow.locations.items()
}
TICKS: Mapping[str, Handler] = {
    name: handler for flow in FLOWS for name, handler in flow.ticks.items()
}
FREE_TEXT: tuple[Handler, ...] = tuple(flow.on_free_text for flow in FLOWS if flow.on_free_text)
# The commands shown in Telegram's menu, in this order.
MENU: tuple[str, ...] = tuple(name for flow in FLOWS for name in flow.menu)


def decide(user: UserState, event: Event, now: datetime, content: Content) -> Decision:
    """Everything the coach does in answer to one event."""
    ctx = Ctx(user=user, event=event, now=now, content=content)
    match event:
        case Command(name=name):
            handler = COMMANDS.get(name.lower())
            return handler(ctx) if handler else Decision.say(ctx.t("unknown_command"))
        case Press(data=data):
            prefix = data.split(":", 1)[0]
            press_handler = PRESSES.get(prefix)
            if press_handler is None:
                return Decision(notice=ctx.t("stale_button"))
            return press_handler(ctx)
        case Text():
            return _on_text(ctx)
        case Location():
            handler = _flow_handler(ctx, LOCATION_IN_FLOW)
            return handler(ctx) if handler else Decision.say(ctx.t("location_unexpected"))
        case Unsupported(kind="edited"):
            return Decision.say(ctx.t("edited_ignored"))
        case Unsupported():
            return Decision.say(ctx.t("text_only"))
        case Tick(name=name):
            tick_handler = TICKS.get(name.split(":", 1)[0])
            return tick_handler(ctx) if tick_handler else Decision()


def _on_text(ctx: Ctx) -> Decision:
    red_flag = redflag.check(ctx)
    if red_flag is not None:
        return red_flag

    def outside_flows() -> Decision:
        for handler in FREE_TEXT:
            decision = handler(ctx)
            if decision.handled:
                return decision
        return Decision.say(ctx.t("not_understood"))

    return _in_flow_or(ctx, outside_flows)


def _in_flow_or(ctx: Ctx, otherwise: Callable[[], Decision]) -> Decision:
    handler = _flow_handler(ctx, TEXT_IN_FLOW)
    return handler(ctx) if handler else otherwise()


def _flow_handler(ctx: Ctx, table: Mapping[str, Handler]) -> Handler | None:
    conversation = ctx.user.conversation
    return table.get(conversation.flow) if conversation is not None else None
