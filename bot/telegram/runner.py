"""Runs the bot against Telegram by long polling until told to stop."""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.clock import Clock, SystemClock
from bot.content import Content
from bot.outbox import Outbox
from bot.service import Coach
from bot.storage.db import Database
from bot.telegram.app import Runtime, build_application, handle_update, set_commands
from bot.telegram.transport import MediaCache, TelegramTransport

log = logging.getLogger(__name__)


async def run_telegram(token: str, base_url: str, db: Database, content: Content) -> None:
    """`python -m bot`: serve until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(token, base_url, db, content, stop)


async def serve(
    token: str,
    base_url: str,
    db: Database,
    content: Content,
    stop: asyncio.Event,
    clock: Clock | None = None,
    poll_timeout: int = 10,
    chat_rate: float = 1.0,
) -> None:
    """Poll, process updates, send through the outbox; return cleanly once `stop` is set."""
    clock = clock or SystemClock()
    app = build_application(token, base_url, lambda update: handle_update(update, runtime))
    outbox = Outbox(db, TelegramTransport(app.bot, MediaCache(db)), clock, chat_rate=chat_rate)
    runtime = Runtime(Coach(db, content, clock, on_enqueued=outbox.wake), outbox)
    async with app:
        await set_commands(app, content)
        sender = asyncio.create_task(outbox.run(), name="outbox")
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(
            poll_interval=0,
            timeout=poll_timeout,
            allowed_updates=["message", "callback_query"],
        )
        log.info("bot @%s is polling", app.bot.username)
        await stop.wait()
        log.info("stopping")
        await app.updater.stop()
        await app.stop()
        await outbox.stop()
        await sender
