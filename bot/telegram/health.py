"""Whether the Bot API answers: one log line when it stops answering, one when it is back.

Every Bot API request goes through `MonitoredRequest`, so polling and sending both report. The
bot never stops on a network failure: start-up retries with backoff (`initialize_with_retry`),
polling with its own (`polling.Poller`, 1 s growing to 30 s), the outbox with its own.
"""

from __future__ import annotations

import asyncio
import logging
import time
from http import HTTPStatus
from typing import Any

from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import Application
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)

STARTUP_BACKOFF_MAX = 60.0
# What an operator checks when the very first request fails: usually the address or the network.
START_HINT = "check TELEGRAM_API_BASE_URL and this machine's network"


class ApiHealth:
    """Tracks reachability and logs only its changes."""

    def __init__(self) -> None:
        self.reachable = True
        self.down_since: float | None = None
        self.failures = 0
        self.ever_reached = False

    def failed(self, error: BaseException) -> None:
        """Count a failed request; log it if the Bot API was reachable until now."""
        self.failures += 1
        if self.reachable:
            self.reachable = False
            self.down_since = time.monotonic()
            log.warning(
                "Bot API unreachable%s (%s: %s); %sretrying with backoff",
                "" if self.ever_reached else " at start-up",
                type(error).__name__,
                error,
                "" if self.ever_reached else START_HINT + "; ",
            )

    @staticmethod
    def answered(error: TelegramError) -> bool:
        """Whether a failure is an answer (a 4xx such as 400, 404, 409 or 429) rather than no
        answer at all (a network error, a time-out, a 5xx): a refusal is not an outage."""
        return not isinstance(error, NetworkError) or isinstance(error, BadRequest)

    def succeeded(self) -> None:
        """Count an answered request; log it if the Bot API was unreachable until now."""
        self.ever_reached = True
        if not self.reachable:
            down = time.monotonic() - (self.down_since or time.monotonic())
            log.info(
                "Bot API reachable again after %.0f s (%d failed attempts)", down, self.failures
            )
            self.reachable = True
            self.failures = 0


def _log_refusal_once(error: TelegramError, logged: str | None) -> str:
    """Log a start-up refusal (an answer other than success) once per distinct message."""
    message = f"{type(error).__name__}: {error.message}"
    if message != logged:
        log.warning("Bot API refused start-up (%s); %s; retrying with backoff", message, START_HINT)
    return message


class MonitoredRequest(HTTPXRequest):
    """PTB's HTTP client, reporting each outcome to an `ApiHealth`.

    At most `connection_pool_size` requests are handed to httpx at once; the rest wait here in
    FIFO order. httpcore's own queue re-scans every waiting request against every connection
    each time a request starts or ends, which under a burst of sends (hundreds of chats at
    once) cost more CPU than the requests themselves (benchmarks/README.md, "load").
    """

    def __init__(self, health: ApiHealth, connection_pool_size: int = 1, **kwargs: Any) -> None:
        super().__init__(connection_pool_size=connection_pool_size, **kwargs)
        self.health = health
        self._slots = asyncio.Semaphore(connection_pool_size)

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        try:
            async with self._slots:
                code, payload = await super().do_request(*args, **kwargs)
        except TimedOut:
            raise  # a slow answer is not an outage
        except NetworkError as exc:
            self.health.failed(exc)
            raise
        if code >= HTTPStatus.INTERNAL_SERVER_ERROR:
            self.health.failed(NetworkError(f"HTTP {code} {HTTPStatus(code).phrase}"))
        else:
            self.health.succeeded()
        return code, payload


async def initialize_with_retry(
    app: Application[Any, Any, Any, Any, Any, Any], health: ApiHealth, stop: asyncio.Event
) -> bool:
    """`app.initialize()` until it works (True) or `stop` is set (False). A rejected token
    is not retried: it raises InvalidToken. No answer is an outage (`ApiHealth`: one line
    down, one line back); an answer that refuses (a 4xx) is logged once per distinct message."""
    delay = 1.0
    refused: str | None = None
    while not stop.is_set():
        try:
            await app.initialize()
        except InvalidToken:
            raise
        except TelegramError as exc:
            if health.answered(exc):
                refused = _log_refusal_once(exc, refused)
            else:
                health.failed(exc)
        else:
            return True
        try:
            await asyncio.wait_for(stop.wait(), timeout=delay)
        except TimeoutError:
            delay = min(STARTUP_BACKOFF_MAX, delay * 2)
    return False
