"""What the fake Telegram remembers: chats, their messages, pending updates, callback queries.

Every change a test might wait for (a message sent or edited by the bot, a new update, a callback
answer) is announced on one `asyncio.Condition`, so waiting is event-driven, never polling.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tests.fakes.bot_api_files import FileStore, StoredFile
from tests.fakes.bot_api_spec import ApiError, bad_request
from tests.fakes.html_check import Entity

__all__ = ["CallbackQuery", "ChatInfo", "ChatMessage", "ChatState", "Core", "Topic"]

DEFAULT_UPDATES = frozenset(
    {
        "message",
        "edited_message",
        "channel_post",
        "edited_channel_post",
        "callback_query",
        "my_chat_member",
        "inline_query",
        "chosen_inline_result",
        "shipping_query",
        "pre_checkout_query",
        "poll",
        "poll_answer",
        "chat_join_request",
    }
)


# Telegram's rule for setWebhook's secret_token.
SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,256}")


@dataclass(frozen=True)
class Webhook:
    """What setWebhook set: where updates are posted and the secret header sent with each."""

    url: str
    secret: str | None


@dataclass
class ChatInfo:
    """A chat as the Chat object describes it."""

    id: int
    type: str
    first_name: str | None = None
    title: str | None = None
    username: str | None = None
    is_forum: bool | None = None  # a supergroup with topics on

    def to_json(self) -> dict[str, Any]:
        """The Chat object."""
        body: dict[str, Any] = {"id": self.id, "type": self.type}
        for name in ("first_name", "title", "username", "is_forum"):
            value = getattr(self, name)
            if value is not None:
                body[name] = value
        return body


@dataclass
class ChatMessage:
    """One message in a chat, in its current state (after edits)."""

    message_id: int
    chat: ChatInfo
    date: int
    kind: str
    from_bot: bool
    sender: dict[str, Any] | None
    text: str | None = None
    caption: str | None = None
    entities: tuple[Entity, ...] = ()
    source: str | None = None
    parse_mode: str | None = None
    reply_markup: dict[str, Any] | None = None
    file: StoredFile | None = None
    media: dict[str, Any] = field(default_factory=dict)
    edit_date: int | None = None
    deleted: bool = False
    reply_to_message_id: int | None = None
    thread_id: int | None = None  # the forum topic it is in (None: General, or no forum)
    service: dict[str, Any] = field(default_factory=dict)  # e.g. forum_topic_created
    forward_origin: dict[str, Any] | None = None

    @property
    def body(self) -> str:
        """The text, or the caption of a media message ("" if neither)."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def inline_markup(self) -> dict[str, Any] | None:
        """The inline keyboard attached to the message, if any."""
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            return self.reply_markup
        return None

    @property
    def buttons(self) -> list[list[dict[str, Any]]]:
        """Rows of inline buttons (empty if none)."""
        markup = self.inline_markup
        return [list(row) for row in markup["inline_keyboard"]] if markup else []

    @property
    def labels(self) -> list[str]:
        """The labels of the inline buttons, row by row."""
        return [str(button["text"]) for row in self.buttons for button in row]

    def find_button(self, label_or_data: str) -> dict[str, Any] | None:
        """The inline button with this label, else with this callback_data."""
        flat = [button for row in self.buttons for button in row]
        for key in ("text", "callback_data"):
            for button in flat:
                if button.get(key) == label_or_data:
                    return button
        return None

    def __str__(self) -> str:
        """A one-line view for transcripts."""
        who = "bot" if self.from_bot else "user"
        extra = f" [{', '.join(self.labels)}]" if self.labels else ""
        return f"#{self.message_id} {who} {self.kind}: {self.body!r}{extra}"


@dataclass
class CallbackQuery:
    """A button press sent to the bot, and how the bot answered it."""

    query_id: str
    chat_id: int
    message_id: int
    data: str
    answered: bool = False
    answer: dict[str, Any] = field(default_factory=dict)


@dataclass
class Topic:
    """A forum topic: its name, and whether it was deleted."""

    name: str
    icon_color: int
    deleted: bool = False


@dataclass
class ChatState:
    """The messages of one chat plus the bookkeeping tests wait on."""

    info: ChatInfo
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    next_id: int = 1
    seq: int = 0
    events: list[tuple[int, int]] = field(default_factory=list)
    cursor: int = 0
    reply_keyboard: dict[str, Any] | None = None
    blocked: bool = False
    actions: list[str] = field(default_factory=list)
    bot_status: str = "member"  # in a group: member, administrator, left, kicked
    can_manage_topics: bool = False
    topics: dict[int, Topic] = field(default_factory=dict)  # forum topics by message_thread_id

    def add(self, **fields: Any) -> ChatMessage:
        """A new message with the next message_id of this chat."""
        message = ChatMessage(
            message_id=self.next_id, chat=self.info, date=int(time.time()), **fields
        )
        self.messages[message.message_id] = message
        self.next_id += 1
        return message

    def bot_messages(self) -> list[ChatMessage]:
        """The bot's messages, oldest first, without deleted ones."""
        return [m for m in self.messages.values() if m.from_bot and not m.deleted]

    def record_bot_event(self, message: ChatMessage) -> None:
        """The bot sent or edited `message`: tests waiting for an answer may proceed."""
        self.seq += 1
        self.events.append((self.seq, message.message_id))
        markup = message.reply_markup or {}
        if "keyboard" in markup:
            self.reply_keyboard = markup
        elif markup.get("remove_keyboard"):
            self.reply_keyboard = None

    def mark_user_action(self) -> None:
        """The user acted: `next_message` waits for what the bot does after this."""
        self.cursor = self.seq

    def transcript(self, last: int = 12) -> str:
        """The newest messages, one a line, for failure messages."""
        lines = [str(m) for m in self.messages.values() if not m.deleted]
        return "\n".join(lines[-last:]) or "(no messages)"


class Core:
    """All the state of one fake Telegram, shared by the HTTP methods and the fake users."""

    def __init__(self, bot_user: dict[str, Any]) -> None:
        self.bot_user = bot_user
        self.chats: dict[int, ChatState] = {}
        self.files = FileStore()
        self.updates: list[dict[str, Any]] = []
        self.delivered: list[dict[str, Any]] = []
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.allowed_updates: frozenset[str] = DEFAULT_UPDATES
        self.changed = asyncio.Condition()
        self.closing = False
        self.active_poll: object | None = None
        self.webhook: Webhook | None = None
        self._update_ids = itertools.count(10_000)
        self._query_ids = itertools.count(1)

    def add_chat(self, info: ChatInfo) -> ChatState:
        """Create (or return) the chat with `info.id`."""
        if info.id not in self.chats:
            self.chats[info.id] = ChatState(info)
        return self.chats[info.id]

    def chat(self, chat_id: int | str) -> ChatState:
        """The chat a call names, by id or @username; 400 "chat not found" otherwise."""
        if isinstance(chat_id, str) and chat_id.startswith("@"):
            for state in self.chats.values():
                if state.info.username and f"@{state.info.username}" == chat_id:
                    return state
        elif str(chat_id).lstrip("-").isdigit() and int(chat_id) in self.chats:
            return self.chats[int(chat_id)]
        raise bad_request("chat not found")

    def reachable_chat(self, chat_id: int | str) -> ChatState:
        """Like `chat`, but a user who blocked the bot answers 403, and so does a group the
        bot is not in (left, or kicked)."""
        state = self.chat(chat_id)
        if state.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if state.info.type in ("group", "supergroup") and state.bot_status == "kicked":
            raise ApiError(403, f"Forbidden: bot was kicked from the {state.info.type} chat")
        if state.info.type in ("group", "supergroup") and state.bot_status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {state.info.type} chat")
        return state

    def message_json(self, message: ChatMessage, *, with_reply: bool = True) -> dict[str, Any]:
        """The Message object for `message` in its current state."""
        body: dict[str, Any] = {
            "message_id": message.message_id,
            "date": message.date,
            "chat": message.chat.to_json(),
        }
        if message.chat.type == "channel":
            body["sender_chat"] = message.chat.to_json()  # channel posts have no "from"
        elif message.sender is not None:
            body["from"] = message.sender
        if message.thread_id is not None:
            body["message_thread_id"] = message.thread_id
            body["is_topic_message"] = True
        body.update(_text_fields(message))
        body.update(message.media)
        body.update(message.service)
        if message.edit_date is not None:
            body["edit_date"] = message.edit_date
        if message.forward_origin is not None:
            body["forward_origin"] = message.forward_origin
        if message.inline_markup:
            body["reply_markup"] = message.inline_markup
        replied = self.chats[message.chat.id].messages.get(message.reply_to_message_id or 0)
        if with_reply and replied is not None and not replied.deleted:
            body["reply_to_message"] = self.message_json(replied, with_reply=False)
        return body

    async def notify(self) -> None:
        """Wake everything waiting on a change."""
        async with self.changed:
            self.changed.notify_all()

    async def wait(self, predicate: Callable[[], bool], seconds: float) -> bool:
        """Wait until `predicate()` holds (True) or `seconds` pass (False); no polling."""
        async with self.changed:
            try:
                async with asyncio.timeout(seconds):
                    await self.changed.wait_for(predicate)
            except TimeoutError:
                return predicate()
        return True

    async def push_update(self, kind: str, payload: Mapping[str, Any]) -> int:
        """Queue an update for getUpdates; returns its update_id."""
        update_id = next(self._update_ids)
        update = {"update_id": update_id, kind: dict(payload)}
        self.updates.append(update)
        self.delivered.append(update)
        await self.notify()
        return update_id

    def confirm(self, offset: int | None) -> None:
        """getUpdates' offset: forget updates before it (a negative one keeps the last -offset)."""
        if offset is None or offset == 0:
            return
        if offset < 0:
            self.updates = self.updates[offset:]
        else:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]

    def deliverable(self) -> list[dict[str, Any]]:
        """Pending updates of the kinds the bot asked for."""
        return [u for u in self.updates if _update_kind(u) in self.allowed_updates]

    def new_callback_query(self, chat_id: int, message_id: int, data: str) -> CallbackQuery:
        """Register a button press and give it a fresh query id."""
        query_id = str(4_000_000_000_000 + next(self._query_ids))
        query = CallbackQuery(query_id, chat_id, message_id, data)
        self.callback_queries[query.query_id] = query
        return query

    def commands_key(self, params: Mapping[str, Any]) -> tuple[str, str]:
        """The (scope, language) slot of setMyCommands/getMyCommands/deleteMyCommands."""
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")


def _text_fields(message: ChatMessage) -> dict[str, Any]:
    """text/entities or caption/caption_entities."""
    entities = [e.to_dict() for e in message.entities]
    if message.text is not None:
        return {"text": message.text, **({"entities": entities} if entities else {})}
    if message.caption:
        return {"caption": message.caption, **({"caption_entities": entities} if entities else {})}
    return {}


def _update_kind(update: Mapping[str, Any]) -> str:
    """ "message", "callback_query", ... of an Update object."""
    return next(key for key in update if key != "update_id")
