"""Training logs (`logs` with their sets in `log_sets`) and conversation timers (`timers`).

A log is named by the user's own sequence number (`seq`, never reused: `users.last_log_seq`,
and across a /delete `counters.log_seq`, the highest number given to anyone), which Undo and
Edit buttons carry. A timer (the workout's rest) is a row the dispatcher turns
into a `Tick` when it is due.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime

from bot.coach.sessions import LoggedSet, Target
from bot.coach.state import LogEntry
from bot.storage.columns import iso, unix
from bot.storage.db import Tx

LOG_HISTORY = 400  # logs loaded per update: more than a year and a half of training


class Logs:
    """Writes to `logs` and `log_sets`, queued on the transaction."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    def add(self, user_id: int, entry: LogEntry) -> None:
        """Store a log with its sets, and note its number as the user's highest."""
        target = entry.target
        self.tx.later(
            "INSERT INTO logs (user_id, seq, local_date, logged_at, source, source_text,"
            " target_sets, target_reps, target_weight_kg, feel, pain, note, dated_without_zone)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                user_id,
                entry.seq,
                entry.local_date.isoformat(),
                iso(entry.logged_at),
                entry.source,
                entry.source_text,
                target.sets if target else None,
                target.reps if target else None,
                target.weight_kg if target else None,
                entry.feel,
                int(entry.pain),
                entry.note,
                int(entry.zoneless),
            ),
        )
        self.tx.later(
            "UPDATE users SET last_log_seq = MAX(last_log_seq, ?) WHERE user_id = ?",
            (entry.seq, user_id),
        )
        self.tx.later(
            "UPDATE counters SET value = MAX(value, ?) WHERE name = 'log_seq'", (entry.seq,)
        )
        for position, logged in enumerate(entry.sets):
            self.tx.later(
                "INSERT INTO log_sets"
                " (log_id, position, reps, leg, weight_kg, weight_as_typed, weight_unit)"
                " VALUES ((SELECT id FROM logs WHERE user_id = ? AND seq = ?), ?, ?, ?, ?, ?, ?)",
                (
                    user_id,
                    entry.seq,
                    position,
                    logged.reps,
                    logged.leg,
                    logged.weight_kg,
                    logged.weight_as_typed,
                    logged.weight_unit,
                ),
            )

    def redate(self, user_id: int, seq: int, local_date: date) -> None:
        """A log dated without a zone moved to the user's local date, and no longer marked."""
        self.tx.later(
            "UPDATE logs SET local_date = ?, dated_without_zone = 0 WHERE user_id = ? AND seq = ?",
            (local_date.isoformat(), user_id, seq),
        )

    def remove(self, user_id: int, seq: int) -> None:
        """Delete log number `seq` (its sets cascade); the number is not given out again."""
        self.tx.later("DELETE FROM logs WHERE user_id = ? AND seq = ?", (user_id, seq))

    def set_feel(self, user_id: int, seq: int, feel: str) -> None:
        """How log `seq` felt ("easy", "ok", "hard")."""
        self.tx.later(
            "UPDATE logs SET feel = ? WHERE user_id = ? AND seq = ?", (feel, user_id, seq)
        )

    def mark_pain_on(self, user_id: int, local_date: date) -> None:
        """Mark every log of that local date as done with pain."""
        self.tx.later(
            "UPDATE logs SET pain = 1 WHERE user_id = ? AND local_date = ?",
            (user_id, local_date.isoformat()),
        )

    async def logged_on(self, user_id: int, local_date: date) -> bool:
        """Whether the user logged anything on that local date (one trip)."""
        row = await self.tx.fetchone(
            "SELECT 1 FROM logs WHERE user_id = ? AND local_date = ? LIMIT 1",
            (user_id, local_date.isoformat()),
        )
        return row is not None


def read_recent(connection: sqlite3.Connection, user_id: int, limit: int) -> tuple[LogEntry, ...]:
    """The user's latest `limit` logs with their sets, oldest first; on the database thread.

    A set stored before its typed weight was kept (no `weight_unit`) reads as kg.
    """
    rows = connection.execute(
        "SELECT * FROM (SELECT * FROM logs WHERE user_id = ? ORDER BY seq DESC LIMIT ?)"
        " ORDER BY seq",
        (user_id, limit),
    ).fetchall()
    if not rows:
        return ()
    sets = connection.execute(
        "SELECT s.* FROM log_sets s JOIN logs l ON l.id = s.log_id WHERE l.user_id = ?"
        " AND l.seq >= ? ORDER BY s.log_id, s.position",
        (user_id, rows[0]["seq"]),
    ).fetchall()
    by_log: dict[int, list[LoggedSet]] = {}
    for row in sets:
        by_log.setdefault(row["log_id"], []).append(
            LoggedSet(
                row["reps"],
                row["leg"],
                row["weight_kg"],
                row["weight_as_typed"],
                row["weight_unit"],
            )
        )
    return tuple(_log_from_row(row, tuple(by_log.get(row["id"], []))) for row in rows)


def _log_from_row(row: sqlite3.Row, sets: tuple[LoggedSet, ...]) -> LogEntry:
    target = None
    if row["target_sets"] is not None:
        target = Target(row["target_sets"], row["target_reps"], row["target_weight_kg"])
    return LogEntry(
        seq=row["seq"],
        local_date=date.fromisoformat(row["local_date"]),
        logged_at=datetime.fromisoformat(row["logged_at"]),
        source=row["source"],
        sets=sets,
        source_text=row["source_text"],
        target=target,
        feel=row["feel"],
        pain=bool(row["pain"]),
        note=row["note"],
        zoneless=bool(row["dated_without_zone"]),
    )


@dataclass(frozen=True, slots=True)
class DueTimer:
    """A conversation timer that went off, with what the engine's `Tick` needs."""

    user_id: int
    chat_id: int
    name: str  # the timer's name, which is also the tick's name
    first_name: str
    due_at: int = 0  # as read (Unix seconds): the claim takes the timer only if it still holds

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DueTimer:
        """From a `timers` row joined with the user's `chat_id` and `first_name`."""
        return cls(row["user_id"], row["chat_id"], row["name"], row["first_name"], row["due_at"])


class Timers:
    """The `timers` table: at most one timer of each name per user."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    def start(self, user_id: int, name: str, due_at: datetime) -> None:
        """Start (or restart) timer `name`, going off at `due_at`."""
        self.tx.later(
            "INSERT OR REPLACE INTO timers (user_id, name, due_at) VALUES (?, ?, ?)",
            (user_id, name, unix(due_at)),
        )

    def cancel(self, user_id: int, name: str) -> None:
        """Stop timer `name`; nothing happens if it is not running."""
        self.tx.later("DELETE FROM timers WHERE user_id = ? AND name = ?", (user_id, name))

    async def due(self, now: datetime, limit: int) -> list[DueTimer]:
        """At most `limit` timers due at or before `now`, earliest first (one trip)."""
        rows = await self.tx.fetchall(
            "SELECT t.user_id, t.name, t.due_at, u.chat_id, u.first_name FROM timers t"
            " JOIN users u USING (user_id) WHERE t.due_at <= ? ORDER BY t.due_at LIMIT ?",
            (unix(now), limit),
        )
        return [DueTimer.from_row(row) for row in rows]

    async def claim(self, due: list[DueTimer]) -> list[DueTimer]:
        """Stop each timer that still goes off when it was read to (one trip): the ones whose
        row this changed, which only this caller then runs; a timer restarted or run by
        another process since is left alone."""

        def work(connection: sqlite3.Connection) -> list[DueTimer]:
            return [
                timer
                for timer in due
                if connection.execute(
                    "DELETE FROM timers WHERE user_id = ? AND name = ? AND due_at = ?",
                    (timer.user_id, timer.name, timer.due_at),
                ).rowcount
                == 1
            ]

        return await self.tx.call(work) if due else []


def read_timers(connection: sqlite3.Connection, user_id: int) -> dict[str, datetime]:
    """The user's running timers by name, with when each goes off; on the database thread."""
    rows = connection.execute(
        "SELECT name, due_at FROM timers WHERE user_id = ?", (user_id,)
    ).fetchall()
    return {r["name"]: datetime.fromtimestamp(r["due_at"], UTC) for r in rows}
