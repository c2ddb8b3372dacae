"""Counts for /admin: aggregates over every area, nothing about any single user."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.coach.state import AdminStats
from bot.storage.columns import iso
from bot.storage.db import Tx


class Admin:
    """Read-only aggregate queries."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    async def stats(self, now: datetime) -> AdminStats:
        """Users (all, active in 7 days, blocked), latest screening outcomes, reminders by
        status in 24 hours, logs in 7 days. Four trips (only /admin asks)."""
        week = iso(now - timedelta(days=7))
        day = iso(now - timedelta(days=1))
        users = await self.tx.fetchone(
            "SELECT COUNT(*) AS n, SUM(last_seen_at >= ? AND blocked_at IS NULL) AS active,"
            " SUM(blocked_at IS NOT NULL) AS blocked FROM users",
            (week,),
        )
        outcomes = await self.tx.fetchall(
            "SELECT outcome, COUNT(*) AS n FROM screenings s WHERE id = (SELECT MAX(id)"
            " FROM screenings WHERE user_id = s.user_id) GROUP BY outcome"
        )
        reminders = await self.tx.fetchall(
            "SELECT status, COUNT(*) AS n FROM reminders WHERE queued_at >= ? GROUP BY status",
            (day,),
        )
        logs = await self.tx.fetchone(
            "SELECT COUNT(*) AS n FROM logs WHERE logged_at >= ?", (week,)
        )
        assert users is not None
        assert logs is not None
        return AdminStats(
            users=int(users["n"]),
            active_7d=int(users["active"] or 0),
            blocked=int(users["blocked"] or 0),
            outcomes={r["outcome"]: int(r["n"]) for r in outcomes},
            reminders_24h={r["status"]: int(r["n"]) for r in reminders},
            logs_7d=int(logs["n"]),
        )
