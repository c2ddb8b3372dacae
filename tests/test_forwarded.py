"""Someone else's words are never logged as the user's sets: a forwarded log is asked about,
the coach's own confirmation sent back is explained; in-process and through the strict fake."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import FakeClock
from bot.coach.messages import Text
from bot.content import Content
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi
from tests.test_e2e_screening import screen
from tests.test_logging_chat import screened, stored_sets

ASK = "That's a forwarded message, so I haven't logged it. Log these sets as yours?"
OWN = "That's my own confirmation coming back, so I haven't logged it again."


@pytest.mark.parametrize(
    "text",
    ["did 3x12 today", "3x10", "10 10 8", "left 10 right 9", "12 each leg @2kg", "done"],
)
async def test_a_forwarded_log_is_asked_about_and_not_stored(
    chat: ChatHarness, db: Database, text: str
) -> None:
    """A friend's log forwarded into the chat stores nothing until the user says it is theirs."""
    await screened(chat)
    await chat.event(Text(text, forwarded=True))
    assert ASK in chat.last.text
    assert chat.last.labels == ["Yes, log them", "No"]
    assert await stored_sets(db, chat.user_id) == []


async def test_yes_logs_the_forwarded_sets_as_the_users(chat: ChatHarness, db: Database) -> None:
    """ "Yes, log them" reads the forwarded text as the user's own log; a second press changes
    nothing."""
    await screened(chat)
    await chat.event(Text("did 3x12 today", forwarded=True))
    question = chat.last
    await chat.press("Yes, log them")
    assert "Logged for today: 3 sets x 12 reps per leg" in chat.last.text
    await chat.press("Yes, log them", question)
    assert chat.last_notice is not None
    assert "expired" in chat.last_notice
    assert await stored_sets(db, chat.user_id) == [(12, "both", None)] * 3


async def test_no_logs_nothing(chat: ChatHarness, db: Database) -> None:
    """ "No" keeps the forwarded sets out of the log and says so."""
    await screened(chat)
    await chat.event(Text("3x12", forwarded=True))
    await chat.press("No")
    assert chat.last.text.startswith("OK, nothing logged.")
    assert await stored_sets(db, chat.user_id) == []


async def test_a_forwarded_message_with_pain_words_stores_no_log(
    chat: ChatHarness, db: Database
) -> None:
    """A friend's "3x12, knee hurts" is not the user's log, not even as a pain-marked one."""
    await screened(chat)
    await chat.event(Text("did 3x12, my knee hurts", forwarded=True))
    assert ASK in chat.last.text
    assert await stored_sets(db, chat.user_id) == []


async def test_forwarded_text_that_is_no_log_is_read_as_usual(chat: ChatHarness) -> None:
    """Forwarding is only asked about when the text reads as a log."""
    await screened(chat)
    await chat.event(Text("what a lovely day", forwarded=True))
    assert "I'm not sure what you mean" in chat.last.text


@pytest.mark.parametrize(
    "pasted",
    [
        "✅ Logged for today: 3 sets x 10 reps per leg, bodyweight.",
        "✅ Logged   for TODAY: 3 sets x 10 reps per leg, bodyweight.",
        "✅ One more set logged for today: 1 set x 12 reps per leg, bodyweight.",
        "✅ Logged for yesterday, Sun 22 Nov: 3 sets x 10 reps per leg, bodyweight.",
        "✏️ Updated today's log: 2 sets x 12 reps per leg, bodyweight.",
        "✅ Workout logged: 3 sets x 10 reps per leg, bodyweight, felt easy.",
    ],
)
@pytest.mark.parametrize("forwarded", [False, True])
async def test_the_coachs_own_confirmation_sent_back_is_not_logged_again(
    chat: ChatHarness, db: Database, pasted: str, forwarded: bool
) -> None:
    """A confirmation pasted or forwarded back is explained, and nothing is stored twice."""
    await screened(chat)
    await chat.send("3x10")
    await chat.event(Text(pasted, forwarded=forwarded))
    assert OWN in chat.last.text
    assert chat.last.labels == []
    assert await stored_sets(db, chat.user_id) == [(10, "both", None)] * 3


def test_the_fakes_forward_origins_follow_the_bot_api_spec() -> None:
    """Each MessageOrigin the fake sends has its type's tag and every required field."""
    spec = json.loads(Path("tests/data/bot_api_spec.json").read_text(encoding="utf-8"))
    types = spec.get("types", spec)
    user = FakeBotApi().user(1)
    for name in types["MessageOrigin"]["subtypes"]:
        tag, kind = types[name]["tag"]
        origin = user._origin(kind, None)  # noqa: SLF001 - the fake's own builder
        assert origin[tag] == kind
        required = {field for field, _, needed in types[name]["fields"] if needed}
        assert required <= set(origin), (name, required - set(origin))


@pytest.fixture
async def api(db: Database, content: Content, clock: FakeClock) -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake, running_bot(fake, db, content, clock=clock):
        yield fake


@pytest.mark.parametrize("origin", ["user", "hidden_user", "chat", "channel"])
async def test_a_forwarded_log_over_http_is_asked_about(
    api: FakeBotApi, db: Database, origin: str
) -> None:
    """Through the strict fake: a forwarded "did 3x12 today" of each origin asks first; "Yes,
    log them" stores it."""
    ann = api.user(21, first_name="Ann")
    await screen(ann, set())
    await ann.forward("did 3x12 today", origin)
    asked = await ann.next_message()
    assert ASK in asked.body
    assert await stored_sets(db, 21) == []
    await ann.press("Yes, log them")
    logged = await ann.wait_for(lambda m: "Logged for today" in m.body)
    assert "3 sets x 12 reps per leg" in logged.body
    assert await stored_sets(db, 21) == [(12, "both", None)] * 3
    assert sum(api.errors_sent.values()) == 0, api.errors_sent


async def test_the_coachs_own_confirmation_forwarded_back_over_http(
    api: FakeBotApi, db: Database
) -> None:
    """Through the strict fake: the bot's acknowledgement forwarded back stores nothing."""
    ann = api.user(22, first_name="Ann")
    await screen(ann, set())
    logged = await ann.reply_to("3x10")
    await ann.forward(logged.body, "user", sender=api.bot_user)
    assert OWN in (await ann.next_message()).body
    assert await stored_sets(db, 22) == [(10, "both", None)] * 3
