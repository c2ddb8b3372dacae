"""A strict fake of the Telegram Bot API over real HTTP, for end-to-end tests of the bot.

Point a python-telegram-bot `Application` at it and play users::

    async with FakeBotApi(token=TOKEN) as api:
        app = (
            ApplicationBuilder().token(TOKEN)
            .base_url(api.base_url).base_file_url(api.base_file_url).build()
        )
        ann = api.user(1001, first_name="Ann")
        reply = await ann.reply_to("/start")

Every call is validated against the project's copy of the Bot API spec (`tests/data/
bot_api_spec.json`: unknown or missing
parameters, wrong types, nested objects field by field) and Telegram's own rules (text length
after entity parsing, HTML that must parse, callback_data of 1-64 bytes, ...), and answered with
the same JSON and HTTP status Telegram would send. Failures can be injected per method and chat,
a number of times or for a time window; Telegram's flood limits can be enforced.

Webhooks: after setWebhook (an https URL; secret_token checked as Telegram does), getUpdates
answers 409 Conflict and the fake POSTs each pending update, oldest first and one at a time, to
the webhook with the `X-Telegram-Bot-Api-Secret-Token` header, as Telegram does; an answer
other than 2xx (or none) is retried after a short backoff (50 ms doubling to 0.5 s), and only a
2xx removes the update. The public URL cannot be reached from a test, so the fake posts to
`webhook_target` (e.g. "http://127.0.0.1:8123") in place of the URL's scheme and host, keeping
its path. Every attempt is recorded in `webhook_deliveries` as (update_id, HTTP status; 0 for
no answer). deleteWebhook switches back to getUpdates.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from aiohttp import BodyPartReader, ClientError, ClientSession, ClientTimeout, web

from tests.fakes.bot_api_faults import Fault, FaultInjector, RateLimiter
from tests.fakes.bot_api_methods import Call, MethodTable, generic_result
from tests.fakes.bot_api_spec import SPEC_PATH, ApiError, ApiSpec, Upload, bad_request
from tests.fakes.bot_api_state import DEFAULT_UPDATES, ChatInfo, Core
from tests.fakes.bot_api_users import FakeChat, FakeUser

__all__ = ["ApiError", "FakeBotApi", "FakeChat", "FakeUser", "Fault"]

DEFAULT_TOKEN = "123456789:TEST-fake-token_for-end-to-end-tests"
CONFLICT = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header's name
RETRY_FIRST, RETRY_MAX = 0.05, 0.5


class FakeBotApi:
    """An aiohttp server on 127.0.0.1 that answers Bot API calls as Telegram would."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        clock: Callable[[], float] = time.monotonic,
        enforce_rate_limits: bool = False,
        spec_path: Path = SPEC_PATH,
        bot_username: str = "fake_coach_bot",
        group_privacy: bool = True,
        webhook_target: str | None = None,
    ) -> None:
        self.token = token
        self.webhook_target = webhook_target
        self.webhook_deliveries: list[tuple[int, int]] = []
        self._deliverer: asyncio.Task[None] | None = None
        self.clock = clock
        self.spec = ApiSpec.load(spec_path)
        bot_id = int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 1
        self.core = Core(_bot_user(bot_id, bot_username, group_privacy))
        self.group_privacy = group_privacy
        self.methods = MethodTable(self.core)
        self.faults = FaultInjector(clock)
        self.rate_limiter = RateLimiter(clock) if enforce_rate_limits else None
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.errors_sent: Counter[int] = Counter()
        self.users: dict[int, FakeUser] = {}
        self._runner: web.AppRunner | None = None
        self._port: int | None = None

    # -- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and serve."""
        self.core.closing = False
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(
            app, access_log=None, handler_cancellation=True, shutdown_timeout=1.0
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = int(self._runner.addresses[0][1])
        self._deliverer = asyncio.create_task(self._deliver_by_webhook(), name="fake-webhook")

    async def stop(self) -> None:
        """Release waiting long polls and stop serving."""
        self.core.closing = True
        await self.core.notify()
        if self._deliverer is not None:
            self._deliverer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._deliverer
            self._deliverer = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeBotApi:
        """`async with FakeBotApi() as api:` starts the server."""
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        """Stop the server."""
        await self.stop()

    @property
    def port(self) -> int:
        """The bound port (after start)."""
        if self._port is None:
            raise RuntimeError("FakeBotApi is not started")
        return self._port

    @property
    def base_url(self) -> str:
        """For `ApplicationBuilder().base_url(...)` / `Bot(base_url=...)`."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """For `ApplicationBuilder().base_file_url(...)` / `Bot(base_file_url=...)`."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- the test's side ----------------------------------------------------------------------

    @property
    def bot_user(self) -> dict[str, Any]:
        """The bot's User object, as getMe returns it."""
        return self.core.bot_user

    @property
    def files(self) -> dict[str, bytes]:
        """Bytes of every file the fake holds, by file_id."""
        return self.core.files.data

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates not yet confirmed by getUpdates' offset."""
        return list(self.core.updates)

    def commands(
        self, scope: Mapping[str, Any] | None = None, language_code: str = ""
    ) -> list[dict[str, Any]]:
        """The commands set by setMyCommands for a scope and language."""
        params = {"scope": scope, "language_code": language_code}
        return list(self.core.commands.get(self.core.commands_key(params), []))

    def user(self, user_id: int, first_name: str = "Ann", username: str | None = None) -> FakeUser:
        """The person with this id (created on first use), in a private chat with the bot."""
        if user_id not in self.users:
            self.users[user_id] = FakeUser(
                self.core, user_id, first_name, username, self.group_privacy
            )
        return self.users[user_id]

    def group(self, chat_id: int, title: str = "Group") -> FakeChat:
        """A group chat (type "group"); users write there with `send(text, chat=group)`."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        return FakeChat(self.core, self.core.add_chat(ChatInfo(chat_id, "group", title=title)))

    def forum(self, chat_id: int, title: str = "Forum") -> FakeChat:
        """A supergroup with topics on (`is_forum`); the bot joins it with `add_bot`."""
        if chat_id >= 0:
            raise ValueError("supergroup chat ids are negative")
        info = ChatInfo(chat_id, "supergroup", title=title, is_forum=True)
        state = self.core.add_chat(info)
        state.bot_status = "left"
        return FakeChat(self.core, state)

    def channel(
        self, chat_id: int, title: str = "Channel", username: str | None = None
    ) -> FakeChat:
        """A channel whose posts reach the bot as channel_post updates (`await ch.post(text)`)."""
        if chat_id >= 0:
            raise ValueError("channel ids are negative")
        info = ChatInfo(chat_id, "channel", title=title, username=username)
        return FakeChat(self.core, self.core.add_chat(info))

    async def wait_polling(self, seconds: float = 5.0) -> None:
        """Return once a getUpdates long poll is waiting on the fake (the bot is listening)."""
        if not await self.core.wait(lambda: self.core.active_poll is not None, seconds):
            raise TimeoutError(f"no getUpdates long poll arrived within {seconds}s")

    async def wait_webhook(self, seconds: float = 5.0) -> None:
        """Return once a webhook is set (the bot is listening for posts)."""
        if not await self.core.wait(lambda: self.core.webhook is not None, seconds):
            raise TimeoutError(f"no setWebhook arrived within {seconds}s")

    async def wait_until(self, predicate: Callable[[], bool], seconds: float = 5.0) -> None:
        """Return once `predicate()` holds, checked at every change of the fake's state (a
        call, an update, a webhook delivery); TimeoutError after `seconds`."""
        if not await self.core.wait(predicate, seconds):
            raise TimeoutError(f"condition not met within {seconds}s")

    def webhook_address(self, url: str) -> str:
        """Where a post to the webhook `url` goes: `webhook_target` replaces its scheme and
        host (ValueError if no target is set)."""
        if self.webhook_target is None:
            raise ValueError("set FakeBotApi.webhook_target to deliver updates by webhook")
        parts = urlsplit(url)
        rest = parts.path + (f"?{parts.query}" if parts.query else "")
        return self.webhook_target.rstrip("/") + rest

    def register_url(self, url: str, data: bytes) -> None:
        """Content the fake "downloads" when the bot sends a file by HTTP URL."""
        self.core.files.urls[url] = data

    def inject(
        self,
        method: str | None = None,
        error_code: int = 429,
        description: str | None = None,
        retry_after: int | None = None,
        chat_id: int | str | None = None,
        times: int | None = None,
        for_seconds: float | None = None,
    ) -> Fault:
        """Answer matching calls with an error.

        `times` defaults to 1, or to "every call" when `for_seconds` is given (a window on the
        fake's clock starting now). `method=None` matches every method, `chat_id=None` every chat.
        """
        if times is None and for_seconds is None:
            times = 1
        if error_code == 429 and retry_after is None:
            retry_after = 1
        fault = Fault(
            error_code=error_code,
            description=description or _default_description(error_code, retry_after),
            method=method,
            chat_id=chat_id,
            retry_after=retry_after,
            times=times,
            until=None if for_seconds is None else self.clock() + for_seconds,
        )
        return self.faults.add(fault)

    def clear_faults(self) -> None:
        """Forget all injected failures."""
        self.faults.clear()

    def count(self, method: str) -> int:
        """How many calls to `method` arrived (including rejected ones)."""
        return sum(1 for name, _ in self.calls if name.lower() == method.lower())

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        """The parameters of every call to `method`, in order."""
        return [params for name, params in self.calls if name.lower() == method.lower()]

    # -- HTTP ---------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        """Route /bot<token>/<method> and /file/bot<token>/<path>."""
        path = request.path
        if path.startswith("/file/bot"):
            return self._download(path.removeprefix("/file/bot"))
        if not path.startswith("/bot") or path.count("/") != 2:
            return _error_response(ApiError(404, "Not Found"))
        token, method = path.removeprefix("/bot").split("/", 1)
        try:
            result = await self._call(request, token, method)
        except ApiError as error:
            self.errors_sent[error.code] += 1
            return _error_response(error)
        return web.json_response({"ok": True, "result": result})

    def _download(self, rest: str) -> web.StreamResponse:
        """File download: /file/bot<token>/<kind>s/<file_id>."""
        token, _, file_path = rest.partition("/")
        file_id = file_path.rpartition("/")[2]
        if token != self.token or file_id not in self.core.files.data:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=self.core.files.data[file_id])

    async def _call(self, request: web.Request, token: str, method_name: str) -> Any:
        """Authenticate, parse, validate, record, check faults and limits, run the method."""
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        method = self.spec.method_name(method_name)
        if method is None:
            raise ApiError(404, "Not Found")
        raw, uploads, from_form = await _read_params(request)
        for name, upload in uploads.items():  # a file part named after a parameter is its value
            if name in self.spec.methods[method]:
                raw.setdefault(name, upload)
        self.calls.append((method, dict(raw)))
        params = self.spec.validate(method, raw, uploads, from_form=from_form)
        self.calls[-1] = (method, params)
        self.faults.check(method, params.get("chat_id"))
        if self.rate_limiter is not None:
            self.rate_limiter.check(method, params.get("chat_id"))
        if method == "getUpdates":
            return await self._get_updates(params)
        handler = self.methods.handlers.get(method)
        if handler is None:
            return generic_result(self.spec.returns[method], method)
        return await handler(Call(method, params, uploads))

    async def _get_updates(self, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        """Long polling: confirm by offset, wait up to `timeout` seconds for an update."""
        core = self.core
        if core.webhook is not None:
            raise ApiError(409, WEBHOOK_CONFLICT)
        if "allowed_updates" in params:
            allowed = params["allowed_updates"]
            core.allowed_updates = frozenset(allowed) if allowed else DEFAULT_UPDATES
        core.confirm(params.get("offset"))
        limit = min(max(int(params.get("limit", 100)), 1), 100)
        token = object()
        core.active_poll = token
        await core.notify()
        try:
            await core.wait(
                lambda: core.closing or core.active_poll is not token or bool(core.deliverable()),
                max(float(params.get("timeout", 0)), 0.0),
            )
            if core.active_poll is not token:
                raise ApiError(409, CONFLICT)
            return core.deliverable()[:limit]
        finally:
            if core.active_poll is token:
                core.active_poll = None

    async def _deliver_by_webhook(self) -> None:
        """While a webhook is set: POST the oldest pending update until it is answered 2xx."""
        core = self.core
        delay = 0.0
        async with ClientSession(timeout=ClientTimeout(total=30)) as session:
            while True:
                await core.wait(lambda: core.webhook is not None and bool(core.deliverable()), 3600)
                hook = core.webhook
                pending = core.deliverable()
                if hook is None or not pending:
                    continue
                update = pending[0]
                status = await self._post(session, hook.url, hook.secret, update)
                self.webhook_deliveries.append((update["update_id"], status))
                if 200 <= status < 300:
                    core.updates = [u for u in core.updates if u is not update]
                    delay = 0.0
                else:
                    delay = min(RETRY_MAX, max(RETRY_FIRST, delay * 2))
                await core.notify()
                await asyncio.sleep(delay)

    async def _post(
        self, session: ClientSession, url: str, secret: str | None, update: dict[str, Any]
    ) -> int:
        """One delivery attempt: the HTTP status, or 0 if nothing answered."""
        headers = {SECRET_HEADER: secret} if secret is not None else {}
        try:
            async with session.post(
                self.webhook_address(url), json=update, headers=headers
            ) as response:
                await response.read()
                return response.status
        except (ClientError, TimeoutError, OSError):
            return 0


def _bot_user(bot_id: int, username: str, group_privacy: bool) -> dict[str, Any]:
    """The User object getMe returns."""
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": "Coach",
        "username": username,
        "can_join_groups": True,
        "can_read_all_group_messages": not group_privacy,
        "supports_inline_queries": False,
    }


def _default_description(code: int, retry_after: int | None) -> str:
    """Telegram's usual description for an error code."""
    return {
        400: "Bad Request: injected failure",
        401: "Unauthorized",
        403: "Forbidden: bot was blocked by the user",
        409: CONFLICT,
        429: f"Too Many Requests: retry after {retry_after}",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(code, f"Error {code}")


def _error_response(error: ApiError) -> web.Response:
    """Telegram's error answer: the HTTP status is the error code."""
    return web.json_response(error.payload(), status=error.code)


async def _read_params(request: web.Request) -> tuple[dict[str, Any], dict[str, Upload], bool]:
    """Query string plus a JSON, urlencoded or multipart body -> (params, uploads, from_form)."""
    params: dict[str, Any] = dict(request.query)
    uploads: dict[str, Upload] = {}
    content_type = request.content_type
    if not request.can_read_body:
        return params, uploads, True
    if content_type == "application/json":
        body = await _read_json(request)
        params.update(body)
        return params, uploads, not body and bool(request.query)
    if content_type == "multipart/form-data":
        await _read_multipart(request, params, uploads)
        return params, uploads, True
    if content_type == "application/x-www-form-urlencoded":
        form = await request.post()
        params.update({key: str(value) for key, value in form.items()})
        return params, uploads, True
    raise bad_request(f"unsupported Content-Type {content_type!r}")


async def _read_json(request: web.Request) -> dict[str, Any]:
    """A JSON object body."""
    try:
        body = json.loads(await request.text() or "{}")
    except ValueError:
        raise bad_request("can't parse JSON body") from None
    if not isinstance(body, dict):
        raise bad_request("the JSON body must be an object")
    return body


async def _read_multipart(
    request: web.Request, params: dict[str, Any], uploads: dict[str, Upload]
) -> None:
    """Text parts become parameters; parts with a filename or a non-text type are uploads."""
    reader = await request.multipart()
    async for part in reader:
        if not isinstance(part, BodyPartReader) or part.name is None:
            continue
        data = bytes(await part.read())
        content_type = part.headers.get("Content-Type", "text/plain")
        if part.filename is None and content_type.startswith("text/plain"):
            params[part.name] = data.decode(part.get_charset(default="utf-8"))
        else:
            uploads[part.name] = Upload(part.name, part.filename or part.name, content_type, data)
