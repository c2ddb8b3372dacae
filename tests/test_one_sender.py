"""One sender per database: the lease, and claims that hold under two processes at once.

Two cores here are two processes as far as the database can tell: each has its own connection
to the same file, its own dispatcher and its own outbox.
"""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import sys
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.coach.messages import Reply
from bot.content import Content
from bot.core import Core, Pace, build
from bot.lease import SenderLease
from bot.outbox import EditTarget
from bot.storage.db import Database
from bot.storage.repo import Repo
from bot.storage.sending import OutboxRows
from tests.seeding import every_day_at, seed_planned_users

LEASE = timedelta(seconds=15)
USERS = list(range(500, 560))  # 60 users due at the same minute
FAST = Pace(global_rate=10_000.0, chat_rate=10_000.0, chat_burst=10_000.0)


@dataclass
class Sent:
    """A transport shared by both processes: every message delivered, by chat."""

    texts: dict[int, list[str]] = field(default_factory=dict)

    async def deliver(self, chat_id: int, reply: Reply, edit: EditTarget | None) -> None:
        await asyncio.sleep(0)  # let the other process run between claim and send
        self.texts.setdefault(chat_id, []).append(reply.text)


@pytest.fixture
async def second(tmp_path: Path, db: Database) -> AsyncIterator[Database]:
    """A second connection to the `db` fixture's file: another process's view."""
    other = await Database.open(tmp_path / "coach.sqlite3")
    yield other
    await other.close()


def lease(db: Database, clock: FakeClock, name: str) -> SenderLease:
    return SenderLease(db, clock, holder=name, duration=LEASE)


async def test_the_lease_is_held_by_one_process_and_renewed(
    db: Database, second: Database, clock: FakeClock
) -> None:
    """The first takes it; the second cannot while the first renews it, every tick."""
    first, standby = lease(db, clock, "first"), lease(second, clock, "second")
    assert await first.take()
    assert not await standby.take()
    for _ in range(5):  # renewed each 10 s: never expires
        clock.advance(timedelta(seconds=10))
        assert await first.take()
        assert not await standby.take()


async def test_a_standby_takes_over_once_the_lease_expires(
    db: Database, second: Database, clock: FakeClock
) -> None:
    """The holder stops renewing (killed): the standby takes the lease after it expires, not
    before; the old holder then finds it gone."""
    first, standby = lease(db, clock, "first"), lease(second, clock, "second")
    assert await first.take()
    clock.advance(LEASE - timedelta(seconds=1))
    assert not await standby.take()
    clock.advance(timedelta(seconds=1))
    assert await standby.take()
    assert not await first.take()


async def test_a_released_lease_is_taken_at_the_standbys_next_check(
    db: Database, second: Database, clock: FakeClock
) -> None:
    """A clean stop releases the lease: the standby waiting in `wait` takes it without the
    clock moving at all."""
    first, standby = lease(db, clock, "first"), lease(second, clock, "second")
    assert await first.take()
    stop = asyncio.Event()
    checked = asyncio.Event()
    tries = 0
    take = standby.take

    async def counted_take() -> bool:
        nonlocal tries
        tries += 1
        if tries >= 3:  # the first try, then two checks while standing by
            checked.set()
        return await take()

    standby.take = counted_take  # type: ignore[method-assign]
    waiting = asyncio.create_task(standby.wait(stop, every=0.01))
    await asyncio.wait_for(checked.wait(), timeout=5)
    assert not waiting.done()
    await first.release()
    assert await asyncio.wait_for(waiting, timeout=5)
    assert not await first.take()


async def test_a_standby_told_to_stop_never_takes_the_lease(
    db: Database, second: Database, clock: FakeClock
) -> None:
    """`wait` returns False on stop, and the holder keeps the lease."""
    first, standby = lease(db, clock, "first"), lease(second, clock, "second")
    assert await first.take()
    stop = asyncio.Event()
    stop.set()
    assert not await standby.wait(stop, every=0.01)
    assert await first.take()


async def test_an_outbox_row_is_claimed_by_one_connection_only(
    db: Database, second: Database, clock: FakeClock
) -> None:
    """Both read the same due row; both try to claim it; one claim changes it."""
    async with db.transaction() as tx:
        OutboxRows(tx).enqueue(42, {"reply": {"text": "hi"}, "once": True}, clock.now())
    async with db.reads() as tx:
        (item,), _ = await OutboxRows(tx).due(clock.now(), 10)
    async with second.reads() as tx:
        (same,), _ = await OutboxRows(tx).due(clock.now(), 10)
    async with db.autocommit() as tx:
        won = await OutboxRows(tx).claim(item)
    async with second.autocommit() as tx:
        lost = await OutboxRows(tx).claim(same)
    assert (won, lost) == (True, False)


async def test_a_due_slot_read_by_two_processes_is_claimed_once(
    db: Database, second: Database, content: Content, clock: FakeClock
) -> None:
    """The same due slots, read by both before either claims: each reminder goes to one."""
    slot = clock.now() + timedelta(minutes=1)
    await seed_planned_users(db, content, USERS[:5], every_day_at(slot), slot, clock.now())
    clock.advance(timedelta(minutes=1))
    core = build(db, content, clock, Sent())
    claimed: list[set[object]] = []
    for database in (db, second):
        async with database.transaction() as tx:
            repo = Repo(tx)
            due = await repo.plans.due_slots(slot, 100)
            moves = [core.dispatcher._move(pending, clock.now()) for pending in due]
            claimed.append(set(await repo.plans.claim_slots(moves, clock.now())))
    assert len(claimed[0]) == 5
    assert claimed[1] == set()


def cores(databases: list[Database], content: Content, clock: FakeClock, sent: Sent) -> list[Core]:
    return [build(database, content, clock, sent, pace=FAST) for database in databases]


async def test_two_processes_racing_send_each_reminder_once(
    db: Database, second: Database, content: Content, clock: FakeClock, tmp_path: Path
) -> None:
    """60 users due at one minute; two processes tick and send at the same time, neither
    holding a lease: every user gets exactly one reminder, and each is recorded sent."""
    slot = clock.now() + timedelta(minutes=1)
    await seed_planned_users(db, content, USERS, every_day_at(slot), slot, clock.now())
    clock.advance(timedelta(minutes=1))
    sent = Sent()
    one, two = cores([db, second], content, clock, sent)
    ticks = await asyncio.gather(one.dispatcher.tick(), two.dispatcher.tick())
    assert sum(ticks) == len(USERS)
    await asyncio.gather(one.outbox.drain(), two.outbox.drain())
    assert Counter(len(texts) for texts in sent.texts.values()) == {1: len(USERS)}
    assert sorted(sent.texts) == USERS
    with sqlite3.connect(tmp_path / "coach.sqlite3") as raw:
        statuses = raw.execute("SELECT status, COUNT(*) FROM reminders GROUP BY status").fetchall()
        left = raw.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
    assert statuses == [("sent", len(USERS))]
    assert left == 0
    assert one.outbox.sent + two.outbox.sent == len(USERS)


async def test_a_killed_holder_on_this_host_is_replaced_at_once(
    db: Database, second: Database, clock: FakeClock
) -> None:
    """kill -9 and a restart: the old holder's process id runs no more, so the new process
    takes the lease without waiting for it to expire; a holder on another host is waited for."""
    finished = await asyncio.create_subprocess_exec(sys.executable, "-c", "pass")
    await finished.wait()
    dead = f"{socket.gethostname()}/{finished.pid}/0a0a0a"
    assert await lease(db, clock, dead).take()
    assert await lease(second, clock, "restarted").take()
    elsewhere = lease(db, clock, "other-host/1/0b0b0b")
    clock.advance(LEASE)
    assert await elsewhere.take()
    assert not await lease(second, clock, "restarted-again").take()


async def test_weekly_summaries_due_in_two_processes_go_out_once_each(
    db: Database, second: Database, content: Content, clock: FakeClock, tmp_path: Path
) -> None:
    """A Sunday-evening summary due for 20 users; two processes tick at once: each user gets
    one summary (claimed like a slot), recorded once in `reminders`."""
    slot = clock.now() + timedelta(minutes=1)
    await seed_planned_users(db, content, USERS[:20], every_day_at(slot), slot, clock.now())
    with sqlite3.connect(tmp_path / "coach.sqlite3") as raw:
        [(first, last)] = raw.execute("SELECT MIN(summary_at), MAX(summary_at) FROM plans")
    assert first == last
    clock.set(datetime.fromtimestamp(first, UTC) + timedelta(minutes=1))
    sent = Sent()
    one, two = cores([db, second], content, clock, sent)
    await asyncio.gather(one.dispatcher.tick(), two.dispatcher.tick())
    await asyncio.gather(one.outbox.drain(), two.outbox.drain())
    summaries = Counter(
        chat for chat, texts in sent.texts.items() for text in texts if "Your week" in text
    )
    assert summaries == dict.fromkeys(USERS[:20], 1)
    with sqlite3.connect(tmp_path / "coach.sqlite3") as raw:
        recorded = raw.execute("SELECT COUNT(*) FROM reminders WHERE kind = 'summary'").fetchone()
    assert recorded == (20,)
