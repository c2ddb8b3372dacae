"""Many users at once through the full stack, against a minimal echo bot on the same fake.

Each simulated user runs a closed loop of actions (mixed logging, lesson taps and commands),
sending the next only when the bot has answered the previous one, all users at once. The
subjects are real processes talking HTTP to one fake Bot API in this process: the coach
(`python -m bot run`, a real SQLite file, long-polling or taking updates by webhook: one run
per mode) and `benchmarks/echo_bot.py` (long-polling). Reported: throughput
(actions answered per second), the ratio coach / echo measured in the same run, and reply
latency p50/p99 (from the user's send to the bot's answer arriving at the fake).

The coach's outbox normally paces sends to Telegram's limits (25/s overall, ~1/s per chat);
here both limits are raised (OUTBOX_*_PER_SECOND) so the benchmark measures processing, not
the deliberate pacing, which the delivery benchmark measures.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import (
    MODES,
    ROOT,
    create_database,
    mode_env,
    realistic_plans,
    seed_users,
    table,
    user_ids,
)
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi, FakeUser

DEFAULT_USERS = (50, 500)  # the target applies to 500; 50 shows the cost when nothing queues
REFERENCE_USERS = 500
DEFAULT_ACTIONS = 20
# What a user does, in order: (kind, text or button label). Logs differ so none is a double tap.
SCRIPT: tuple[tuple[str, str], ...] = (
    ("send", "/lunge"),
    ("press", "Next ▶"),
    ("press", "Next ▶"),
    ("press", "Next ▶"),
    ("send", "3x10"),
    ("send", "/help"),
    ("press", "Next ▶"),
    ("press", "Next ▶"),
    ("send", "10 10 8"),
    ("send", "/history"),
    ("press", "◀ Back"),
    ("send", "/cheatsheet"),
    ("send", "left 10 right 9"),
    ("send", "/plan"),
    ("send", "12 each leg @2kg"),
    ("send", "/lunge"),
    ("press", "Next ▶"),
    ("send", "/history"),
    ("send", "2x15"),
    ("send", "/help"),
)


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    actions: int
    seconds: float
    latencies: list[float]
    errors: int
    api_calls: int = 0
    cpu_seconds: float = 0.0
    logs_stored: int = 0

    @property
    def throughput(self) -> float:
        return self.actions / self.seconds

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


async def act(user: FakeUser, kind: str, what: str, latencies: list[float]) -> None:
    """One action and the wait for its answer (a new message or an edit)."""
    started = time.perf_counter()
    if kind == "send":
        await user.send(what)
    else:
        await user.press(what)
    await user.next_message(timeout=120)
    latencies.append(time.perf_counter() - started)


async def drive(api: FakeBotApi, users: Sequence[int], actions: int) -> Result:
    latencies: list[float] = []

    async def one(user_id: int) -> None:
        user = api.user(user_id)
        for kind, what in script(actions):
            await act(user, kind, what, latencies)

    started = time.perf_counter()
    await asyncio.gather(*(one(uid) for uid in users))
    seconds = time.perf_counter() - started
    return Result("", len(latencies), seconds, latencies, sum(api.errors_sent.values()))


def spawn(command: list[str], env: dict[str, str], workdir: Path) -> subprocess.Popen[bytes]:
    with (workdir / "subject.log").open("ab") as log:
        return subprocess.Popen(command, cwd=workdir, env=env, stdout=log, stderr=log)


async def measure(
    name: str,
    command: list[str],
    extra_env: dict[str, str],
    users: int,
    actions: int,
    mode: str = "polling",
) -> Result:
    with tempfile.TemporaryDirectory(prefix=f"load-{name}-") as tmp:
        workdir = Path(tmp)
        database = workdir / "coach.sqlite3"
        await create_database(database)
        plans = realistic_plans(users, datetime.now(UTC), random.Random(7))
        seed_users(database, plans, datetime.now(UTC))
        async with FakeBotApi() as api:
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "PYTHONPATH": str(ROOT),
                "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
                "TELEGRAM_API_BASE_URL": api.base_url,
                "DATABASE_URL": f"sqlite:///{database}",
                "CACHE_DIR": str(ROOT / ".bench-cache"),
                "LOG_LEVEL": "WARNING",
                **extra_env,
                **mode_env(mode, api),
            }
            process = spawn(command, env, workdir)
            try:
                if mode == "webhook":
                    await api.wait_webhook(seconds=60)
                else:
                    await api.wait_polling(seconds=60)
                calls_before, cpu_before = len(api.calls), cpu_seconds(process.pid)
                result = await drive(api, list(user_ids(users)), actions)
                calls = len(api.calls) - calls_before
                cpu = cpu_seconds(process.pid) - cpu_before
            finally:
                process.send_signal(signal.SIGTERM)
                await asyncio.to_thread(process.wait, 60)
        logs = stored_logs(database)
        return Result(
            name, result.actions, result.seconds, result.latencies, result.errors, calls, cpu, logs
        )


def script(actions: int) -> list[tuple[str, str]]:
    """One user's first `actions` actions (at most the whole script: a second pass would meet
    the lesson's "continue or start over?" question instead of its Next button)."""
    return list(SCRIPT[:actions])


def expected_logs(users: int, actions: int) -> int:
    """Rep logs the coach must have stored: every text action that is not a command."""
    per_user = sum(1 for kind, what in script(actions) if kind == "send" and what[0] != "/")
    return users * per_user


def stored_logs(database: Path) -> int:
    """Rows in `logs` after the subject stopped (the echo bot stores nothing)."""
    with closing(sqlite3.connect(database)) as connection:
        return int(connection.execute("SELECT COUNT(*) FROM logs").fetchone()[0])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a live process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def report(coaches: Sequence[Result], echo: Result, logs_expected: int, *, reference: bool) -> str:
    rows = [
        (
            r.name,
            f"{r.actions}",
            f"{r.seconds:.1f}",
            f"{r.throughput:.0f}",
            f"{r.throughput / echo.throughput:.2f}",
            f"{r.percentile(0.5):.0f}",
            f"{r.percentile(0.99):.0f}",
            f"{r.errors}",
            f"{r.api_calls / r.actions:.2f}",
            f"{r.cpu_seconds / r.actions * 1000:.1f}",
        )
        for r in (echo, *coaches)
    ]
    headers = (
        "subject",
        "actions",
        "seconds",
        "actions/s",
        "vs echo",
        "p50 ms",
        "p99 ms",
        "API errors",
        "API calls/action",
        "bot CPU ms/action",
    )
    lines = [table(headers, rows)]
    for coach in coaches:
        ratio = coach.throughput / echo.throughput
        verdict = ("met" if ratio >= 0.8 else "MISSED") if reference else "information only"
        logs_verdict = "met" if coach.logs_stored == logs_expected else "MISSED"
        lines += [
            f"{coach.name}: target at {REFERENCE_USERS} users: throughput >= 0.8 x echo bot"
            f" -> {ratio:.2f} ({verdict})",
            f"{coach.name}: target: every rep log stored once -> {coach.logs_stored} of"
            f" {logs_expected} ({logs_verdict})",
        ]
    return "\n".join(lines)


async def run(
    user_counts: Sequence[int] = DEFAULT_USERS,
    actions: int = DEFAULT_ACTIONS,
    modes: Sequence[str] = MODES,
) -> None:
    for users in user_counts:
        await run_one(users, actions, modes)
        print()


async def run_one(users: int, actions: int, modes: Sequence[str] = MODES) -> None:
    print(f"== load: {users} users x {actions} actions, closed loop ==")
    echo = await measure(
        "echo bot", [sys.executable, "-m", "benchmarks.echo_bot"], {}, users, actions
    )
    coaches = [
        await measure(
            f"coach ({mode})",
            [sys.executable, "-m", "bot", "run"],
            {"OUTBOX_MESSAGES_PER_SECOND": "1000", "OUTBOX_CHAT_MESSAGES_PER_SECOND": "100"},
            users,
            actions,
            mode,
        )
        for mode in modes
    ]
    print(report(coaches, echo, expected_logs(users, actions), reference=users == REFERENCE_USERS))
