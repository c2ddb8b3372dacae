"""One sender per database: the lease that names the process which polls Telegram, dispatches
reminders and sends the outbox.

Two processes on one database (a redeploy overlapping the old container, a second `make run`)
would both poll (Telegram answers the second with 409 Conflict) and both send. So a process
first takes the lease (`sender_lease`: holder, expires_at) and renews it on every dispatcher
tick. A second process finds it held and waits as a standby: it polls nothing, sends nothing,
and checks the lease every tick until the first releases it on a clean stop or stops renewing
it (killed: the lease expires after `LEASE_TIME`). A holder that finds its lease taken (it was
stalled past the expiry) stops. The outbox's and dispatcher's conditional claims keep sends at
most once even during such a handover; the lease keeps the second process quiet.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from datetime import timedelta

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.lease import SenderLeases

log = logging.getLogger(__name__)

LEASE_TIME = timedelta(seconds=15)  # renewed every tick (1 s): a killed sender is replaced


def new_holder() -> str:
    """This process's name in the lease: host, process id and a random tag."""
    return f"{socket.gethostname()}/{os.getpid()}/{secrets.token_hex(3)}"


class SenderLease:
    """The lease as one process sees it; times on the injected clock."""

    def __init__(
        self,
        db: Database,
        clock: Clock,
        *,
        holder: str | None = None,
        duration: timedelta = LEASE_TIME,
    ) -> None:
        self.db = db
        self.clock = clock
        self.holder = holder or new_holder()
        self.duration = duration

    async def take(self) -> bool:
        """Take or renew the lease; False while another process holds it."""
        now = self.clock.now()
        async with self.db.autocommit() as tx:
            return await SenderLeases(tx).take(self.holder, now, now + self.duration)

    async def release(self) -> None:
        """Give the lease up (a clean stop), so a standby takes over at its next check."""
        async with self.db.autocommit() as tx:
            await SenderLeases(tx).release(self.holder)

    async def wait(self, stop: asyncio.Event, every: float) -> bool:
        """Take the lease, standing by while another process holds it, checking every
        `every` seconds; False if `stop` came first."""
        if await self.take():
            log.info("sender: this process (%s) holds the sender lease", self.holder)
            return True
        async with self.db.reads() as tx:
            current = await SenderLeases(tx).current()
        other, until = (current.holder, current.expires_at.isoformat()) if current else ("?", "?")
        log.warning(
            "standby: another bot process (%s) holds the sender lease (until %s, renewed "
            "while it runs); not polling or sending until it stops",
            other,
            until,
        )
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every)
            if not stop.is_set() and await self.take():
                log.info("sender: this process (%s) took over the sender lease", self.holder)
                return True
        return False
