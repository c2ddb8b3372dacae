"""The one gate, proved over every entry point the flows declare.

The probes below are built from the routing tables (bot/coach/routes.py), which are built from
each flow's `Flow(...)`: every command, every button kind with every value of its fixed words,
every conversation's typed text, every shared location, every claimed free text and every tick
that needs training. A new flow, command, button kind or tick is probed without editing this
file. Each user here has a stored screening that closes the gate (or none at all); none of them
may reach a handler: the only answer is the gate's text, and nothing about plans, reminders,
logs or timers is stored.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, get_args

import pytest

from bot.clock import FakeClock
from bot.coach.codec import CallbackData, fields_of
from bot.coach.context import Ctx
from bot.coach.conversations import (
    AnsweringScreening,
    AskingAgain,
    AskingClearance,
    AskingEasing,
    AskingLogZone,
    ChoosingReading,
    ConfirmingDelete,
    ConfirmingDone,
    ConfirmingForwarded,
    ConfirmingPlan,
    ConsideringInvite,
    Conversation,
    CountingFewer,
    DoingSet,
    EditingLog,
    PickingDays,
    PickingTime,
    PickingZone,
    RatingFeel,
    RatingPain,
    Reading,
    Resting,
    SettingTarget,
    WarmingUp,
    WritingToClient,
    WritingToCoach,
)
from bot.coach.flow import Route
from bot.coach.gate import Needs
from bot.coach.messages import Command, Event, Location, Press, Text, Tick
from bot.coach.plan import WeeklyPlan
from bot.coach.routes import BUTTONS, COMMANDS, CONVERSATIONS, FLOWS, FREE_TEXT, LOCATIONS, TICKS
from bot.coach.screening import Progress, Result
from bot.coach.sessions import LoggedSet, Target
from bot.coach.state import UserState
from bot.content import Content
from bot.storage.db import Database
from bot.storage.repo import Repo
from tests.chat import ChatHarness

# Texts a free-text entry point may claim (each gated one must claim at least one of them).
FREE_TEXTS = ("3x10", "10 10 8", "done", "12 each leg @2kg")
TYPED = ("3x10", "done", "18:30", "Berlin", "yes")
STORED = ("plans", "logs", "log_sets", "reminders", "timers", "screenings")
TARGET = Target(3, 10, None)
DAYS = frozenset({0, 2, 4})
# One state of every stage of every conversation (the user is put in each in turn).
STATES: tuple[Conversation, ...] = (
    AnsweringScreening(Progress(), None),
    AskingClearance(),
    AskingAgain("ill_today"),
    ConfirmingDelete(),
    PickingDays(DAYS),
    PickingTime(DAYS),
    PickingZone(DAYS, time(18, 0)),
    ConfirmingPlan(WeeklyPlan(DAYS, time(18, 0), "UTC")),
    WarmingUp(TARGET),
    DoingSet(TARGET, ()),
    CountingFewer(TARGET, ()),
    Resting(TARGET, (10,)),
    RatingFeel(TARGET, (10, 10, 10)),
    ChoosingReading("10 10", (Reading((LoggedSet(10, "both", None),) * 2),)),
    EditingLog(1),
    ConfirmingDone(TARGET),
    ConfirmingForwarded("did 3x12 today"),
    AskingLogZone(),
    AskingEasing("dizzy"),
    RatingPain("knee"),
    ConsideringInvite("code1"),
    WritingToCoach(1),
    WritingToClient(1),
    SettingTarget(1),
)


@dataclass(frozen=True)
class Probe:
    """One way into a gated entry point: an event, and the conversation the user is in."""

    name: str
    event: Event
    conversation: Conversation | None
    tick: bool = False


def examples(kind: type[CallbackData]) -> list[CallbackData]:
    """One instance of `kind` per combination of its fixed words (numbers 0, text "0700")."""
    values = []
    for spec in fields_of(kind):
        if spec.choices is not None:
            values.append(spec.choices)
        else:
            values.append((0,) if spec.type is int else ("0700",))
    names = [spec.name for spec in fields_of(kind)]
    return [kind(**dict(zip(names, combo, strict=True))) for combo in itertools.product(*values)]


def gated(route: Route) -> bool:
    return route.needs is Needs.TRAINING


def places(route: Route) -> tuple[Conversation | None, ...]:
    """Outside any conversation, and in each stage of the route's flow's conversations."""
    return (None, *in_conversation(route.flow.conversations))


def in_conversation(names: Iterable[str]) -> tuple[Conversation, ...]:
    return tuple(state for state in STATES if state.flow in set(names))


def where(state: Conversation | None) -> str:
    return type(state).__name__ if state else "no conversation"


def probes() -> list[Probe]:
    found: list[Probe] = []
    for name, route in COMMANDS.items():
        for args, at in itertools.product(("", "3x10", "2030-01-01"), places(route)):
            if gated(route):
                found.append(Probe(f"/{name} {args} in {where(at)}", Command(name, args), at))
    for kind, route in BUTTONS.items():
        for button, at in itertools.product(examples(kind), places(route)):
            if gated(route):
                found.append(Probe(f"{button.pack()} in {where(at)}", Press(button.pack()), at))
    for name, route in CONVERSATIONS.items():
        for text, at in itertools.product(TYPED, in_conversation([name])):
            if gated(route):
                found.append(Probe(f"{text!r} in {where(at)}", Text(text), at))
    for name, route in LOCATIONS.items():
        for at in in_conversation([name]) if gated(route) else ():
            found.append(Probe(f"location in {where(at)}", Location(52.52, 13.40), at))
    for _, route in FREE_TEXT:
        for text in FREE_TEXTS if gated(route) else ():
            found.append(Probe(f"{text!r} outside flows", Text(text), None))
    for kind, route in TICKS.items():
        for payload, at in itertools.product(examples(kind), places(route)):
            if gated(route):
                tick = Tick(payload.pack())
                found.append(Probe(f"tick {payload.pack()} in {where(at)}", tick, at, tick=True))
    return found


PROBES = probes()


def result(content: Content, outcome: str, yes: str, now: datetime) -> Result:
    questions = content.screening.questions
    return Result(
        answers={q.id: q.id == yes for q in questions},
        outcome=outcome,  # type: ignore[arg-type]
        adaptations=frozenset(),
        content_version=content.screening.version,
        completed_at=now,
    )


# A stored screening (or none) whose outcome closes the gate, and the gate text it gets.
USERS = {
    "see a doctor first": (("doctor", "heart"), "gate.doctor"),
    "never screened": (None, "gate.needs_screening"),
    "not today": (("not_today", "ill_today"), "gate.not_today"),
}


async def seed(chat: ChatHarness, screening: tuple[str, str] | None) -> None:
    """The user, their screening, and a paused weekly plan made back when they were cleared."""
    now = chat.clock.now()
    plan = WeeklyPlan(days=frozenset({0, 2, 4}), at=time(18, 0), tz="UTC")
    async with chat.db.transaction() as tx:
        repo = Repo(tx)
        repo.users.touch(chat.user_id, chat.user_id, "Ann", now)
        if screening is not None:
            repo.screenings.add(chat.user_id, result(chat.content, *screening, now))
        repo.plans.save(chat.user_id, plan, now + timedelta(hours=1), now)
        repo.plans.set_pause(chat.user_id, date(2027, 1, 1), None, now)


async def stored(db: Database) -> dict[str, Any]:
    async with db.transaction() as tx:
        tables = {t: [dict(r) for r in await tx.fetchall(f"SELECT * FROM {t}")] for t in STORED}
        [user] = await tx.fetchall("SELECT flow FROM users")
    return {**tables, "flow": user["flow"]}


async def put_in(chat: ChatHarness, conversation: Conversation | None) -> None:
    async with chat.db.transaction() as tx:
        Repo(tx).users.save_conversation(chat.user_id, conversation)


async def answer_to(chat: ChatHarness, probe: Probe, refusal: str) -> list[str]:
    """Where the probe went wrong (empty when only the gate answered, and nothing changed)."""
    await put_in(chat, probe.conversation)
    before = await stored(chat.db)
    shown = len(chat.shown)
    try:
        await chat.event(probe.event, message_id=1 if isinstance(probe.event, Press) else None)
    except Exception as exc:  # a handler ran on data it never gets past the gate
        return [f"raised {exc!r}"]
    after = await stored(chat.db)
    texts = [message.text for message in chat.shown[shown:]]
    wrong = []
    expected = [] if probe.tick and probe.conversation is None else [refusal]
    if texts != expected or chat.last_notice is not None:
        wrong.append(f"answered {texts} notice {chat.last_notice!r}")
    if any(m.reply.buttons for m in chat.shown[shown:]):
        wrong.append("buttons offered")
    inside = probe.conversation is not None
    expected_flow = None if inside else before["flow"]
    if {**after, "flow": None} != {**before, "flow": None} or after["flow"] != expected_flow:
        wrong.append(f"stored {before} -> {after}")
    return wrong


@pytest.mark.parametrize("user", list(USERS))
async def test_no_gated_entry_point_lets_a_user_who_may_not_train_in(
    db: Database, content: Content, clock: FakeClock, user: str
) -> None:
    """Every command, button, typed text, location, free text and tick that needs training:
    the gate's text (ticks outside a conversation: silence), no plan/reminder/log/timer
    change, and a conversation of the refused flow ended."""
    screening, key = USERS[user]
    refusal = content.texts(key)
    chat = ChatHarness(db, content, clock, user_id=1001)
    await seed(chat, screening)
    await chat.send("/help")  # message 1, the one presses come from
    failures = {}
    for probe in PROBES:
        if wrong := await answer_to(chat, probe, refusal):
            failures[probe.name] = wrong
    assert not failures, "\n".join(f"{name}: {wrong}" for name, wrong in failures.items())
    assert len(PROBES) > 50


def test_every_gated_free_text_entry_claims_a_probe_text(content: Content) -> None:
    """The probes above reach each gated free-text entry point (else add a text it claims)."""
    now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    for free_text, route in FREE_TEXT:
        ctx = [Ctx(UserState(1, 1), Text(t), now, content) for t in FREE_TEXTS]
        assert not gated(route) or any(free_text.claims(c) for c in ctx), route.flow.name


def test_every_stage_of_every_conversation_is_probed() -> None:
    """The states above cover each class of `Conversation` (a new stage gets an example)."""
    assert {type(state) for state in STATES} == set(get_args(Conversation))


def test_the_open_doors_of_gated_flows_are_these() -> None:
    """Entry points of gated flows that are open to everyone: a change here is deliberate."""
    entries: list[tuple[str, Route]] = [
        *((f"command:{name}", route) for name, route in COMMANDS.items()),
        *((f"button:{kind.__name__}", route) for kind, route in BUTTONS.items()),
        *((f"conversation:{name}", route) for name, route in CONVERSATIONS.items()),
        *((f"location:{name}", route) for name, route in LOCATIONS.items()),
        *((f"tick:{kind.__name__}", route) for kind, route in TICKS.items()),
    ]
    open_doors = {
        name for name, route in entries if route.flow.gate is Needs.TRAINING and not gated(route)
    }
    assert open_doors == {
        "command:pause",  # holding reminders
        "button:WorkoutStop",  # stopping a workout
        "button:ReminderSkip",  # skipping today
        "button:WeekOff",  # turning off weekly summaries or nudges
        "button:LogUndo",  # undoing a stored log
        "button:LogEdit",  # correcting a stored log
        "conversation:log_edit",  # the correction itself
        "button:LogZone",  # the time zone for logs already stored (or Skip)
        "location:log_zone",  # the same, by a shared location
    }
    gated_flows = {flow.name for flow in FLOWS if flow.gate is Needs.TRAINING}
    assert gated_flows == {
        "schedule",
        "plan",
        "workout",
        "reminder",
        "week",
        "logbook",
        "log_forwarded",
    }


@pytest.mark.parametrize("user", list(USERS))
async def test_a_due_reminder_for_a_user_who_may_not_train_is_skipped_silently(
    db: Database, content: Content, clock: FakeClock, user: str
) -> None:
    """The dispatcher's real tick: the slot is decided once (recorded as skipped), no message."""
    screening, _ = USERS[user]
    chat = ChatHarness(db, content, clock, user_id=1001)
    await seed(chat, screening)
    plan = WeeklyPlan(days=frozenset(range(7)), at=time(9, 0), tz="UTC")
    async with db.transaction() as tx:
        Repo(tx).plans.save(chat.user_id, plan, clock.now(), clock.now())
    clock.advance(timedelta(seconds=30))
    assert await chat.tick() == 1
    assert chat.shown == []
    async with db.transaction() as tx:
        reminders = [dict(r) for r in await tx.fetchall("SELECT kind, status FROM reminders")]
    assert reminders == [{"kind": "slot", "status": "skipped"}]
