"""Runs the bot against Telegram by long polling until SIGINT/SIGTERM."""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.clock import SystemClock
from bot.content import Content
from bot.outbox import Outbox
from bot.service import Coach
from bot.storage.db import Database
from bot.telegram.app import Runtime, build_application, handle_update, set_commands
from bot.telegram.transport import MediaCache, TelegramTransport

log = logging.getLogger(__name__)


async def run_telegram(token: str, base_url: str, db: Database, content: Content) -> None:
    """Poll Telegram, process updates, send through the outbox; stop cleanly on a signal."""
    clock = SystemClock()
    app = build_application(token, base_url, lambda update: handle_update(update, runtime))
    outbox = Outbox(db, TelegramTransport(app.bot, MediaCache(db)), clock)
    runtime = Runtime(Coach(db, content, clock, on_enqueued=outbox.wake), outbox)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with app:
        await set_commands(app, content)
        sender = asyncio.create_task(outbox.run(), name="outbox")
        await app.start()
        assert app.updater is not None
        await app.updater.start_polling(allowed_updates=["message", "callback_query"])
        log.info("bot @%s is polling", app.bot.username)
        await stop.wait()
        log.info("stopping")
        await app.updater.stop()
        await app.stop()
        await outbox.stop()
        await sender
