"""Webhook mode: its settings, the same conversations as polling, the secret, redeliveries,
failures Telegram retries, switching back to polling, and the fake's side of webhooks."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.config import ConfigError, load_settings
from bot.content import Content
from bot.storage.db import Database
from bot.storage.users import Updates
from tests.e2e import MODES, WEBHOOK_SECRET, WEBHOOK_URL, Mode, free_port, running_bot
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi
from tests.test_config_and_content import run_bot
from tests.test_e2e_screening import screen

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header's name


# -- settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("WEBHOOK_URL", "http://coach.example.com/telegram"),
        ("WEBHOOK_URL", "coach.example.com"),
        ("WEBHOOK_SECRET", "has spaces in it"),
        ("WEBHOOK_SECRET", "x" * 257),
        ("WEBHOOK_SECRET", "dots.are.not.allowed"),
    ],
)
def test_bad_webhook_setting_names_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    """A malformed URL or secret: ConfigError naming the setting, never showing the value."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WEBHOOK_URL", WEBHOOK_URL)
    monkeypatch.setenv("WEBHOOK_SECRET", WEBHOOK_SECRET)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"^{name}: ") as raised:
        load_settings()
    assert name != "WEBHOOK_SECRET" or value not in str(raised.value)


@pytest.mark.parametrize(
    ("given", "missing"), [("WEBHOOK_URL", "WEBHOOK_SECRET"), ("WEBHOOK_SECRET", "WEBHOOK_URL")]
)
def test_one_webhook_setting_without_the_other_names_the_missing_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, given: str, missing: str
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(missing, raising=False)
    monkeypatch.setenv(given, WEBHOOK_URL if given == "WEBHOOK_URL" else WEBHOOK_SECRET)
    with pytest.raises(ConfigError, match=f"^{missing}: not set, but {given} is"):
        load_settings()


def test_webhook_settings_and_the_default_port(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Both set: webhook mode, served on HTTP_PORT or 8080; neither: polling, no HTTP."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HTTP_PORT", raising=False)
    for name in ("WEBHOOK_URL", "WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    assert load_settings().webhook is None
    assert load_settings().http_address is None
    monkeypatch.setenv("WEBHOOK_URL", WEBHOOK_URL)
    monkeypatch.setenv("WEBHOOK_SECRET", WEBHOOK_SECRET)
    settings = load_settings()
    assert settings.webhook == (WEBHOOK_URL, WEBHOOK_SECRET)
    assert settings.http_address == ("127.0.0.1", 8080)
    assert WEBHOOK_SECRET not in repr(settings)
    monkeypatch.setenv("HTTP_PORT", "9000")
    assert load_settings().http_address == ("127.0.0.1", 9000)


def test_missing_webhook_secret_exits_2_with_one_line(tmp_path: Path) -> None:
    result = run_bot("check-content", env={"WEBHOOK_URL": WEBHOOK_URL}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "WEBHOOK_SECRET" in result.stderr


# -- the same conversations in both modes -------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
async def test_screening_a_log_and_a_lesson_button_in_both_modes(
    db: Database, content: Content, mode: Mode
) -> None:
    """/start and 13 taps, a typed log, the lesson's Next button: the same over either path."""
    async with FakeBotApi() as api, running_bot(api, db, content, mode=mode):
        user = api.user(31, first_name="Ann")
        assert "cleared for the full plan" in await screen(user, set())
        logged = await user.reply_to("3x10")
        assert "Logged for today: 3 sets x 10 reps per leg" in logged.body
        await user.press("Learn the reverse lunge ▶")
        step = await user.wait_for(lambda m: "Step 1 of" in m.body)
        await user.press("Next ▶", message_id=step.message_id)
        await user.wait_for(lambda m: "Step 2 of" in m.body)
        assert sum(api.errors_sent.values()) == 0, api.errors_sent
        if mode == "webhook":
            assert api.count("getUpdates") == 0
            [hook] = api.calls_to("setWebhook")
            assert hook["url"] == WEBHOOK_URL
            assert hook["secret_token"] == WEBHOOK_SECRET
            assert set(hook["allowed_updates"]) == {"message", "edited_message", "callback_query"}
            assert all(status == 200 for _, status in api.webhook_deliveries)
        else:
            assert api.count("setWebhook") == 0
            assert api.count("deleteWebhook") == 0  # none was set


# -- webhook-specific -----------------------------------------------------------------------------


def update_json(update_id: int, user_id: int, text: str) -> dict[str, Any]:
    """A private text message from `user_id`, as Telegram posts it."""
    person = {"id": user_id, "is_bot": False, "first_name": "Zed"}
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Zed"},
            "from": person,
            "text": text,
        },
    }


async def count(db: Database, table: str) -> int:
    async with db.transaction() as tx:
        row = await tx.fetchone(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - a test's table
    assert row is not None
    return int(row[0])


@pytest.fixture
async def webhook_bot(db: Database, content: Content) -> AsyncIterator[tuple[FakeBotApi, str]]:
    """The bot in webhook mode and the local address of its webhook."""
    port = free_port()
    async with FakeBotApi() as api, running_bot(api, db, content, mode="webhook", port=port):
        yield api, f"http://127.0.0.1:{port}/telegram"


async def test_wrong_or_missing_secret_and_bad_json_touch_nothing(
    webhook_bot: tuple[FakeBotApi, str], db: Database
) -> None:
    """403 without the right secret, 400 for a body that is not an Update; nothing stored."""
    api, url = webhook_bot
    api.user(41)
    update = update_json(900_001, 41, "/start")
    async with httpx.AsyncClient() as client:
        missing = await client.post(url, json=update)
        wrong = await client.post(url, json=update, headers={SECRET_HEADER: "not-the-secret"})
        close = await client.post(url, json=update, headers={SECRET_HEADER: WEBHOOK_SECRET + "x"})
        broken = await client.post(
            url, content=b"{not json", headers={SECRET_HEADER: WEBHOOK_SECRET}
        )
        not_update = await client.post(url, json=[1, 2], headers={SECRET_HEADER: WEBHOOK_SECRET})
    assert [r.status_code for r in (missing, wrong, close)] == [403, 403, 403]
    assert [r.status_code for r in (broken, not_update)] == [400, 400]
    assert await count(db, "processed_updates") == 0
    assert await count(db, "users") == 0
    assert await count(db, "outbox") == 0


async def test_a_redelivered_update_is_handled_once(
    webhook_bot: tuple[FakeBotApi, str], db: Database
) -> None:
    """The same update_id posted twice: 200 both times (committed), one reply."""
    api, url = webhook_bot
    user = api.user(42)
    update = update_json(900_002, 42, "/help")
    headers = {SECRET_HEADER: WEBHOOK_SECRET}
    async with httpx.AsyncClient() as client:
        first = await client.post(url, json=update, headers=headers)
        again = await client.post(url, json=update, headers=headers)
    assert (first.status_code, again.status_code) == (200, 200)
    async with db.transaction() as tx:
        rows = await tx.fetchall("SELECT update_id FROM processed_updates")
    assert [row[0] for row in rows] == [900_002]
    await user.next_message()
    # One chat's replies go out in order: a second reply to the first update would come
    # before the reply to this one.
    await user.reply_to("/help")
    assert len([c for c in api.calls_to("sendMessage") if c["chat_id"] == 42]) == 2


async def test_a_failed_update_is_answered_500_and_handled_on_the_retry(
    webhook_bot: tuple[FakeBotApi, str], db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Storage raising: 500, nothing stored, no apology; Telegram's retry is handled once."""
    api, _ = webhook_bot
    real_claim = Updates.claim
    failures = 1

    async def flaky(self: Updates, update_id: int, now: datetime) -> bool:
        nonlocal failures
        if failures:
            failures -= 1
            raise OSError("disk I/O error")
        return await real_claim(self, update_id, now)

    monkeypatch.setattr(Updates, "claim", flaky)
    user = api.user(43)
    await user.send("/help")
    reply = await user.next_message()
    assert "sorry" not in reply.body.lower()
    [(first_id, first), (again_id, second)] = api.webhook_deliveries
    assert first_id == again_id
    assert (first, second) == (500, 200)
    assert await count(db, "processed_updates") == 1


async def test_an_update_failing_every_time_is_given_up_with_an_apology(
    webhook_bot: tuple[FakeBotApi, str],
    db: Database,
    content: Content,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After five failed attempts the user is told sorry and the update answered 200, so it
    does not hold the chat's later updates for ever."""
    api, _ = webhook_bot

    async def broken(self: Updates, update_id: int, now: datetime) -> bool:
        raise OSError("disk I/O error")

    monkeypatch.setattr(Updates, "claim", broken)
    user = api.user(44)
    await user.send("/help")
    reply = await user.next_message()
    assert reply.body == content.texts("sorry")
    assert [status for _, status in api.webhook_deliveries] == [500, 500, 500, 500, 200]


async def test_switching_back_to_polling_deletes_the_webhook(
    db: Database, content: Content
) -> None:
    """Webhook mode, stop, an update arrives meanwhile, then polling: the bot deletes the
    webhook (keeping the pending update) and handles it."""
    async with FakeBotApi() as api:
        user = api.user(45)
        async with running_bot(api, db, content, mode="webhook"):
            await user.reply_to("/help")
        assert api.core.webhook is not None  # a stop leaves the webhook set: updates wait
        async with running_bot(api, db, content, mode="polling"):
            assert api.count("deleteWebhook") == 1
            assert api.core.webhook is None
            await user.reply_to("/help")
        assert api.count("getWebhookInfo") >= 1


# -- the fake's side ------------------------------------------------------------------------------


async def test_fake_refuses_getupdates_while_a_webhook_is_set_and_checks_the_secret() -> None:
    async with FakeBotApi() as api, httpx.AsyncClient() as client:
        base = f"{api.base_url}{DEFAULT_TOKEN}"
        bad_url = await client.post(f"{base}/setWebhook", json={"url": "http://x.example/t"})
        bad_secret = await client.post(
            f"{base}/setWebhook", json={"url": WEBHOOK_URL, "secret_token": "no spaces"}
        )
        long_secret = await client.post(
            f"{base}/setWebhook", json={"url": WEBHOOK_URL, "secret_token": "x" * 257}
        )
        assert [r.status_code for r in (bad_url, bad_secret, long_secret)] == [400, 400, 400]
        ok = await client.post(
            f"{base}/setWebhook", json={"url": WEBHOOK_URL, "secret_token": WEBHOOK_SECRET}
        )
        assert ok.json() == {"ok": True, "result": True}
        info = (await client.post(f"{base}/getWebhookInfo")).json()["result"]
        assert info["url"] == WEBHOOK_URL
        conflict = await client.post(f"{base}/getUpdates", json={"timeout": 0})
        assert conflict.status_code == 409
        assert "webhook is active" in conflict.json()["description"]
        await client.post(f"{base}/deleteWebhook")
        polled = await client.post(f"{base}/getUpdates", json={"timeout": 0})
        assert polled.json() == {"ok": True, "result": []}
