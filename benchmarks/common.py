"""Shared by the benchmarks: seeding a database the bot created itself, tables, statistics.

Seeding goes straight to SQLite with `executemany` into a file whose schema the bot's own
migrations made (`Database.open` once, then close), so 100,000 users take seconds. Every seeded
user has a recent "cleared" screening under the current content version and a weekly plan, so
the coach would remind each of them.
"""

from __future__ import annotations

import json
import os
import platform
import random
import socket
import sqlite3
import statistics
import subprocess
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

from bot.coach.plan import WeeklyPlan, next_fire, zone
from bot.content import load_content
from bot.storage.db import Database
from tests.fakes.bot_api import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
MODES = ("polling", "webhook")  # how the bot under test receives updates
WEBHOOK_URL = "https://coach.example.com/telegram"
WEBHOOK_SECRET = "bench_secret"  # noqa: S105 - the benchmark's own, for the fake only
CONTENT_DIR = ROOT / "content"
FIRST_USER_ID = 10_000_001
TIME_ZONES = (
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
    "UTC+03:00",
)


@dataclass(frozen=True, slots=True)
class SeedPlan:
    """One user's weekly plan and the slot the dispatcher will claim next (Unix seconds)."""

    days: frozenset[int]
    at: time
    tz: str
    next_fire_at: int


async def create_database(path: Path) -> None:
    """Let the bot create the file and run its migrations, then close it."""
    database = await Database.open(path)
    await database.close()


def realistic_plans(count: int, after: datetime, rng: random.Random) -> list[SeedPlan]:
    """3-4 training days, a time between 06:00 and 21:45, a few zones; the next slot is the
    plan's real next reminder after `after`, so slots spread over the coming week."""
    plans = []
    for _ in range(count):
        days = frozenset(rng.sample(range(7), rng.choice((3, 4))))
        at = time(rng.randrange(6, 22), rng.choice((0, 15, 30, 45)))
        tz = rng.choice(TIME_ZONES)
        fire = next_fire(WeeklyPlan(days, at, tz), after)
        plans.append(SeedPlan(days, at, tz, int(fire.timestamp())))
    return plans


def plans_due_at(count: int, slot: int, rng: random.Random) -> list[SeedPlan]:
    """Plans whose pending slot is `slot` for everyone: the local time of `slot` (to the minute)
    on a training day that includes the local weekday of `slot`, plus 2-3 other days. After the
    reminder, `next_fire` moves each plan to its next training day."""
    moment = datetime.fromtimestamp(slot, UTC)
    plans = []
    for _ in range(count):
        tz = rng.choice(TIME_ZONES)
        local = moment.astimezone(zone(tz))
        others = [d for d in range(7) if d != local.weekday()]
        days = frozenset({local.weekday(), *rng.sample(others, rng.choice((2, 3)))})
        plans.append(SeedPlan(days, time(local.hour, local.minute), tz, slot))
    return plans


def user_ids(count: int) -> range:
    """The ids of the seeded users (chat id = user id, as in a private chat)."""
    return range(FIRST_USER_ID, FIRST_USER_ID + count)


def seed_users(path: Path, plans: Sequence[SeedPlan], now: datetime) -> None:
    """Insert one user per plan: the user, a cleared screening a day old, and the plan."""
    screening = load_content(CONTENT_DIR).screening
    answers = json.dumps({q.id: False for q in screening.questions}, sort_keys=True)
    stamp = now.isoformat()
    completed = (now - timedelta(days=1)).isoformat()
    ids = user_ids(len(plans))
    with closing(sqlite3.connect(path)) as connection, connection:
        connection.executemany(
            "INSERT INTO users (user_id, chat_id, first_name, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)",
            ((uid, uid, f"User{uid}", stamp, stamp) for uid in ids),
        )
        connection.executemany(
            "INSERT INTO screenings (user_id, answers, outcome, adaptations, content_version,"
            " completed_at) VALUES (?, ?, 'cleared', '[]', ?, ?)",
            ((uid, answers, screening.version, completed) for uid in ids),
        )
        connection.executemany(
            "INSERT INTO plans (user_id, days, at, tz, next_fire_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (_plan_row(uid, plan, stamp) for uid, plan in zip(ids, plans, strict=True)),
        )


def _plan_row(uid: int, plan: SeedPlan, stamp: str) -> tuple[object, ...]:
    days = ",".join(str(d) for d in sorted(plan.days))
    return (uid, days, plan.at.strftime("%H:%M"), plan.tz, plan.next_fire_at, stamp)


# --- reporting ------------------------------------------------------------------------------


def machine_line() -> str:
    """Python, cores and the commit measured (with '+local changes' when the tree is dirty)."""
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    if _git("status", "--porcelain", "--", "bot", "content"):
        commit += " +local changes"
    return (
        f"Python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()},"
        f" commit {commit}"
    )


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Plain-text columns: the first left-aligned, the others right-aligned."""
    body = [list(headers), *[list(row) for row in rows]]
    widths = [max(len(row[i]) for row in body) for i in range(len(headers))]

    def line(row: Sequence[str]) -> str:
        cells = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        return " | ".join(cells).rstrip()

    rule = "-+-".join("-" * width for width in widths)
    return "\n".join([line(body[0]), rule, *(line(row) for row in body[1:])])


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def spread(values: Sequence[float], digits: int) -> str:
    """'median (min..max)'."""
    return f"{median(values):.{digits}f} ({min(values):.{digits}f}..{max(values):.{digits}f})"


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def mode_env(mode: str, api: FakeBotApi) -> dict[str, str]:
    """The settings that make `python -m bot run` receive updates in `mode`: nothing for
    polling; for a webhook, its URL and secret and a free local port, which the fake posts to."""
    if mode == "polling":
        return {}
    port = free_port()
    api.webhook_target = f"http://127.0.0.1:{port}"
    return {
        "WEBHOOK_URL": WEBHOOK_URL,
        "WEBHOOK_SECRET": WEBHOOK_SECRET,
        "HTTP_HOST": "127.0.0.1",
        "HTTP_PORT": str(port),
    }


def listening_since(api: FakeBotApi, mode: str, first_call: int) -> bool:
    """The bot spawned when `api.calls` had `first_call` entries now listens: a getUpdates
    long poll waits on the fake (polling), or it has set its webhook (it serves the webhook
    before setting it)."""
    since = [name for name, _ in api.calls[first_call:]]
    if mode == "webhook":
        return "setWebhook" in since
    return api.core.active_poll is not None and "getUpdates" in since
