"""End-to-end: the real python-telegram-bot Application long-polls the strict fake Bot API."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.clock import Clock, SystemClock
from bot.content import Content
from bot.storage.db import Database
from bot.telegram.runner import Options, serve
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi


@asynccontextmanager
async def running_bot(
    api: FakeBotApi,
    db: Database,
    content: Content,
    *,
    chat_rate: float = 50.0,
    clock: Clock | None = None,
    cache: Path | None = None,
) -> AsyncIterator[None]:
    """The bot, in this process, polling `api`; stopped cleanly on exit.

    A simulated user taps far faster than a person, so the per-chat pace is raised here;
    the pacing itself is tested on its own.
    """
    stop = asyncio.Event()
    task = asyncio.create_task(
        serve(
            DEFAULT_TOKEN,
            api.base_url,
            db,
            content,
            stop,
            Options(
                clock=clock or SystemClock(),
                poll_timeout=1,
                chat_rate=chat_rate,
                tick_seconds=0.2,
                cache=cache,
            ),
        )
    )
    try:
        await api.wait_polling(seconds=10)
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)
