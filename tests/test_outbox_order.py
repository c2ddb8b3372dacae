"""Replies to one chat keep their order while an earlier one is being retried."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.coach.messages import Reply
from bot.content import Content
from bot.core import Pace
from bot.outbox import EditTarget, Outbox, RetryLater
from bot.service import reply_to_json
from bot.storage.db import Database
from bot.storage.sending import OutboxRows
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi

UNPACED = Pace(global_rate=10_000.0, chat_rate=10_000.0, chat_burst=10_000.0)


@dataclass
class FailsFirst:
    """A transport whose first send fails like a network error; records what went through."""

    shown: list[tuple[int, str]] = field(default_factory=list)
    failures_left: int = 1

    async def deliver(self, chat_id: int, reply: Reply, edit: EditTarget | None) -> None:
        if self.failures_left:
            self.failures_left -= 1
            raise RetryLater(None, "network error")
        self.shown.append((chat_id, reply.text))


async def queue(db: Database, clock: FakeClock, chat_id: int, *texts: str) -> None:
    async with db.transaction() as tx:
        for text in texts:
            OutboxRows(tx).enqueue(chat_id, {"reply": reply_to_json(Reply(text))}, clock.now())


async def test_a_later_reply_waits_for_an_earlier_one_being_retried(
    db: Database, clock: FakeClock
) -> None:
    """Message 1 fails and waits its backoff on the injected clock: message 2 of the same
    chat waits with it, another chat's message does not; then both go, in order."""
    transport = FailsFirst()
    outbox = Outbox(db, transport, clock, global_rate=UNPACED.global_rate, chat_burst=1e4)
    await queue(db, clock, 1, "first", "second")
    await queue(db, clock, 2, "other chat")
    await outbox.drain()
    assert transport.shown == [(2, "other chat")]
    clock.advance(timedelta(seconds=3))  # past the first retry's backoff (2 s)
    await outbox.drain()
    assert transport.shown == [(2, "other chat"), (1, "first"), (1, "second")]


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


async def test_a_429_on_the_first_reply_does_not_let_the_second_overtake(
    api: FakeBotApi, db: Database, content: Content, clock: FakeClock
) -> None:
    """End to end: two messages at once; Telegram answers the first reply 429 (retry after
    1 s); the chat shows the replies in the order of the messages."""
    user = api.user(77)
    api.inject(method="sendMessage", error_code=429, retry_after=1, chat_id=77, times=1)
    async with running_bot(api, db, content, clock=clock):
        await user.send("/help")
        await user.send("/no_such_command")
        await user.wait_for(lambda m: m.body.startswith("I don't know that command"), 20)
        await user.wait_for(lambda m: m.body.startswith("Here's what I can do"), 20)
    assert api.errors_sent[429] == 1
    bodies = [m.body for m in user.messages]
    assert bodies[0].startswith("Here's what I can do"), bodies
    assert bodies[1].startswith("I don't know that command"), bodies
