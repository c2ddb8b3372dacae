"""Builds the python-telegram-bot Application: one handler in front of the coach service."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.coach.engine import MENU
from bot.content import Content
from bot.logs import describe
from bot.observability import Metrics, UpdateTimer
from bot.outbox import Outbox
from bot.service import Coach
from bot.telegram.health import ApiHealth, MonitoredRequest
from bot.telegram.updates import incoming_of, kind_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Runtime:
    """What the update handler needs."""

    coach: Coach
    outbox: Outbox
    metrics: Metrics


AnyApp = Application[Any, Any, Any, Any, Any, Any]


def build_application(
    token: str, base_url: str, handle: Callable[[Update], Awaitable[object]], health: ApiHealth
) -> AnyApp:
    """The Application: every update goes to `handle`; errors to `on_error`; every request
    reports to `health`. No Updater: `polling.Poller` fetches updates (see why there)."""
    app = (
        ApplicationBuilder()
        .token(token)
        .base_url(base_url)
        .base_file_url(file_url(base_url))
        .request(MonitoredRequest(health, connection_pool_size=8))
        .get_updates_request(MonitoredRequest(health, read_timeout=30))
        .updater(None)
        .build()
    )

    async def on_update(update: Update, _: ContextTypes.DEFAULT_TYPE) -> None:
        await handle(update)

    app.add_handler(TypeHandler(Update, on_update))
    app.add_error_handler(on_error)
    return app


def file_url(base_url: str) -> str:
    """Telegram serves files from /file/bot<token> beside /bot<token>."""
    head, sep, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}{sep}file/{tail}" if sep else base_url


async def handle_update(update: Update, runtime: Runtime, *, final: bool = True) -> bool:
    """Hand one update to the coach; one log line per update; the user never sees an error.

    Returns whether the update is done with: stored, a duplicate, ignored, or failed on its
    `final` attempt (the user is then told sorry). A failure on an attempt that is not final
    (webhook mode: Telegram will deliver the update again) returns False and tells nobody.
    """
    incoming = incoming_of(update)
    user = update.effective_user
    timer = UpdateTimer(
        runtime.metrics, update.update_id, user.id if user else None, kind_of(update, incoming)
    )
    if incoming is None:
        await _not_private(update, runtime)
        timer.done("ignored")
        return True
    try:
        handled = await runtime.coach.handle(incoming)
    except Exception as exc:
        log.error(
            "update %s from user %s failed: %s",
            update.update_id,
            incoming.user_id,
            describe(exc),
            exc_info=log.isEnabledFor(logging.DEBUG),
        )
        timer.done("error")
        if not final:
            return False
        handled = await runtime.coach.apologise(incoming)
    else:
        timer.done("duplicate" if handled.duplicate else "ok")
    query = update.callback_query
    if query is not None:
        try:
            await query.answer(handled.notice)
        except TelegramError as exc:
            log.info("callback answer for user %s failed: %s", incoming.user_id, exc)
    return True


async def _not_private(update: Update, runtime: Runtime) -> None:
    """Groups and channels: say politely that the coach is personal, and store nothing."""
    chat = update.effective_chat
    message = update.message
    if chat is None or message is None or chat.type == ChatType.PRIVATE:
        return
    if message.text and message.text.startswith("/"):
        await message.reply_text(runtime.coach.content.texts("private_only"))


async def set_commands(app: AnyApp, content: Content) -> None:
    commands = [BotCommand(name, content.texts(f"command.{name}")) for name in MENU]
    try:
        await app.bot.set_my_commands(commands)
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", exc)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Errors outside the coach (network, polling): one line in the log, never a traceback."""
    error = context.error
    where = ""
    if isinstance(update, Update) and update.effective_user is not None:
        where = f" (update {update.update_id}, user {update.effective_user.id})"
    log.error("%s%s", describe(error), where, exc_info=log.isEnabledFor(logging.DEBUG))
