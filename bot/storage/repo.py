"""The repository: every query the bot makes, over one open transaction (`Tx`).

Handlers never open connections: the service opens a transaction, builds a `Repo` on it,
and everything that one update changes commits together, replies included (the outbox).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.coach.screening import Result
from bot.coach.state import Conversation, UserState
from bot.storage.db import Tx


def iso(moment: datetime) -> str:
    return moment.isoformat()


def parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    chat_id: int
    payload: dict[str, Any]
    attempts: int


class Repo:
    """Queries for one transaction."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    # --- updates -------------------------------------------------------------------------

    async def claim_update(self, update_id: int, now: datetime) -> bool:
        """Record an update id; False if it was handled before (a redelivery)."""
        changed = await self.tx.changes(
            "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
            (update_id, iso(now)),
        )
        return changed == 1

    async def forget_updates_before(self, moment: datetime) -> int:
        return await self.tx.changes(
            "DELETE FROM processed_updates WHERE processed_at < ?", (iso(moment),)
        )

    # --- users ---------------------------------------------------------------------------

    async def load_user(self, user_id: int) -> UserState | None:
        row = await self.tx.fetchone("SELECT * FROM users WHERE user_id = ?", (user_id,))
        if row is None:
            return None
        screening_id, screening = await self._latest_screening(user_id)
        conversation = None
        if row["flow"]:
            conversation = Conversation(row["flow"], json.loads(row["flow_state"] or "{}"))
        return UserState(
            user_id=user_id,
            chat_id=row["chat_id"],
            first_name=row["first_name"],
            conversation=conversation,
            screening=screening,
            screening_id=screening_id,
        )

    async def touch_user(self, user_id: int, chat_id: int, first_name: str, now: datetime) -> None:
        """Create the user, or note they wrote again (which also lifts a 'blocked' mark)."""
        await self.tx.execute(
            "INSERT INTO users (user_id, chat_id, first_name, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET chat_id = excluded.chat_id,"
            " first_name = excluded.first_name, last_seen_at = excluded.last_seen_at,"
            " blocked_at = NULL",
            (user_id, chat_id, first_name, iso(now), iso(now)),
        )

    async def save_conversation(self, user_id: int, conversation: Conversation | None) -> None:
        flow = conversation.flow if conversation else None
        state = json.dumps(conversation.data) if conversation else None
        await self.tx.execute(
            "UPDATE users SET flow = ?, flow_state = ? WHERE user_id = ?", (flow, state, user_id)
        )

    async def mark_blocked(self, chat_id: int, now: datetime) -> None:
        await self.tx.execute(
            "UPDATE users SET blocked_at = ? WHERE chat_id = ? AND blocked_at IS NULL",
            (iso(now), chat_id),
        )

    async def erase_user(self, user_id: int, chat_id: int) -> None:
        """Delete every row of this user (screenings and the rest cascade)."""
        await self.tx.execute("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))
        await self.tx.execute("DELETE FROM users WHERE user_id = ?", (user_id,))

    # --- screenings ----------------------------------------------------------------------

    async def _latest_screening(self, user_id: int) -> tuple[int | None, Result | None]:
        row = await self.tx.fetchone(
            "SELECT * FROM screenings WHERE user_id = ? ORDER BY id DESC LIMIT 1", (user_id,)
        )
        if row is None:
            return None, None
        result = Result(
            answers=json.loads(row["answers"]),
            outcome=row["outcome"],
            adaptations=frozenset(json.loads(row["adaptations"])),
            content_version=row["content_version"],
            completed_at=datetime.fromisoformat(row["completed_at"]),
            cleared_on=parse_time(row["cleared_on"]),
        )
        return row["id"], result

    async def add_screening(self, user_id: int, result: Result) -> int:
        return await self.tx.execute(
            "INSERT INTO screenings (user_id, answers, outcome, adaptations, content_version,"
            " completed_at, cleared_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                user_id,
                json.dumps(dict(result.answers), sort_keys=True),
                result.outcome,
                json.dumps(sorted(result.adaptations)),
                result.content_version,
                iso(result.completed_at),
                iso(result.cleared_on) if result.cleared_on else None,
            ),
        )

    async def set_cleared(self, screening_id: int, moment: datetime) -> None:
        await self.tx.execute(
            "UPDATE screenings SET cleared_on = ? WHERE id = ?", (iso(moment), screening_id)
        )

    # --- outbox --------------------------------------------------------------------------

    async def enqueue(self, chat_id: int, payload: dict[str, Any], now: datetime) -> int:
        return await self.tx.execute(
            "INSERT INTO outbox (chat_id, payload, not_before, created_at) VALUES (?, ?, ?, ?)",
            (chat_id, json.dumps(payload), iso(now), iso(now)),
        )

    async def due_outbox(self, now: datetime, limit: int) -> list[OutboxItem]:
        rows = await self.tx.fetchall(
            "SELECT id, chat_id, payload, attempts FROM outbox WHERE not_before <= ?"
            " ORDER BY id LIMIT ?",
            (iso(now), limit),
        )
        return [
            OutboxItem(r["id"], r["chat_id"], json.loads(r["payload"]), r["attempts"]) for r in rows
        ]

    async def next_outbox_time(self) -> datetime | None:
        row = await self.tx.fetchone("SELECT MIN(not_before) AS t FROM outbox")
        return parse_time(row["t"]) if row else None

    async def delete_outbox(self, item_id: int) -> None:
        await self.tx.execute("DELETE FROM outbox WHERE id = ?", (item_id,))

    async def postpone_outbox(self, item_id: int, until: datetime, attempts: int) -> None:
        await self.tx.execute(
            "UPDATE outbox SET not_before = ?, attempts = ? WHERE id = ?",
            (iso(until), attempts, item_id),
        )

    async def drop_chat_outbox(self, chat_id: int) -> int:
        return await self.tx.changes("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))

    # --- media ---------------------------------------------------------------------------

    async def media_file_id(self, name: str) -> str | None:
        row = await self.tx.fetchone("SELECT file_id FROM media WHERE name = ?", (name,))
        return str(row["file_id"]) if row else None

    async def remember_media(self, name: str, file_id: str) -> None:
        await self.tx.execute(
            "INSERT OR REPLACE INTO media (name, file_id) VALUES (?, ?)", (name, file_id)
        )
