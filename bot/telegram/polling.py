"""Long polling that confirms an update to Telegram only after the bot has stored its effect.

Telegram forgets an update once a later getUpdates call passes an `offset` above it.
python-telegram-bot's Updater asks again as soon as it has queued a batch, before the batch is
processed, so a crash in between loses those updates for good. Here the next getUpdates (which
confirms the batch) is sent only after every update of the batch has been handled, i.e. its
transaction committed. A crash before that makes Telegram deliver the batch again; updates
already handled are recognised by their update_id and skipped (exactly once).

Within a batch, different users' updates run concurrently and each user's in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.telegram.health import ApiHealth

log = logging.getLogger(__name__)

BACKOFF_MAX = 30.0
MAX_CONCURRENT_USERS = 64
AnyApp = Application[Any, Any, Any, Any, Any, Any]


def user_key(update: Update) -> int | None:
    if update.effective_user is not None:
        return update.effective_user.id
    return update.effective_chat.id if update.effective_chat is not None else None


async def process_batch(
    updates: Sequence[Update], handle: Callable[[Update], Awaitable[None]]
) -> None:
    """Handle every update: users concurrently (bounded), each user's updates in order."""
    by_user: dict[int | None, list[Update]] = {}
    for update in updates:
        by_user.setdefault(user_key(update), []).append(update)
    limit = asyncio.Semaphore(MAX_CONCURRENT_USERS)

    async def one_user(queue: list[Update]) -> None:
        async with limit:
            for update in queue:
                await handle(update)

    await asyncio.gather(*(one_user(queue) for queue in by_user.values()))


class Poller:
    """getUpdates in a loop; retries every failure with backoff; stops when told to."""

    def __init__(
        self, app: AnyApp, health: ApiHealth, timeout: int, allowed_updates: list[str]
    ) -> None:
        self.app = app
        self.health = health
        self.timeout = timeout
        self.allowed_updates = allowed_updates
        self.offset: int | None = None
        self.polls = 0

    async def run(self, stop: asyncio.Event) -> None:
        """Poll and process until `stop` is set; then confirm what was processed."""
        await self._delete_webhook(stop)
        delay = 0.0
        while not stop.is_set():
            try:
                updates = await self._fetch(stop)
            except InvalidToken:
                raise
            except RetryAfter as exc:
                delay = _seconds(exc.retry_after)
            except TimedOut:
                delay = 0.0
            except Conflict as exc:
                self.health.failed(exc)  # another instance polls with this token
                delay = min(BACKOFF_MAX, max(1.0, delay * 2))
            except TelegramError as exc:
                self.health.failed(exc)
                delay = min(BACKOFF_MAX, max(1.0, delay * 1.5))
            else:
                delay = 0.0
                if updates:
                    await process_batch(updates, self.app.process_update)
                    self.offset = updates[-1].update_id + 1
                continue
            await wait(stop, delay)
        await self._confirm()

    async def _fetch(self, stop: asyncio.Event) -> tuple[Update, ...]:
        """One long poll, abandoned (unconfirmed) if `stop` is set meanwhile."""
        self.polls += 1
        fetch = asyncio.ensure_future(
            self.app.bot.get_updates(
                offset=self.offset,
                timeout=self.timeout,
                allowed_updates=self.allowed_updates,
            )
        )
        stopped = asyncio.ensure_future(stop.wait())
        done, _ = await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if fetch not in done:
            fetch.cancel()
            await asyncio.gather(fetch, return_exceptions=True)
            return ()
        stopped.cancel()
        updates: tuple[Update, ...] = fetch.result()
        return updates

    async def _delete_webhook(self, stop: asyncio.Event) -> None:
        """Long polling needs no webhook: if one is set (the bot ran in webhook mode before),
        delete it, keeping its pending updates; retried like any other call."""
        delay = 1.0
        while not stop.is_set():
            try:
                info = await self.app.bot.get_webhook_info()
                if info.url:
                    log.info("a webhook is set; deleting it to poll instead")
                    await self.app.bot.delete_webhook()
            except InvalidToken:
                raise
            except TelegramError as exc:
                self.health.failed(exc)
                await wait(stop, delay)
                delay = min(BACKOFF_MAX, delay * 2)
            else:
                return

    async def _confirm(self) -> None:
        """At a clean stop, tell Telegram the processed updates need not come again."""
        if self.offset is None:
            return
        try:
            await self.app.bot.get_updates(offset=self.offset, timeout=0, limit=1)
        except TelegramError as exc:
            log.info("could not confirm the last updates (%s); they will be skipped as seen", exc)


async def wait(stop: asyncio.Event, seconds: float) -> None:
    """Sleep `seconds`, or less if `stop` is set meanwhile."""
    if seconds <= 0:
        return
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


def _seconds(retry_after: object) -> float:
    total = getattr(retry_after, "total_seconds", None)
    return float(total()) if callable(total) else float(retry_after)  # type: ignore[arg-type]
