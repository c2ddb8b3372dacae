"""End-to-end: the real python-telegram-bot Application long-polls the strict fake Bot API,
or receives its updates by webhook from it (`mode="webhook"`)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Literal

from bot.clock import Clock, SystemClock
from bot.content import Content
from bot.storage.db import Database
from bot.telegram.runner import Options, serve
from bot.telegram.webhook import Webhook
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi

Mode = Literal["polling", "webhook"]
MODES: tuple[Mode, ...] = ("polling", "webhook")
WEBHOOK_URL = "https://coach.example.com/telegram"
WEBHOOK_SECRET = "s3cret_-token"  # noqa: S105 - the tests' own


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def running_bot(
    api: FakeBotApi,
    db: Database,
    content: Content,
    *,
    chat_rate: float = 50.0,
    clock: Clock | None = None,
    cache: Path | None = None,
    mode: Mode = "polling",
    port: int | None = None,
) -> AsyncIterator[None]:
    """The bot, in this process, polling `api` or (webhook mode) serving the webhook on
    127.0.0.1:`port` (a free one by default), which `api` posts to; stopped cleanly on exit.

    A simulated user taps far faster than a person, so the per-chat pace is raised here;
    the pacing itself is tested on its own.
    """
    webhook = None
    http = None
    if mode == "webhook":
        webhook = Webhook(WEBHOOK_URL, WEBHOOK_SECRET)
        http = ("127.0.0.1", port or free_port())
        api.webhook_target = f"http://127.0.0.1:{http[1]}"
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
                http=http,
                webhook=webhook,
            ),
        )
    )
    try:
        if mode == "webhook":
            await api.wait_webhook(seconds=10)
        else:
            await api.wait_polling(seconds=10)
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=15)
