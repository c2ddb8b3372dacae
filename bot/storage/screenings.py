"""Screenings: every completed screening, a doctor's clearance of it, restrictions lifted one by
one, the "screen again" mark."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

from bot.coach.screening import Result
from bot.storage.columns import iso, parse_time
from bot.storage.db import Tx


class Screenings:
    """Writes to `screenings` (and `users.rescreen_required`), queued on the transaction."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    def add(self, user_id: int, result: Result) -> None:
        """Store a completed screening: answers, outcome, adaptations, content version."""
        self.tx.later(
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

    def set_cleared(self, screening_id: int, moment: datetime) -> None:
        """A doctor cleared the user after screening `screening_id`, at `moment`."""
        self.tx.later(
            "UPDATE screenings SET cleared_on = ? WHERE id = ?", (iso(moment), screening_id)
        )

    def lift(self, screening_id: int, question: str, moment: datetime) -> None:
        """The restriction of `question` in screening `screening_id` was lifted at `moment`."""
        self.tx.later(
            "INSERT OR REPLACE INTO restriction_lifts (screening_id, question, lifted_at)"
            " VALUES (?, ?, ?)",
            (screening_id, question, iso(moment)),
        )

    def require_rescreen(self, user_id: int, required: bool) -> None:
        """Set or lift the mark that sends the user back to the screening before training."""
        self.tx.later(
            "UPDATE users SET rescreen_required = ? WHERE user_id = ?", (int(required), user_id)
        )


def read_latest(connection: sqlite3.Connection, user_id: int) -> tuple[int | None, Result | None]:
    """(id, result) of the user's latest screening, or (None, None); on the database thread."""
    row = connection.execute(
        "SELECT * FROM screenings WHERE user_id = ? ORDER BY id DESC LIMIT 1", (user_id,)
    ).fetchone()
    if row is None:
        return None, None
    result = Result(
        answers=json.loads(row["answers"]),
        outcome=row["outcome"],
        adaptations=frozenset(json.loads(row["adaptations"])),
        content_version=row["content_version"],
        completed_at=datetime.fromisoformat(row["completed_at"]),
        cleared_on=parse_time(row["cleared_on"]),
        lifts={
            lift["question"]: datetime.fromisoformat(lift["lifted_at"])
            for lift in connection.execute(
                "SELECT question, lifted_at FROM restriction_lifts WHERE screening_id = ?",
                (row["id"],),
            )
        },
    )
    return row["id"], result
