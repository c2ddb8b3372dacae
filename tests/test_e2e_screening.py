"""The screening end to end: a simulated user taps through it over HTTP against the fake."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.content import Content
from bot.storage.db import Database
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi, FakeUser


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi, db: Database, content: Content) -> AsyncIterator[FakeBotApi]:
    async with running_bot(api, db, content):
        yield api


async def screen(user: FakeUser, yes: set[int]) -> str:
    """/start, then tap Yes for the question numbers in `yes` and No for the rest."""
    await user.reply_to("/start")
    await user.wait_for(lambda m: "Question 1 of 13" in m.body)
    for number in range(1, 14):
        question = await user.wait_for(lambda m, n=number: f"Question {n} of 13" in m.body)
        await user.press("Yes" if number in yes else "No")
    final = await user.wait_for(
        lambda m: m.message_id == question.message_id and "Question" not in m.body
    )
    return final.body


async def test_commands_menu_is_registered(bot: FakeBotApi) -> None:
    """At startup the command menu is set with setMyCommands (Telegram shows it)."""
    names = [c["command"] for c in bot.commands()]
    assert {"start", "help", "cancel", "rescreen", "delete", "lunge", "schedule"} <= set(names)


@pytest.mark.parametrize(
    ("yes", "phrase"),
    [
        (set(), "cleared for the full plan"),
        ({10}, "adapted plan"),
        ({8, 11}, "adapted plan"),
        ({3}, "talk to a doctor first"),
        ({9}, "talk to a doctor first"),
        ({12}, "talk to a doctor first"),
        ({13}, "Not today"),
    ],
)
async def test_start_reaches_every_outcome(
    bot: FakeBotApi, db: Database, yes: set[int], phrase: str
) -> None:
    """Over HTTP: /start, 13 taps, the right outcome; stored; every call passed the strict fake."""
    user = bot.user(4242, first_name="Ann <b>&amp;")
    final = await screen(user, yes)
    assert phrase in final
    async with db.transaction() as tx:
        row = await tx.fetchone("SELECT outcome FROM screenings WHERE user_id = 4242")
    assert row is not None
    assert sum(bot.errors_sent.values()) == 0
    assert user.messages[0].body.startswith("Hi Ann <b>&amp;!")  # the name shown as typed


async def test_typed_answers_and_back_over_http(bot: FakeBotApi) -> None:
    """Typed yes/no, a Back tap and an old button all work through the real Bot API path."""
    user = bot.user(777)
    await user.reply_to("/start")
    await user.reply_to("y")
    await user.wait_for(lambda m: "Question 2 of 13" in m.body)
    await user.press("◀ Back")
    await user.wait_for(lambda m: "Question 1 of 13" in m.body and "You answered: Yes" in m.body)
    await user.press("No")
    await user.wait_for(lambda m: "Question 2 of 13" in m.body)
    assert sum(bot.errors_sent.values()) == 0


async def test_group_chats_are_told_politely_and_nothing_is_stored(
    bot: FakeBotApi, db: Database
) -> None:
    """/start in a group: a one-line pointer to a private chat, no user row."""
    group = bot.group(-100123)
    user = bot.user(99)
    await user.send("/start", chat=group)
    message = await group.wait_for(lambda m: "private" in m.body)
    assert "private chats" in message.body
    async with db.transaction() as tx:
        assert await tx.fetchall("SELECT * FROM users") == []


async def test_stickers_get_a_friendly_text_only_answer(bot: FakeBotApi) -> None:
    """A sticker is answered kindly, not ignored and not an error."""
    user = bot.user(5)
    await user.send_sticker()
    reply = await user.next_message()
    assert "text" in reply.body
