"""Start-up cost of the real bot process, with 0, 10,000 and 100,000 users in its database.

Each start is `python -m bot run` against a fake Bot API served by this process, long-polling
it or (webhook mode: the web server also serves the webhook) taking updates by webhook. Measured:
spawn to ready (the first getUpdates long poll reaching the fake; in webhook mode, its
setWebhook call, made once the webhook is served), peak RSS (VmHWM from
/proc/<pid>/status, read after one more second of idling, just before SIGTERM), and a clean
exit 0 after SIGTERM. The picture cache is shared by all starts and filled by one warm-up start
first, so no start below renders pictures. Baselines: a bare interpreter importing telegram,
aiosqlite and apscheduler, and `python -m bot check-content` (the bot's imports and content).
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import (
    MODES,
    ROOT,
    create_database,
    listening_since,
    median,
    mode_env,
    realistic_plans,
    seed_users,
    spread,
    table,
    verdict,
)
from tests.fakes.bot_api import DEFAULT_TOKEN, FakeBotApi

DEFAULT_USERS = (0, 10_000, 100_000)
DEFAULT_REPEATS = 3
READY_TIMEOUT = 60.0
IDLE_BEFORE_RSS = 1.0
TARGET_READY = 1.0  # seconds
TARGET_RSS = 150.0  # MB
FLAT_READY_RATIO = 1.15  # largest vs smallest non-zero user count
FLAT_RSS_MB = 10.0
BASELINE_IMPORTS = "import telegram, aiosqlite, apscheduler"
CHECK_CONTENT = (
    "import runpy\n"
    "sys.argv = ['bot', 'check-content']\n"
    "runpy.run_module('bot', run_name='__main__', alter_sys=True)"
)
REPORT_HWM = (
    "import atexit, sys\n"
    "atexit.register(lambda: sys.stderr.write("
    "next(line for line in open('/proc/self/status') if line.startswith('VmHWM'))))\n"
)


@dataclass(frozen=True, slots=True)
class Start:
    """One measured start of the bot."""

    ready: float  # seconds from spawn to listening (the first long poll, or setWebhook)
    peak_rss_mb: float
    exit_code: int


@dataclass(frozen=True, slots=True)
class Sample:
    """One run of a short-lived reference process."""

    seconds: float
    peak_rss_mb: float


# --- processes ------------------------------------------------------------------------------


def bot_env(api: FakeBotApi, database: Path, cache: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONPATH": str(ROOT),
        "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "DATABASE_URL": f"sqlite:///{database}",
        "CACHE_DIR": str(cache),
        "LOG_LEVEL": "INFO",
    }


def spawn_bot(env: dict[str, str], workdir: Path) -> subprocess.Popen[bytes]:
    """`python -m bot run` in `workdir` (no .env there), its output appended to bot.log."""
    with (workdir / "bot.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=workdir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def peak_rss_mb(pid: int) -> float:
    """VmHWM of a live process, in MB (2**20 bytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM for process {pid}")


def log_tail(workdir: Path, chars: int = 3000) -> str:
    return (workdir / "bot.log").read_text(errors="replace")[-chars:]


def run_reference(program: str, workdir: Path) -> Sample:
    """Run `python -c program` to its end: wall time and its own VmHWM, which it writes to
    stderr at exit. (wait4's ru_maxrss would not do: Linux carries the parent's high-water
    mark into a forked child across exec.)"""
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", REPORT_HWM + program],
        cwd=workdir,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
    )
    seconds = time.perf_counter() - began
    line = done.stderr.decode().strip().splitlines()[-1]
    return Sample(seconds, int(line.split()[1]) / 1024)


# --- one start ------------------------------------------------------------------------------


async def start_once(
    api: FakeBotApi, workdir: Path, database: Path, cache: Path, mode: str = "polling"
) -> Start:
    env = bot_env(api, database, cache) | mode_env(mode, api)
    first_call = len(api.calls)
    began = time.perf_counter()
    process = spawn_bot(env, workdir)
    try:
        listening = await api.core.wait(
            lambda: listening_since(api, mode, first_call), READY_TIMEOUT
        )
        ready = time.perf_counter() - began
        if not listening:
            raise RuntimeError(f"the bot never listened ({mode}); its log:\n{log_tail(workdir)}")
        await asyncio.sleep(IDLE_BEFORE_RSS)
        rss = peak_rss_mb(process.pid)
        process.send_signal(signal.SIGTERM)
        code = await asyncio.to_thread(process.wait, 30)
    finally:
        if process.poll() is None:
            process.kill()
            await asyncio.to_thread(process.wait)
    return Start(ready, rss, code)


async def seeded_database(workdir: Path, users: int) -> Path:
    """A database of `users` users with plans whose next slots spread over the coming week
    (starting an hour from now, so no reminder falls due while the benchmark runs)."""
    path = workdir / f"users-{users}.sqlite3"
    await create_database(path)
    now = datetime.now(UTC)
    plans = realistic_plans(users, now + timedelta(hours=1), random.Random(users))
    await asyncio.to_thread(seed_users, path, plans, now)
    return path


# --- the benchmark --------------------------------------------------------------------------


Row = tuple[int, str]  # (users, mode)


async def measure(
    api: FakeBotApi,
    workdir: Path,
    cache: Path,
    users: Sequence[int],
    repeats: int,
    modes: Sequence[str] = MODES,
) -> dict[Row, list[Start]]:
    """Seed one database per user count, then start round by round (0, 10k, 100k, 0, ...,
    each in every mode), so that any drift of the machine spreads over every row alike."""
    databases = {}
    for count in users:
        began = time.perf_counter()
        databases[count] = await seeded_database(workdir, count)
        print(f"  seeded {count:,} users in {time.perf_counter() - began:.1f} s", flush=True)
    results: dict[Row, list[Start]] = {(c, m): [] for c in users for m in modes}
    for _ in range(repeats):
        for count, database in databases.items():
            for mode in modes:
                start = await start_once(api, workdir, database, cache, mode)
                if start.exit_code != 0:
                    raise RuntimeError(
                        f"exit code {start.exit_code} after SIGTERM; log:\n{log_tail(workdir)}"
                    )
                results[count, mode].append(start)
    return results


def start_table(results: dict[Row, list[Start]]) -> str:
    base = median([start.ready for start in next(iter(results.values()))])
    rows = []
    for (count, mode), starts in results.items():
        ready = [start.ready for start in starts]
        rows.append(
            [
                f"{count:,}",
                mode,
                spread(ready, 3),
                spread([start.peak_rss_mb for start in starts], 1),
                f"{median(ready) / base:.2f}",
                ",".join(str(start.exit_code) for start in starts),
            ]
        )
    first_count, first_mode = next(iter(results))
    headers = [
        "users",
        "mode",
        "ready (s)",
        "peak RSS (MB)",
        f"ready vs {first_count:,} users, {first_mode}",
        "exit",
    ]
    return table(headers, rows)


def baseline_table(samples: dict[str, list[Sample]]) -> str:
    rows = [
        [
            name,
            spread([s.seconds for s in runs], 3),
            spread([s.peak_rss_mb for s in runs], 1),
        ]
        for name, runs in samples.items()
    ]
    return table(["baseline process (runs to its end)", "time (s)", "peak RSS (MB)"], rows)


def target_lines(results: dict[Row, list[Start]]) -> list[str]:
    lines = []
    for mode in dict.fromkeys(mode for _, mode in results):
        by_count = {n: starts for (n, m), starts in results.items() if m == mode}
        lines += [f"{mode}:", *(f"  {line}" for line in _targets(by_count))]
    return lines


def _targets(results: dict[int, list[Start]]) -> list[str]:
    ready = {n: median([s.ready for s in starts]) for n, starts in results.items()}
    rss = {n: median([s.peak_rss_mb for s in starts]) for n, starts in results.items()}
    lines = [
        f"target ready < {TARGET_READY:.0f} s: {verdict(max(ready.values()) < TARGET_READY)}"
        f" (slowest median {max(ready.values()):.3f} s)",
        f"target peak RSS < {TARGET_RSS:.0f} MB: {verdict(max(rss.values()) < TARGET_RSS)}"
        f" (largest median {max(rss.values()):.1f} MB)",
    ]
    counts = sorted(n for n in results if n > 0)
    if len(counts) >= 2:
        low, high = counts[0], counts[-1]
        ratio, growth = ready[high] / ready[low], rss[high] - rss[low]
        flat = ratio <= FLAT_READY_RATIO and growth <= FLAT_RSS_MB
        lines.append(
            f"target flat from {low:,} to {high:,} users: {verdict(flat)} (ready x{ratio:.2f},"
            f" RSS {growth:+.1f} MB; flat = at most x{FLAT_READY_RATIO} and"
            f" +{FLAT_RSS_MB:.0f} MB)"
        )
    return lines


async def baselines(workdir: Path, repeats: int) -> dict[str, list[Sample]]:
    references = {
        f'python -c "{BASELINE_IMPORTS}"': BASELINE_IMPORTS,
        "python -m bot check-content": CHECK_CONTENT,
    }
    return {
        name: [await asyncio.to_thread(run_reference, code, workdir) for _ in range(repeats)]
        for name, code in references.items()
    }


async def run(
    users: Sequence[int] = DEFAULT_USERS,
    repeats: int = DEFAULT_REPEATS,
    modes: Sequence[str] = MODES,
) -> None:
    print(f"== start-up: python -m bot run, {repeats} starts per row, median (min..max) ==")
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as tmp:
        workdir = Path(tmp)
        cache = workdir / "cache"
        async with FakeBotApi() as api:
            warm = await start_once(api, workdir, await seeded_database(workdir, 0), cache)
            print(
                f"  warm-up start (renders the pictures into the shared cache, not counted):"
                f" ready in {warm.ready:.2f} s",
                flush=True,
            )
            results = await measure(api, workdir, cache, users, repeats, modes)
        samples = await baselines(workdir, repeats)
    print()
    print(start_table(results))
    print()
    print(baseline_table(samples))
    print()
    for line in target_lines(results):
        print(line)
    print()
