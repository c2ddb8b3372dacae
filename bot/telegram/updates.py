"""Turns a Telegram `Update` into the coach's `Incoming` event. No rules here."""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType

from bot.coach.messages import Command, Event, Location, Press, Text, Unsupported
from bot.service import Incoming, InGroup


def event_of(message: Message) -> Event:
    """What a user message means to the coach."""
    if message.location is not None:
        return Location(message.location.latitude, message.location.longitude)
    text = message.text
    if text is None:
        return Unsupported(_kind(message))
    if text.startswith("/"):
        head, *rest = text[1:].split(maxsplit=1) or [""]
        name = head.split("@", 1)[0]
        if name:
            return Command(name.lower(), rest[0].strip() if rest else "")
    return Text(text, forwarded=_forwarded(message))


# The fields of a forward before Bot API 7.0, which python-telegram-bot keeps in api_kwargs.
_OLD_FORWARD_FIELDS = ("forward_from", "forward_from_chat", "forward_sender_name", "forward_date")


def _forwarded(message: Message) -> bool:
    """Someone else's message passed on (a forward, or sent through a bot), not typed here."""
    if message.forward_origin is not None or message.via_bot is not None:
        return True
    return any(message.api_kwargs.get(field) for field in _OLD_FORWARD_FIELDS)


def _kind(message: Message) -> str:
    for kind in ("sticker", "photo", "voice", "video", "audio", "document", "animation"):
        if getattr(message, kind, None):
            return kind
    return "other"


def incoming_of(update: Update) -> Incoming | None:
    """The event, or None for updates the coach does not act on (e.g. edits, channel posts).
    Supergroup messages and presses come with the place they were made in (`group`); the
    service keeps only those of a coach in their inbox group, and `/inbox` (bot/inbox_group.py).
    Other groups and channels are None."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None:
        return None
    if chat.type == ChatType.SUPERGROUP:
        return _in_supergroup(update)
    if chat.type != ChatType.PRIVATE:
        return None
    if update.callback_query is not None:
        query = update.callback_query
        message = query.message if isinstance(query.message, Message) else None
        has_media = bool(message and (message.photo or message.animation or message.document))
        return Incoming(
            user_id=user.id,
            chat_id=chat.id,
            first_name=user.first_name or "",
            event=Press(query.data or ""),
            update_id=update.update_id,
            message_id=message.message_id if message else None,
            message_has_media=has_media,
        )
    if update.edited_message is not None:
        return Incoming(
            user_id=user.id,
            chat_id=chat.id,
            first_name=user.first_name or "",
            event=Unsupported("edited"),
            update_id=update.update_id,
        )
    if update.message is not None:
        return Incoming(
            user_id=user.id,
            chat_id=chat.id,
            first_name=user.first_name or "",
            event=event_of(update.message),
            update_id=update.update_id,
            reply_to_message_id=(
                update.message.reply_to_message.message_id
                if update.message.reply_to_message is not None
                else None
            ),
        )
    return None


def _in_supergroup(update: Update) -> Incoming | None:
    """A message or press in a supergroup, as the user's (their private chat id is their user
    id), with the group and topic it came from."""
    user = update.effective_user
    assert user is not None
    query = update.callback_query
    message = update.message
    if query is not None and isinstance(query.message, Message):
        message = query.message
    if message is None:  # an edit, or a press on a message too old to show
        return None
    topic = message.message_thread_id if message.is_topic_message else None
    group = InGroup(message.chat.id, topic, bool(message.chat.is_forum))
    event = Press(query.data or "") if query is not None else event_of(message)
    return Incoming(
        user_id=user.id,
        chat_id=user.id,
        first_name=user.first_name or "",
        event=event,
        update_id=update.update_id,
        message_id=message.message_id if query is not None else None,
        group=group,
    )


def kind_of(update: Update, incoming: Incoming | None) -> str:
    """What an update was, for the log: never the text itself."""
    if incoming is None:
        chat = update.effective_chat
        return f"not_private:{chat.type}" if chat else "other"
    match incoming.event:
        case Command(name=name):
            return f"command:{name[:32]}"
        case Press(data=data):
            return f"press:{data.split(':', 1)[0][:8]}"
        case Unsupported(kind=kind):
            return f"unsupported:{kind}"
        case event:
            return type(event).__name__.lower()
