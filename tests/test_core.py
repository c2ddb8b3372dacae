"""The one build step every front end uses: what it wires to what."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.clock import FakeClock, SystemClock
from bot.coach.messages import Text
from bot.content import Content
from bot.core import Pace, build
from bot.service import Incoming
from bot.storage.db import Database
from tests.chat import Recorder


async def test_the_coach_wakes_the_outbox_when_it_queues_replies(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """A handled message wakes the outbox at once instead of at its next timer."""
    core = build(db, content, clock, Recorder())
    assert not core.outbox._wake.is_set()
    await core.coach.handle(Incoming(1, 1, "Ann", Text("/help"), update_id=1))
    assert core.outbox._wake.is_set()


def test_clocks_pace_and_admins_reach_their_pieces(db: Database, content: Content) -> None:
    """The coach and the dispatcher share the clock; the outbox may have its own, and paces
    as told."""
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    real = SystemClock()
    core = build(
        db,
        content,
        clock,
        Recorder(),
        pace=Pace(global_rate=5, chat_rate=2, chat_burst=4),
        outbox_clock=real,
        admins=frozenset({7}),
    )
    assert core.coach.clock is clock
    assert core.dispatcher.clock is clock
    assert core.dispatcher.coach is core.coach
    assert core.outbox.clock is real
    assert core.outbox._global.rate == 5
    assert core.outbox._chats[1].rate == 2
    assert core.outbox._chats[1].burst == 4
    assert core.coach.admins == frozenset({7})
    assert build(db, content, clock, Recorder()).outbox.clock is clock
