"""One sender per database: the lease that names the process which polls Telegram, dispatches
reminders and sends the outbox.

Two processes on one database (a redeploy overlapping the old container, a second `make run`)
would both poll (Telegram answers the second with 409 Conflict) and both send. So a process
first takes the lease (`sender_lease`: holder, expires_at) and renews it on every dispatcher
tick. A second process finds it held and waits as a standby: it polls nothing, sends nothing,
and checks the lease every tick until the first releases it on a clean stop or stops renewing
it (killed: the lease expires after `LEASE_TIME`). A holder on this same host whose process is
gone (killed, and the bot restarted, or the container restarted with the same host name and
process id) is replaced at once. A holder that finds its lease taken (it was stalled past the
expiry) stops. The outbox's and dispatcher's conditional claims keep sends at
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


def gone(holder: str) -> bool:
    """Whether `holder` is a process of this host that no longer runs: its process id is
    this process's own (so it is an earlier life of this process id), or no process has it."""
    host, _, rest = holder.partition("/")
    pid_text = rest.partition("/")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # it exists, under another user
    return False


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
        """Take or renew the lease; False while another live process holds it."""
        now = self.clock.now()
        until = now + self.duration
        async with self.db.autocommit() as tx:
            leases = SenderLeases(tx)
            if await leases.take(self.holder, now, until):
                return True
            current = await leases.current()
            if current is None or not gone(current.holder):
                return False
            return await leases.replace(current.holder, self.holder, until)

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
