"""Coaches' daily digests for the dispatcher: which are due (`coaches.digest_at`, a partial
index), claimed conditionally on the instant read and recorded once per coach and local day in
`coach_digests`, as reminders are in `reminders`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime

from bot.storage.columns import from_unix, iso, unix
from bot.storage.db import Tx


@dataclass(frozen=True, slots=True)
class DueDigest:
    """A coach whose digest is due: their zone (their plan's, else their own, else UTC) and
    mode."""

    coach_id: int
    chat_id: int
    blocked: bool
    tz: str
    daily: bool
    scheduled: datetime


@dataclass(frozen=True, slots=True)
class DigestMove:
    """A due digest moved on from `scheduled` to `following` (None: a live coach has no next
    one), to send for `day` at `slot` (None: too late, nothing to send)."""

    coach_id: int
    scheduled: datetime
    following: datetime | None
    day: date
    slot: datetime | None


_DUE = (
    "SELECT c.user_id, c.digest, c.digest_at, u.chat_id, u.blocked_at,"
    " COALESCE(p.tz, u.tz) AS tz FROM coaches c"
    " JOIN users u ON u.user_id = c.user_id LEFT JOIN plans p ON p.user_id = c.user_id"
    " WHERE c.digest_at <= ? ORDER BY c.digest_at LIMIT ?"
)


class Digests:
    """Due digests, their claims and outcomes."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    async def due(self, now: datetime, limit: int) -> list[DueDigest]:
        """At most `limit` digests due at or before `now`, oldest first (one trip)."""
        rows = await self.tx.fetchall(_DUE, (unix(now), limit))
        return [_due(row) for row in rows]

    async def claim(self, moves: list[DigestMove], now: datetime) -> set[int]:
        """Move each digest on only from the instant read and record the ones to send (one
        trip); the coaches whose digest this process sends."""

        def work(connection: sqlite3.Connection) -> set[int]:
            claimed = set()
            for move in moves:
                changed = connection.execute(
                    "UPDATE coaches SET digest_at = ? WHERE user_id = ? AND digest_at = ?",
                    (
                        unix(move.following) if move.following else None,
                        move.coach_id,
                        unix(move.scheduled),
                    ),
                ).rowcount
                if changed == 1 and move.slot is not None and _record(connection, move, now):
                    claimed.add(move.coach_id)
            return claimed

        return await self.tx.call(work) if moves else set()

    def outcome(self, coach_id: int, day: date, status: str, reason: str | None = None) -> None:
        """How it ended: "sent", or "skipped" with why (nothing to report)."""
        self.tx.later(
            "UPDATE coach_digests SET status = ?, reason = ? WHERE coach_id = ? AND day = ?",
            (status, reason, coach_id, day.isoformat()),
        )


def _record(connection: sqlite3.Connection, move: DigestMove, now: datetime) -> bool:
    assert move.slot is not None
    changed = connection.execute(
        "INSERT OR IGNORE INTO coach_digests (coach_id, day, slot, status, queued_at)"
        " VALUES (?, ?, ?, 'queued', ?)",
        (move.coach_id, move.day.isoformat(), unix(move.slot), iso(now)),
    ).rowcount
    return bool(changed == 1)


def _due(row: sqlite3.Row) -> DueDigest:
    at = from_unix(row["digest_at"])
    assert at is not None  # the query asked for it to be due
    return DueDigest(
        row["user_id"],
        row["chat_id"],
        row["blocked_at"] is not None,
        row["tz"] or "UTC",
        row["digest"] == "daily",
        at,
    )
