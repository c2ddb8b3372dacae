"""Users (and their place in a conversation and in each lesson) and the updates handled.

`read_user` is the engine's whole view of one user, read in one trip to the database thread.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.coach import conversation_json
from bot.coach.conversations import ConsideringInvite, Conversation
from bot.coach.state import UserState
from bot.storage.coaching import read_coaching
from bot.storage.columns import iso
from bot.storage.db import Tx
from bot.storage.logs import LOG_HISTORY, read_recent, read_timers
from bot.storage.pain import read_checks, read_ratings
from bot.storage.plans import read_plan
from bot.storage.screenings import read_latest


class Updates:
    """`processed_updates`: each Telegram update id handled, so a redelivery changes nothing."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    async def claim(self, update_id: int, now: datetime) -> bool:
        """Record an update id (one trip); False if it was handled before (a redelivery)."""
        changed = await self.tx.changes(
            "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
            (update_id, iso(now)),
        )
        return changed == 1

    async def forget_before(self, moment: datetime) -> int:
        """Drop the ids handled before `moment` (one trip); how many were dropped."""
        return await self.tx.changes(
            "DELETE FROM processed_updates WHERE processed_at < ?", (iso(moment),)
        )


class Users:
    """The `users` row and `lesson_progress`; writes are queued on the transaction."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    async def load(
        self, user_id: int, *, code: str | None = None, reply_to: tuple[int, int] | None = None
    ) -> UserState | None:
        """Everything the engine needs about one user, or None if unknown (one trip); `code`
        and `reply_to` as in `read_coaching`."""
        return await self.tx.call(lambda c: read_user(c, user_id, code=code, reply_to=reply_to))

    def touch(self, user_id: int, chat_id: int, first_name: str, now: datetime) -> None:
        """Create the user, or note they wrote again (which also lifts a 'blocked' mark). A new
        user's logs are numbered above every log number given before (`counters`), so buttons
        left from before a /delete name none of them."""
        self.tx.later(
            "INSERT INTO users (user_id, chat_id, first_name, created_at, last_seen_at,"
            " last_log_seq) VALUES (?, ?, ?, ?, ?,"
            " (SELECT value FROM counters WHERE name = 'log_seq'))"
            " ON CONFLICT (user_id) DO UPDATE SET chat_id = excluded.chat_id,"
            " first_name = excluded.first_name, last_seen_at = excluded.last_seen_at,"
            " blocked_at = NULL",
            (user_id, chat_id, first_name, iso(now), iso(now)),
        )

    def save_conversation(self, user_id: int, conversation: Conversation | None) -> None:
        """Where the user is in a flow (None: in none), stored through its JSON codec."""
        flow, state = conversation_json.encode(conversation) if conversation else (None, None)
        self.tx.later(
            "UPDATE users SET flow = ?, flow_state = ? WHERE user_id = ?", (flow, state, user_id)
        )

    def set_zone(self, user_id: int, tz: str) -> None:
        """The user's time zone, which dates their logs."""
        self.tx.later("UPDATE users SET tz = ? WHERE user_id = ?", (tz, user_id))

    def mark_zone_asked(self, user_id: int) -> None:
        """The time zone question was asked (it is asked once)."""
        self.tx.later("UPDATE users SET tz_asked = 1 WHERE user_id = ?", (user_id,))

    def save_lesson_step(self, user_id: int, exercise_id: str, step: int, now: datetime) -> None:
        """The lesson step the user reached in an exercise's lesson."""
        self.tx.later(
            "INSERT INTO lesson_progress (user_id, exercise_id, step, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, exercise_id)"
            " DO UPDATE SET step = excluded.step, updated_at = excluded.updated_at",
            (user_id, exercise_id, step, iso(now)),
        )

    def mark_blocked(self, chat_id: int, now: datetime) -> None:
        """The user of this chat blocked the bot (kept from the first time until they write)."""
        self.tx.later(
            "UPDATE users SET blocked_at = ? WHERE chat_id = ? AND blocked_at IS NULL",
            (iso(now), chat_id),
        )

    def erase(self, user_id: int, chat_id: int) -> None:
        """Delete every row of this user (screenings and the rest cascade) and their queue."""
        self.tx.later("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))
        self.tx.later("DELETE FROM users WHERE user_id = ?", (user_id,))


def read_user(
    connection: sqlite3.Connection,
    user_id: int,
    *,
    code: str | None = None,
    reply_to: tuple[int, int] | None = None,
) -> UserState | None:
    """The engine's view of one user, or None if unknown (runs on the database thread, inside
    a transaction: every area's reader in one trip). The invite looked at is `code`, else the
    one of the invite conversation the user is in."""
    row = connection.execute("SELECT * FROM users WHERE user_id = ?", (user_id,)).fetchone()
    if row is None:
        return None
    conversation = conversation_json.decode(row["flow"], row["flow_state"])
    if code is None and isinstance(conversation, ConsideringInvite):
        code = conversation.code
    screening_id, screening = read_latest(connection, user_id)
    lessons = connection.execute(
        "SELECT exercise_id, step FROM lesson_progress WHERE user_id = ?", (user_id,)
    ).fetchall()
    timers = read_timers(connection, user_id)
    return UserState(
        user_id=user_id,
        chat_id=row["chat_id"],
        first_name=row["first_name"],
        conversation=conversation,
        screening=screening,
        screening_id=screening_id,
        lesson_steps={r["exercise_id"]: r["step"] for r in lessons},
        plan=read_plan(connection, user_id),
        logs=read_recent(connection, user_id, LOG_HISTORY),
        last_log_seq=int(row["last_log_seq"]),
        tz=row["tz"],
        tz_asked=bool(row["tz_asked"]),
        rescreen_required=bool(row["rescreen_required"]),
        timers=timers,
        pain_ratings=read_ratings(connection, user_id),
        morning_checks=read_checks(connection, user_id),
        coaching=read_coaching(connection, user_id, code=code, reply_to=reply_to),
    )
