"""Two real bot processes on one database file, against the strict fake Bot API.

The second finds the sender lease held and stands by: it neither polls nor sends. 60 users are
due at the same minute; the first is stopped half-way through sending them, the standby takes
over, and every user has their reminder exactly once.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import SystemClock
from bot.content import Content
from bot.storage.db import Database
from tests.fakes.bot_api import FakeBotApi
from tests.process import BotProcess
from tests.seeding import every_day_at, seed_planned_users
from tests.test_e2e_reminders import reminder_counts

USERS = list(range(700, 760))
# Slow enough that the first process is stopped with reminders still to send.
PACE = {"OUTBOX_MESSAGES_PER_SECOND": "10"}


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


async def test_two_processes_on_one_database_send_each_reminder_once(
    api: FakeBotApi, tmp_path: Path, content: Content
) -> None:
    """The first sends, the second stands by; the first stops mid-batch and the standby sends
    the rest: 60 reminders, one each, recorded sent; the second never polled beside the
    first (no 409)."""
    first = BotProcess(api, tmp_path, PACE, log_name="first.log")
    second = BotProcess(api, tmp_path, PACE, log_name="second.log")
    await first.start()
    try:
        await second.start(standby=True)
        for user_id in USERS:
            api.user(user_id)
        db = await Database.open(tmp_path / "coach.sqlite3")
        try:
            now = SystemClock().now()  # the processes run on the real clock: due now
            await seed_planned_users(db, content, USERS, every_day_at(now), now, now)
        finally:
            await db.close()
        assert await api.core.wait(lambda: sum(reminder_counts(api).values()) >= 15, 60)
        assert await first.stop() == 0
        by_first = sum(reminder_counts(api).values())
        await second.wait_for_log("took over the sender lease", 30)
        assert await api.core.wait(lambda: len(reminder_counts(api)) == len(USERS), 60)
    finally:
        first_status = await first.stop()
        second_status = await second.stop()
    assert (first_status, second_status) == (0, 0), second.log()[-2000:]
    counts = reminder_counts(api)
    assert counts == Counter(dict.fromkeys(USERS, 1))
    assert by_first < len(USERS), by_first  # the standby sent the rest
    assert api.errors_sent[409] == 0
    with sqlite3.connect(tmp_path / "coach.sqlite3") as raw:
        statuses = dict(raw.execute("SELECT status, COUNT(*) FROM reminders GROUP BY status"))
        left = raw.execute("SELECT COUNT(*) FROM outbox").fetchone()[0]
        lease = raw.execute("SELECT COUNT(*) FROM sender_lease").fetchone()[0]
    assert statuses == {"sent": len(USERS)}
    assert left == 0
    assert lease == 0  # released at the clean stop
    for bot in (first, second):
        assert "Traceback" not in bot.log()
        assert api.token not in bot.log()
