"""A coach's inbox group: which forum supergroup is whose inbox, and each client's topic there.

Reads (`route`, `place`) are one trip each; writes are queued on the transaction, except the
two that report whether they changed anything (`gone`, `topic_gone`, `told_ignored`), which the
caller needs to tell the coach once.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.storage.columns import iso
from bot.storage.db import Tx


@dataclass(frozen=True, slots=True)
class Route:
    """Where a message about the client of `link_id` goes in the coach's inbox group;
    `thread_id` None: the client's topic is still to be created (named `client_name`)."""

    group: int
    link_id: int
    client_name: str
    thread_id: int | None


@dataclass(frozen=True, slots=True)
class Place:
    """A supergroup as the bot sees it: whose inbox it is (None: nobody's), whether it is
    active, whether its coach was told what is ignored there, and the client link whose
    topic a message was written in (None: General or another topic)."""

    coach_id: int | None
    active: bool
    ignored_told: bool
    link_id: int | None


def _route(c: sqlite3.Connection, coach_chat: int, link_id: int) -> Route | None:
    row = c.execute(
        "SELECT i.chat_id AS grp, t.thread_id, t.state AS topic, u.first_name FROM users co"
        " JOIN coach_inboxes i ON i.coach_id = co.user_id AND i.state = 'active'"
        " JOIN coach_links l ON l.id = ? AND l.coach_id = co.user_id AND l.state = 'active'"
        " JOIN users u ON u.user_id = l.client_id"
        " LEFT JOIN coach_topics t ON t.link_id = l.id AND t.chat_id = i.chat_id"
        " WHERE co.chat_id = ?",
        (link_id, coach_chat),
    ).fetchone()
    if row is None or row["topic"] == "gone":
        return None
    return Route(row["grp"], link_id, row["first_name"], row["thread_id"])


def _place(c: sqlite3.Connection, chat_id: int, thread_id: int | None) -> Place:
    row = c.execute(
        "SELECT coach_id, state, ignored_told FROM coach_inboxes WHERE chat_id = ?", (chat_id,)
    ).fetchone()
    if row is None:
        return Place(None, False, False, None)
    link = None
    if thread_id is not None:
        topic = c.execute(
            "SELECT t.link_id FROM coach_topics t JOIN coach_links l ON l.id = t.link_id"
            " WHERE t.chat_id = ? AND t.thread_id = ? AND l.coach_id = ?",
            (chat_id, thread_id, row["coach_id"]),
        ).fetchone()
        link = topic["link_id"] if topic else None
    return Place(row["coach_id"], row["state"] == "active", bool(row["ignored_told"]), link)


class Inboxes:
    """The `coach_inboxes` and `coach_topics` tables."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    async def route(self, coach_chat: int, link_id: int) -> Route | None:
        """The inbox route of a message about `link_id` for the coach of chat `coach_chat`;
        None: it goes to that private chat (no inbox, the inbox or the topic is gone, or the
        link ended)."""
        return await self.tx.call(lambda c: _route(c, coach_chat, link_id))

    async def place(self, chat_id: int, thread_id: int | None) -> Place:
        """Whose inbox the supergroup `chat_id` is, and the client of topic `thread_id`."""
        return await self.tx.call(lambda c: _place(c, chat_id, thread_id))

    def make_inbox(self, coach_id: int, chat_id: int, now: datetime) -> None:
        """The supergroup `chat_id` becomes the coach's inbox (in place of any earlier one of
        theirs, and of another coach's inbox there that is gone)."""
        self.tx.later(
            "DELETE FROM coach_inboxes WHERE chat_id = ? AND coach_id != ?", (chat_id, coach_id)
        )
        self.tx.later(
            "INSERT INTO coach_inboxes (coach_id, chat_id, state, created_at)"
            " VALUES (?, ?, 'active', ?) ON CONFLICT (coach_id) DO UPDATE SET"
            " chat_id = excluded.chat_id, state = 'active', ignored_told = 0,"
            " created_at = excluded.created_at",
            (coach_id, chat_id, iso(now)),
        )

    def add_topic(self, link_id: int, chat_id: int, thread_id: int, now: datetime) -> None:
        """The client of `link_id` has the topic `thread_id` in the inbox group `chat_id`."""
        self.tx.later(
            "INSERT OR REPLACE INTO coach_topics (link_id, chat_id, thread_id, state, created_at)"
            " VALUES (?, ?, ?, 'active', ?)",
            (link_id, chat_id, thread_id, iso(now)),
        )

    async def gone(self, chat_id: int) -> bool:
        """The inbox group `chat_id` is gone; True the first time (the coach is told then)."""
        return (
            await self.tx.changes(
                "UPDATE coach_inboxes SET state = 'gone' WHERE chat_id = ? AND state = 'active'",
                (chat_id,),
            )
            > 0
        )

    async def topic_gone(self, link_id: int, chat_id: int) -> bool:
        """The topic of `link_id` in `chat_id` is gone; True the first time."""
        return (
            await self.tx.changes(
                "UPDATE coach_topics SET state = 'gone'"
                " WHERE link_id = ? AND chat_id = ? AND state = 'active'",
                (link_id, chat_id),
            )
            > 0
        )

    async def told_ignored(self, chat_id: int) -> bool:
        """Note that the coach was told what the bot ignores in `chat_id`; True the first time."""
        return (
            await self.tx.changes(
                "UPDATE coach_inboxes SET ignored_told = 1 WHERE chat_id = ? AND ignored_told = 0",
                (chat_id,),
            )
            > 0
        )
