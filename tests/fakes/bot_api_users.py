"""People and chats a test plays: they write to the bot, press its buttons, and wait for answers.

`ChatView` is what every chat offers for inspection (`messages`, `last`, `wait_for`,
`next_message`); `FakeUser` adds a private chat with the bot and the actions of a person;
`FakeChat` is a group or a channel. Waiting is event-driven on the fake's condition.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from typing import Any

from PIL import Image

from tests.fakes.bot_api_methods import media_json
from tests.fakes.bot_api_state import ChatInfo, ChatMessage, ChatState, Core
from tests.fakes.html_check import Entity, utf16_len

__all__ = ["ChatView", "FakeChat", "FakeUser"]

DEFAULT_WAIT = 5.0


def tiny_png(width: int = 4, height: int = 4) -> bytes:
    """A small valid PNG, for photos a user sends."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def _member(core: Core, status: str) -> dict[str, Any]:
    """The bot's ChatMember object for `status`."""
    body: dict[str, Any] = {"status": status, "user": core.bot_user}
    if status == "kicked":
        body["until_date"] = 0
    if status == "administrator":
        rights = [
            "can_be_edited",
            "can_manage_chat",
            "can_delete_messages",
            "can_manage_video_chats",
            "can_restrict_members",
            "can_promote_members",
            "can_change_info",
            "can_invite_users",
            "can_post_stories",
            "can_edit_stories",
            "can_delete_stories",
        ]
        body.update({name: False for name in rights})
        body.update({"is_anonymous": False, "can_manage_topics": True, "can_pin_messages": True})
    return body


def _command_entities(text: str) -> tuple[Entity, ...]:
    """Telegram marks a leading /command with a bot_command entity."""
    if not text.startswith("/"):
        return ()
    command = text.split(maxsplit=1)[0]
    return (Entity("bot_command", 0, utf16_len(command)),)


class ChatView:
    """Inspection of one chat as it is now, and waiting for the bot to act in it."""

    def __init__(self, core: Core, state: ChatState) -> None:
        self.core = core
        self.state = state

    @property
    def chat_id(self) -> int:
        """The chat's id."""
        return self.state.info.id

    @property
    def messages(self) -> list[ChatMessage]:
        """The bot's messages in this chat, oldest first, as they are now (after edits)."""
        return self.state.bot_messages()

    @property
    def last(self) -> ChatMessage:
        """The bot's newest message; LookupError if the bot has said nothing."""
        messages = self.messages
        if not messages:
            raise LookupError(f"the bot sent nothing to chat {self.chat_id}")
        return messages[-1]

    @property
    def keyboard(self) -> list[list[str]]:
        """Labels of the reply keyboard the chat shows now (empty if none)."""
        markup = self.state.reply_keyboard or {}
        return [[str(button["text"]) for button in row] for row in markup.get("keyboard", [])]

    @property
    def actions(self) -> list[str]:
        """Chat actions ("typing", ...) the bot sent here, in order."""
        return list(self.state.actions)

    def transcript(self) -> str:
        """The newest messages of the chat, one a line."""
        return self.state.transcript()

    async def wait_for(
        self,
        predicate: Callable[[ChatMessage], bool],
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - a test's wait; asyncio.timeout inside
    ) -> ChatMessage:
        """The newest bot message matching `predicate`, waiting up to `timeout` for one."""

        def match() -> ChatMessage | None:
            return next((m for m in reversed(self.messages) if predicate(m)), None)

        if not await self.core.wait(lambda: match() is not None, timeout):
            raise TimeoutError(f"no matching bot message in {timeout}s; chat:\n{self.transcript()}")
        found = match()
        assert found is not None
        return found

    async def next_message(
        self,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - a test's wait; asyncio.timeout inside
    ) -> ChatMessage:
        """The next message the bot sent or edited after the last action (or last one read)."""
        state = self.state
        if not await self.core.wait(lambda: state.seq > state.cursor, timeout):
            raise TimeoutError(f"the bot did not answer in {timeout}s; chat:\n{self.transcript()}")
        seq, message_id = next((s, m) for s, m in state.events if s > state.cursor)
        state.cursor = seq
        return state.messages[message_id]


class FakeChat(ChatView):
    """A group or channel chat; users write in it with `user.send(text, chat=group)`."""

    def topic_messages(self, thread_id: int) -> list[ChatMessage]:
        """The bot's messages in one forum topic, oldest first."""
        return [m for m in self.messages if m.thread_id == thread_id and m.kind != "service"]

    @property
    def topics(self) -> dict[int, str]:
        """The forum's topics that are not deleted: message_thread_id -> name."""
        return {i: t.name for i, t in self.state.topics.items() if not t.deleted}

    async def add_bot(self, by: FakeUser, *, admin: bool = True) -> None:
        """`by` adds the bot (an admin who can manage topics, by default): my_chat_member."""
        old = self.state.bot_status
        self.state.bot_status = "administrator" if admin else "member"
        self.state.can_manage_topics = admin
        await self._member_update(by, old, self.state.bot_status)

    async def remove_bot(self, by: FakeUser) -> None:
        """`by` removes the bot from the group: sends answer 403 from now on."""
        old = self.state.bot_status
        self.state.bot_status = "kicked"
        await self._member_update(by, old, "kicked")

    async def delete_topic(self, thread_id: int) -> None:
        """A member deletes a topic: sending there answers 400 "message thread not found"."""
        self.state.topics[thread_id].deleted = True
        for message in self.state.messages.values():
            if message.thread_id == thread_id:
                message.deleted = True
        await self.core.notify()

    async def _member_update(self, by: FakeUser, old: str, new: str) -> None:
        """The my_chat_member update Telegram sends when the bot's status changes here."""
        payload = {
            "chat": self.state.info.to_json(),
            "from": by.json,
            "date": int(time.time()),
            "old_chat_member": _member(self.core, old),
            "new_chat_member": _member(self.core, new),
        }
        await self.core.push_update("my_chat_member", payload)

    async def post(self, text: str) -> ChatMessage:
        """A channel post (channel chats only)."""
        if self.state.info.type != "channel":
            raise ValueError("only channels have posts; use user.send(text, chat=group)")
        message = self.state.add(kind="text", from_bot=False, sender=None, text=text)
        self.state.mark_user_action()
        await self.core.push_update("channel_post", self.core.message_json(message))
        return message


class FakeUser(ChatView):
    """A person in a private chat with the bot (chat id = user id)."""

    def __init__(
        self, core: Core, user_id: int, first_name: str, username: str | None, privacy: bool
    ) -> None:
        info = ChatInfo(user_id, "private", first_name=first_name, username=username)
        super().__init__(core, core.add_chat(info))
        self.user_id = user_id
        self.first_name = first_name
        self.username = username
        self.group_privacy = privacy
        self.json: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            self.json["username"] = username
        self.json["language_code"] = "en"

    @property
    def answers(self) -> list[dict[str, Any]]:
        """The bot's answerCallbackQuery calls for this user's presses, in order."""
        return [
            q.answer
            for q in self.core.callback_queries.values()
            if q.chat_id == self.chat_id and q.answered
        ]

    async def _say(
        self, chat: ChatView | None, kind: str, update: str = "message", **fields: Any
    ) -> ChatMessage:
        """Add a message from this user and send the update for it."""
        target = chat.state if chat is not None else self.state
        message = target.add(kind=kind, from_bot=False, sender=self.json, **fields)
        target.mark_user_action()
        if self._delivered(target, message):
            await self.core.push_update(update, self.core.message_json(message))
        return message

    def _delivered(self, chat: ChatState, message: ChatMessage) -> bool:
        """Bots in privacy mode see only commands, replies to them and mentions in groups."""
        if chat.info.type == "private" or not self.group_privacy:
            return True
        if chat.bot_status in ("left", "kicked"):
            return False
        if chat.bot_status == "administrator":  # admins see every message
            return True
        text = message.text or ""
        mention = f"@{self.core.bot_user.get('username', '')}"
        replied = chat.messages.get(message.reply_to_message_id or 0)
        return text.startswith("/") or mention in text or bool(replied and replied.from_bot)

    async def send(
        self,
        text: str,
        *,
        chat: FakeChat | None = None,
        reply_to: int | None = None,
        topic: int | None = None,
    ) -> ChatMessage:
        """A text message; a leading /command gets its bot_command entity as in Telegram. In a
        forum, `topic` is the topic's message_thread_id (None: General); as in Telegram, a
        message in a topic replies to the topic's first message unless it replies to another."""
        if topic is not None:
            if chat is None or topic not in chat.topics:
                raise LookupError(f"no topic {topic} in that chat")
            reply_to = reply_to or topic
        return await self._say(
            chat,
            "text",
            text=text,
            entities=_command_entities(text),
            reply_to_message_id=reply_to,
            thread_id=topic,
        )

    async def forward(
        self, text: str, origin: str = "user", *, sender: dict[str, Any] | None = None
    ) -> ChatMessage:
        """Forward someone else's text message into this chat. `origin` is the type of its
        MessageOrigin ("user", "hidden_user", "chat", "channel"); a "user" origin's sender is
        `sender` (a friend by default; pass `core.bot_user` for the bot's own message)."""
        return await self._say(None, "text", text=text, forward_origin=self._origin(origin, sender))

    def _origin(self, kind: str, sender: dict[str, Any] | None) -> dict[str, Any]:
        """A MessageOrigin of the Bot API, of each type with its required fields."""
        date = int(time.time()) - 3600
        friend = {"id": 5_550_001, "is_bot": False, "first_name": "Sam"}
        channel = {"id": -1_005_550_002, "type": "channel", "title": "Leg day club"}
        group = {"id": -5_550_003, "type": "group", "title": "Gym friends"}
        match kind:
            case "user":
                return {"type": "user", "date": date, "sender_user": sender or friend}
            case "hidden_user":
                return {"type": "hidden_user", "date": date, "sender_user_name": "Sam Hidden"}
            case "chat":
                return {"type": "chat", "date": date, "sender_chat": group}
            case "channel":
                return {"type": "channel", "date": date, "chat": channel, "message_id": 42}
        raise ValueError(f"no MessageOrigin of type {kind!r}")

    async def reply_to(
        self,
        text: str,
        timeout: float = DEFAULT_WAIT,  # noqa: ASYNC109 - a test's wait; asyncio.timeout inside
    ) -> ChatMessage:
        """Send `text` and return the bot's first new or edited message after it."""
        await self.send(text)
        return await self.next_message(timeout)

    async def press(
        self, label_or_data: str, message_id: int | None = None, *, inaccessible: bool = False
    ) -> str:
        """Press an inline button by label or callback_data; returns the callback query id.

        Looks on `message_id`, or else on the newest bot message that carries such a button.
        `inaccessible` sends the pressed message as Telegram does for one older than 48 hours:
        an InaccessibleMessage (chat, message_id, date 0), without its text, media or buttons.
        """
        message = self._message_with_button(label_or_data, message_id)
        if message is None:
            raise LookupError(f"no inline button {label_or_data!r}; chat:\n{self.transcript()}")
        button = message.find_button(label_or_data)
        assert button is not None
        if "callback_data" not in button:
            raise ValueError(f"button {label_or_data!r} has no callback_data: {button}")
        query = self.core.new_callback_query(
            self.chat_id, message.message_id, button["callback_data"]
        )
        self.state.mark_user_action()
        payload = {
            "id": query.query_id,
            "from": self.json,
            "message": (
                {
                    "chat": self.core.message_json(message)["chat"],
                    "message_id": message.message_id,
                    "date": 0,
                }
                if inaccessible
                else self.core.message_json(message)
            ),
            "chat_instance": f"ci{self.chat_id}",
            "data": query.data,
        }
        await self.core.push_update("callback_query", payload)
        return query.query_id

    async def tap(self, label: str) -> ChatMessage:
        """Tap a button of the reply keyboard shown now: its text is sent as a message."""
        if label not in (text for row in self.keyboard for text in row):
            raise LookupError(f"no reply-keyboard button {label!r}; keyboard: {self.keyboard}")
        return await self.send(label)

    def _message_with_button(self, label: str, message_id: int | None) -> ChatMessage | None:
        """The message to press on."""
        if message_id is not None:
            message = self.state.messages.get(message_id)
            if message is None or message.deleted or message.find_button(label) is None:
                raise LookupError(f"message {message_id} has no button {label!r}")
            return message
        return next((m for m in reversed(self.messages) if m.find_button(label)), None)

    async def send_location(self, latitude: float, longitude: float) -> ChatMessage:
        """A shared location."""
        location = {"latitude": latitude, "longitude": longitude}
        return await self._say(None, "location", media={"location": location})

    async def send_sticker(self, emoji: str = "\N{THUMBS UP SIGN}") -> ChatMessage:
        """A regular sticker."""
        stored = self.core.files.add("sticker", b"RIFF-fake-webp", "sticker.webp", "image/webp")
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
        }
        return await self._say(None, "sticker", media={"sticker": sticker})

    async def send_photo(
        self, data: bytes | None = None, caption: str | None = None
    ) -> ChatMessage:
        """A photo (a tiny PNG unless `data` is given), optionally with a caption."""
        stored = self.core.files.add("photo", data or tiny_png(), "photo.png", "image/png")
        media = media_json(self.core, "photo", stored)
        return await self._say(None, "photo", caption=caption, media=media, file=stored)

    async def edit(self, message_id: int, new_text: str) -> ChatMessage:
        """Edit one of this user's own text messages (an edited_message update)."""
        message = self.state.messages.get(message_id)
        if message is None or message.from_bot or message.kind != "text":
            raise LookupError(f"message {message_id} is not a text message of this user")
        message.text, message.entities = new_text, _command_entities(new_text)
        message.edit_date = max(message.date, int(time.time()))
        self.state.mark_user_action()
        await self.core.push_update("edited_message", self.core.message_json(message))
        return message

    async def block(self) -> None:
        """Block the bot: sends answer 403, and the bot gets a my_chat_member update."""
        self.state.blocked = True
        await self._member_update("member", "kicked")

    async def unblock(self) -> None:
        """Unblock the bot (like pressing Restart)."""
        self.state.blocked = False
        await self._member_update("kicked", "member")

    async def _member_update(self, old: str, new: str) -> None:
        """The my_chat_member update Telegram sends when a user blocks or unblocks the bot."""

        def member(status: str) -> dict[str, Any]:
            body: dict[str, Any] = {"status": status, "user": self.core.bot_user}
            if status == "kicked":
                body["until_date"] = 0
            return body

        payload = {
            "chat": self.state.info.to_json(),
            "from": self.json,
            "date": int(time.time()),
            "old_chat_member": member(old),
            "new_chat_member": member(new),
        }
        await self.core.push_update("my_chat_member", payload)
