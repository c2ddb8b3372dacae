"""Operating the bot: /admin, one log line per update, /healthz and /metrics, Bot API outages."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest

from bot.clock import FakeClock
from bot.content import Content
from bot.storage.db import Database
from bot.telegram.runner import Options, serve
from tests.chat import ChatHarness
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi
from tests.test_e2e_screening import screen
from tests.test_screening_chat import answer_all


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@asynccontextmanager
async def bot_with(
    api: FakeBotApi, db: Database, content: Content, **options: object
) -> AsyncIterator[None]:
    stop = asyncio.Event()
    opts = Options(poll_timeout=1, chat_rate=50.0, tick_seconds=0.2, **options)  # type: ignore[arg-type]
    task = asyncio.create_task(serve(DEFAULT_TOKEN, api.base_url, db, content, stop, opts))
    try:
        yield
    finally:
        stop.set()
        await asyncio.wait_for(task, timeout=20)


async def test_admin_sees_counts_and_others_see_an_unknown_command(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """/admin for an admin: users, outcomes, reminders; for anyone else: unknown command."""
    admin = ChatHarness(db, content, clock, user_id=1)
    admin.coach.admins = frozenset({1})
    other = ChatHarness(db, content, clock, user_id=2)
    for chat, yes in ((admin, set()), (other, {1})):
        await chat.send("/start")
        await answer_all(chat, yes)
    await admin.send("/admin")
    assert "Users: 2" in admin.last.text
    assert "cleared 1" in admin.last.text
    assert "doctor 1" in admin.last.text
    await other.send("/admin")
    assert other.last.text == content.texts("unknown_command")


async def test_one_log_line_per_update_without_message_text(
    db: Database, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    """Each update logs one line with kind, outcome and latency; never the user's text."""
    async with FakeBotApi() as api, bot_with(api, db, content):
        await api.wait_polling(10)
        user = api.user(5)
        with caplog.at_level(logging.INFO, logger="bot.updates"):
            await user.reply_to("my secret diary entry")
            await user.reply_to("/help")
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.updates"]
    assert len(lines) == 2
    assert "kind=text outcome=ok" in lines[0]
    assert "kind=command:help outcome=ok" in lines[1]
    assert all(" ms=" in line for line in lines)
    assert "secret" not in caplog.text


async def test_healthz_and_metrics(db: Database, content: Content) -> None:
    """GET /healthz answers ok; GET /metrics counts the updates handled."""
    port = free_port()
    async with FakeBotApi() as api, bot_with(api, db, content, http=("127.0.0.1", port)):
        await api.wait_polling(10)
        await screen(api.user(6), set())
        async with httpx.AsyncClient() as client:
            health = await client.get(f"http://127.0.0.1:{port}/healthz")
            metrics = await client.get(f"http://127.0.0.1:{port}/metrics")
    assert health.status_code == 200
    assert health.json() == {"status": "ok", "database": True, "bot_api": True}
    assert 'coach_updates_total{outcome="ok"} 14.0' in metrics.text
    assert "coach_update_seconds_bucket" in metrics.text
    assert 'coach_messages_total{what="sent"}' in metrics.text


async def test_unreachable_bot_api_is_retried_and_logged_once_per_change(
    db: Database, content: Content, caplog: pytest.LogCaptureFixture
) -> None:
    """502 at start-up and during polling: the bot keeps retrying; one line down, one line up."""
    async with FakeBotApi() as api:
        api.inject(method="getMe", error_code=502, description="Bad Gateway", times=3)
        with caplog.at_level(logging.INFO, logger="bot.telegram.health"):
            async with bot_with(api, db, content):
                await api.wait_polling(20)
                reply = await api.user(7).reply_to("/help", timeout=10)
                assert "/start" in reply.body
                api.inject(
                    method="getUpdates", error_code=502, description="Bad Gateway", for_seconds=3
                )
                await api.core.wait(lambda: api.errors_sent[502] >= 5, 20)
                reply = await api.user(7).reply_to("/help", timeout=30)
    messages = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.health"]
    down = [m for m in messages if "unreachable" in m]
    up = [m for m in messages if "reachable again" in m]
    assert len(down) == 2, messages
    assert "at start-up" in down[0]
    assert "TELEGRAM_API_BASE_URL" in down[0]
    assert "network" in down[0]
    assert "TELEGRAM_API_BASE_URL" not in down[1]  # later outages are Telegram's, not the setup
    assert len(up) == 2, messages
    assert api.errors_sent[502] >= 5


@pytest.mark.parametrize(
    ("code", "description"),
    [(400, "Bad Request: wrong proxy"), (403, None), (429, None), (409, None)],
)
async def test_a_refusal_at_start_up_is_one_line_not_an_outage(
    db: Database,
    content: Content,
    caplog: pytest.LogCaptureFixture,
    code: int,
    description: str | None,
) -> None:
    """4xx answers to getMe are retried with one line naming what to check, however often."""
    async with FakeBotApi() as api:
        api.inject(method="getMe", error_code=code, description=description, times=3)
        with caplog.at_level(logging.INFO, logger="bot.telegram.health"):
            async with bot_with(api, db, content):
                await api.wait_polling(30)
                reply = await api.user(7).reply_to("/help", timeout=10)
                assert "/start" in reply.body
    messages = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.health"]
    assert len(messages) == 1, messages
    assert "refused start-up" in messages[0]
    assert "TELEGRAM_API_BASE_URL" in messages[0]
    assert api.errors_sent[code] == 3


async def test_stop_during_a_dispatch_returns_at_once(db: Database) -> None:
    """Regression: stop() arriving while the outbox looks for work must not leave it asleep
    for its idle timeout (a SIGTERM under load used to take up to a minute)."""
    from bot.clock import SystemClock
    from bot.outbox import Outbox
    from tests.chat import Recorder

    outbox = Outbox(db, Recorder(), SystemClock())
    original = outbox._dispatch_due
    stopping: list[asyncio.Task[None]] = []

    async def dispatch_then_stop() -> float:
        pause = await original()
        if not stopping:
            stopping.append(asyncio.create_task(outbox.stop()))
            await asyncio.sleep(0)  # let stop() run now, in the middle of this dispatch
        return pause

    outbox._dispatch_due = dispatch_then_stop  # type: ignore[method-assign]
    runner = asyncio.create_task(outbox.run())
    await asyncio.wait_for(runner, timeout=5)  # the idle timeout is 60 s
    await stopping[0]


async def test_a_burst_of_sends_hands_httpx_at_most_pool_size_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Regression: hundreds of chats answered at once used to queue inside httpx's connection
    pool, whose bookkeeping re-scans every waiting request on every start and end (most of the
    bot's CPU under load). Now at most pool-size requests reach httpx; the rest wait their turn
    and every one of them goes through."""
    from aiohttp import web
    from telegram.request import HTTPXRequest

    from bot.telegram.health import ApiHealth, MonitoredRequest

    inside_httpx, most = 0, 0
    plain_do_request = HTTPXRequest.do_request

    async def counting(self: HTTPXRequest, *args: object, **kwargs: object) -> tuple[int, bytes]:
        nonlocal inside_httpx, most
        inside_httpx += 1
        most = max(most, inside_httpx)
        try:
            return await plain_do_request(self, *args, **kwargs)  # type: ignore[arg-type]
        finally:
            inside_httpx -= 1

    monkeypatch.setattr(HTTPXRequest, "do_request", counting)

    async def slow_ok(_: web.Request) -> web.Response:
        await asyncio.sleep(0.02)  # the server's latency, not a wait in the test
        return web.json_response({"ok": True, "result": True})

    app = web.Application()
    app.router.add_post("/{tail:.*}", slow_ok)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    health = ApiHealth()
    request = MonitoredRequest(health, connection_pool_size=2)
    await request.initialize()
    try:
        url = f"http://127.0.0.1:{runner.addresses[0][1]}/bot{DEFAULT_TOKEN}/sendMessage"
        results = await asyncio.gather(*(request.post(url) for _ in range(12)))
    finally:
        await request.shutdown()
        await runner.cleanup()
    assert results == [True] * 12
    assert most == 2
    assert health.reachable
