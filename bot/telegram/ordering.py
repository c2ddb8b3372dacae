"""Updates of different users are processed concurrently; one user's updates in order.

python-telegram-bot's concurrent updates do not keep a user's order (its docs warn against
mixing them with conversations). This processor chains each user's updates: an update starts
only when the same user's previous one has finished. PTB starts update tasks in arrival order
and its semaphore admits them without yielding while below the limit (and in FIFO order at
the limit), and each task takes its place in the chain before its first await, so the order
of arrival is the order of processing.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def _key(update: object) -> int | None:
    if isinstance(update, Update):
        if update.effective_user is not None:
            return update.effective_user.id
        if update.effective_chat is not None:
            return update.effective_chat.id
    return None


class PerUserOrder(BaseUpdateProcessor):
    """At most `max_concurrent_updates` at once, never two of the same user."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._tails: dict[int | None, asyncio.Future[None]] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _key(update)
        previous = self._tails.get(key)
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._tails[key] = done
        try:
            if previous is not None:
                await asyncio.shield(previous)
            await coroutine
        finally:
            done.set_result(None)
            if self._tails.get(key) is done:
                del self._tails[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
