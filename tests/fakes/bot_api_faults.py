"""Failures on demand, and Telegram's flood limits.

`FaultInjector` answers chosen calls with an error: a number of times, or for a window of time on
the clock the test passes in. `RateLimiter` answers 429 with retry_after like Telegram's flood
control: over 30 sending calls in any second across all chats, or over about one message a
second in a chat (a burst of 3 allowed).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.fakes.bot_api_spec import ApiError

__all__ = ["SENDING_METHODS", "Fault", "FaultInjector", "RateLimiter"]

Clock = Callable[[], float]

SENDING_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendAnimation",
        "sendDocument",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendVideoNote",
        "sendSticker",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "sendMediaGroup",
        "sendInvoice",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    }
)


@dataclass
class Fault:
    """One planned failure. `times=None` repeats until `until` (or forever)."""

    error_code: int
    description: str
    method: str | None = None
    chat_id: int | str | None = None
    retry_after: int | None = None
    times: int | None = 1
    until: float | None = None
    hits: int = 0

    def applies(self, method: str, chat_id: object, now: float) -> bool:
        """Whether this fault answers a call to `method` for `chat_id` at `now`."""
        if self.until is not None and now >= self.until:
            return False
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method is not None and self.method.lower() != method.lower():
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    def error(self) -> ApiError:
        """The error to answer with."""
        return ApiError(self.error_code, self.description, self.retry_after)


@dataclass
class FaultInjector:
    """The planned failures, first match wins."""

    clock: Clock
    faults: list[Fault] = field(default_factory=list)

    def add(self, fault: Fault) -> Fault:
        """Plan `fault`."""
        self.faults.append(fault)
        return fault

    def clear(self) -> None:
        """Forget every planned failure."""
        self.faults.clear()

    def check(self, method: str, chat_id: object) -> None:
        """Raise the first planned failure that applies to this call."""
        now = self.clock()
        for fault in self.faults:
            if fault.applies(method, chat_id, now):
                fault.hits += 1
                raise fault.error()


@dataclass
class _Bucket:
    """A token bucket for one chat."""

    tokens: float
    stamp: float


@dataclass
class RateLimiter:
    """Telegram's flood control for sending methods."""

    clock: Clock
    global_per_second: int = 30
    chat_rate: float = 1.0
    chat_burst: int = 3
    _recent: deque[float] = field(default_factory=deque)
    _buckets: dict[str, _Bucket] = field(default_factory=dict)

    def check(self, method: str, chat_id: object) -> None:
        """Raise 429 with retry_after if this send is over a limit; else count it."""
        if method not in SENDING_METHODS:
            return
        now = self.clock()
        while self._recent and now - self._recent[0] >= 1.0:
            self._recent.popleft()
        if len(self._recent) >= self.global_per_second:
            self._too_many(1.0 - (now - self._recent[0]))
        bucket = self._bucket(str(chat_id), now)
        if bucket.tokens < 1.0:
            self._too_many((1.0 - bucket.tokens) / self.chat_rate)
        bucket.tokens -= 1.0
        self._recent.append(now)

    def _bucket(self, key: str, now: float) -> _Bucket:
        """The chat's bucket, refilled for the time that passed."""
        bucket = self._buckets.setdefault(key, _Bucket(float(self.chat_burst), now))
        bucket.tokens = min(
            float(self.chat_burst), bucket.tokens + (now - bucket.stamp) * self.chat_rate
        )
        bucket.stamp = now
        return bucket

    @staticmethod
    def _too_many(wait: float) -> None:
        """Telegram's 429: retry_after is whole seconds, at least 1."""
        seconds = max(1, math.ceil(wait))
        raise ApiError(429, f"Too Many Requests: retry after {seconds}", seconds)
