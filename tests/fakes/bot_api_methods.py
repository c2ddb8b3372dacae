"""The Bot API methods the fake implements, each a small function over the shared `Core`.

Every handler gets the validated parameters of one call and returns the `result` of the answer,
or raises `ApiError`. Messages, edits and deletions follow Telegram's rules, including the ones
that bite real bots: an edit without `reply_markup` removes the inline keyboard; an edit that
changes nothing is a 400 "message is not modified"; a callback query can be answered once.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from tests.fakes.bot_api_files import StoredFile
from tests.fakes.bot_api_rules import (
    check_bot_commands,
    check_callback_answer,
    check_chat_action,
    check_reply_markup,
    parse_body,
)
from tests.fakes.bot_api_spec import ApiError, Upload, bad_request
from tests.fakes.bot_api_state import (
    DEFAULT_UPDATES,
    SECRET_SHAPE,
    ChatMessage,
    ChatState,
    Core,
    Topic,
    Webhook,
)

__all__ = ["Call", "Handler", "MethodTable"]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
MEDIA_KINDS = ("photo", "animation", "document")
# The colors createForumTopic accepts (RGB).
TOPIC_COLORS = (0x6FB9F0, 0xFFD67E, 0xCB86DB, 0x8EEE98, 0xFF93B2, 0xFB6F5F)


@dataclass(frozen=True)
class Call:
    """One validated call: its method, typed parameters and uploaded parts."""

    method: str
    params: Mapping[str, Any]
    uploads: Mapping[str, Upload]


Handler = Callable[[Call], Awaitable[Any]]


def media_json(core: Core, kind: str, stored: StoredFile) -> dict[str, Any]:
    """The Message fields that carry a file of `kind`."""
    if kind == "photo":
        return {"photo": core.files.photo_sizes(stored.file_id)}
    if kind == "animation":
        return {"animation": stored.as_animation(), "document": stored.as_document()}
    return {"document": stored.as_document()}


class MethodTable:
    """Method name -> handler, for the methods the fake answers beyond a generic `true`."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.handlers: dict[str, Handler] = {
            "getMe": self.get_me,
            "sendMessage": self.send_message,
            "sendPhoto": self.send_photo,
            "sendAnimation": self.send_animation,
            "sendDocument": self.send_document,
            "editMessageText": self.edit_text,
            "editMessageCaption": self.edit_caption,
            "editMessageMedia": self.edit_media,
            "editMessageReplyMarkup": self.edit_reply_markup,
            "deleteMessage": self.delete_message,
            "answerCallbackQuery": self.answer_callback_query,
            "sendChatAction": self.send_chat_action,
            "setMyCommands": self.set_my_commands,
            "getMyCommands": self.get_my_commands,
            "deleteMyCommands": self.delete_my_commands,
            "setWebhook": self.set_webhook,
            "deleteWebhook": self.delete_webhook,
            "getWebhookInfo": self.get_webhook_info,
            "getFile": self.get_file,
            "createForumTopic": self.create_forum_topic,
        }

    async def get_me(self, call: Call) -> Any:
        """The bot's own User."""
        return self.core.bot_user

    # -- sending ------------------------------------------------------------------------------

    async def send_message(self, call: Call) -> Any:
        """A text message, parsed and checked like Telegram does."""
        params = call.params
        chat = self.core.reachable_chat(params["chat_id"])
        parsed = parse_body(
            params.get("text"), params.get("parse_mode"), params.get("entities"), caption=False
        )
        check_reply_markup(params.get("reply_markup"))
        message = chat.add(
            kind="text",
            from_bot=True,
            sender=self.core.bot_user,
            text=parsed.text,
            entities=parsed.entities,
            source=params.get("text"),
            parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
            reply_to_message_id=_reply_target(chat, params),
            thread_id=_thread(chat, params),
        )
        return await self._sent(chat, message)

    async def send_photo(self, call: Call) -> Any:
        """sendPhoto: an upload, a known file_id or a registered URL."""
        return await self._send_media(call, "photo")

    async def send_animation(self, call: Call) -> Any:
        """sendAnimation."""
        return await self._send_media(call, "animation")

    async def send_document(self, call: Call) -> Any:
        """sendDocument."""
        return await self._send_media(call, "document")

    async def _send_media(self, call: Call, kind: str) -> Any:
        """The shared body of sendPhoto/sendAnimation/sendDocument."""
        params = call.params
        chat = self.core.reachable_chat(params["chat_id"])
        parsed = parse_body(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            caption=True,
        )
        check_reply_markup(params.get("reply_markup"))
        reply_to = _reply_target(chat, params)
        stored = self.core.files.resolve(params[kind], kind, call.uploads)
        message = chat.add(
            kind=kind,
            from_bot=True,
            sender=self.core.bot_user,
            caption=parsed.text or None,
            entities=parsed.entities,
            source=params.get("caption"),
            parse_mode=params.get("parse_mode"),
            reply_markup=params.get("reply_markup"),
            file=stored,
            media=media_json(self.core, kind, stored),
            reply_to_message_id=reply_to,
        )
        return await self._sent(chat, message)

    async def _sent(self, chat: ChatState, message: ChatMessage) -> Any:
        """Record the bot's new or edited message, wake waiters, answer with the Message."""
        chat.record_bot_event(message)
        await self.core.notify()
        return self.core.message_json(message)

    # -- editing ------------------------------------------------------------------------------

    def _editable(self, params: Mapping[str, Any]) -> tuple[ChatState, ChatMessage]:
        """The bot message an edit names."""
        if "inline_message_id" in params:
            raise bad_request("MESSAGE_ID_INVALID")
        if "chat_id" not in params or "message_id" not in params:
            raise bad_request("message identifier is not specified")
        chat = self.core.reachable_chat(params["chat_id"])
        message = chat.messages.get(params["message_id"])
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message

    async def edit_text(self, call: Call) -> Any:
        """editMessageText: only text messages; a no-op edit is a 400."""
        params = call.params
        chat, message = self._editable(params)
        if message.kind != "text":
            raise bad_request("there is no text in the message to edit")
        parsed = parse_body(
            params.get("text"), params.get("parse_mode"), params.get("entities"), caption=False
        )
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        if (parsed.text, parsed.entities, markup) == (
            message.text,
            message.entities,
            message.inline_markup,
        ):
            raise bad_request(NOT_MODIFIED)
        message.text, message.entities = parsed.text, parsed.entities
        message.source, message.parse_mode = params.get("text"), params.get("parse_mode")
        return await self._edited(chat, message, markup)

    async def edit_caption(self, call: Call) -> Any:
        """editMessageCaption: only media messages; a no-op edit is a 400."""
        params = call.params
        chat, message = self._editable(params)
        if message.kind not in MEDIA_KINDS:
            raise bad_request("there is no caption in the message to edit")
        parsed = parse_body(
            params.get("caption"),
            params.get("parse_mode"),
            params.get("caption_entities"),
            caption=True,
        )
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        new = (parsed.text or None, parsed.entities, markup)
        if new == (message.caption, message.entities, message.inline_markup):
            raise bad_request(NOT_MODIFIED)
        message.caption, message.entities = parsed.text or None, parsed.entities
        message.source, message.parse_mode = params.get("caption"), params.get("parse_mode")
        return await self._edited(chat, message, markup)

    async def edit_media(self, call: Call) -> Any:
        """editMessageMedia: swap the file (and caption) of a media message."""
        params = call.params
        chat, message = self._editable(params)
        media = params["media"]
        kind = media["type"]
        if message.kind not in MEDIA_KINDS:
            raise bad_request("there is no media in the message to edit")
        if kind not in MEDIA_KINDS:
            raise bad_request(f"the fake Bot API supports only {MEDIA_KINDS} media, not {kind}")
        parsed = parse_body(
            media.get("caption"),
            media.get("parse_mode"),
            media.get("caption_entities"),
            caption=True,
        )
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        stored = self.core.files.resolve(media["media"], kind, call.uploads)
        same_file = message.file is not None and stored.file_id == message.file.file_id
        old = (message.caption, message.entities, message.inline_markup)
        if same_file and old == (parsed.text or None, parsed.entities, markup):
            raise bad_request(NOT_MODIFIED)
        message.kind, message.file = kind, stored
        message.media = media_json(self.core, kind, stored)
        message.caption, message.entities = parsed.text or None, parsed.entities
        message.source, message.parse_mode = media.get("caption"), media.get("parse_mode")
        return await self._edited(chat, message, markup)

    async def edit_reply_markup(self, call: Call) -> Any:
        """editMessageReplyMarkup: no markup removes the keyboard; the same one is a 400."""
        params = call.params
        chat, message = self._editable(params)
        markup = params.get("reply_markup")
        check_reply_markup(markup)
        if markup == message.inline_markup:
            raise bad_request(NOT_MODIFIED)
        return await self._edited(chat, message, markup)

    async def _edited(
        self, chat: ChatState, message: ChatMessage, markup: dict[str, Any] | None
    ) -> Any:
        """Finish an edit: the new keyboard (None removes it), the edit date, the answer."""
        message.reply_markup = markup
        message.edit_date = max(message.date, _now())
        return await self._sent(chat, message)

    async def delete_message(self, call: Call) -> Any:
        """deleteMessage: the message disappears from the chat."""
        chat = self.core.reachable_chat(call.params["chat_id"])
        message = chat.messages.get(call.params["message_id"])
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        message.deleted = True
        await self.core.notify()
        return True

    # -- everything else ----------------------------------------------------------------------

    async def answer_callback_query(self, call: Call) -> Any:
        """A query can be answered once; unknown ids are rejected."""
        query = self.core.callback_queries.get(call.params["callback_query_id"])
        if query is None or query.answered:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        check_callback_answer(call.params)
        query.answered = True
        query.answer = dict(call.params)
        await self.core.notify()
        return True

    async def send_chat_action(self, call: Call) -> Any:
        """sendChatAction: recorded on the chat."""
        chat = self.core.reachable_chat(call.params["chat_id"])
        check_chat_action(call.params["action"])
        chat.actions.append(call.params["action"])
        return True

    async def set_my_commands(self, call: Call) -> Any:
        """setMyCommands for a (scope, language) slot."""
        check_bot_commands(call.params["commands"])
        self.core.commands[self.core.commands_key(call.params)] = list(call.params["commands"])
        return True

    async def get_my_commands(self, call: Call) -> Any:
        """getMyCommands for a (scope, language) slot."""
        return self.core.commands.get(self.core.commands_key(call.params), [])

    async def delete_my_commands(self, call: Call) -> Any:
        """deleteMyCommands for a (scope, language) slot."""
        self.core.commands.pop(self.core.commands_key(call.params), None)
        return True

    async def set_webhook(self, call: Call) -> Any:
        """setWebhook: an https URL (an empty one removes the webhook) and Telegram's rule for
        secret_token (1-256 characters of A-Z a-z 0-9 _ -); 400 otherwise."""
        url = str(call.params["url"])
        if not url:
            self.core.webhook = None
            return True
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = call.params.get("secret_token")
        if secret is not None and not SECRET_SHAPE.fullmatch(str(secret)):
            raise bad_request("secret token contains unallowed characters")
        if "allowed_updates" in call.params:
            allowed = call.params["allowed_updates"]
            self.core.allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATES
        if call.params.get("drop_pending_updates"):
            self.core.updates.clear()
        self.core.webhook = Webhook(url, None if secret is None else str(secret))
        await self.core.notify()
        return True

    async def delete_webhook(self, call: Call) -> Any:
        """deleteWebhook; drop_pending_updates forgets the queue."""
        if call.params.get("drop_pending_updates"):
            self.core.updates.clear()
        self.core.webhook = None
        await self.core.notify()
        return True

    async def get_webhook_info(self, call: Call) -> Any:
        """The webhook set by setWebhook ("url": "" when none is)."""
        info: dict[str, Any] = {
            "url": self.core.webhook.url if self.core.webhook else "",
            "has_custom_certificate": False,
            "pending_update_count": len(self.core.updates),
        }
        if self.core.webhook is not None:
            info["allowed_updates"] = sorted(self.core.allowed_updates)
        return info

    async def create_forum_topic(self, call: Call) -> Any:
        """createForumTopic: a forum supergroup where the bot is an admin who can manage
        topics; the topic's id is the id of its "topic created" service message."""
        chat = self.core.reachable_chat(call.params["chat_id"])
        if chat.info.type != "supergroup" or not chat.info.is_forum:
            raise bad_request("the chat is not a forum")
        if chat.bot_status != "administrator" or not chat.can_manage_topics:
            raise bad_request("not enough rights to create a topic")
        name = str(call.params["name"])
        if not 1 <= len(name) <= 128:
            raise bad_request("TOPIC_NAME_INVALID")
        color = int(call.params.get("icon_color", TOPIC_COLORS[0]))
        if color not in TOPIC_COLORS:
            raise bad_request("TOPIC_ICON_COLOR_INVALID")
        created = {"name": name, "icon_color": color}
        message = chat.add(
            kind="service",
            from_bot=True,
            sender=self.core.bot_user,
            service={"forum_topic_created": created},
        )
        message.thread_id = message.message_id
        chat.topics[message.message_id] = Topic(name, color)
        await self.core.notify()
        return {"message_thread_id": message.message_id, **created}

    async def get_file(self, call: Call) -> Any:
        """getFile: a File whose file_path can be downloaded from base_file_url."""
        stored = self.core.files.meta.get(call.params["file_id"])
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": f"{stored.kind}s/{stored.file_id}",
        }


def _thread(chat: ChatState, params: Mapping[str, Any]) -> int | None:
    """message_thread_id: an existing topic of a forum (400 "message thread not found")."""
    thread = params.get("message_thread_id")
    if thread is None:
        return None
    topic = chat.topics.get(int(thread))
    if not chat.info.is_forum or topic is None or topic.deleted:
        raise bad_request("message thread not found")
    return int(thread)


def _reply_target(chat: ChatState, params: Mapping[str, Any]) -> int | None:
    """reply_parameters.message_id, which must exist unless allow_sending_without_reply."""
    reply = params.get("reply_parameters")
    if not reply:
        return None
    target = chat.messages.get(reply["message_id"])
    if target is None or target.deleted:
        if reply.get("allow_sending_without_reply"):
            return None
        raise bad_request("message to be replied not found")
    return int(reply["message_id"])


def _now() -> int:
    """Unix time, as Telegram stamps messages."""
    return int(time.time())


def generic_result(returns: tuple[str, ...], method: str) -> Any:
    """Methods the fake does not model answer `true` if that is what they return."""
    if "Boolean" in returns or "True" in returns:
        return True
    raise ApiError(400, f"Bad Request: the fake Bot API does not implement {method}")
