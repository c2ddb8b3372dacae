"""The `sender_lease` table: which process is the one sender for this database.

One row at most. Taking the lease is one conditional upsert: it succeeds for the process that
already holds it (a renewal) or when the lease is free or expired, and for no one else.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.storage.columns import from_unix, unix
from bot.storage.db import Tx


@dataclass(frozen=True, slots=True)
class LeaseRow:
    """Who holds the lease, and until when (UTC)."""

    holder: str
    expires_at: datetime


class SenderLeases:
    """The `sender_lease` table."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    async def take(self, holder: str, now: datetime, until: datetime) -> bool:
        """Hold the lease until `until` if `holder` holds it already or nobody does at `now`
        (one trip); False while another process holds it."""
        changed = await self.tx.changes(
            "INSERT INTO sender_lease (id, holder, expires_at) VALUES (1, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET holder = excluded.holder,"
            " expires_at = excluded.expires_at"
            " WHERE sender_lease.holder = excluded.holder OR sender_lease.expires_at <= ?",
            (holder, unix(until), unix(now)),
        )
        return changed == 1

    async def replace(self, stale: str, holder: str, until: datetime) -> bool:
        """Take the lease from `stale`, a holder known to be gone, if it still holds it (one
        trip); False if anyone else took it meanwhile."""
        changed = await self.tx.changes(
            "UPDATE sender_lease SET holder = ?, expires_at = ? WHERE id = 1 AND holder = ?",
            (holder, unix(until), stale),
        )
        return changed == 1

    async def current(self) -> LeaseRow | None:
        """The lease as it stands, expired or not (one trip)."""
        row = await self.tx.fetchone("SELECT holder, expires_at FROM sender_lease WHERE id = 1")
        if row is None:
            return None
        expires = from_unix(row["expires_at"])
        assert expires is not None  # NOT NULL
        return LeaseRow(row["holder"], expires)

    async def release(self, holder: str) -> bool:
        """Give the lease up if `holder` still holds it (one trip)."""
        return await self.tx.changes("DELETE FROM sender_lease WHERE holder = ?", (holder,)) == 1
