"""What goes out to Telegram: the outbox rows, and the file ids of media already uploaded.

An outbox row is due when `not_before` (ISO text) is at or before now; "" sorts before every
time (due at once), and the two claim marks after every time (never due): SENDING, an
at-most-once message whose send has started, and CLAIMED, an at-least-once message being sent.

A row is sent only by the process whose claim changed it: the claim is an UPDATE conditional on
the `not_before` the sender read, so of two processes (or two tasks) reading the same due row,
one claims it and the other skips it. A chat's rows go out in order: a row is due only while
no earlier row of its chat waits (postponed after a 429 or a network error, or claimed).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.storage.columns import iso, parse_time
from bot.storage.db import Tx
from bot.storage.plans import ReminderKey

SENDING = "sending"  # sorts after every ISO time, so such a row is never due
CLAIMED = "claimed"  # likewise; put back at startup (at least once), where SENDING is dropped


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """One queued message: its row id, chat, JSON payload and the sends tried so far."""

    id: int
    chat_id: int
    payload: dict[str, Any]
    attempts: int
    not_before: str = ""  # as read: the claim changes the row only if it still holds this

    @property
    def once(self) -> bool:
        """At most once (a reminder): dropped, not resent, if a crash comes mid-send."""
        return bool(self.payload.get("once"))

    @property
    def reminder(self) -> ReminderKey | None:
        """The reminder this message is, if it is one (its send's outcome is recorded)."""
        key = self.payload.get("reminder")
        return ReminderKey.from_json(key) if key else None


class OutboxRows:
    """The `outbox` table."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    def enqueue(self, chat_id: int, payload: dict[str, Any], now: datetime) -> None:
        """Queue a message (`payload` as JSON), due at once."""
        self.tx.later(
            "INSERT INTO outbox (chat_id, payload, not_before, created_at) VALUES (?, ?, '', ?)",
            (chat_id, json.dumps(payload), iso(now)),
        )

    async def due(self, now: datetime, limit: int) -> tuple[list[OutboxItem], datetime | None]:
        """At most `limit` messages due at `now`, oldest first; when there are none, also when
        the next one is due (the epoch: now; None: nothing waits). One trip."""
        return await self.tx.call(lambda connection: _read_due(connection, now, limit))

    def delete(self, item_id: int) -> None:
        """The message was sent (or can never be): forget it."""
        self.tx.later("DELETE FROM outbox WHERE id = ?", (item_id,))

    def postpone(self, item_id: int, until: datetime, attempts: int) -> None:
        """Try again at `until`, after `attempts` tries."""
        self.tx.later(
            "UPDATE outbox SET not_before = ?, attempts = ? WHERE id = ?",
            (iso(until), attempts, item_id),
        )

    async def claim(self, item: OutboxItem) -> bool:
        """Take the row for sending if it is still as read (one trip): SENDING for an
        at-most-once message, CLAIMED otherwise. False: another sender has it, or had it."""
        mark = SENDING if item.once else CLAIMED
        changed = await self.tx.changes(
            "UPDATE outbox SET not_before = ? WHERE id = ? AND not_before = ?",
            (mark, item.id, item.not_before),
        )
        return changed == 1

    async def recover_claims(self) -> tuple[int, int]:
        """At startup, holding the sender lease (so no other sender is at work): drop the
        at-most-once messages whose send may have happened, and put the at-least-once ones
        back as due (one trip); how many of each."""

        def work(connection: sqlite3.Connection) -> tuple[int, int]:
            dropped = connection.execute("DELETE FROM outbox WHERE not_before = ?", (SENDING,))
            again = connection.execute(
                "UPDATE outbox SET not_before = '' WHERE not_before = ?", (CLAIMED,)
            )
            return dropped.rowcount, again.rowcount

        return await self.tx.call(work)

    async def drop_chat(self, chat_id: int) -> int:
        """Drop everything queued for a chat (one trip); how many."""
        return await self.tx.changes("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))


def _read_due(
    connection: sqlite3.Connection, now: datetime, limit: int
) -> tuple[list[OutboxItem], datetime | None]:
    at = iso(now)
    rows = connection.execute(
        "SELECT id, chat_id, payload, attempts, not_before FROM outbox o WHERE not_before <= ?"
        " AND NOT EXISTS (SELECT 1 FROM outbox e"
        "  WHERE e.chat_id = o.chat_id AND e.id < o.id AND e.not_before > ?)"
        " ORDER BY id LIMIT ?",
        (at, at, limit),
    ).fetchall()
    items = [
        OutboxItem(r["id"], r["chat_id"], json.loads(r["payload"]), r["attempts"], r["not_before"])
        for r in rows
    ]
    if items:
        return items, None
    row = connection.execute(
        "SELECT MIN(not_before) AS t FROM outbox WHERE not_before > ? AND not_before NOT IN (?, ?)",
        (at, SENDING, CLAIMED),
    ).fetchone()
    if row is None or row["t"] is None:
        return items, None
    return items, parse_time(row["t"]) or datetime.fromtimestamp(0, UTC)


class MediaIds:
    """The `media` table: Telegram's file id of each uploaded picture, by file name."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    async def file_id(self, name: str) -> str | None:
        """The file id of `name`, or None if it was never uploaded (one trip)."""
        row = await self.tx.fetchone("SELECT file_id FROM media WHERE name = ?", (name,))
        return str(row["file_id"]) if row else None

    def remember(self, name: str, file_id: str) -> None:
        """Telegram gave `name` this file id."""
        self.tx.later("INSERT OR REPLACE INTO media (name, file_id) VALUES (?, ?)", (name, file_id))
