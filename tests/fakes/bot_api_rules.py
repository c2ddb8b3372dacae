"""Telegram's own rules beyond the types in the spec: lengths, keyboards, commands, parse modes.

Each check raises `ApiError` with the 400 Telegram sends (or a close, descriptive wording where
Telegram's own is an opaque constant).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from tests.fakes.bot_api_spec import ApiError, bad_request
from tests.fakes.bot_api_text import parse_formatted
from tests.fakes.html_check import Entity, EntityParseError, ParsedText

__all__ = [
    "CAPTION_LIMIT",
    "TEXT_LIMIT",
    "check_bot_commands",
    "check_callback_answer",
    "check_chat_action",
    "check_reply_markup",
    "parse_body",
]

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_BYTES = 64
INLINE_BUTTONS_MAX = 100
CALLBACK_ANSWER_LIMIT = 200
COMMANDS_MAX = 100
_COMMAND_RE = re.compile(r"[a-z0-9_]{1,32}")
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)
CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)


def parse_body(
    source: str | None,
    parse_mode: str | None,
    entities: Sequence[Mapping[str, Any]] | None,
    *,
    caption: bool,
) -> ParsedText:
    """Parse a text or caption as Telegram does and enforce its length (after parsing)."""
    if parse_mode and entities:
        raise bad_request("parse_mode and entities can't be used together")
    try:
        parsed = parse_formatted(source or "", parse_mode)
    except EntityParseError as error:
        raise bad_request(f"can't parse entities: {error}") from None
    except ValueError:
        raise bad_request(f"unsupported parse_mode {parse_mode!r}") from None
    if entities:
        parsed = ParsedText(parsed.text, tuple(_entity(e) for e in entities))
    _check_length(parsed.text, caption=caption)
    return parsed


def _entity(raw: Mapping[str, Any]) -> Entity:
    """A MessageEntity given by the caller instead of a parse_mode."""
    extra = tuple(sorted((k, v) for k, v in raw.items() if k not in ("type", "offset", "length")))
    return Entity(str(raw["type"]), int(raw["offset"]), int(raw["length"]), extra)


def _check_length(text: str, *, caption: bool) -> None:
    """Text: 1-4096 characters; caption: 0-1024."""
    if caption:
        if len(text) > CAPTION_LIMIT:
            raise bad_request("message caption is too long")
        return
    if not text:
        raise bad_request("message text is empty")
    if len(text) > TEXT_LIMIT:
        raise bad_request("message is too long")


def check_reply_markup(markup: Mapping[str, Any] | None) -> None:
    """Inline keyboards: at most 100 buttons, each with a label and exactly one action."""
    if not markup:
        return
    if "inline_keyboard" in markup:
        _check_inline_keyboard(markup["inline_keyboard"])
    elif "keyboard" in markup:
        for row in markup["keyboard"]:
            for button in row:
                if not button.get("text"):
                    raise bad_request("keyboard button text is empty")


def _check_inline_keyboard(rows: Sequence[Sequence[Mapping[str, Any]]]) -> None:
    """Every button of an InlineKeyboardMarkup."""
    count = sum(len(row) for row in rows)
    if count > INLINE_BUTTONS_MAX:
        raise bad_request(f"too many inline keyboard buttons: {count} > {INLINE_BUTTONS_MAX}")
    for row in rows:
        for button in row:
            _check_inline_button(button)


def _check_inline_button(button: Mapping[str, Any]) -> None:
    """Text non-empty, exactly one action, callback_data 1-64 bytes."""
    if not button.get("text"):
        raise bad_request("inline keyboard button text is empty")
    actions = [name for name in _BUTTON_ACTIONS if name in button]
    if not actions:
        raise bad_request("text buttons are unallowed in the inline keyboard")
    if len(actions) > 1:
        raise bad_request(f"inline keyboard button has more than one action: {actions}")
    data = button.get("callback_data")
    if data is not None and not 1 <= len(data.encode("utf-8")) <= CALLBACK_DATA_BYTES:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not re.match(r"(https?|tg)://\S+", url):
        raise bad_request("BUTTON_URL_INVALID")


def check_bot_commands(commands: Sequence[Mapping[str, Any]]) -> None:
    """setMyCommands: at most 100; names 1-32 of [a-z0-9_]; descriptions 1-256 characters."""
    if len(commands) > COMMANDS_MAX:
        raise bad_request("too many commands")
    for command in commands:
        if not _COMMAND_RE.fullmatch(command["command"]):
            raise bad_request(f"BOT_COMMAND_INVALID: {command['command']!r}")
        if not 1 <= len(command["description"]) <= 256:
            raise bad_request("command description must be 1-256 characters long")


def check_callback_answer(params: Mapping[str, Any]) -> None:
    """answerCallbackQuery: the notification text is at most 200 characters."""
    if len(params.get("text") or "") > CALLBACK_ANSWER_LIMIT:
        raise bad_request("MESSAGE_TOO_LONG: callback answer text is over 200 characters")


def check_chat_action(action: str) -> None:
    """sendChatAction: only the documented actions."""
    if action not in CHAT_ACTIONS:
        raise ApiError(400, "Bad Request: wrong parameter action in request")
