"""Identities that buttons carry are never reused, across /delete too: an Undo from before a
/delete finds its log gone and leaves the new logs alone; in-process and through the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from bot.content import Content
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi
from tests.test_e2e_screening import screen
from tests.test_logging_chat import screened, stored_sets


async def erase(chat: ChatHarness) -> None:
    await chat.send("/delete")
    await chat.press("Yes, erase everything")


async def test_an_old_undo_after_delete_changes_nothing(chat: ChatHarness, db: Database) -> None:
    """Log 3x10, /delete, start again, log 2x12: Undo on the old message is stale."""
    await screened(chat)
    await chat.send("3x10")
    old = chat.last
    await erase(chat)
    await screened(chat)
    await chat.send("2x12")
    await chat.press("↩️ Undo", old)
    assert chat.last_notice == "That log is already gone."
    assert await stored_sets(db, chat.user_id) == [(12, "both", None)] * 2


async def test_an_old_edit_after_delete_changes_nothing(chat: ChatHarness, db: Database) -> None:
    """Edit on a log from before /delete does not offer to correct a new log."""
    await screened(chat)
    await chat.send("3x10")
    await chat.send("10 10 8")
    old = chat.last
    await erase(chat)
    await screened(chat)
    await chat.send("2x12")
    await chat.send("3x5")
    await chat.press("✏️ Edit", old)
    assert chat.last_notice == "That log is already gone."
    assert await stored_sets(db, chat.user_id) == [(12, "both", None)] * 2 + [(5, "both", None)] * 3


async def test_log_numbers_only_go_up_across_delete_and_users(
    chat: ChatHarness, db: Database, content: Content, clock: FakeClock
) -> None:
    """A user back after /delete numbers logs above every number given before, theirs or not."""
    other = ChatHarness(db, content, clock, user_id=chat.user_id + 1)
    await screened(other)
    for _ in range(3):
        await other.send("3x10")
    await screened(chat)
    await chat.send("3x10")
    await erase(chat)
    await screened(chat)
    await chat.send("2x12")
    async with db.transaction() as tx:
        rows = await tx.fetchall("SELECT user_id, seq FROM logs ORDER BY id")
    seqs = [(r["user_id"], r["seq"]) for r in rows]
    assert seqs[:3] == [(other.user_id, 1), (other.user_id, 2), (other.user_id, 3)]
    assert seqs[3][0] == chat.user_id
    assert seqs[3][1] > 4


@pytest.fixture
async def api(db: Database, content: Content, clock: FakeClock) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake, running_bot(fake, db, content, clock=clock):
        yield fake


async def test_an_old_undo_after_delete_over_http(api: FakeBotApi, db: Database) -> None:
    """Through the strict fake: Undo on the acknowledgement of a log made before /delete
    answers with the stale notice and keeps the new log."""
    ann = api.user(31, first_name="Ann")
    await screen(ann, set())
    old = await ann.reply_to("3x10")
    await ann.reply_to("/delete")
    await ann.press("Yes, erase everything")
    await ann.wait_for(lambda m: "erased" in m.body)
    await screen(ann, set())
    new = await ann.reply_to("2x12")
    assert "2 sets x 12 reps per leg" in new.body
    query = await ann.press("↩️ Undo", old.message_id)
    await api.wait_until(lambda: api.core.callback_queries[query].answered)
    assert api.core.callback_queries[query].answer.get("text") == "That log is already gone."
    assert await stored_sets(db, 31) == [(12, "both", None)] * 2
    assert not any(m.body.startswith("↩️ Undone") for m in ann.messages)
    assert sum(api.errors_sent.values()) == 0, api.errors_sent
