"""Pain ratings (`pain_ratings`): 0-10, one row per answer, filed under the user's local date;
and the next-morning checks (`morning_checks`): one per user and morning, claimed by the
dispatcher as reminder slots are (conditionally, recorded in `reminders` as 'pain_check')."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import cast

from bot.coach.morning import Answer, MorningCheck
from bot.storage.columns import from_unix, iso, unix
from bot.storage.db import Tx
from bot.storage.plans import ReminderKey, record_key


class PainRatings:
    """Writes to `pain_ratings`, queued on the transaction."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    def add(
        self, user_id: int, local_date: date, rating: int, part: str | None, now: datetime
    ) -> None:
        """Store a rating for that local date."""
        self.tx.later(
            "INSERT INTO pain_ratings (user_id, local_date, rated_at, rating, part)"
            " VALUES (?, ?, ?, ?, ?)",
            (user_id, local_date.isoformat(), iso(now), rating, part),
        )


def read_ratings(connection: sqlite3.Connection, user_id: int) -> dict[date, int]:
    """The highest rating of each local date; on the database thread."""
    rows = connection.execute(
        "SELECT local_date, MAX(rating) AS rating FROM pain_ratings WHERE user_id = ?"
        " GROUP BY local_date",
        (user_id,),
    ).fetchall()
    return {date.fromisoformat(r["local_date"]): int(r["rating"]) for r in rows}


@dataclass(frozen=True, slots=True)
class DueCheck:
    """A next-morning check due to be asked, with its user's chat and whether they blocked us."""

    user_id: int
    chat_id: int
    blocked: bool
    morning: date
    at: datetime  # when it is due (`ask_at`), UTC

    @property
    def key(self) -> ReminderKey:
        """Recorded in `reminders` by the instant it was due."""
        return ReminderKey(self.user_id, unix(self.at), "pain_check")

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DueCheck:
        """From a `morning_checks` row joined with the user's `chat_id` and `blocked_at`."""
        at = from_unix(row["ask_at"])
        assert at is not None  # the query asked for it to be due
        blocked = row["blocked_at"] is not None
        morning = date.fromisoformat(row["morning"])
        return cls(row["user_id"], row["chat_id"], blocked, morning, at)


class MorningChecks:
    """The `morning_checks` table: scheduling, claiming and answering next-morning checks."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    def schedule(
        self, user_id: int, morning: date, about: date, part: str | None, at: datetime
    ) -> None:
        """Ask on `morning` at `at`; a morning already scheduled (or asked) keeps its check."""
        self.tx.later(
            "INSERT OR IGNORE INTO morning_checks (user_id, morning, about, part, ask_at)"
            " VALUES (?, ?, ?, ?, ?)",
            (user_id, morning.isoformat(), about.isoformat(), part, unix(at)),
        )

    def answer(self, user_id: int, morning: date, answer: Answer, now: datetime) -> None:
        """Store the answer, only if none was stored before (exactly once)."""
        self.tx.later(
            "UPDATE morning_checks SET answer = ?, answered_at = ?, ask_at = NULL"
            " WHERE user_id = ? AND morning = ? AND answer IS NULL",
            (answer, iso(now), user_id, morning.isoformat()),
        )

    async def due(self, now: datetime, limit: int) -> list[DueCheck]:
        """At most `limit` checks due at or before `now`, oldest first (one trip, on the
        partial index of `ask_at`)."""
        rows = await self.tx.fetchall(
            "SELECT m.*, u.chat_id, u.blocked_at FROM morning_checks m JOIN users u"
            " USING (user_id) WHERE m.ask_at <= ? ORDER BY m.ask_at LIMIT ?",
            (unix(now), limit),
        )
        return [DueCheck.from_row(row) for row in rows]

    async def claim(self, due: list[DueCheck], send: list[bool], now: datetime) -> list[DueCheck]:
        """Clear each check's `ask_at` only if it is still the one read, and record the
        reminders of those to `send` (one trip). Returns the checks this caller claimed and
        recorded: of two processes reading the same due check, exactly one gets it."""

        def work(connection: sqlite3.Connection) -> list[DueCheck]:
            claimed = []
            for check, wanted in zip(due, send, strict=True):
                changed = connection.execute(
                    "UPDATE morning_checks SET ask_at = NULL"
                    " WHERE user_id = ? AND morning = ? AND ask_at = ?",
                    (check.user_id, check.morning.isoformat(), unix(check.at)),
                ).rowcount
                if changed == 1 and wanted and record_key(connection, check.key, now):
                    claimed.append(check)
            return claimed

        return await self.tx.call(work) if due else []


def read_checks(connection: sqlite3.Connection, user_id: int) -> dict[date, MorningCheck]:
    """The user's next-morning checks by morning; on the database thread."""
    rows = connection.execute(
        "SELECT morning, about, part, answer FROM morning_checks WHERE user_id = ?", (user_id,)
    ).fetchall()
    return {
        date.fromisoformat(r["morning"]): MorningCheck(
            date.fromisoformat(r["about"]), r["part"], cast(Answer | None, r["answer"])
        )
        for r in rows
    }
