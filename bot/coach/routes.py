"""The flows, assembled: the one list of every flow, and the routing tables built from it.

Import order (each module imports only modules above it, never one below):

    messages, state, screening, content ...   the domain rules and data
    codec -> callbacks                         button data and tick payloads, typed
    context (Ctx, Decision) -> gate -> flow    what handlers see; the gate; what flows declare
    flows/*.py                                 one module per flow, each ends with `FLOW`
    routes (this module)                       the list below and its tables
    engine                                     `decide`: routes an event, applies the gate

A new flow is one module in bot/coach/flows/ and one line in `FLOWS`.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.coach.codec import CallbackData
from bot.coach.conversations import WritingToClient, WritingToCoach
from bot.coach.flow import Flow, FreeText, Route, route
from bot.coach.flows import (
    account,
    admin,
    better,
    clearance,
    coach_actions,
    coaching,
    digest,
    forwarded,
    history,
    lesson,
    logbook,
    morning,
    plan,
    progress,
    redflag,
    reminder,
    roster,
    schedule,
    screening,
    week,
    welcome,
    workout,
)

# Every flow, in the order of Telegram's command menu (and /help).
FLOWS: tuple[Flow, ...] = (
    welcome.FLOW,  # /start, /help, /cancel
    screening.FLOW,  # the safety screening, /rescreen
    clearance.FLOW,  # a doctor's go-ahead, /cleared; /summary to show a doctor
    better.FLOW,  # "I feel better": /better asks the one question again
    lesson.FLOW,  # /lunge, /cheatsheet
    schedule.FLOW,  # /schedule (needs training)
    plan.FLOW,  # /plan, /pause, /resume (needs training, except /pause)
    workout.FLOW,  # /workout and its rest timer (needs training, except Stop)
    reminder.FLOW,  # reminder ticks, Snooze / Skip today (needs training, except Skip)
    week.FLOW,  # weekly summary and missed-day nudge (needs training, except turning off)
    logbook.FLOW,  # /log, typed logs (needs training), Undo / Edit
    forwarded.FLOW,  # "log these forwarded sets as yours?" (needs training)
    history.FLOW,  # /history, its pages and Edit / Delete buttons, /undo (open to all)
    progress.FLOW,  # /stats, /export
    coaching.FLOW,  # /coach, /mycoach, /tocoach, /leavecoach, invites, relays (open to all)
    roster.FLOW,  # /clients: the coach's roster and a client's card (open to all)
    coach_actions.FLOW,  # the coach's actions: looked at it, target, pause, /broadcast
    digest.FLOW,  # a coach's daily digest tick (open to all)
    account.FLOW,  # /delete
    admin.FLOW,  # /admin
    redflag.FLOW,  # pain ratings and "is it easing?" after red-flag words (no commands)
    morning.FLOW,  # the next-morning check after pain (open to all: it is about safety)
)


def _table(pairs: list[tuple[str, Route]]) -> Mapping[str, Route]:
    table: dict[str, Route] = {}
    for key, value in pairs:
        assert key not in table, f"two flows declare {key!r}"
        table[key] = value
    return table


def _kinds(pairs: list[tuple[type[CallbackData], Route]]) -> Mapping[type[CallbackData], Route]:
    table: dict[type[CallbackData], Route] = {}
    for kind, value in pairs:
        assert kind not in table, f"two flows declare {kind.__name__}"
        table[kind] = value
    return table


COMMANDS = _table([(n, route(f, e)) for f in FLOWS for n, e in f.commands.items()])
BUTTONS = _kinds([(k, route(f, e)) for f in FLOWS for k, e in f.buttons.items()])
CONVERSATIONS = _table([(n, route(f, e)) for f in FLOWS for n, e in f.conversations.items()])
LOCATIONS = _table([(n, route(f, e)) for f in FLOWS for n, e in f.locations.items()])
TICKS = _kinds([(k, route(f, e, tick=True)) for f in FLOWS for k, e in f.ticks.items()])
FREE_TEXT: tuple[tuple[FreeText, Route], ...] = tuple(
    (f.free_text, route(f, f.free_text.handler)) for f in FLOWS if f.free_text
)
# A log in a message that also carries a red flag ("3x10, my knee hurts") is stored by the
# red-flag flow; the logbook's gate decides whether it is noted as logged while paused. The
# red-flag advice itself is for everyone.
PAIN_LOG = route(logbook.FLOW, logbook.on_pain_log)
# Words written for another person are relayed as they are, never read as logs: a coach's
# Telegram reply to a message about a client, and the text typed after "Message my coach" or
# a Reply button (the coaching flow's writing conversations). A client's words for the coach
# are graded for red flags by the coaching flow itself (`coaching._to_coach`).
THREAD_REPLY = route(coaching.FLOW, coaching.on_thread_reply)
RELAYS = frozenset((WritingToCoach.flow, WritingToClient.flow))
# The commands shown in Telegram's menu, in this order.
MENU: tuple[str, ...] = tuple(name for flow in FLOWS for name in flow.menu)
