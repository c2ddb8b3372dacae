"""A coach's inbox in a forum supergroup, end to end through the strict fake Bot API: one topic
per client, each client's events in their own topic, the coach's words in a topic to that client
only, other members and General ignored (said once), and the private chat as fall-back."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.clock import FakeClock
from bot.content import Content
from bot.storage.db import Database
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi, FakeChat, FakeUser
from tests.test_e2e_screening import screen

FROM_COACH = "💬 From your coach Carol"


@pytest.fixture
async def api(db: Database, content: Content, clock: FakeClock) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake, running_bot(fake, db, content, clock=clock):
        yield fake


async def coached(api: FakeBotApi, coach: FakeUser, *clients: FakeUser) -> None:
    """The coach sends /coach; each client opens the link and agrees."""
    shown = await coach.reply_to("/coach")
    code = shown.body.split("?start=", 1)[1].split()[0]
    for client in clients:
        await client.reply_to(f"/start {code}")
        await client.press("✅ Agree")
        await client.wait_for(lambda m: "You're now coached by" in m.body)


async def inbox(api: FakeBotApi, coach: FakeUser) -> FakeChat:
    """A forum group with the bot as admin, made the coach's inbox with /inbox."""
    forum = api.forum(-1001234, "Carol's clients")
    await forum.add_bot(by=coach)
    await coach.send("/inbox", chat=forum)
    await forum.wait_for(lambda m: "is now Carol's coaching inbox" in m.body)
    return forum


def topic_of(forum: FakeChat, name: str) -> int:
    return next(thread for thread, topic in forum.topics.items() if topic == name)


async def test_one_topic_per_client_and_the_coach_writes_in_it(api: FakeBotApi) -> None:
    """Each client's log lands in a topic named after them (created once); what the coach
    writes in Ann's topic (no reply needed) reaches Ann only; nothing goes to the private
    chat."""
    coach, ann, bob = api.user(31, "Carol"), api.user(32, "Ann"), api.user(33, "Bob")
    await coached(api, coach, ann, bob)
    forum = await inbox(api, coach)
    for client in (ann, bob):
        await screen(client, set())
    await ann.reply_to("3x10")
    await bob.reply_to("2x8")
    await ann.reply_to("3x12")
    await forum.wait_for(lambda m: "Bob logged 2 sets x 8 reps" in m.body)
    await forum.wait_for(lambda m: "Ann logged 3 sets x 12 reps" in m.body)
    assert sorted(forum.topics.values()) == ["Ann", "Bob"]
    assert api.count("createForumTopic") == 2
    ann_topic, bob_topic = topic_of(forum, "Ann"), topic_of(forum, "Bob")
    ann_lines = [m.body for m in forum.topic_messages(ann_topic)]
    assert any("Ann logged 3 sets x 10 reps" in line for line in ann_lines)
    assert not any("Bob" in line for line in ann_lines)
    assert any("Bob logged" in m.body for m in forum.topic_messages(bob_topic))
    assert not any(m.labels for m in forum.topic_messages(ann_topic))  # writing there replies
    assert not any("logged" in m.body for m in coach.messages)

    await coach.send("Strong week, <b>Ann</b>", chat=forum, topic=ann_topic)
    got = await ann.wait_for(lambda m: m.body.startswith(FROM_COACH))
    assert got.body == f"{FROM_COACH}: Strong week, <b>Ann</b>"
    await forum.wait_for(lambda m: m.thread_id == ann_topic and m.body == "✉️ Sent to Ann.")
    assert not any(FROM_COACH in m.body for m in bob.messages)
    assert sum(api.errors_sent.values()) == 0, api.errors_sent


async def test_general_and_other_members_are_ignored_and_said_once(
    api: FakeBotApi, db: Database
) -> None:
    """Text in General, or from another member in a client's topic, reaches nobody; the group
    is told once; nothing is stored about the other member."""
    coach, ann, dave = api.user(31, "Carol"), api.user(32, "Ann"), api.user(34, "Dave")
    await coached(api, coach, ann)
    forum = await inbox(api, coach)
    await ann.reply_to("/tocoach hello")
    await forum.wait_for(lambda m: m.body == "💬 Ann: hello")
    ann_topic = topic_of(forum, "Ann")
    await dave.send("hi Ann, it's Dave", chat=forum, topic=ann_topic)
    await forum.wait_for(lambda m: "Here I relay only what the coach writes" in m.body)
    await coach.send("notes for myself", chat=forum)
    await dave.send("me again", chat=forum, topic=ann_topic)
    await coach.send("see you Friday", chat=forum, topic=ann_topic)
    await ann.wait_for(lambda m: m.body == f"{FROM_COACH}: see you Friday")
    froms = [m.body for m in ann.messages if m.body.startswith(FROM_COACH)]
    assert froms == [f"{FROM_COACH}: see you Friday"]
    assert sum("Here I relay only" in m.body for m in forum.messages) == 1
    assert not any("Dave" in m.body for m in coach.messages)
    async with db.reads() as tx:
        assert await tx.fetchone("SELECT 1 FROM users WHERE user_id = 34") is None  # Dave


async def test_a_deleted_topic_falls_back_to_the_private_chat(api: FakeBotApi) -> None:
    """Ann's topic deleted: her next message comes to the coach's private chat, with a note
    said once; Bob's topic still works; the coach's Telegram reply there reaches Ann."""
    coach, ann, bob = api.user(31, "Carol"), api.user(32, "Ann"), api.user(33, "Bob")
    await coached(api, coach, ann, bob)
    forum = await inbox(api, coach)
    await ann.reply_to("/tocoach first")
    await forum.wait_for(lambda m: m.body == "💬 Ann: first")
    await forum.delete_topic(topic_of(forum, "Ann"))
    await ann.reply_to("/tocoach second")
    await ann.reply_to("/tocoach third")
    third = await coach.wait_for(lambda m: m.body == "💬 Ann: third")
    await coach.wait_for(lambda m: "Ann's topic in your inbox group is gone" in m.body)
    assert sum("topic in your inbox group is gone" in m.body for m in coach.messages) == 1
    assert any(m.body == "💬 Ann: second" for m in coach.messages)
    await bob.reply_to("/tocoach still here")
    await forum.wait_for(lambda m: m.body == "💬 Bob: still here")
    await coach.send("got it", reply_to=third.message_id)
    await ann.wait_for(lambda m: m.body == f"{FROM_COACH}: got it")
    assert api.count("createForumTopic") == 2  # Ann's topic is not made again


async def test_a_removed_bot_falls_back_for_every_client(api: FakeBotApi) -> None:
    """The bot removed from the group: messages come to the private chat, the coach told once."""
    coach, ann = api.user(31, "Carol"), api.user(32, "Ann")
    await coached(api, coach, ann)
    forum = await inbox(api, coach)
    await forum.remove_bot(by=coach)
    await ann.reply_to("/tocoach one")
    await ann.reply_to("/tocoach two")
    await coach.wait_for(lambda m: m.body == "💬 Ann: two")
    await coach.wait_for(lambda m: "can't reach your inbox group" in m.body)
    assert sum("can't reach your inbox group" in m.body for m in coach.messages) == 1
    assert any(m.body == "💬 Ann: one" for m in coach.messages)


async def test_inbox_needs_a_coach_and_topics(api: FakeBotApi) -> None:
    """/inbox from someone who is no coach, or in a group without topics, says what to do."""
    ann = api.user(32, "Ann")
    forum = api.forum(-1005, "Ann's group")
    await forum.add_bot(by=ann)
    await ann.send("/inbox", chat=forum)
    await forum.wait_for(lambda m: "Only a coach can make this group an inbox" in m.body)
    plain = api.forum(-1006, "No topics")
    plain.state.info.is_forum = False
    await plain.add_bot(by=ann)
    await ann.send("/coach")
    await ann.send("/inbox", chat=plain)
    await plain.wait_for(lambda m: "needs Topics" in m.body)


async def test_what_the_fake_sends_in_a_forum_matches_the_spec(api: FakeBotApi) -> None:
    """Every update the forum produced (my_chat_member, topic messages, /inbox) and the
    ForumTopic it returned are valid objects of the Bot API spec."""
    coach, ann = api.user(31, "Carol"), api.user(32, "Ann")
    await coached(api, coach, ann)
    forum = await inbox(api, coach)
    await ann.reply_to("/tocoach hi")
    await forum.wait_for(lambda m: m.body == "💬 Ann: hi")
    await coach.send("hello", chat=forum, topic=topic_of(forum, "Ann"))
    await ann.wait_for(lambda m: m.body.endswith(": hello"))
    for update in api.core.delivered:
        api.spec.check_object(update, "Update")
    thread = topic_of(forum, "Ann")
    for message in forum.state.messages.values():
        api.spec.check_object(api.core.message_json(message), "Message")
    topic = {"message_thread_id": thread, "name": "Ann", "icon_color": 0x6FB9F0}
    api.spec.check_object(topic, "ForumTopic")
    kinds = {next(k for k in u if k != "update_id") for u in api.core.delivered}
    assert {"my_chat_member", "message", "callback_query"} <= kinds
