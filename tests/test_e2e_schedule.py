"""The schedule end to end through the strict fake: typed text at the confirmation."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from bot.content import Content
from bot.storage.db import Database
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi
from tests.test_e2e_screening import screen


@pytest.fixture
async def api(db: Database, content: Content, clock: FakeClock) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake, running_bot(fake, db, content, clock=clock):
        yield fake


async def test_text_at_the_confirmation_keeps_days_time_and_zone(
    api: FakeBotApi, db: Database
) -> None:
    """Typed days, a tapped time, a typed zone; "ok?" at "All good?" asks again, plan intact."""
    ann = api.user(31, first_name="Ann")
    await screen(ann, set())
    await ann.reply_to("/schedule")
    await ann.send("mon, wed, fri")
    await ann.wait_for(lambda m: "What time should I remind you?" in m.body)
    await ann.press("18:00")
    await ann.wait_for(lambda m: "Which time zone" in m.body)
    await ann.send("Berlin")
    await ann.wait_for(lambda m: "All good?" in m.body)
    await ann.send("ok?")
    hint = await ann.wait_for(lambda m: m.body.startswith("Tap Confirm"))
    again = await ann.wait_for(lambda m: "All good?" in m.body and m.message_id > hint.message_id)
    assert "Mon, Wed, Fri at 18:00 (Europe/Berlin)" in again.body
    await ann.press("Confirm ✓", again.message_id)
    saved = await ann.wait_for(lambda m: "Plan saved" in m.body)
    assert "Mon, Wed, Fri at 18:00 (Europe/Berlin)" in saved.body
    with sqlite3.connect(db.path) as raw:
        row = raw.execute("SELECT days, at, tz FROM plans WHERE user_id = 31").fetchone()
    assert row == ("0,2,4", "18:00", "Europe/Berlin")
