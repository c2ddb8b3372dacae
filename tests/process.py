"""A real bot process (`python -m bot run`) pointed at the fake Bot API in this test process,
long-polling it or (webhook mode) serving the webhook the fake posts updates to."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.e2e import WEBHOOK_SECRET, WEBHOOK_URL, Mode, free_port
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi


class BotProcess:
    """Starts, kills and restarts the bot; its log goes to a file the test can read."""

    def __init__(
        self,
        api: FakeBotApi,
        workdir: Path,
        extra_env: dict[str, str] | None = None,
        mode: Mode = "polling",
        log_name: str = "bot.log",
    ):
        self.api = api
        self.workdir = workdir
        self.log_path = workdir / log_name
        self.mode = mode
        self.extra_env = extra_env or {}
        if mode == "webhook":
            port = free_port()
            api.webhook_target = f"http://127.0.0.1:{port}"
            self.extra_env = {
                "WEBHOOK_URL": WEBHOOK_URL,
                "WEBHOOK_SECRET": WEBHOOK_SECRET,
                "HTTP_HOST": "127.0.0.1",
                "HTTP_PORT": str(port),
                **self.extra_env,
            }
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def env(self) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ROOT),
            "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
            "TELEGRAM_API_BASE_URL": self.api.base_url,
            "DATABASE_URL": f"sqlite:///{self.workdir / 'coach.sqlite3'}",
            "CACHE_DIR": str(self.workdir / "cache"),
            "LOG_LEVEL": "INFO",
            **self.extra_env,
        }

    async def start(self, *, standby: bool = False) -> None:
        """Start and wait until the bot is long-polling the fake, or has set its webhook
        (updates posted before it listens are retried by the fake, as Telegram does);
        `standby`: until it says it stands by, another process holding the sender lease."""
        self.starts += 1
        polls_before = self.api.count("getUpdates")
        hooks_before = self.api.count("setWebhook")
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(  # noqa: ASYNC220 (returns at once; nothing blocks)
            [sys.executable, "-m", "bot", "run"],
            cwd=self.workdir,
            env=self.env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        if standby:
            await self.wait_for_log("standby:", 30)
            return
        if self.mode == "webhook":
            started = await self.api.core.wait(
                lambda: self.api.count("setWebhook") > hooks_before, 30
            )
        else:
            started = await self.api.core.wait(
                lambda: (
                    self.api.count("getUpdates") > polls_before
                    and self.api.core.active_poll is not None
                ),
                30,
            )
        if not started:
            raise TimeoutError(f"the bot did not start {self.mode}; its log:\n{self.log()[-3000:]}")

    async def wait_for_log(self, text: str, seconds: float) -> None:
        """Wait until the process's log contains `text` (it writes to a file: looked at every
        50 ms); TimeoutError with the log after `seconds`."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while text not in self.log():
            if loop.time() > deadline:
                raise TimeoutError(f"no {text!r} in the bot's log; it says:\n{self.log()[-3000:]}")
            await asyncio.sleep(0.05)  # a file has no change notification here

    def kill(self) -> None:
        """SIGKILL: no cleanup of any kind runs."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self.process = None

    async def stop(self) -> int:
        """SIGTERM and wait for a clean exit (the loop keeps serving the fake meanwhile)."""
        if self.process is None:
            return 0
        self.process.send_signal(signal.SIGTERM)
        status = await asyncio.to_thread(self.process.wait, 20)
        self.process = None
        return status

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
