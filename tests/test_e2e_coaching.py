"""A coach and two clients end to end through the strict fake Bot API: the deep link, agreeing,
events, a Telegram reply relayed to the client, /tocoach, and /leavecoach cutting access."""

from __future__ import annotations

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


async def test_coach_and_two_clients(api: FakeBotApi) -> None:
    """Invite, agree, log -> the coach sees it; the coach's Telegram reply reaches that client
    only; /tocoach reaches the coach; after /leavecoach the coach's reply is refused."""
    coach = api.user(31, first_name="Carol")
    ann, bob = api.user(32, first_name="Ann"), api.user(33, first_name="Bob")
    shown = await coach.reply_to("/coach")
    prefix = f"https://t.me/{api.bot_user['username']}?start="
    assert prefix in shown.body
    code = shown.body.split(prefix, 1)[1].split()[0]
    for client in (ann, bob):
        invite = await client.reply_to(f"/start {code}")  # what the deep link makes the app send
        assert "Carol would like to coach you" in invite.body
        await client.press("✅ Agree")
        await client.wait_for(lambda m: "You're now coached by Carol" in m.body)
    await coach.wait_for(lambda m: "Bob agreed to be coached by you" in m.body)

    await screen(ann, set())
    await ann.reply_to("3x10")
    event = await coach.wait_for(lambda m: "📝 Ann logged 3 sets x 10 reps" in m.body)
    await coach.send("Nice work, <b>Ann</b>", reply_to=event.message_id)
    got = await ann.wait_for(lambda m: m.body.startswith("💬 From your coach Carol"))
    assert got.body == "💬 From your coach Carol: Nice work, <b>Ann</b>"  # as text, not bold
    assert not got.entities  # the coach's <b> is text
    assert not any("From your coach" in m.body for m in bob.messages)

    await bob.reply_to("/tocoach can we move Friday?")
    relayed = await coach.wait_for(lambda m: m.body == "💬 Bob: can we move Friday?")
    await bob.reply_to("/leavecoach")
    await coach.wait_for(lambda m: "Bob left your coaching" in m.body)
    await coach.send("see you then", reply_to=relayed.message_id)
    await coach.wait_for(lambda m: "no longer linked" in m.body)
    assert not any("see you then" in m.body for m in bob.messages)
    assert sum(api.errors_sent.values()) == 0, api.errors_sent
