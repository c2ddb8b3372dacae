"""Round trips to the database thread, pinned: they, not the statements, are what a small
transaction costs (about 50 us of CPU each), so a change that adds one shows up here."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import aiosqlite
import pytest

import bot.storage.db as db_module
from bot.clock import FakeClock
from bot.coach.messages import Text
from bot.content import Content
from bot.service import Incoming
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.seeding import every_day_at, seed_planned_users
from tests.test_screening_chat import answer_all


def count_trips(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count every trip from now on (one list item per trip)."""
    trips: list[int] = []
    real = db_module._on_thread

    async def counted(
        connection: aiosqlite.Connection, function: Callable[[sqlite3.Connection], Any]
    ) -> Any:
        trips.append(1)
        return await real(connection, function)

    monkeypatch.setattr(db_module, "_on_thread", counted)
    return trips


async def test_a_handled_message_is_three_trips(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rep log: claim the update id, load the user, store everything and commit."""
    await chat.send("/start")
    await answer_all(chat)
    trips = count_trips(monkeypatch)
    incoming = Incoming(chat.user_id, chat.user_id, "Ann", Text("3x10"), update_id=1)
    await chat.coach.handle(incoming)
    assert len(trips) == 3


async def test_sending_a_reply_is_two_trips_besides_the_reads(
    chat: ChatHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`Outbox.drain` of one reply: a read finds it, a conditional claim takes it (so no other
    process sends it too), one transaction deletes it once sent, and two more reads find
    nothing left (the dispatch loop's, then the drain's own)."""
    await chat.coach.handle(Incoming(chat.user_id, chat.user_id, "Ann", Text("hi"), update_id=1))
    trips = count_trips(monkeypatch)
    await chat.outbox.drain()
    assert len(chat.shown) == 1
    assert len(trips) == 5


async def test_a_due_reminder_is_seventeen_trips(
    db: Database, content: Content, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dispatcher tick with one reminder due: the cheap look for anything due; then claim
    the slots (read them, claim the reminder, load the user, commit); then the empty snooze,
    weekly summary, nudge, next-morning check, coach's digest and timer batches, two trips
    each."""
    slot = clock.now() + timedelta(minutes=1)
    await seed_planned_users(db, content, [7], every_day_at(slot), slot, clock.now())
    clock.advance(timedelta(minutes=2))
    chat = ChatHarness(db, content, clock, user_id=7)
    trips = count_trips(monkeypatch)
    assert await chat.dispatcher.tick() == 1
    assert len(trips) == 17
