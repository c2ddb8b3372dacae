"""Runs the bot against Telegram by long polling until told to stop."""

from __future__ import annotations

import asyncio
import logging
import signal
from pathlib import Path

from bot.clock import Clock, SystemClock
from bot.content import Content
from bot.dispatch import Dispatcher
from bot.logs import describe
from bot.outbox import Outbox
from bot.service import Coach
from bot.storage.db import Database
from bot.telegram.app import Runtime, build_application, handle_update, set_commands
from bot.telegram.transport import MediaCache, TelegramTransport

log = logging.getLogger(__name__)


async def run_telegram(
    token: str, base_url: str, db: Database, content: Content, cache: Path
) -> None:
    """`python -m bot`: serve until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await serve(token, base_url, db, content, stop, cache=cache)


async def serve(
    token: str,
    base_url: str,
    db: Database,
    content: Content,
    stop: asyncio.Event,
    *,
    clock: Clock | None = None,
    poll_timeout: int = 10,
    chat_rate: float = 1.0,
    tick_seconds: float = 1.0,
    cache: Path | None = None,
) -> None:
    """Poll, process updates, dispatch reminders, send through the outbox; return cleanly
    once `stop` is set."""
    clock = clock or SystemClock()
    app = build_application(token, base_url, lambda update: handle_update(update, runtime))
    charts = (cache or db.path.parent / "cache") / "charts"
    transport = TelegramTransport(app.bot, MediaCache(db), charts)
    # The outbox times retries on the real clock: its waits are Telegram's, not the user's.
    outbox = Outbox(db, transport, SystemClock(), chat_rate=chat_rate)
    runtime = Runtime(Coach(db, content, clock, on_enqueued=outbox.wake), outbox)
    dispatcher = Dispatcher(db, runtime.coach, clock)

    async def dispatch(_: object) -> None:
        try:
            await dispatcher.tick()
        except Exception as exc:
            log.error("dispatcher: %s", describe(exc))

    async with app:
        await set_commands(app, content)
        await outbox.recover()
        sender = asyncio.create_task(outbox.run(), name="outbox")
        assert app.job_queue is not None
        app.job_queue.run_repeating(
            dispatch,
            interval=tick_seconds,
            first=0,
            name="dispatcher",
            job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
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
