"""Reminders end to end: through faults over HTTP, and through a kill -9 of the real process."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.content import Content
from bot.storage.db import Database
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi
from tests.process import BotProcess
from tests.seeding import every_day_at, seed_planned_users
from tests.test_e2e_screening import screen

REMINDER = "Time for reverse lunges"


def reminder_counts(api: FakeBotApi) -> Counter[int]:
    """How many reminders each chat received (sendMessage calls that were accepted)."""
    counts: Counter[int] = Counter()
    for user_id in list(api.core.chats):
        for message in api.user(user_id).messages:
            if REMINDER in message.body:
                counts[user_id] += 1
    return counts


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


async def test_reminders_survive_429_403_and_502(
    api: FakeBotApi, db: Database, content: Content, clock: FakeClock
) -> None:
    """429s for a while, 502 for 10 s, 403 for one user: every other reminder exactly once."""
    slot = clock.now().replace(second=0)
    users = list(range(100, 120))
    await seed_planned_users(db, content, users, every_day_at(slot), slot, clock.now())
    blocked = users[3]
    for user_id in users:
        api.user(user_id)  # each has a private chat with the bot before the reminders go out
    api.inject(method="sendMessage", error_code=429, retry_after=1, times=4)
    api.inject(
        method="sendMessage",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=blocked,
        times=50,
    )
    api.inject(method="sendMessage", error_code=502, description="Bad Gateway", for_seconds=10)
    async with running_bot(api, db, content, clock=clock, chat_rate=1.0):
        for user_id in users:
            if user_id != blocked:
                await api.user(user_id).wait_for(lambda m: REMINDER in m.body, timeout=60)
        counts = reminder_counts(api)
        # At the next slot the blocked user is still skipped; the others are reminded again.
        clock.advance(timedelta(days=2))
        second_round = set(users) - {blocked}
        assert await api.core.wait(
            lambda: all(reminder_counts(api)[u] == 2 for u in second_round), 60
        )
        assert reminder_counts(api)[blocked] == 0
    assert api.errors_sent[429] >= 1
    assert api.errors_sent[502] >= 1
    assert api.errors_sent[403] == 1
    assert counts == Counter({u: 1 for u in users if u != blocked})
    with sqlite3.connect(db.path) as raw:
        blocked_at = raw.execute("SELECT blocked_at FROM users WHERE user_id = ?", (blocked,))
        assert blocked_at.fetchone()[0] is not None
        statuses = dict(raw.execute("SELECT status, COUNT(*) FROM reminders GROUP BY status"))
    assert statuses.get("failed") == 1
    assert api.count("sendMessage") - sum(api.errors_sent.values()) >= 19


async def test_blocked_user_gets_reminders_again_after_writing(
    api: FakeBotApi, db: Database, content: Content, clock: FakeClock
) -> None:
    """After a 403 the user is inactive; when they write again, reminders resume."""
    slot = clock.now().replace(second=0)
    await seed_planned_users(db, content, [7], every_day_at(slot), slot, clock.now())
    user = api.user(7)
    api.inject(
        method="sendMessage",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=7,
        times=1,
    )
    async with running_bot(api, db, content, clock=clock):
        await api.core.wait(lambda: api.errors_sent[403] == 1, 10)
        await user.reply_to("/plan")
        clock.advance(timedelta(days=2))
        await user.wait_for(lambda m: REMINDER in m.body, timeout=20)


async def test_reminder_one_minute_ahead_arrives_once_across_kill_9(
    api: FakeBotApi, tmp_path: Path, content: Content
) -> None:
    """Real process: a plan made by chat for the coming minute; kill -9 and restart before it
    fires; the reminder still arrives, exactly once."""
    bot = BotProcess(api, tmp_path)
    await bot.start()
    user = api.user(4711)
    try:
        assert "cleared for the full plan" in await screen(user, set())
        # The coming minute, with time left to choose it (the minute after if it is close).
        now = datetime.now(UTC)
        slot = (now + timedelta(minutes=1)).replace(second=0, microsecond=0)
        if (slot - now).total_seconds() < 25:
            slot += timedelta(minutes=1)
        await user.reply_to("/schedule")
        for offset in (0, 2, 4):
            day = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[(slot.weekday() + offset) % 7]
            await user.press(day)
            await user.wait_for(lambda m, d=day: f"✅ {d}" in str(m.reply_markup), 20)
        await user.press("Done (3 days)")
        await user.wait_for(lambda m: "What time" in m.body, 20)
        await user.reply_to(slot.strftime("%H:%M"))
        await user.wait_for(lambda m: "Which time zone" in m.body, 20)
        await user.reply_to("UTC")
        await user.wait_for(lambda m: "All good?" in m.body, 20)
        await user.press("Confirm ✓")
        await user.wait_for(lambda m: "Plan saved" in m.body, 20)
        assert datetime.now(UTC) < slot, "setting the plan up took longer than the lead time"
        bot.kill()
        await bot.start()
        wait = (slot - datetime.now(UTC)).total_seconds() + 20
        await user.wait_for(lambda m: REMINDER in m.body, max(wait, 20))
    finally:
        status = await bot.stop()
    assert status == 0
    assert sum(REMINDER in m.body for m in user.messages) == 1
    assert "Traceback" not in bot.log()


async def test_the_weekly_summary_arrives_once_and_turns_off(
    api: FakeBotApi, db: Database, content: Content, clock: FakeClock
) -> None:
    """Through the strict fake: Sunday 19:00 local one summary (not again on the next ticks),
    and "Turn off weekly summaries" keeps the next Sunday quiet."""
    slot = clock.now().replace(second=0)
    await seed_planned_users(db, content, [8], every_day_at(slot), slot, clock.now())
    user = api.user(8)
    async with running_bot(api, db, content, clock=clock):
        await user.reply_to("3x10")
        clock.set(datetime(2026, 11, 29, 19, 0, 30, tzinfo=UTC))  # Sunday evening, UTC plan
        summary = await user.wait_for(lambda m: "Your week" in m.body, timeout=20)
        assert "1 session of the 3 you planned" in summary.body
        clock.advance(timedelta(minutes=30))
        await user.press("Turn off weekly summaries")
        await user.wait_for(lambda m: m.body.startswith("Weekly summaries are off"), timeout=20)
        clock.advance(timedelta(days=7))
        assert await api.core.wait(lambda: summary_statuses(db) == ["sent", "skipped"], 20)
        await user.reply_to("/plan")
    assert sum("Your week" in m.body for m in user.messages) == 1


def summary_statuses(db: Database) -> list[str]:
    with sqlite3.connect(db.path) as raw:
        rows = raw.execute("SELECT status FROM reminders WHERE kind = 'summary' ORDER BY slot")
        return [status for (status,) in rows]


async def test_a_pain_report_while_logging_is_asked_about_once_the_next_morning(
    api: FakeBotApi, db: Database, content: Content, clock: FakeClock
) -> None:
    """Through the strict fake: "3x10 my knee hurts" stores the log and asks for a rating; the
    rating button answers by its band; at 08:00 the next morning (UTC plan) one question about
    the knee arrives, and later ticks send no second one."""
    slot = clock.now().replace(second=0)
    await seed_planned_users(db, content, [9], every_day_at(slot), slot, clock.now())
    user = api.user(9)
    async with running_bot(api, db, content, clock=clock):
        await user.reply_to("3x10 my knee hurts")
        await user.wait_for(lambda m: "How much does it hurt" in m.body, timeout=20)
        await user.press("4")
        await user.wait_for(lambda m: "acceptable" in m.body, timeout=20)
        clock.set(datetime(2026, 11, 24, 8, 0, 30, tzinfo=UTC))
        asked = await user.wait_for(lambda m: "Good morning" in m.body, timeout=20)
        assert "How does your knee feel this morning" in asked.body
        clock.advance(timedelta(hours=2))
        assert await api.core.wait(lambda: pain_check_statuses(db) == ["sent"], 20)
        assert sum("Good morning" in m.body for m in user.messages) == 1
        await user.press("Better or the same")
        await user.wait_for(lambda m: "carry on" in m.body, timeout=20)  # the question, edited


def pain_check_statuses(db: Database) -> list[str]:
    with sqlite3.connect(db.path) as raw:
        rows = raw.execute("SELECT status FROM reminders WHERE kind = 'pain_check' ORDER BY slot")
        return [status for (status,) in rows]
