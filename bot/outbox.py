"""Every outgoing message goes through here: stored first, then sent, paced, and retried.

Pace: at most `global_rate` messages a second overall (Telegram allows about 30) and about one a
second per chat (a burst of `chat_burst` is allowed, then one a second). Failures:
  * RetryLater (429 retry_after, network errors): the message waits and is tried again;
    nothing is lost, nothing is dropped.
  * Blocked (403, the user blocked the bot): the user is marked inactive, their queue dropped.
  * Rejected (400 and the like): the message can never be sent; it is logged and dropped.
A message is deleted from the outbox only after Telegram accepted it. Each send starts with a
conditional claim of its row (`OutboxRows.claim`): only the sender whose claim changed the row
sends it, so two processes on one database never both send a message; a stopping outbox
claims nothing more, leaving the rest to the next sender.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from bot.clock import Clock
from bot.coach.messages import Reply
from bot.logs import describe
from bot.payloads import reply_from_json
from bot.storage.coaching import Coachings
from bot.storage.db import Database
from bot.storage.plans import Reminders
from bot.storage.sending import OutboxItem, OutboxRows
from bot.storage.users import Users

log = logging.getLogger(__name__)

BACKOFF_MAX = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class EditTarget:
    """The message a reply replaces, when it answers a button press."""

    message_id: int
    has_media: bool


class DeliveryError(Exception):
    """Base of the outcomes a transport reports instead of success."""


class RetryLater(DeliveryError):
    """Try again after `seconds` (Telegram's retry_after), or None for exponential backoff."""

    def __init__(self, seconds: float | None, reason: str) -> None:
        super().__init__(reason)
        self.seconds = seconds


class Blocked(DeliveryError):
    """The user blocked the bot (or deleted their account)."""


class Rejected(DeliveryError):
    """The message itself is wrong; sending it again will not help."""


class Transport(Protocol):
    async def deliver(self, chat_id: int, reply: Reply, edit: EditTarget | None) -> int | None:
        """Send (or edit) one message and return its message id (None if unknown); raise a
        DeliveryError when it did not go through."""
        ...


class Router(Protocol):
    async def deliver(self, item: OutboxItem, reply: Reply) -> tuple[int, int] | None:
        """Deliver `item` somewhere other than its chat (a coach's inbox group): (chat id,
        message id); None when it goes to its chat the usual way (`bot/inbox.py`)."""
        ...


class RateLimiter:
    """A token bucket on the loop's monotonic time: `rate` per second, bursts of `burst`."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate = rate
        self.burst = burst
        self._tokens = burst
        self._stamp: float | None = None

    def delay(self, now: float) -> float:
        """Take a token; the seconds to wait before using it."""
        if self._stamp is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate

    def take(self, now: float) -> float:
        """Take a token if one is there (0.0), else the seconds until one will be, taking
        nothing: a caller that slept asks again, so a stall never releases a burst."""
        if self._stamp is not None:
            self._tokens = min(self.burst, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now
        if self._tokens >= 1:
            self._tokens -= 1
            return 0.0
        return (1 - self._tokens) / self.rate


class Outbox:
    """Sends what is due, chat by chat in order, many chats at once."""

    def __init__(
        self,
        db: Database,
        transport: Transport,
        clock: Clock,
        *,
        global_rate: float = 25.0,
        chat_rate: float = 1.0,
        chat_burst: float = 3.0,
        batch: int = 200,
        router: Router | None = None,
    ) -> None:
        self.db = db
        self.transport = transport
        self.router = router
        self.clock = clock
        self.batch = batch
        self._global = RateLimiter(global_rate, burst=global_rate / 5)
        # Checked again right before each send: waits above can end together after a stall
        # (the write lock held by a dispatcher batch), and must not leave as one burst.
        self._last_step = RateLimiter(global_rate, burst=2)
        self._chats: dict[int, RateLimiter] = defaultdict(
            lambda: RateLimiter(chat_rate, chat_burst)
        )
        self._wake = asyncio.Event()
        self._busy: dict[int, asyncio.Task[None]] = {}
        self._stopping = False
        self._flood_until = 0.0  # loop time before which nothing is sent (a 429 is bot-wide)
        self.sent = 0
        self.failed = 0

    def wake(self) -> None:
        """Something was enqueued: look now instead of at the next timer."""
        self._wake.set()

    async def run(self) -> None:
        """Send until `stop()`; survives any single failure."""
        while not self._stopping:
            try:
                pause = await self._dispatch_due()
            except Exception as exc:
                log.error("outbox: dispatch failed: %s: %s", type(exc).__name__, exc)
                pause = 1.0
            if pause > 0 and not self._stopping:  # stop() may have come during the dispatch
                self._wake.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), timeout=pause)

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._busy:
            await asyncio.gather(*self._busy.values(), return_exceptions=True)

    async def recover(self) -> int:
        """At startup, as the only sender (holding the sender lease): drop at-most-once
        messages (reminders) caught mid-send by a crash, and send the at-least-once ones
        again. How many were dropped."""
        async with self.db.transaction() as tx:
            dropped, again = await OutboxRows(tx).recover_claims()
        if dropped:
            log.warning(
                "outbox: %d reminder(s) may have been sent before a crash; not resent", dropped
            )
        if again:
            log.info("outbox: %d reply(ies) caught mid-send by a stop; sending again", again)
        return dropped

    async def drain(self) -> None:
        """Send everything due now and wait until it is done (console and tests)."""
        while True:
            await self._dispatch_due()
            if not self._busy:
                async with self.db.reads() as tx:
                    due, _ = await OutboxRows(tx).due(self.clock.now(), 1)
                if not due:
                    return
            else:
                await asyncio.gather(*self._busy.values(), return_exceptions=True)

    async def _dispatch_due(self) -> float:
        """Start a sender per chat with due messages; the seconds until there may be more."""
        now = self.clock.now()
        # With work started, finishing senders wake the loop; else sleep until the next due.
        async with self.db.reads() as tx:
            items, upcoming = await OutboxRows(tx).due(now, self.batch)
        by_chat: dict[int, list[OutboxItem]] = defaultdict(list)
        for item in items:
            if item.chat_id not in self._busy:
                by_chat[item.chat_id].append(item)
        for chat_id, chat_items in by_chat.items():
            task = asyncio.create_task(self._send_chat(chat_id, chat_items))
            self._busy[chat_id] = task
        if len(items) >= self.batch and by_chat:
            return 0.0
        if upcoming is None:
            return 1.0 if items else 60.0
        return max(0.05, min(60.0, (upcoming - now).total_seconds()))

    async def _send_chat(self, chat_id: int, items: list[OutboxItem]) -> None:
        try:
            for item in items:
                if not await self._send_one(item):
                    break
        finally:
            self._busy.pop(chat_id, None)
            self._wake.set()

    async def _send_one(self, item: OutboxItem) -> bool:
        """Deliver one message; False when the rest of this chat's queue must wait."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        wait = max(self._chats[item.chat_id].delay(now), self._global.delay(now))
        wait = max(wait, self._flood_until - now)
        if wait > 0:
            await asyncio.sleep(wait)  # pacing, not waiting for an outcome
        if self._stopping:
            return False  # not claimed: left for the next sender (a standby taking over)
        async with self.db.autocommit() as tx:
            if not await OutboxRows(tx).claim(item):
                return False  # another sender has it; this chat's order is theirs to keep
        payload = item.payload
        edit_id = payload.get("edit_message_id")
        edit = EditTarget(edit_id, bool(payload.get("edit_has_media"))) if edit_id else None
        await self._last_step_turn(loop)
        try:
            chat_id, message_id = await self._deliver(item, reply_from_json(payload["reply"]), edit)
        except RetryLater as exc:
            if exc.seconds is not None:  # Telegram's flood control applies to the whole bot
                self._flood_until = max(self._flood_until, loop.time() + exc.seconds)
            await self._postpone(item, exc.seconds, str(exc))
            return False
        except Blocked:
            await self._blocked(item)
            return False
        except Rejected as exc:
            self.failed += 1
            log.error("outbox: message %s to chat %s rejected: %s", item.id, item.chat_id, exc)
            await self._finish(item, "failed")
            return True
        except Exception as exc:  # unmapped: the claim must not strand the row
            await self._unexpected(item, exc)
            return False
        self.sent += 1
        await self._finish(item, "sent", message_id, chat_id)
        return True

    async def _deliver(
        self, item: OutboxItem, reply: Reply, edit: EditTarget | None
    ) -> tuple[int, int | None]:
        """Through the router when it takes the message, else to the item's chat."""
        if edit is None and self.router is not None:
            routed = await self.router.deliver(item, reply)
            if routed is not None:
                return routed
        return item.chat_id, await self.transport.deliver(item.chat_id, reply, edit)

    async def _last_step_turn(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wait for a token of the last-step bucket, asking again after every sleep."""
        for _ in range(1000):  # bounded: a token comes within 1/rate seconds of each ask
            pause = self._last_step.take(loop.time())
            if pause <= 0:
                return
            await asyncio.sleep(pause)  # pacing, not waiting for an outcome

    async def _finish(
        self,
        item: OutboxItem,
        status: str,
        message_id: int | None = None,
        chat_id: int | None = None,
    ) -> None:
        async with self.db.transaction() as tx:
            OutboxRows(tx).delete(item.id)
            thread = item.payload.get("thread", item.payload.get("from_coach"))
            if thread is not None and message_id is not None:  # about a client, or to one
                Coachings(tx).thread(chat_id or item.chat_id, message_id, int(thread))
            reminder = item.reminder
            if reminder is not None:
                Reminders(tx).outcome(reminder, status)

    async def _postpone(self, item: OutboxItem, seconds: float | None, reason: str) -> None:
        attempts = item.attempts + 1
        if seconds is None:
            seconds = min(BACKOFF_MAX.total_seconds(), 2.0 ** min(attempts, 16))
        until = self.clock.now() + timedelta(seconds=max(seconds, 0.5))
        # An outage is reported once by the Bot API health monitor; here only a message that
        # keeps failing earns a line of its own.
        level = logging.WARNING if attempts % 10 == 0 else logging.DEBUG
        log.log(
            level,
            "outbox: chat %s waits %.1fs (%s), try %d",
            item.chat_id,
            seconds,
            reason,
            attempts,
        )
        async with self.db.transaction() as tx:
            OutboxRows(tx).postpone(item.id, until, attempts)

    async def _unexpected(self, item: OutboxItem, exc: Exception) -> None:
        """A send failed in a way no transport maps: a reminder may have gone out, so it is
        not sent again; a reply is tried again later (at least once)."""
        log.error("outbox: message %s to chat %s: %s", item.id, item.chat_id, describe(exc))
        if item.once:
            self.failed += 1
            await self._finish(item, "failed")
        else:
            await self._postpone(item, None, type(exc).__name__)

    async def _blocked(self, item: OutboxItem) -> None:
        chat_id = item.chat_id
        log.info("outbox: chat %s blocked the bot; reminders stop until they write again", chat_id)
        await self._finish(item, "failed")
        now: datetime = self.clock.now()
        async with self.db.transaction() as tx:
            Users(tx).mark_blocked(chat_id, now)
            await OutboxRows(tx).drop_chat(chat_id)
