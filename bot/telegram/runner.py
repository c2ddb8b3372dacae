"""Runs the bot against Telegram, by long polling or by webhook, until told to stop."""

from __future__ import annotations

import asyncio
import logging
import signal
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from telegram.error import InvalidToken

from bot.clock import Clock, SystemClock
from bot.config import ConfigError
from bot.content import Content
from bot.core import Core, Pace, build
from bot.lease import LEASE_TIME, SenderLease
from bot.logs import describe
from bot.observability import Metrics, start_http
from bot.storage.db import Database
from bot.telegram.app import AnyApp, Runtime, build_application, handle_update, set_commands
from bot.telegram.health import ApiHealth, initialize_with_retry
from bot.telegram.polling import Poller
from bot.telegram.transport import MediaCache, TelegramTransport
from bot.telegram.webhook import Receiver, Webhook, set_webhook

log = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "edited_message", "callback_query"]


@dataclass(frozen=True)
class Options:
    """How to run: the knobs tests and benchmarks turn; production uses the defaults."""

    clock: Clock = field(default_factory=SystemClock)
    poll_timeout: int = 10
    chat_rate: float = 1.0
    global_rate: float = 25.0
    tick_seconds: float = 1.0
    cache: Path | None = None
    admins: frozenset[int] = frozenset()
    http: tuple[str, int] | None = None
    webhook: Webhook | None = None  # set: Telegram posts updates to `http`; else long polling
    lease_time: timedelta = LEASE_TIME  # a killed sender's standby takes over after this


async def run_telegram(
    token: str, base_url: str, db: Database, content: Content, options: Options
) -> None:
    """`python -m bot`: serve until SIGINT or SIGTERM."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await serve(token, base_url, db, content, stop, options)
    except InvalidToken:
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN: the Bot API rejected this token "
            "(or TELEGRAM_API_BASE_URL is not a Bot API address)"
        ) from None


async def serve(
    token: str,
    base_url: str,
    db: Database,
    content: Content,
    stop: asyncio.Event,
    options: Options | None = None,
) -> None:
    """Poll (or receive by webhook), process updates, dispatch reminders, send through the
    outbox; return cleanly once `stop` is set. An unreachable Bot API is retried, never fatal.
    A webhook needs `options.http` (ValueError otherwise); an address that cannot be bound
    raises OSError."""
    options = options or Options()
    if options.webhook is not None and options.http is None:
        raise ValueError("webhook mode needs an HTTP address to serve the webhook on")
    health = ApiHealth()
    app = build_application(token, base_url, lambda update: handle_update(update, runtime), health)
    charts = (options.cache or db.path.parent / "cache") / "charts"
    transport = TelegramTransport(app.bot, MediaCache(db), charts)
    core = build(
        db,
        content,
        options.clock,
        transport,
        pace=Pace(global_rate=options.global_rate, chat_rate=options.chat_rate),
        # The outbox times retries on the real clock: its waits are Telegram's, not the user's.
        outbox_clock=SystemClock(),
        admins=options.admins,
        forum=transport,
    )
    runtime = Runtime(core.coach, core.outbox, Metrics())
    outbox = core.outbox
    runtime.metrics.watch("coach_messages", lambda: {"sent": outbox.sent, "failed": outbox.failed})
    runtime.metrics.watch("coach_bot_api_up", lambda: {"up": float(health.reachable)}, "gauge")
    receiver = None
    route = None
    if options.webhook is not None:
        receiver = Receiver(
            app, options.webhook.secret, lambda u, final: handle_update(u, runtime, final=final)
        )
        route = (options.webhook.path, receiver.receive)
    http = None
    if options.http is not None:
        http = await start_http(*options.http, runtime.metrics, db, lambda: health.reachable, route)
    lease = SenderLease(db, options.clock, duration=options.lease_time)
    try:
        # A second process on this database stands by here: no getUpdates, no sends.
        if await lease.wait(stop, options.tick_seconds):
            try:
                await _run(app, core, lease, health, content, stop, options, receiver)
            finally:
                await lease.release()
    finally:
        if http is not None:
            await http.cleanup()


async def _run(
    app: AnyApp,
    core: Core,
    lease: SenderLease,
    health: ApiHealth,
    content: Content,
    stop: asyncio.Event,
    options: Options,
    receiver: Receiver | None,
) -> None:
    """Run a built core against Telegram until `stop`, holding the sender `lease`: the outbox
    sends, PTB's JobQueue renews the lease and ticks the dispatcher, the poller feeds updates
    to the application (or, with a webhook, the `receiver` hands each posted update to the
    coach)."""
    if not await initialize_with_retry(app, health, stop):
        return
    core.coach.bot_username = app.bot.username  # from getMe, for invite links

    async def dispatch(_: object) -> None:
        try:
            if not await lease.take():
                log.error("sender: another process took the sender lease; stopping this one")
                stop.set()
                return
            await core.dispatcher.tick()
        except Exception as exc:
            log.error("dispatcher: %s", describe(exc))

    try:
        await set_commands(app, content)
        await core.outbox.recover()
        sender = asyncio.create_task(core.outbox.run(), name="outbox")
        assert app.job_queue is not None
        app.job_queue.run_repeating(
            dispatch,
            interval=options.tick_seconds,
            first=0,
            name="dispatcher",
            job_kwargs={"misfire_grace_time": None, "coalesce": True, "max_instances": 1},
        )
        await app.start()
        if receiver is not None and options.webhook is not None:
            receiver.ready = True
            if await set_webhook(app, options.webhook, ALLOWED_UPDATES, health, stop):
                log.info(
                    "bot @%s receives updates by webhook on %s",
                    app.bot.username,
                    options.webhook.path,
                )
                await stop.wait()
            log.info("stopping")
            await receiver.drain()
        else:
            poller = Poller(app, health, options.poll_timeout, ALLOWED_UPDATES)
            log.info("bot @%s is polling", app.bot.username)
            await poller.run(stop)
            log.info("stopping")
        await app.stop()
        await core.outbox.stop()
        await sender
    finally:
        await app.shutdown()
