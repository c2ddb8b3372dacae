"""A heavy year, built straight in the database: 10x the heaviest realistic use.

Every day of a year holds LOGS_A_DAY logs of the longest kind the parser accepts (MAX_SETS sets,
each with other reps and its own weight, kg and lb in turn), some with pain and a long note.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta

from bot.coach.reps import MAX_SETS
from bot.storage.columns import iso
from bot.storage.db import Database

LOGS_A_DAY = 30
DAYS = 365
NOTE = "felt heavy today, " * 20


async def seed_heavy_year(db: Database, user_id: int, now: datetime) -> int:
    """The user and a year of logs ending yesterday; the number of logs."""
    first = now - timedelta(days=DAYS)

    def write(connection: sqlite3.Connection) -> int:
        connection.execute(
            "INSERT INTO users (user_id, chat_id, first_name, created_at, last_seen_at)"
            " VALUES (?, ?, 'Heavy', ?, ?)",
            (user_id, user_id, iso(first), iso(first)),
        )
        seq = 0
        for day in range(DAYS):
            moment = first + timedelta(days=day)
            for _ in range(LOGS_A_DAY):
                seq += 1
                cursor = connection.execute(
                    "INSERT INTO logs (user_id, seq, local_date, logged_at, source, source_text,"
                    " feel, pain, note) VALUES (?, ?, ?, ?, 'chat', 'heavy', 'hard', ?, ?)",
                    (user_id, seq, moment.date().isoformat(), iso(moment), seq % 7 == 0, NOTE),
                )
                connection.executemany(
                    "INSERT INTO log_sets (log_id, position, reps, leg, weight_kg,"
                    " weight_as_typed, weight_unit) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            cursor.lastrowid,
                            position,
                            100 - position,
                            ("both", "left", "right")[position % 3],
                            position + 0.25,
                            position + 0.25,
                            "kg" if position % 2 else "lb",
                        )
                        for position in range(MAX_SETS)
                    ],
                )
        connection.execute("UPDATE users SET last_log_seq = ? WHERE user_id = ?", (seq, user_id))
        return seq

    async with db.transaction() as tx:
        return await tx.call(write)
