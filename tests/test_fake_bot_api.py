"""Tests of the fake Telegram Bot API itself, driven by a real python-telegram-bot `Bot`."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from PIL import Image
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaDocument,
    KeyboardButton,
    ReplyKeyboardMarkup,
    Update,
)
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.ext import Application, ApplicationBuilder, ContextTypes, MessageHandler, filters

from tests.fakes.bot_api import FakeBotApi
from tests.fakes.bot_api_spec import SPEC_PATH, ApiSpec, compact
from tests.fakes.bot_api_text import parse_markdown_v2
from tests.fakes.html_check import EntityParseError, parse_html

TOKEN = "123456789:TEST-token-for-the-fake"
ANN = 1001
BOB = 1002


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        """The current fake time."""
        return self.now


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    """A started fake with two users."""
    async with FakeBotApi(token=TOKEN) as fake:
        fake.user(ANN, first_name="Ann")
        fake.user(BOB, first_name="Bob")
        yield fake


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    """A real PTB Bot talking to the fake over HTTP."""
    async with Bot(TOKEN, base_url=api.base_url, base_file_url=api.base_file_url) as real_bot:
        yield real_bot


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    """One row of callback buttons."""
    return InlineKeyboardMarkup([[InlineKeyboardButton(t, callback_data=d) for t, d in pairs]])


def png(width: int = 8, height: int = 6) -> bytes:
    """A small valid PNG."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


async def raw_post(api: FakeBotApi, method: str, **kwargs: Any) -> httpx.Response:
    """A hand-made HTTP request to the fake, for bodies PTB would never send."""
    async with httpx.AsyncClient() as client:
        return await client.post(f"{api.base_url}{TOKEN}/{method}", **kwargs)


# -- plumbing ----------------------------------------------------------------------------------


async def test_get_me_returns_the_bot_user(bot: Bot) -> None:
    """getMe answers a User that PTB parses, with is_bot and a username."""
    me = await bot.get_me()
    assert me.is_bot
    assert me.id == 123456789
    assert me.username == "fake_coach_bot"


async def test_wrong_token_and_unknown_method(api: FakeBotApi) -> None:
    """A wrong token is 401 Unauthorized and an unknown method 404 Not Found, as JSON."""
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=api.base_url):
            pass  # entering calls getMe, which fails
    async with httpx.AsyncClient() as client:
        unauthorized = await client.post(f"{api.base_url}1:wrong/getMe")
        missing = await client.post(f"{api.base_url}{TOKEN}/sendTelepathy")
    assert unauthorized.status_code == 401
    assert unauthorized.json() == {"ok": False, "error_code": 401, "description": "Unauthorized"}
    assert missing.status_code == 404
    assert missing.json()["description"] == "Not Found"


async def test_json_form_and_multipart_bodies_are_all_accepted(api: FakeBotApi) -> None:
    """The same call works as JSON, urlencoded form and multipart with JSON-encoded fields."""
    markup = '{"inline_keyboard": [[{"text": "Go", "callback_data": "go"}]]}'
    as_json = await raw_post(api, "sendMessage", json={"chat_id": ANN, "text": "json"})
    as_form = await raw_post(
        api, "sendMessage", data={"chat_id": str(ANN), "text": "form", "reply_markup": markup}
    )
    as_multipart = await raw_post(
        api,
        "sendPhoto",
        data={"chat_id": str(ANN), "reply_markup": markup},
        files={"photo": ("p.png", png(), "image/png")},
    )
    assert [r.status_code for r in (as_json, as_form, as_multipart)] == [200, 200, 200]
    assert as_form.json()["result"]["reply_markup"]["inline_keyboard"][0][0]["text"] == "Go"
    assert api.user(ANN).last.kind == "photo"


# -- validation against the spec ---------------------------------------------------------------


FULL_SPEC_EXCERPT: dict[str, Any] = {
    "version": "Bot API 99.0",
    "release_date": "some day",
    "methods": {
        "getMe": {"name": "getMe", "description": ["A simple method."], "returns": ["User"]},
        "setMyCommands": {
            "name": "setMyCommands",
            "description": ["Use this method to change the list of commands."],
            "returns": ["Boolean"],
            "fields": [
                {
                    "name": "commands",
                    "types": ["Array of BotCommand"],
                    "required": True,
                    "description": "A JSON-serialized list of commands",
                },
                {
                    "name": "scope",
                    "types": ["BotCommandScope"],
                    "required": False,
                    "description": "A JSON-serialized object",
                },
            ],
        },
    },
    "types": {
        "BotCommandScope": {
            "name": "BotCommandScope",
            "description": ["This object represents the scope."],
            "subtypes": ["BotCommandScopeChat"],
        },
        "BotCommandScopeChat": {
            "name": "BotCommandScopeChat",
            "description": ["Represents the scope of bot commands, covering a specific chat."],
            "fields": [
                {
                    "name": "type",
                    "types": ["String"],
                    "required": True,
                    "description": "Scope type, must be chat",
                },
                {
                    "name": "chat_id",
                    "types": ["Integer", "String"],
                    "required": True,
                    "description": "Unique identifier for the target chat",
                },
            ],
            "subtype_of": ["BotCommandScope"],
        },
    },
}


def test_compact_spec_keeps_what_validation_needs_and_no_prose() -> None:
    """The refresh script's conversion keeps fields, types, required flags, returns and tags."""
    small = compact(FULL_SPEC_EXCERPT)
    assert small == {
        "version": "Bot API 99.0",
        "methods": {
            "getMe": {"returns": ["User"], "fields": []},
            "setMyCommands": {
                "returns": ["Boolean"],
                "fields": [
                    ["commands", ["Array of BotCommand"], True],
                    ["scope", ["BotCommandScope"], False],
                ],
            },
        },
        "types": {
            "BotCommandScope": {"subtypes": ["BotCommandScopeChat"]},
            "BotCommandScopeChat": {
                "fields": [["type", ["String"], True], ["chat_id", ["Integer", "String"], True]],
                "tag": ["type", "chat"],
            },
        },
    }
    spec = ApiSpec(small)
    assert spec.discriminators == {"BotCommandScopeChat": ("type", "chat")}
    assert spec.methods["setMyCommands"]["commands"].required


def test_the_projects_own_spec_copy_is_complete() -> None:
    """The copy in tests/data covers the whole Bot API, so the fake rejects unknown methods only."""
    spec = ApiSpec.load(SPEC_PATH)
    assert spec.version.startswith("Bot API ")
    assert len(spec.methods) >= 150
    assert {"sendMessage", "editMessageText", "createForumTopic", "setWebhook"} <= set(spec.methods)
    assert spec.discriminators["BotCommandScopeChat"] == ("type", "chat")


async def test_unknown_parameter_and_unknown_nested_field_are_rejected(bot: Bot) -> None:
    """Unknown top-level parameters and unknown fields in an InlineKeyboardButton are 400s."""
    with pytest.raises(BadRequest, match='(?i)unknown parameter "colour"'):
        await bot.send_message(ANN, "hi", api_kwargs={"colour": "red"})
    button = InlineKeyboardButton("Go", callback_data="go", api_kwargs={"colour": "red"})
    with pytest.raises(BadRequest, match='(?i)unknown field "colour" in inlinekeyboardbutton'):
        await bot.send_message(ANN, "hi", reply_markup=InlineKeyboardMarkup([[button]]))


async def test_wrong_types_and_missing_parameters_are_rejected(api: FakeBotApi) -> None:
    """Type checks follow the spec: Boolean, Integer or String chat ids, required fields."""
    wrong_bool = await raw_post(
        api, "sendMessage", json={"chat_id": ANN, "text": "x", "disable_notification": "yes"}
    )
    wrong_chat = await raw_post(api, "sendMessage", json={"chat_id": 1.5, "text": "x"})
    no_text = await raw_post(api, "sendMessage", json={"chat_id": ANN})
    assert wrong_bool.status_code == 400
    assert "disable_notification" in wrong_bool.json()["description"]
    assert "Integer or String" in wrong_chat.json()["description"]
    assert no_text.json()["description"] == "Bad Request: message text is empty"


async def test_callback_data_over_64_bytes_is_rejected(bot: Bot) -> None:
    """callback_data may be 1-64 bytes: 64 passes, 65 is BUTTON_DATA_INVALID."""
    await bot.send_message(ANN, "ok", reply_markup=keyboard(("a", "x" * 64)))
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await bot.send_message(ANN, "too long", reply_markup=keyboard(("a", "é" * 33)))


async def test_inline_button_without_action_and_too_many_buttons(bot: Bot) -> None:
    """An inline button needs an action, and a keyboard holds at most 100 buttons."""
    bare = InlineKeyboardMarkup([[InlineKeyboardButton("just text")]])
    with pytest.raises(BadRequest, match="(?i)text buttons are unallowed"):
        await bot.send_message(ANN, "x", reply_markup=bare)
    rows = [[InlineKeyboardButton(str(i), callback_data=str(i))] for i in range(101)]
    with pytest.raises(BadRequest, match="(?i)too many inline keyboard buttons"):
        await bot.send_message(ANN, "x", reply_markup=InlineKeyboardMarkup(rows))


async def test_text_length_counts_after_entity_parsing(bot: Bot) -> None:
    """4096 characters after parsing pass even if the HTML is longer; 4097 do not."""
    await bot.send_message(ANN, "&lt;" * 4096, parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message is too long"):
        await bot.send_message(ANN, "<b>" + "x" * 4097 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)message text is empty"):
        await bot.send_message(ANN, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="(?i)caption is too long"):
        await bot.send_photo(ANN, png(), caption="c" * 1025)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<b>open", "Can't find end tag"),
        ("a < b", "Unescaped '<'"),
        ("Tom & Jerry", "Unescaped '&'"),
        ("<blink>x</blink>", 'Unsupported start tag "blink"'),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ('<span class="red">x</span>', "tg-spoiler"),
        ("&nbsp;", "Unescaped '&'"),
    ],
)
async def test_bad_html_is_rejected(bot: Bot, body: str, reason: str) -> None:
    """HTML that Telegram cannot parse is a 400 "can't parse entities"."""
    with pytest.raises(BadRequest, match="(?i)can't parse entities") as caught:
        await bot.send_message(ANN, body, parse_mode="HTML")
    assert reason.lower() in str(caught.value).lower()


async def test_good_html_becomes_text_and_entities(bot: Bot) -> None:
    """Allowed tags and entities parse to plain text with UTF-16 entity offsets."""
    html = (
        '💪 <b>Lunge</b> &amp; <a href="https://example.org/x?a=1&amp;b=2">rest</a> '
        '<pre><code class="language-python">x = 1</code></pre> <tg-spoiler>s</tg-spoiler>'
    )
    message = await bot.send_message(ANN, html, parse_mode="HTML")
    assert message.text == "💪 Lunge & rest x = 1 s"
    kinds = [(e.type, e.offset, e.length) for e in message.entities]
    assert kinds == [("bold", 3, 5), ("text_link", 11, 4), ("pre", 16, 5), ("spoiler", 22, 1)]
    assert message.entities[1].url == "https://example.org/x?a=1&b=2"
    assert message.entities[2].language == "python"


def test_markdown_v2_needs_reserved_characters_escaped() -> None:
    """MarkdownV2: an unescaped '.' is an error, an escaped one and *bold* are fine."""
    with pytest.raises(EntityParseError, match="reserved"):
        parse_markdown_v2("Done. Next")
    parsed = parse_markdown_v2(r"*Done*\. Next")
    assert parsed.text == "Done. Next"
    assert parsed.entities[0].type == "bold"
    assert parse_html("<i>x</i>").entities[0].type == "italic"


async def test_set_my_commands_validates_names(bot: Bot, api: FakeBotApi) -> None:
    """Command names are 1-32 of [a-z0-9_]; valid ones are stored and read back."""
    await bot.set_my_commands([BotCommand("start", "Begin"), BotCommand("log_reps", "Log")])
    assert [c.command for c in await bot.get_my_commands()] == ["start", "log_reps"]
    assert api.commands()[1]["description"] == "Log"
    with pytest.raises(BadRequest, match="(?i)bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Start", "Capital letters are not allowed")])
    await bot.delete_my_commands()
    assert await bot.get_my_commands() == ()


# -- messages, edits, files --------------------------------------------------------------------


async def test_send_edit_and_not_modified(bot: Bot, api: FakeBotApi) -> None:
    """An edit changes the stored message; repeating it exactly is "message is not modified"."""
    sent = await bot.send_message(ANN, "Ready?", reply_markup=keyboard(("Yes", "y")))
    edited = await bot.edit_message_text(
        "Go!", ANN, sent.message_id, reply_markup=keyboard(("Yes", "y"))
    )
    assert isinstance(edited, type(sent))
    assert edited.text == "Go!"
    assert api.user(ANN).last.text == "Go!"
    with pytest.raises(BadRequest, match="(?i)message is not modified"):
        await bot.edit_message_text(
            "Go!", ANN, sent.message_id, reply_markup=keyboard(("Yes", "y"))
        )


async def test_edit_without_markup_removes_the_keyboard(bot: Bot, api: FakeBotApi) -> None:
    """Like Telegram, editMessageText without reply_markup drops the inline keyboard."""
    sent = await bot.send_message(ANN, "Pick", reply_markup=keyboard(("A", "a")))
    await bot.edit_message_text("Picked", ANN, sent.message_id)
    assert api.user(ANN).last.labels == []


async def test_edit_errors_match_telegram(bot: Bot) -> None:
    """Unknown message, editing text of a photo, deleting twice: Telegram's 400s."""
    with pytest.raises(BadRequest, match="(?i)message to edit not found"):
        await bot.edit_message_text("x", ANN, 999)
    photo = await bot.send_photo(ANN, png())
    with pytest.raises(BadRequest, match="(?i)there is no text in the message to edit"):
        await bot.edit_message_text("x", ANN, photo.message_id)
    await bot.edit_message_caption(ANN, photo.message_id, caption="now captioned")
    assert await bot.delete_message(ANN, photo.message_id)
    with pytest.raises(BadRequest, match="(?i)message to delete not found"):
        await bot.delete_message(ANN, photo.message_id)


async def test_upload_photo_then_resend_by_file_id(bot: Bot, api: FakeBotApi) -> None:
    """An upload gets a fresh file_id holding the bytes; re-sending by file_id works."""
    image = png(40, 20)
    first = await bot.send_photo(ANN, image, caption="form")
    largest = first.photo[-1]
    assert (largest.width, largest.height) == (40, 20)
    assert api.files[largest.file_id] == image
    again = await bot.send_photo(BOB, largest.file_id)
    assert again.photo[-1].file_id == largest.file_id
    downloaded = await (await bot.get_file(largest.file_id)).download_as_bytearray()
    assert bytes(downloaded) == image
    with pytest.raises(BadRequest, match="(?i)wrong file identifier/http url specified"):
        await bot.send_photo(ANN, "AgACno-such-file")
    with pytest.raises(BadRequest, match="(?i)image_process_failed"):
        await bot.send_photo(ANN, b"not an image")


async def test_edit_media_swaps_the_file(bot: Bot, api: FakeBotApi) -> None:
    """editMessageMedia uploads through attach:// and changes the message's kind."""
    sent = await bot.send_photo(ANN, png())
    await bot.edit_message_media(
        InputMediaDocument(b"plan,reps\n", filename="plan.csv", caption="your plan"),
        ANN,
        sent.message_id,
    )
    last = api.user(ANN).last
    assert (last.kind, last.caption) == ("document", "your plan")
    assert last.file is not None
    assert api.files[last.file.file_id] == b"plan,reps\n"


# -- failures and limits -----------------------------------------------------------------------


async def test_injected_429_raises_retry_after(
    bot: Bot, api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An injected 429 carries retry_after; the next call succeeds again."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # else RetryAfter() itself warns
    api.inject(method="sendMessage", error_code=429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ANN, "hi")
    assert caught.value.retry_after == timedelta(seconds=3)
    await bot.send_message(ANN, "hi")
    assert api.errors_sent[429] == 1
    assert api.count("sendMessage") == 2


async def test_blocked_user_is_403_for_that_chat_only(bot: Bot, api: FakeBotApi) -> None:
    """A 403 injected for one chat hits only that chat; a user who blocks gets 403 too."""
    api.inject(
        method="sendMessage",
        error_code=403,
        description="Forbidden: bot was blocked by the user",
        chat_id=ANN,
        for_seconds=60,
    )
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ANN, "hi")
    await bot.send_message(BOB, "hi")
    await api.user(BOB).block()
    with pytest.raises(Forbidden):
        await bot.send_message(BOB, "still there?")
    updates = await bot.get_updates()
    assert updates[-1].my_chat_member is not None
    assert updates[-1].my_chat_member.new_chat_member.status == "kicked"


async def test_time_window_fault_follows_the_injected_clock() -> None:
    """A "502 Bad Gateway for 10 seconds" fault ends when the test's clock leaves the window."""
    clock = FakeClock()
    async with FakeBotApi(token=TOKEN, clock=clock) as fake:
        fake.user(ANN)
        async with Bot(TOKEN, base_url=fake.base_url) as real_bot:
            fake.inject(error_code=502, description="Bad Gateway", for_seconds=10)
            for _ in range(2):
                with pytest.raises(NetworkError, match="Bad Gateway"):
                    await real_bot.send_message(ANN, "hi")
            clock.now += 10
            await real_bot.send_message(ANN, "hi")


async def test_rate_limits_per_chat_and_globally(monkeypatch: pytest.MonkeyPatch) -> None:
    """With limits on: a burst of 3 per chat, then 429 until a second passes; 30/s overall."""
    monkeypatch.setenv("PTB_TIMEDELTA", "true")  # else RetryAfter() itself warns
    clock = FakeClock()
    async with FakeBotApi(token=TOKEN, clock=clock, enforce_rate_limits=True) as fake:
        for user_id in range(1, 41):
            fake.user(user_id)
        async with Bot(TOKEN, base_url=fake.base_url) as real_bot:
            for _ in range(3):
                await real_bot.send_message(1, "x")
            with pytest.raises(RetryAfter):
                await real_bot.send_message(1, "x")
            clock.now += 1.0
            await real_bot.send_message(1, "x")
            for user_id in range(2, 31):
                await real_bot.send_message(user_id, "x")
            with pytest.raises(RetryAfter):
                await real_bot.send_message(31, "x")


# -- users and updates -------------------------------------------------------------------------


async def test_long_polling_delivers_a_users_message(bot: Bot, api: FakeBotApi) -> None:
    """getUpdates waits for an update, returns it, and offset confirms it."""
    poll = asyncio.create_task(bot.get_updates(timeout=5))
    await api.wait_polling()
    assert not poll.done()
    await api.user(ANN).send("/start now")
    (update,) = await asyncio.wait_for(poll, 2)
    assert update.message is not None
    assert update.message.text == "/start now"
    assert update.message.entities[0].type == "bot_command"
    assert await bot.get_updates(offset=update.update_id + 1) == ()
    assert api.pending_updates == []


async def test_second_poller_gets_409_and_stop_releases_polls(bot: Bot, api: FakeBotApi) -> None:
    """A second bot instance's getUpdates ends the waiting one with 409; stop() ends polls."""
    first = asyncio.create_task(bot.get_updates(timeout=5))
    await api.wait_polling()
    async with Bot(TOKEN, base_url=api.base_url) as other_instance:
        second = asyncio.create_task(other_instance.get_updates(timeout=5))
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await asyncio.wait_for(first, 2)
        await api.wait_polling()
        await api.stop()
        assert await asyncio.wait_for(second, 2) == ()


async def test_allowed_updates_filters_update_kinds(bot: Bot, api: FakeBotApi) -> None:
    """allowed_updates limits what getUpdates returns, and sticks for later calls."""
    await bot.send_message(ANN, "Ready?", reply_markup=keyboard(("Yes", "yes")))
    ann = api.user(ANN)
    await ann.send("text first")
    await ann.press("Yes")
    (only,) = await bot.get_updates(allowed_updates=["callback_query"])
    assert only.callback_query is not None
    (again,) = await bot.get_updates()
    assert again.callback_query is not None


async def test_press_sends_callback_query_answered_once(bot: Bot, api: FakeBotApi) -> None:
    """press() finds the button, sends a callback_query; a second answer is rejected."""
    await bot.send_message(ANN, "Ready?", reply_markup=keyboard(("Yes", "yes"), ("No", "no")))
    ann = api.user(ANN)
    query_id = await ann.press("No")
    (update,) = await bot.get_updates()
    assert update.callback_query is not None
    assert (update.callback_query.id, update.callback_query.data) == (query_id, "no")
    assert update.callback_query.message is not None
    assert await bot.answer_callback_query(query_id, text="Noted")
    assert ann.answers == [{"callback_query_id": query_id, "text": "Noted"}]
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match="(?i)query is too old"):
        await bot.answer_callback_query("12345")


async def test_user_inspection_and_reply_keyboard(bot: Bot, api: FakeBotApi) -> None:
    """user.messages/last/keyboard show the chat now; pressing a reply button sends its text."""
    ann = api.user(ANN)
    markup = ReplyKeyboardMarkup([[KeyboardButton("Mon"), KeyboardButton("Tue")]])
    await bot.send_message(ANN, "Which day?", reply_markup=markup)
    assert ann.keyboard == [["Mon", "Tue"]]
    await ann.tap("Tue")
    (update,) = await bot.get_updates()
    assert update.message is not None
    assert update.message.text == "Tue"
    await ann.send_location(52.5, 13.4)
    await ann.send_photo()
    await ann.send_sticker()
    messages = [u.message for u in await bot.get_updates(offset=-3)]
    assert [type(m.effective_attachment).__name__ for m in messages if m] == [
        "Location",
        "tuple",
        "Sticker",
    ]


async def test_group_and_channel_updates(bot: Bot, api: FakeBotApi) -> None:
    """Group messages come with chat type "group"; privacy mode hides non-commands there."""
    group = api.group(-500, title="Gym")
    channel = api.channel(-100600, title="News", username="news")
    ann = api.user(ANN)
    await ann.send("just chatting", chat=group)
    await ann.send("/plan", chat=group)
    await channel.post("new article")
    updates = await bot.get_updates()
    assert [u.effective_message.text for u in updates if u.effective_message] == [
        "/plan",
        "new article",
    ]
    assert updates[0].effective_chat is not None
    assert updates[0].effective_chat.type == "group"
    assert updates[1].channel_post is not None
    await bot.send_message("@news", "posted")
    assert channel.last.text == "posted"


async def test_wait_helpers_are_event_driven(bot: Bot, api: FakeBotApi) -> None:
    """reply_to returns the bot's next message or edit; wait_for sees later matches."""
    ann = api.user(ANN)

    async def answer_later() -> None:
        await bot.get_updates(timeout=2)  # the bot answers once Ann's message arrives
        sent = await bot.send_message(ANN, "first")
        await bot.edit_message_text("edited", ANN, sent.message_id)

    task = asyncio.create_task(answer_later())
    await api.wait_polling()
    reply = await ann.reply_to("hello", timeout=2)
    assert reply.text in ("first", "edited")
    found = await ann.wait_for(lambda m: m.text == "edited", timeout=2)
    await task
    assert found.message_id == reply.message_id
    assert (await ann.next_message(timeout=2)).text == "edited"  # the edit is the next event
    with pytest.raises(TimeoutError, match="did not answer"):
        await ann.next_message(timeout=0.05)


# -- a whole PTB Application -------------------------------------------------------------------


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo the user's text back."""
    assert update.effective_message is not None
    await update.effective_message.reply_text(f"echo: {update.effective_message.text}")


async def test_application_echoes_end_to_end(api: FakeBotApi) -> None:
    """A real Application polls the fake, handles a user's message and stops cleanly."""
    app: Application[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    await app.initialize()
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(poll_interval=0, timeout=1)
    try:
        reply = await api.user(ANN).reply_to("hello coach", timeout=5)
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()
    assert reply.text == "echo: hello coach"
    assert api.count("getMe") == 1
    assert api.count("deleteWebhook") == 1
