"""The user flows. Each module exposes one `FLOW`; this list assembles them, in menu order."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.coach.context import Decision, Handler


def _no_press(_: object) -> Decision:
    return Decision()


@dataclass(frozen=True)
class Flow:
    """A flow's entry points: commands, button presses (by callback prefix), typed text.

    `conversations` maps a conversation name to the handler of typed text while the user is
    in it; `locations` to the handler of a shared location (only conversations that ask for
    one: the others' handlers see nothing but `Text`). `on_free_text` sees text outside any
    conversation and may leave it unhandled.
    `ticks` maps a timer name to its handler. `menu` lists the commands shown in Telegram's
    command menu.
    """

    name: str
    commands: Mapping[str, Handler] = field(default_factory=dict)
    prefix: str = ""
    on_press: Handler = _no_press
    conversations: Mapping[str, Handler] = field(default_factory=dict)
    locations: Mapping[str, Handler] = field(default_factory=dict)
    on_free_text: Handler | None = None
    ticks: Mapping[str, Handler] = field(default_factory=dict)
    menu: tuple[str, ...] = ()


def _assemble() -> tuple[Flow, ...]:
    from bot.coach.flows import (
        account,
        admin,
        clearance,
        lesson,
        logbook,
        plan,
        progress,
        reminder,
        schedule,
        screening,
        welcome,
        workout,
    )

    return (
        welcome.FLOW,
        screening.FLOW,
        clearance.FLOW,
        lesson.FLOW,
        schedule.FLOW,
        plan.FLOW,
        workout.FLOW,
        reminder.FLOW,
        logbook.FLOW,
        progress.FLOW,
        account.FLOW,
        admin.FLOW,
    )


FLOWS: tuple[Flow, ...] = _assemble()
