"""Renders a `Reply` as Bot API calls, and maps Telegram's errors to outbox outcomes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaAnimation,
    InputMediaPhoto,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.coach.messages import Reply
from bot.media.attachments import chart_file, text_file
from bot.outbox import Blocked, EditTarget, Rejected, RetryLater
from bot.storage.db import Database
from bot.storage.sending import MediaIds

log = logging.getLogger(__name__)
T = TypeVar("T")

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | None

# Telegram's answers when a pressed message cannot be edited in place (deleted, too old, or not
# of the kind the edit needs): the reply is then sent as a new message instead.
NOT_EDITABLE = (
    "message to edit not found",
    "message can't be edited",
    "there is no text in the message to edit",
    "there is no caption in the message to edit",
    "there is no media in the message to edit",
    "message_id_invalid",
)


def markup(reply: Reply) -> Markup:
    if reply.buttons:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                for row in reply.buttons
            ]
        )
    if reply.ask_location:
        button = KeyboardButton(reply.ask_location, request_location=True)
        return ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
    if reply.remove_keyboard:
        return ReplyKeyboardRemove()
    return None


class MediaCache:
    """Telegram file ids of uploaded pictures, so each file is uploaded once."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._ids: dict[str, str] = {}

    async def get(self, path: Path) -> str | None:
        if path.name not in self._ids:
            async with self.db.reads() as tx:
                file_id = await MediaIds(tx).file_id(path.name)
            if file_id:
                self._ids[path.name] = file_id
        return self._ids.get(path.name)

    async def put(self, path: Path, file_id: str) -> None:
        self._ids[path.name] = file_id
        async with self.db.transaction() as tx:
            MediaIds(tx).remember(path.name, file_id)


class TelegramTransport:
    """The outbox's way to Telegram."""

    def __init__(self, bot: Bot, media: MediaCache, charts: Path) -> None:
        self.bot = bot
        self.media = media
        self.charts = charts

    async def deliver(self, chat_id: int, reply: Reply, edit: EditTarget | None) -> int | None:
        return await _mapped(self._deliver(chat_id, reply, edit))

    async def create_topic(self, chat_id: int, name: str) -> int:
        """A forum topic named `name` in the supergroup `chat_id`: its message_thread_id."""
        topic = await _mapped(self.bot.create_forum_topic(chat_id, name))
        return topic.message_thread_id

    async def deliver_in_topic(self, chat_id: int, thread_id: int | None, reply: Reply) -> int:
        """`reply` as text in a forum topic (None: General): messages about clients are text."""
        sent = await _mapped(
            self.bot.send_message(
                chat_id,
                reply.text,
                parse_mode=ParseMode.HTML,
                reply_markup=markup(reply),
                message_thread_id=thread_id,
            )
        )
        return sent.message_id

    async def _deliver(self, chat_id: int, reply: Reply, edit: EditTarget | None) -> int:
        """The id of the message that shows the reply (the edited one, or a new one)."""
        if edit is not None and await self._edit(chat_id, reply, edit):
            return edit.message_id
        return await self._send(chat_id, reply)

    async def _edit(self, chat_id: int, reply: Reply, edit: EditTarget) -> bool:
        """Replace the pressed message in place; False when it must be sent anew instead."""
        visual = reply.image or reply.animation or reply.chart or reply.file
        keyboard = markup(reply)
        if not isinstance(keyboard, InlineKeyboardMarkup | None) or bool(visual) != edit.has_media:
            await self._delete_quietly(chat_id, edit.message_id)
            return False
        try:
            if visual is None:
                await self.bot.edit_message_text(
                    reply.text,
                    chat_id=chat_id,
                    message_id=edit.message_id,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard,
                )
            else:
                await self._edit_media(chat_id, reply, edit, keyboard)
        except BadRequest as exc:
            if "not modified" in exc.message:
                return True
            if any(reason in exc.message.lower() for reason in NOT_EDITABLE):
                return False
            raise
        return True

    async def _edit_media(
        self, chat_id: int, reply: Reply, edit: EditTarget, keyboard: InlineKeyboardMarkup | None
    ) -> None:
        path = reply.image or reply.animation
        assert path is not None
        file_id = await self.media.get(path)
        source = file_id or path.read_bytes()
        media: InputMediaPhoto | InputMediaAnimation
        if reply.image:
            media = InputMediaPhoto(source, caption=reply.text, parse_mode=ParseMode.HTML)
        else:
            media = InputMediaAnimation(source, caption=reply.text, parse_mode=ParseMode.HTML)
        result = await self.bot.edit_message_media(
            media, chat_id=chat_id, message_id=edit.message_id, reply_markup=keyboard
        )
        if file_id is None and isinstance(result, Message):
            await self._remember(path, result)

    async def _send(self, chat_id: int, reply: Reply) -> int:
        keyboard = markup(reply)
        html = ParseMode.HTML
        sent: Message
        if reply.chart is not None:
            path = await asyncio.to_thread(chart_file, reply.chart, self.charts)
            sent = await self.bot.send_photo(
                chat_id,
                path.read_bytes(),
                caption=reply.text,
                parse_mode=html,
                reply_markup=keyboard,
            )
        elif reply.file is not None:
            sent = await self.bot.send_document(
                chat_id,
                text_file(reply.file),
                filename=reply.file.filename,
                caption=reply.text,
                parse_mode=html,
                reply_markup=keyboard,
            )
        elif reply.image or reply.animation:
            visual = reply.image or reply.animation
            assert visual is not None
            file_id = await self.media.get(visual)
            source = file_id or visual.read_bytes()
            send = self.bot.send_photo if reply.image else self.bot.send_animation
            sent = await send(
                chat_id, source, caption=reply.text, parse_mode=html, reply_markup=keyboard
            )
            if file_id is None:
                await self._remember(visual, sent)
        elif reply.document:
            sent = await self.bot.send_document(
                chat_id,
                reply.document.read_bytes(),
                filename=reply.document.name,
                caption=reply.text,
                parse_mode=html,
                reply_markup=keyboard,
            )
        else:
            sent = await self.bot.send_message(
                chat_id, reply.text, parse_mode=html, reply_markup=keyboard
            )
        return sent.message_id

    async def _remember(self, path: Path, message: Message) -> None:
        file_id = None
        if message.photo:
            file_id = message.photo[-1].file_id
        elif message.animation:
            file_id = message.animation.file_id
        elif message.document:
            file_id = message.document.file_id
        if file_id:
            await self.media.put(path, file_id)

    async def _delete_quietly(self, chat_id: int, message_id: int) -> None:
        try:
            await self.bot.delete_message(chat_id, message_id)
        except TelegramError as exc:
            log.debug("could not delete message %s in chat %s: %s", message_id, chat_id, exc)


async def _mapped(call: Awaitable[T]) -> T:
    """The call's result, with Telegram's errors mapped to the outbox's outcomes."""
    try:
        return await call
    except RetryAfter as exc:
        raise RetryLater(_seconds(exc.retry_after), "429 Too Many Requests") from None
    except Forbidden as exc:
        raise Blocked(exc.message) from None
    except BadRequest as exc:
        raise Rejected(exc.message) from None
    except NetworkError as exc:  # includes TimedOut and 5xx answers
        raise RetryLater(None, f"{type(exc).__name__}: {exc.message}") from None
    except TelegramError as exc:
        raise Rejected(f"{type(exc).__name__}: {exc.message}") from None


def _seconds(retry_after: object) -> float:
    total = getattr(retry_after, "total_seconds", None)
    return float(total()) if callable(total) else float(retry_after)  # type: ignore[arg-type]
