"""Pain ratings (`pain_ratings`): 0-10, one row per answer, filed under the user's local date."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

from bot.storage.columns import iso
from bot.storage.db import Tx


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
