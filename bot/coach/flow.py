"""What a flow declares: its entry points and what they need. The engine routes by these.

A flow module (bot/coach/flows/*.py) ends with one `FLOW = Flow(...)`; bot/coach/routes.py
lists them. The flow's `gate` applies to every entry point it declares, except those wrapped
in `ungated(...)`; the engine checks it before the handler runs (bot/coach/gate.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.coach.codec import CallbackData
from bot.coach.context import Ctx, Handler
from bot.coach.gate import Needs
from bot.coach.state import Effect


@dataclass(frozen=True)
class Ungated:
    """An entry point open to everyone in a flow whose other entry points need training."""

    handler: Handler


def ungated(handler: Handler) -> Ungated:
    """Mark one entry point of a gated flow as open to everyone (say why, in a comment)."""
    return Ungated(handler)


Entry = Handler | Ungated


@dataclass(frozen=True)
class FreeText:
    """Typed text outside any conversation: the flow takes it when `claims(ctx)` is True.

    The gate applies only to text the flow claims, so "hello" from a user who may not train
    still reaches the next flow (and finally "not understood").
    """

    claims: Callable[[Ctx], bool]
    handler: Entry


@dataclass(frozen=True)
class Flow:
    """A flow's entry points and what they need.

    `commands` by name; `buttons` by kind of callback data (bot/coach/callbacks.py); typed text
    while the user is in one of `conversations` (by conversation name); `locations` for the
    conversations that ask for one; `free_text` outside any conversation; `ticks` by kind of
    payload (timers and reminders). `menu` lists the commands shown in Telegram's menu, in
    order. `cleanup` are the effects of a refusal while the user is in one of the flow's
    conversations (which the refusal ends).
    """

    name: str
    gate: Needs = Needs.NOTHING
    commands: Mapping[str, Entry] = field(default_factory=dict)
    buttons: Mapping[type[CallbackData], Entry] = field(default_factory=dict)
    conversations: Mapping[str, Entry] = field(default_factory=dict)
    locations: Mapping[str, Entry] = field(default_factory=dict)
    free_text: FreeText | None = None
    ticks: Mapping[type[CallbackData], Entry] = field(default_factory=dict)
    menu: tuple[str, ...] = ()
    cleanup: tuple[Effect, ...] = ()


@dataclass(frozen=True)
class Route:
    """One entry point as the engine runs it: its handler, what it needs, and its flow."""

    flow: Flow
    handler: Handler
    needs: Needs
    tick: bool = False


def route(flow: Flow, entry: Entry, *, tick: bool = False) -> Route:
    """The route of one declared entry point: the flow's gate unless it is `ungated`."""
    if isinstance(entry, Ungated):
        return Route(flow, entry.handler, Needs.NOTHING, tick)
    return Route(flow, entry, flow.gate, tick)
