"""Webhook mode: Telegram POSTs each update to the bot, which answers 200 only once it is stored.

Telegram keeps an update and delivers it again until the webhook answers with a 2xx. So the
answer waits for the update's transaction (`app.handle_update` -> `Coach.handle`, the same
per-update path as polling, with the same claim of `update_id`): a crash before the commit
makes Telegram deliver the update again, a redelivery after it is recognised and skipped.

* A request without the secret (`X-Telegram-Bot-Api-Secret-Token`, compared in constant time)
  gets 403 and touches nothing; a body that is not an Update gets 400.
* A failed update (storage down, a bug) gets 500, so Telegram retries; after `MAX_ATTEMPTS`
  failures of the same update the user is told (the apology polling sends at once) and the
  update is answered 200, so one bad update cannot hold the chat's later ones for ever.
* Each user's updates are handled one at a time, in the order they arrive (a FIFO lock per
  user); different users' run concurrently, at most `MAX_CONCURRENT_USERS` at once.
* Before the application is started and once it is stopping, requests get 503 (retried).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from telegram import Update
from telegram.error import InvalidToken, TelegramError

from bot.logs import describe
from bot.telegram.health import ApiHealth
from bot.telegram.polling import BACKOFF_MAX, MAX_CONCURRENT_USERS, AnyApp, user_key, wait

if TYPE_CHECKING:
    from aiohttp import web

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header's name, not a secret
MAX_ATTEMPTS = 5
# handle(update, final_attempt) -> whether the update is done (stored, duplicate or ignored).
Handle = Callable[[Update, bool], Awaitable[bool]]


@dataclass(frozen=True, slots=True)
class Webhook:
    """Where Telegram posts updates (`WEBHOOK_URL`) and the secret it sends with each."""

    url: str
    secret: str

    @property
    def path(self) -> str:
        """The URL's path, which the bot serves (e.g. "/telegram"); "/" if it has none."""
        return urlsplit(self.url).path or "/"


class Receiver:
    """The aiohttp handler for the webhook's path (see the module docstring)."""

    def __init__(self, app: AnyApp, secret: str, handle: Handle) -> None:
        self.app = app
        self.secret = secret.encode()
        self.handle = handle
        self.ready = False
        self._locks: dict[int | None, tuple[asyncio.Lock, list[int]]] = {}
        self._limit = asyncio.Semaphore(MAX_CONCURRENT_USERS)
        self._failures: dict[int, int] = {}
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def receive(self, request: web.Request) -> web.Response:
        """POST from Telegram -> 200 (stored), 403 (bad secret), 400 (not an Update),
        500 (failed: retry), 503 (not ready or stopping: retry)."""
        from aiohttp import web

        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.warning("webhook: request without the right secret token refused (403)")
            return web.Response(status=403)
        if not self.ready:
            return web.Response(status=503)
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, self.app.bot) if isinstance(data, dict) else None
        except (ValueError, TypeError, KeyError):
            update = None
        if update is None:
            log.warning("webhook: a body that is not an Update refused (400)")
            return web.Response(status=400)
        self._busy += 1
        self._idle.clear()
        try:
            done = await self._in_order(update)
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()
        return web.Response(status=200 if done else 500)

    async def _in_order(self, update: Update) -> bool:
        """Handle `update` after the same user's earlier ones; count failed attempts."""
        key = user_key(update)
        lock, waiting = self._locks.setdefault(key, (asyncio.Lock(), []))
        waiting.append(update.update_id)
        try:
            async with lock, self._limit:
                attempts = self._failures.get(update.update_id, 0) + 1
                try:
                    done = await self.handle(update, attempts >= MAX_ATTEMPTS)
                except Exception as exc:
                    log.error("webhook: update %s failed: %s", update.update_id, describe(exc))
                    done = False
        finally:
            waiting.remove(update.update_id)
            if not waiting:
                del self._locks[key]
        if done:
            self._failures.pop(update.update_id, None)
        else:
            self._failures[update.update_id] = attempts
        return done

    async def drain(self) -> None:
        """Refuse new updates (503) and wait for those being handled."""
        self.ready = False
        await self._idle.wait()


async def set_webhook(
    app: AnyApp,
    webhook: Webhook,
    allowed_updates: list[str],
    health: ApiHealth,
    stop: asyncio.Event,
) -> bool:
    """setWebhook until it is accepted (True) or `stop` is set (False); retried with backoff
    like every start-up call. A rejected token raises InvalidToken."""
    delay = 1.0
    while not stop.is_set():
        try:
            await app.bot.set_webhook(
                url=webhook.url, secret_token=webhook.secret, allowed_updates=allowed_updates
            )
        except InvalidToken:
            raise
        except TelegramError as exc:
            if health.answered(exc):
                log.warning("setWebhook refused (%s: %s); retrying", type(exc).__name__, exc)
            else:
                health.failed(exc)
            await wait(stop, delay)
            delay = min(BACKOFF_MAX, delay * 2)
        else:
            return True
    return False
