"""Reminder delivery: many reminders due in the same minute, through the real paced outbox.

The bot runs in this process (`bot.telegram.runner.serve`, default pacing: 25 msg/s overall,
about 1/s per chat) against `FakeBotApi(enforce_rate_limits=True)`, which answers 429 past 30
sends a second overall or about 1 a second per chat. Every seeded user has a cleared screening
and a plan whose pending slot is one second before the seeding started, so all of them are due
at the dispatcher's first tick. The fake's sendMessage handler is wrapped to note when each
message arrived and where, which gives lateness (arrival minus slot), rates, duplicates and
losses. A second, short scenario answers 502 for the first 10 seconds and has one chat that
blocked the bot (403): everyone else must get their reminder exactly once, the blocked chat
nothing after its 403.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.common import (
    CONTENT_DIR,
    create_database,
    median,
    plans_due_at,
    seed_users,
    table,
    user_ids,
    verdict,
)
from bot.content import load_content
from bot.storage.db import Database
from bot.telegram.runner import Options, serve
from tests.fakes.bot_api import DEFAULT_TOKEN, ApiError, FakeBotApi
from tests.fakes.bot_api_methods import Call

DEFAULT_REMINDERS = 10_000
DEFAULT_FAULT_REMINDERS = 500
OUTAGE_SECONDS = 10.0
SETTLE_SECONDS = 3.0  # after the last expected reminder: a duplicate would show up here
TARGET_RATE = 25.0  # the outbox's own global pace; Telegram allows about 30
RATE_TOLERANCE = 0.98  # a run of n messages at 25/s spans (n - burst) / 25 s


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    reminders: int
    outage_seconds: float = 0.0  # sendMessage answers 502 for this long from the start
    blocked_chats: int = 0  # the first N seeded users blocked the bot (403)


class Arrivals:
    """What reached the fake's sendMessage handler: accepted reminders and refusals."""

    def __init__(self, expected: set[int]) -> None:
        self.reminders: list[tuple[float, int]] = []  # (time.time(), chat)
        self.refused: list[tuple[float, int, int]] = []  # (time.time(), chat, error code)
        self.chats: set[int] = set()
        self.missing = set(expected)
        self.complete = asyncio.Event()  # every expected chat had its reminder
        if not self.missing:
            self.complete.set()

    def install(self, api: FakeBotApi) -> None:
        original = api.methods.handlers["sendMessage"]

        async def recording(call: Call) -> object:
            chat = int(call.params["chat_id"])
            try:
                result = await original(call)
            except ApiError as error:
                self.refused.append((time.time(), chat, error.code))
                raise
            if _is_reminder(call):
                self._arrived(chat)
            return result

        api.methods.handlers["sendMessage"] = recording

    def _arrived(self, chat: int) -> None:
        self.reminders.append((time.time(), chat))
        self.chats.add(chat)
        self.missing.discard(chat)
        if not self.missing:
            self.complete.set()


def _is_reminder(call: Call) -> bool:
    """A reminder carries the Snooze button (callback data rem:snooze:<slot>)."""
    return '"rem:snooze:' in json.dumps(call.params.get("reply_markup"))


class LogCounter(logging.Handler):
    """Counts the bot's warnings and errors; keeps one example of each kind to show."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.levels: Counter[str] = Counter()
        self.examples: dict[str, str] = {}  # logger and message template -> one message

    def emit(self, record: logging.LogRecord) -> None:
        self.levels[record.levelname] += 1
        kind = f"{record.levelname} {record.name}: {record.msg}"
        if kind not in self.examples and len(self.examples) < 5:
            message = f"{record.levelname} {record.name}: {record.getMessage()}"
            self.examples[kind] = message[:160]


@dataclass(frozen=True, slots=True)
class Outcome:
    """Everything measured in one scenario."""

    scenario: Scenario
    slot: float
    started: float  # the bot started serving (time.time())
    arrivals: Arrivals
    expected: set[int]
    blocked: set[int]
    errors_sent: Counter[int]
    outbox_left: int
    reminder_status: dict[str, int]
    marked_blocked: int
    logs: Counter[str]
    log_examples: list[str]
    timed_out: bool


# --- running a scenario ---------------------------------------------------------------------


async def prepare(scenario: Scenario, path: Path, rng: random.Random) -> int:
    """Create and seed the database; returns the slot every plan is due at."""
    await create_database(path)
    now = datetime.now(UTC)
    slot = int(now.timestamp()) - 1
    plans = plans_due_at(scenario.reminders, slot, rng)
    await asyncio.to_thread(seed_users, path, plans, now)
    return slot


async def wait_for_delivery(arrivals: Arrivals, seconds: float) -> bool:
    """Wait until every expected chat had its reminder, then a few seconds more for
    duplicates; False if `seconds` passed first."""
    try:
        async with asyncio.timeout(seconds):
            await arrivals.complete.wait()
    except TimeoutError:
        return False
    await asyncio.sleep(SETTLE_SECONDS)
    return True


async def database_facts(db: Database, chats: set[int]) -> tuple[int, dict[str, int], int]:
    """(outbox rows left, reminders by status, users marked blocked among `chats`)."""
    async with db.transaction() as tx:
        left = await tx.fetchone("SELECT COUNT(*) AS n FROM outbox")
        statuses = await tx.fetchall(
            "SELECT status, COUNT(*) AS n FROM reminders GROUP BY status ORDER BY status"
        )
        blocked = await tx.fetchall("SELECT chat_id FROM users WHERE blocked_at IS NOT NULL")
    marked = sum(1 for row in blocked if row["chat_id"] in chats)
    return (
        int(left["n"]) if left else 0,
        {row["status"]: int(row["n"]) for row in statuses},
        marked,
    )


async def run_scenario(scenario: Scenario, workdir: Path) -> Outcome:
    path = workdir / "coach.sqlite3"
    ids = list(user_ids(scenario.reminders))
    blocked = set(ids[: scenario.blocked_chats])
    expected = set(ids) - blocked
    counter = LogCounter()
    logging.getLogger().addHandler(counter)
    try:
        async with FakeBotApi(enforce_rate_limits=True) as api:
            for uid in ids:
                api.user(uid, first_name=f"User{uid}")
            for uid in blocked:
                api.core.chats[uid].blocked = True  # sends answer 403
            arrivals = Arrivals(expected)
            arrivals.install(api)
            slot = await prepare(scenario, path, random.Random(scenario.reminders))
            db = await Database.open(path)
            try:
                started, timed_out = await serve_until_delivered(api, db, scenario, arrivals)
                facts = await database_facts(db, blocked)
            finally:
                await db.close()
    finally:
        logging.getLogger().removeHandler(counter)
    return Outcome(
        scenario=scenario,
        slot=slot,
        started=started,
        arrivals=arrivals,
        expected=expected,
        blocked=blocked,
        errors_sent=Counter(api.errors_sent),
        outbox_left=facts[0],
        reminder_status=facts[1],
        marked_blocked=facts[2],
        logs=counter.levels,
        log_examples=list(counter.examples.values()),
        timed_out=timed_out,
    )


async def serve_until_delivered(
    api: FakeBotApi, db: Database, scenario: Scenario, arrivals: Arrivals
) -> tuple[float, bool]:
    """Serve from now until every expected chat has its reminder (or the timeout R/20 + 120 s);
    returns (when serving started, whether it timed out)."""
    content = load_content(CONTENT_DIR)
    stop = asyncio.Event()
    if scenario.outage_seconds:
        api.inject(
            method="sendMessage",
            error_code=502,
            description="Bad Gateway",
            for_seconds=scenario.outage_seconds,
        )
    started = time.time()
    bot = asyncio.create_task(
        serve(
            DEFAULT_TOKEN, api.base_url, db, content, stop, Options(cache=db.path.parent / "cache")
        )
    )
    timeout = scenario.reminders / 20 + 120
    waiting = asyncio.create_task(wait_for_delivery(arrivals, timeout))
    await asyncio.wait({bot, waiting}, return_when=asyncio.FIRST_COMPLETED)
    if bot.done():
        waiting.cancel()
        bot.result()  # raises whatever stopped the bot
        raise RuntimeError("the bot stopped by itself")
    stop.set()
    await asyncio.wait_for(bot, 60)
    return started, not waiting.result()


# --- reporting ------------------------------------------------------------------------------


def rates(times: Sequence[float], started: float) -> tuple[float, float]:
    """Messages a second from the bot's start to the last arrival, and over the middle 80%
    of arrivals (from the 10th to the 90th percentile message)."""
    if len(times) < 2:
        return 0.0, 0.0
    whole = len(times) / max(times[-1] - started, 1e-9)
    low, high = int(len(times) * 0.1), int(len(times) * 0.9) - 1
    middle = (high - low) / (times[high] - times[low]) if high > low else 0.0
    return whole, middle


def first_arrivals(outcome: Outcome) -> dict[int, float]:
    first: dict[int, float] = {}
    for at, chat in outcome.arrivals.reminders:
        first.setdefault(chat, at)
    return first


def after_block(outcome: Outcome) -> int:
    """Sends that reached a blocked chat after its first 403."""
    refusals = [(at, chat) for at, chat, code in outcome.arrivals.refused if code == 403]
    count = 0
    for chat in outcome.blocked:
        times = sorted(at for at, c in refusals if c == chat)
        accepted = [at for at, c in outcome.arrivals.reminders if c == chat]
        count += max(len(times) - 1, 0) + len(accepted)
    return count


@dataclass(frozen=True, slots=True)
class Row:
    metric: str
    target: str
    cells: tuple[str, ...]
    misses: tuple[bool, ...]  # per scenario: the target applies and was missed


def metric_rows(outcomes: Sequence[Outcome]) -> list[Row]:
    columns = [_metrics(outcome) for outcome in outcomes]
    rows = []
    for index, (metric, target, _, _) in enumerate(columns[0]):
        cells = tuple(column[index][2] for column in columns)
        misses = tuple(column[index][3] for column in columns)
        rows.append(Row(metric, target, cells, misses))
    return rows


def _metrics(outcome: Outcome) -> list[tuple[str, str, str, bool]]:
    """(metric, target, value, missed) for one scenario."""
    times = sorted(at for at, _ in outcome.arrivals.reminders) or [outcome.started]
    whole, middle = rates(times, outcome.started)
    late = sorted(at - outcome.slot for at in first_arrivals(outcome).values()) or [0.0]
    per_chat = Counter(chat for _, chat in outcome.arrivals.reminders)
    duplicates = sum(1 for n in per_chat.values() if n > 1)
    lost = len(outcome.expected - outcome.arrivals.chats)
    resent = after_block(outcome)
    paced = outcome.scenario.outage_seconds == 0
    floor = TARGET_RATE * RATE_TOLERANCE
    status = ", ".join(f"{k} {v:,}" for k, v in outcome.reminder_status.items()) or "-"
    errors = outcome.errors_sent
    rows = [
        ("reminders due", "", f"{outcome.scenario.reminders:,}", False),
        ("delivered (reminder messages)", "", f"{len(times):,}", False),
        ("rate, whole run (msg/s)", ">= 25 *", f"{whole:.2f}", paced and whole < floor),
        ("rate, middle 80% (msg/s)", ">= 25 *", f"{middle:.2f}", paced and middle < floor),
        ("lateness median (s)", "", f"{median(late):.1f}", False),
        ("lateness worst (s)", "", f"{late[-1]:.1f}", False),
        ("duplicates (chats)", "0", f"{duplicates}", duplicates > 0),
        ("lost (users without reminder)", "0", f"{lost}", lost > 0),
        ("429s received", "0", f"{errors[429]}", errors[429] > 0),
        ("502s received", "", f"{errors[502]}", False),
        ("403s received", "", f"{errors[403]}", False),
        ("sends after a 403", "0", f"{resent}", resent > 0),
        ("outbox rows left", "0", f"{outcome.outbox_left}", outcome.outbox_left > 0),
        ("reminders rows by status", "", status, False),
        ("first reminder after bot start (s)", "", f"{times[0] - outcome.started:.1f}", False),
        ("slot to bot start (s)", "", f"{outcome.started - outcome.slot:.1f}", False),
        ("bot warnings / errors logged", "", _log_counts(outcome.logs), False),
    ]
    if outcome.blocked:
        marked = f"{outcome.marked_blocked} of {len(outcome.blocked)}"
        rows.append(("blocked chats marked blocked", "all", marked, False))
    return rows


def _log_counts(levels: Counter[str]) -> str:
    return f"{levels['WARNING']} / {levels['ERROR'] + levels['CRITICAL']}"


def report(outcomes: Sequence[Outcome]) -> str:
    rows = metric_rows(outcomes)
    headers = ["metric", *(o.scenario.name for o in outcomes), "target"]
    body = [[row.metric, *row.cells, row.target] for row in rows]
    lines = [table(headers, body), ""]
    lines.append(
        f"* the outbox paces at {TARGET_RATE:.0f} msg/s by design (Telegram allows ~30), so"
        f" >= {TARGET_RATE * RATE_TOLERANCE:.1f} counts as met; the rate target applies to the"
        " scenario without an outage."
    )
    for index, outcome in enumerate(outcomes):
        missed = [row.metric for row in rows if row.misses[index]]
        if outcome.timed_out:
            missed.append("finished before the timeout")
        result = verdict(not missed) + (f": {', '.join(missed)}" if missed else "")
        lines.append(f"targets, {outcome.scenario.name}: {result}")
        lines.extend(f"  logged, e.g.: {example}" for example in outcome.log_examples)
    return "\n".join(lines)


async def run(
    reminders: int = DEFAULT_REMINDERS, fault_reminders: int = DEFAULT_FAULT_REMINDERS
) -> None:
    scenarios = [
        Scenario(f"{reminders:,} due at once", reminders),
        Scenario(
            f"{fault_reminders:,}, 502 for {OUTAGE_SECONDS:.0f} s, 1 blocked",
            fault_reminders,
            outage_seconds=OUTAGE_SECONDS,
            blocked_chats=1,
        ),
    ]
    print("== delivery: reminders due in the same minute, through the paced outbox ==")
    outcomes = []
    for scenario in scenarios:
        began = time.perf_counter()
        with tempfile.TemporaryDirectory(prefix="bench-delivery-") as tmp:
            outcomes.append(await run_scenario(scenario, Path(tmp)))
        print(f"  {scenario.name}: {time.perf_counter() - began:.0f} s", flush=True)
    print()
    print(report(outcomes))
    print()
