"""Delivery through a coach's inbox group: a forum supergroup where each client has a topic.

The outbox asks `Inbox.deliver` first. A message about a client (`"thread": <link id>` in its
payload) for a coach who has an active inbox goes to that client's topic, created once
(`createForumTopic`, named after the client) and remembered per link. A reply to something the
coach did in the group (`"topic"` in the payload) goes back to that topic. When the group or
the topic is gone (400 "chat not found" / "message thread not found", 403 kicked), the inbox
or the topic is marked gone, the coach is told once in their private chat, and the message
goes there instead (`deliver` answers None: the outbox sends it the usual way).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from bot.clock import Clock
from bot.coach.callbacks import ReplyToClient
from bot.coach.messages import Reply
from bot.outbox import Blocked, Rejected
from bot.payloads import reply_to_json
from bot.storage.db import Database
from bot.storage.inbox import Inboxes, Route
from bot.storage.sending import OutboxItem, OutboxRows

log = logging.getLogger(__name__)

THREAD_GONE = ("message thread not found", "topic_deleted", "topic_closed", "thread not found")
CHAT_GONE = ("chat not found", "group chat was upgraded", "chat_write_forbidden")
REPLY_PREFIX = ReplyToClient.prefix + ":"


class Forum(Protocol):
    """What a transport offers for forum supergroups."""

    async def create_topic(self, chat_id: int, name: str) -> int:
        """Create a topic named `name`; its message_thread_id."""
        ...

    async def deliver_in_topic(self, chat_id: int, thread_id: int | None, reply: Reply) -> int:
        """Send `reply` to the topic (None: General); the message id."""
        ...


class Inbox:
    """Routes messages to a coach's inbox group, with the private chat as fall-back."""

    def __init__(self, db: Database, forum: Forum, clock: Clock, texts: Callable[..., str]) -> None:
        self.db = db
        self.forum = forum
        self.clock = clock
        self.texts = texts

    async def deliver(self, item: OutboxItem, reply: Reply) -> tuple[int, int] | None:
        """Deliver in the inbox group: (chat id, message id); None when the message goes to
        `item.chat_id` the usual way.
        Raises RetryLater (try again later) and Rejected (a message Telegram refuses for
        another reason) like a transport."""
        payload = item.payload
        if "topic" in payload:  # a reply to the coach in their group
            topic = payload["topic"]
            return item.chat_id, await self.forum.deliver_in_topic(item.chat_id, topic, reply)
        link = payload.get("thread")
        if link is None:
            return None
        async with self.db.reads() as tx:
            route = await Inboxes(tx).route(item.chat_id, int(link))
        if route is None:
            return None
        return await self._in_topic(item, route, _without_reply_button(reply))

    async def _in_topic(
        self, item: OutboxItem, route: Route, reply: Reply
    ) -> tuple[int, int] | None:
        thread = route.thread_id
        try:
            if thread is None:
                thread = await self.forum.create_topic(route.group, route.client_name[:128])
                async with self.db.transaction() as tx:
                    Inboxes(tx).add_topic(route.link_id, route.group, thread, self.clock.now())
            message_id = await self.forum.deliver_in_topic(route.group, thread, reply)
        except Blocked as exc:
            await self._gone(item, route, None, str(exc))
            return None
        except Rejected as exc:
            reason = str(exc).lower()
            if thread is not None and any(r in reason for r in THREAD_GONE):
                await self._gone(item, route, thread, reason)
                return None
            if any(r in reason for r in CHAT_GONE) or route.thread_id is None:
                await self._gone(item, route, None, reason)  # no topic could be made there
                return None
            raise
        return route.group, message_id

    async def _gone(self, item: OutboxItem, route: Route, thread: int | None, why: str) -> None:
        """Mark the inbox (or the client's topic) gone; tell the coach the first time."""
        log.info("inbox: group %s %s gone (%s)", route.group, thread or "", why)
        now = self.clock.now()
        async with self.db.transaction() as tx:
            inboxes = Inboxes(tx)
            if thread is None:
                first = await inboxes.gone(route.group)
                text = self.texts("coaching.inbox.gone")
            else:
                first = await inboxes.topic_gone(route.link_id, route.group)
                text = self.texts("coaching.inbox.topic_gone", client=route.client_name)
            if first:
                OutboxRows(tx).enqueue(item.chat_id, _payload(Reply(text)), now)


def _without_reply_button(reply: Reply) -> Reply:
    """In a client's topic every message of the coach goes to the client: no [Reply]."""
    rows = tuple(
        kept
        for row in reply.buttons
        if (kept := tuple(b for b in row if not b.data.startswith(REPLY_PREFIX)))
    )
    return replace(reply, buttons=rows)


def _payload(reply: Reply) -> dict[str, Any]:
    return {"reply": reply_to_json(reply), "edit_message_id": None, "edit_has_media": False}
