"""Schema migrations: the final schema, upgrades from every earlier version, refusals, rollback.

Databases of older versions are built with `sqlite3` straight from the bundled migration files
(`migrations()[:k]`), filled with rows that were valid at that version, then opened with
`Database.open`, which must bring them to the newest version without losing a row. Files the bot
must not use (newer, corrupt, read-only) are refused with a `StorageError` and left as they were.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

import bot.storage.db as db_module
from bot.clock import FakeClock
from bot.coach.messages import Reply, Text
from bot.content import Content
from bot.service import Incoming, outbox_payload
from bot.storage.db import Database, StorageError, migrations
from tests.chat import ChatHarness
from tests.conftest import ROOT

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday, as in conftest's clock
CLEARED = 501  # screened and cleared; at later versions also a lesson step, a plan, logs
SCREENING = 502  # in the middle of the screening: six questions answered
NEWEST = migrations()[-1][0]
VERSIONS = [version for version, _, _ in migrations()]

MIGRATION_FILES = [
    "001_initial.sql",
    "002_lesson_progress.sql",
    "003_plans_and_reminders.sql",
    "004_logs_and_timers.sql",
    "005_log_counter.sql",
    "006_pain_ratings.sql",
    "007_set_units.sql",
    "008_restriction_lifts.sql",
    "009_coaching.sql",
    "010_sender_lease.sql",
    "011_week_between_sessions.sql",
    "012_coach_inbox.sql",
    "013_log_counter_kept.sql",
    "014_morning_checks.sql",
    "015_user_zone.sql",
    "016_coach_digest.sql",
]

# The schema after every migration: each table with its column and constraint definitions,
# then each index, as SQLite keeps them (comments dropped, whitespace collapsed). A change here
# must come with a new migration file, never with an edit of an old one.
GOLDEN_SCHEMA = """
table coach_digests
  coach_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  day TEXT NOT NULL
  slot INTEGER NOT NULL
  status TEXT NOT NULL
  reason TEXT
  queued_at TEXT NOT NULL
  PRIMARY KEY (coach_id, day)
table coach_events
  id INTEGER PRIMARY KEY AUTOINCREMENT
  link_id INTEGER NOT NULL REFERENCES coach_links (id) ON DELETE CASCADE
  kind TEXT NOT NULL
  detail TEXT NOT NULL
  urgent INTEGER NOT NULL DEFAULT 0
  created_at TEXT NOT NULL
  seen_at TEXT
  held INTEGER NOT NULL DEFAULT 0
table coach_inboxes
  coach_id INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE
  chat_id INTEGER NOT NULL UNIQUE
  state TEXT NOT NULL CHECK (state IN ('active', 'gone'))
  ignored_told INTEGER NOT NULL DEFAULT 0
  created_at TEXT NOT NULL
table coach_links
  id INTEGER PRIMARY KEY AUTOINCREMENT
  coach_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  client_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  state TEXT NOT NULL CHECK (state IN ('active', 'ended'))
  agreed_at TEXT NOT NULL
  ended_at TEXT
  CHECK (coach_id != client_id)
table coach_messages
  id INTEGER PRIMARY KEY AUTOINCREMENT
  link_id INTEGER NOT NULL REFERENCES coach_links (id) ON DELETE CASCADE
  direction TEXT NOT NULL CHECK (direction IN ('to_client', 'to_coach'))
  text TEXT NOT NULL
  created_at TEXT NOT NULL
table coach_threads
  chat_id INTEGER NOT NULL
  message_id INTEGER NOT NULL
  link_id INTEGER NOT NULL REFERENCES coach_links (id) ON DELETE CASCADE
  PRIMARY KEY (chat_id, message_id)
table coach_topics
  link_id INTEGER PRIMARY KEY REFERENCES coach_links (id) ON DELETE CASCADE
  chat_id INTEGER NOT NULL
  thread_id INTEGER NOT NULL
  state TEXT NOT NULL CHECK (state IN ('active', 'gone'))
  created_at TEXT NOT NULL
  UNIQUE (chat_id, thread_id)
table coaches
  user_id INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE
  invite_code TEXT NOT NULL UNIQUE
  code_created_at TEXT NOT NULL
  digest TEXT NOT NULL DEFAULT 'live' CHECK (digest IN ('live', 'daily'))
  created_at TEXT NOT NULL
  digest_at INTEGER
table counters
  name TEXT PRIMARY KEY
  value INTEGER NOT NULL
table lesson_progress
  user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  exercise_id TEXT NOT NULL
  step INTEGER NOT NULL
  updated_at TEXT NOT NULL
  PRIMARY KEY (user_id, exercise_id)
table log_sets
  log_id INTEGER NOT NULL REFERENCES logs (id) ON DELETE CASCADE
  position INTEGER NOT NULL
  reps INTEGER NOT NULL CHECK (reps > 0)
  leg TEXT NOT NULL CHECK (leg IN ('both', 'left', 'right'))
  weight_kg REAL
  weight_as_typed REAL
  weight_unit TEXT CHECK (weight_unit IN ('kg', 'lb'))
  PRIMARY KEY (log_id, position)
table logs
  id INTEGER PRIMARY KEY
  user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  seq INTEGER NOT NULL
  local_date TEXT NOT NULL
  logged_at TEXT NOT NULL
  source TEXT NOT NULL CHECK (source IN ('chat', 'workout'))
  source_text TEXT
  target_sets INTEGER
  target_reps INTEGER
  target_weight_kg REAL
  feel TEXT CHECK (feel IN ('easy', 'right', 'hard'))
  pain INTEGER NOT NULL DEFAULT 0
  note TEXT
  dated_without_zone INTEGER NOT NULL DEFAULT 0
table media
  name TEXT PRIMARY KEY
  file_id TEXT NOT NULL
table morning_checks
  user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  morning TEXT NOT NULL
  about TEXT NOT NULL
  part TEXT
  ask_at INTEGER
  answer TEXT CHECK (answer IN ('better', 'worse'))
  answered_at TEXT
  PRIMARY KEY (user_id, morning)
table outbox
  id INTEGER PRIMARY KEY
  chat_id INTEGER NOT NULL
  payload TEXT NOT NULL
  not_before TEXT NOT NULL
  attempts INTEGER NOT NULL DEFAULT 0
  created_at TEXT NOT NULL
table pain_ratings
  id INTEGER PRIMARY KEY
  user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  local_date TEXT NOT NULL
  rated_at TEXT NOT NULL
  rating INTEGER NOT NULL CHECK (rating BETWEEN 0 AND 10)
  part TEXT
table plans
  user_id INTEGER PRIMARY KEY REFERENCES users (user_id) ON DELETE CASCADE
  days TEXT NOT NULL
  at TEXT NOT NULL
  tz TEXT NOT NULL
  paused_until TEXT
  next_fire_at INTEGER
  snooze_at INTEGER
  snooze_slot INTEGER
  updated_at TEXT NOT NULL
  summary_at INTEGER
  nudge_at INTEGER
  summaries_on INTEGER NOT NULL DEFAULT 1
  nudges_on INTEGER NOT NULL DEFAULT 1
table processed_updates
  update_id INTEGER PRIMARY KEY
  processed_at TEXT NOT NULL
table reminders
  user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  slot INTEGER NOT NULL
  kind TEXT NOT NULL CHECK (kind IN ('slot', 'snooze', 'summary', 'nudge', 'pain_check'))
  status TEXT NOT NULL
  reason TEXT
  queued_at TEXT NOT NULL
  PRIMARY KEY (user_id, slot, kind)
table restriction_lifts
  screening_id INTEGER NOT NULL REFERENCES screenings (id) ON DELETE CASCADE
  question TEXT NOT NULL
  lifted_at TEXT NOT NULL
  PRIMARY KEY (screening_id, question)
table screenings
  id INTEGER PRIMARY KEY
  user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  answers TEXT NOT NULL
  outcome TEXT NOT NULL CHECK (outcome IN ('cleared', 'modified', 'not_today', 'doctor'))
  adaptations TEXT NOT NULL
  content_version TEXT NOT NULL
  completed_at TEXT NOT NULL
  cleared_on TEXT
table sender_lease
  id INTEGER PRIMARY KEY CHECK (id = 1)
  holder TEXT NOT NULL
  expires_at INTEGER NOT NULL
table sqlite_sequence
  name
  seq
table timers
  user_id INTEGER NOT NULL REFERENCES users (user_id) ON DELETE CASCADE
  name TEXT NOT NULL
  due_at INTEGER NOT NULL
  PRIMARY KEY (user_id, name)
table users
  user_id INTEGER PRIMARY KEY
  chat_id INTEGER NOT NULL
  first_name TEXT NOT NULL DEFAULT ''
  created_at TEXT NOT NULL
  last_seen_at TEXT NOT NULL
  blocked_at TEXT
  flow TEXT
  flow_state TEXT
  rescreen_required INTEGER NOT NULL DEFAULT 0
  last_log_seq INTEGER NOT NULL DEFAULT 0
  tz TEXT
  tz_asked INTEGER NOT NULL DEFAULT 0
INDEX coach_events_by_link ON coach_events (link_id, id)
INDEX coach_events_held ON coach_events (link_id) WHERE held = 1
INDEX coach_links_by_coach ON coach_links (coach_id, state)
UNIQUE INDEX coach_links_one_active ON coach_links (client_id) WHERE state = 'active'
INDEX coach_messages_by_link ON coach_messages (link_id, id)
INDEX coach_threads_by_link ON coach_threads (link_id)
INDEX coaches_digest_due ON coaches (digest_at) WHERE digest_at IS NOT NULL
INDEX logs_by_date ON logs (user_id, local_date)
UNIQUE INDEX logs_by_user ON logs (user_id, seq)
INDEX morning_checks_due ON morning_checks (ask_at) WHERE ask_at IS NOT NULL
INDEX outbox_due ON outbox (not_before, id)
INDEX pain_ratings_by_user ON pain_ratings (user_id, local_date)
INDEX plans_due ON plans (next_fire_at) WHERE next_fire_at IS NOT NULL
INDEX plans_nudge_due ON plans (nudge_at) WHERE nudge_at IS NOT NULL
INDEX plans_snoozed ON plans (snooze_at) WHERE snooze_at IS NOT NULL
INDEX plans_summary_due ON plans (summary_at) WHERE summary_at IS NOT NULL
INDEX reminders_by_time ON reminders (queued_at)
INDEX screenings_by_user ON screenings (user_id, id)
INDEX timers_due ON timers (due_at)
"""

# Automatic indexes SQLite makes for PRIMARY KEY / UNIQUE constraints (no SQL of their own).
GOLDEN_AUTO_INDEXES = [
    "sqlite_autoindex_coach_digests_1",
    "sqlite_autoindex_coach_inboxes_1",
    "sqlite_autoindex_coach_threads_1",
    "sqlite_autoindex_coach_topics_1",
    "sqlite_autoindex_coaches_1",
    "sqlite_autoindex_counters_1",
    "sqlite_autoindex_lesson_progress_1",
    "sqlite_autoindex_log_sets_1",
    "sqlite_autoindex_media_1",
    "sqlite_autoindex_morning_checks_1",
    "sqlite_autoindex_reminders_1",
    "sqlite_autoindex_restriction_lifts_1",
    "sqlite_autoindex_timers_1",
]


# --- helpers --------------------------------------------------------------------------------


def _normalise(sql: str) -> str:
    sql = re.sub(r"--[^\n]*", "", sql)
    return " ".join(sql.split()).replace("( ", "(").replace(" )", ")")


def _top_level_parts(body: str) -> list[str]:
    """Split a table body at the commas that are not inside parentheses."""
    parts, depth, current = [], 0, ""
    for char in body:
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
            continue
        depth += (char == "(") - (char == ")")
        current += char
    parts.append(current.strip())
    return parts


def describe_schema(raw: sqlite3.Connection) -> str:
    """Tables (column by column) and indexes, as in GOLDEN_SCHEMA."""
    lines = []
    rows = raw.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type DESC, name"
    ).fetchall()
    for kind, name, sql in rows:
        text = _normalise(sql)
        if kind == "table":
            body = text.partition("(")[2]
            lines.append(f"table {name}")
            lines += [f"  {part}" for part in _top_level_parts(body[: body.rindex(")")])]
        else:
            lines.append(text.removeprefix("CREATE "))
    return "\n".join(lines)


def auto_indexes(raw: sqlite3.Connection) -> list[str]:
    rows = raw.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NULL ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows]


@contextmanager
def connect(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection in autocommit mode, closed afterwards."""
    raw = sqlite3.connect(path, isolation_level=None)
    try:
        yield raw
    finally:
        raw.close()


def user_version(path: Path) -> int:
    with connect(path) as raw:
        return int(raw.execute("PRAGMA user_version").fetchone()[0])


def iso(moment: datetime) -> str:
    return moment.isoformat()


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def rows_at(version: int, content: Content) -> dict[str, list[dict[str, Any]]]:
    """Representative rows valid at schema `version`, table by table, in insertion order."""
    questions = [q.id for q in content.screening.questions]
    screening_version = content.screening.version
    payload = outbox_payload(
        Reply("Queued before the upgrade."), Incoming(CLEARED, CLEARED, "Kim", Text("x"))
    )
    rows: dict[str, list[dict[str, Any]]] = {
        "users": [
            {
                "user_id": CLEARED,
                "chat_id": CLEARED,
                "first_name": "Kim",
                "created_at": iso(NOW - timedelta(days=30)),
                "last_seen_at": iso(NOW - timedelta(days=1)),
                "blocked_at": None,
                "flow": None,
                "flow_state": None,
            },
            {
                "user_id": SCREENING,
                "chat_id": SCREENING,
                "first_name": "Lee",
                "created_at": iso(NOW - timedelta(hours=2)),
                "last_seen_at": iso(NOW - timedelta(hours=2)),
                "blocked_at": None,
                "flow": "screening",
                "flow_state": json.dumps(
                    {
                        "index": 6,
                        "answers": {q: False for q in questions[:6]},
                        "version": screening_version,
                    }
                ),
            },
        ],
        "screenings": [
            {
                "id": 1,
                "user_id": CLEARED,
                "answers": json.dumps({q: False for q in questions}, sort_keys=True),
                "outcome": "cleared",
                "adaptations": "[]",
                "content_version": screening_version,
                "completed_at": iso(NOW - timedelta(days=29)),
                "cleared_on": None,
            }
        ],
        "processed_updates": [
            {"update_id": 70_001, "processed_at": iso(NOW - timedelta(days=1))},
            {"update_id": 70_002, "processed_at": iso(NOW - timedelta(hours=2))},
        ],
        "outbox": [
            {
                "id": 1,
                "chat_id": CLEARED,
                "payload": json.dumps(payload),
                "not_before": "",
                "attempts": 0,
                "created_at": iso(NOW - timedelta(minutes=1)),
            },
            {
                "id": 2,
                "chat_id": 999_999,  # a chat the bot never heard of: stays queued, untouched
                "payload": json.dumps(payload),
                "not_before": iso(NOW + timedelta(days=1)),
                "attempts": 3,
                "created_at": iso(NOW - timedelta(minutes=5)),
            },
        ],
        "media": [{"name": "reverse-lunge-1.png", "file_id": "AgACAgIAAxkBAAIB"}],
    }
    if version >= 2:
        rows["lesson_progress"] = [
            {
                "user_id": CLEARED,
                "exercise_id": content.exercise.id,
                "step": 2,
                "updated_at": iso(NOW - timedelta(days=28)),
            }
        ]
    if version >= 3:
        rows["plans"] = [
            {
                "user_id": CLEARED,
                "days": "0,2,4",
                "at": "18:30",
                "tz": "Europe/Berlin",
                "paused_until": None,
                "next_fire_at": unix(NOW + timedelta(hours=8, minutes=30)),
                "snooze_at": None,
                "snooze_slot": None,
                "updated_at": iso(NOW - timedelta(days=27)),
            }
        ]
        rows["reminders"] = [
            {
                "user_id": CLEARED,
                "slot": unix(NOW - timedelta(days=2) + timedelta(hours=8, minutes=30)),
                "kind": "slot",
                "status": "sent",
                "reason": None,
                "queued_at": iso(NOW - timedelta(days=2)),
            }
        ]
    if version >= 5:
        for user, last in zip(rows["users"], (2, 0), strict=True):
            user["last_log_seq"] = last  # the counter the two seeded logs below reached
    if version >= 4:
        rows["logs"] = [
            {
                "id": 1,
                "user_id": CLEARED,
                "seq": 1,
                "local_date": "2026-11-18",
                "logged_at": iso(datetime(2026, 11, 18, 18, 0, tzinfo=UTC)),
                "source": "chat",
                "source_text": "3x10",
                "target_sets": 3,
                "target_reps": 10,
                "target_weight_kg": None,
                "feel": "right",
                "pain": 0,
                "note": None,
            },
            {
                "id": 2,
                "user_id": CLEARED,
                "seq": 2,
                "local_date": "2026-11-20",
                "logged_at": iso(datetime(2026, 11, 20, 18, 0, tzinfo=UTC)),
                "source": "workout",
                "source_text": None,
                "target_sets": 3,
                "target_reps": 10,
                "target_weight_kg": None,
                "feel": "easy",
                "pain": 0,
                "note": "felt good",
            },
        ]
        rows["log_sets"] = [
            {"log_id": log_id, "position": position, "reps": reps, "leg": "both", "weight_kg": None}
            for log_id, reps_list in ((1, (10, 10, 10)), (2, (10, 10, 9)))
            for position, reps in enumerate(reps_list)
        ]
        rows["timers"] = [
            {"user_id": CLEARED, "name": "rest", "due_at": unix(NOW - timedelta(days=3))}
        ]
    return rows


def build_at(path: Path, version: int, content: Content) -> dict[str, list[dict[str, Any]]]:
    """A database as the bot of schema `version` would have left it, with rows; returns them."""
    rows = rows_at(version, content)
    schema_at(path, version)
    with connect(path) as raw:
        raw.execute("BEGIN")
        for table, table_rows in rows.items():
            for row in table_rows:
                names = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                raw.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuple(row.values()))
        raw.execute("COMMIT")
    return rows


def schema_at(path: Path, version: int) -> None:
    """An empty database of schema `version` in WAL mode, as every bot version leaves it."""
    with connect(path) as raw:
        raw.execute("PRAGMA journal_mode=WAL")
        for number, _name, sql in migrations():
            if number > version:
                break
            raw.executescript(f"BEGIN; {sql}; PRAGMA user_version={number}; COMMIT;")


def stored(path: Path, rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """The same tables and columns read back, in rowid order (every row of each table)."""
    found: dict[str, list[dict[str, Any]]] = {}
    with connect(path) as raw:
        raw.row_factory = sqlite3.Row
        for table, table_rows in rows.items():
            names = ", ".join(table_rows[0])
            result = raw.execute(f"SELECT {names} FROM {table} ORDER BY rowid").fetchall()
            found[table] = [dict(row) for row in result]
    return found


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in `folder` with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


# --- the final schema -----------------------------------------------------------------------


def test_migration_files_are_numbered_one_by_one() -> None:
    """Versions 1..N without gaps or duplicates, names as shipped;
    the newest is N."""
    found = migrations()
    assert [name for _, name, _ in found] == MIGRATION_FILES
    assert [version for version, _, _ in found] == list(range(1, NEWEST + 1))


async def test_an_empty_database_gets_every_migration_and_the_golden_schema(
    tmp_path: Path,
) -> None:
    """From nothing: user_version is the newest and the schema equals GOLDEN_SCHEMA."""
    path = tmp_path / "coach.sqlite3"
    db = await Database.open(path)
    try:
        assert await db.schema_version() == NEWEST
    finally:
        await db.close()
    with connect(path) as raw:
        assert describe_schema(raw) == GOLDEN_SCHEMA.strip()
        assert auto_indexes(raw) == GOLDEN_AUTO_INDEXES
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert user_version(path) == NEWEST


# --- upgrades -------------------------------------------------------------------------------


@pytest.mark.parametrize("version", VERSIONS[:-1])
async def test_an_old_database_is_upgraded_keeping_every_row(
    tmp_path: Path, content: Content, version: int
) -> None:
    """Built at version k with rows, opened: newest version, golden schema, every row kept."""
    path = tmp_path / "coach.sqlite3"
    rows = build_at(path, version, content)
    assert user_version(path) == version
    db = await Database.open(path)
    await db.close()
    assert user_version(path) == NEWEST
    assert stored(path, rows) == rows
    with connect(path) as raw:
        assert describe_schema(raw) == GOLDEN_SCHEMA.strip()
        assert auto_indexes(raw) == GOLDEN_AUTO_INDEXES
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        new_columns = raw.execute("SELECT rescreen_required FROM users ORDER BY rowid").fetchall()
        counters = raw.execute("SELECT last_log_seq FROM users ORDER BY rowid").fetchall()
    assert new_columns == [(0,), (0,)]  # a column added later gets its default
    assert counters == ([(2,), (0,)] if version >= 4 else [(0,), (0,)])  # backfilled from logs


@pytest.mark.parametrize("version", VERSIONS)
async def test_the_bot_carries_on_with_an_upgraded_database(
    tmp_path: Path, content: Content, version: int
) -> None:
    """Upgraded: old replies go out; /start, a log, /history, lesson, plan; a screening resumes."""
    path = tmp_path / "coach.sqlite3"
    rows = build_at(path, version, content)
    earlier_logs = len(rows.get("logs", []))
    clock = FakeClock(NOW)
    db = await Database.open(path)
    try:
        kim = ChatHarness(db, content, clock, user_id=CLEARED)
        await kim.send("/start")
        assert kim.texts()[0] == "Queued before the upgrade."  # the old outbox row, sent first
        assert "good to train" in kim.last.text
        await kim.send("3x10")
        assert kim.last.text.splitlines()[0] == (
            "✅ Logged for today: 3 sets x 10 reps per leg, bodyweight."
        )
        assert kim.last.labels[:2] == ["↩️ Undo", "✏️ Edit"]  # and Skip while no zone is known
        assert kim.last.button("↩️ Undo") == f"log:undo:{earlier_logs + 1}"
        await kim.send("/history")
        assert "Your log" in kim.last.text
        assert "1. 3×10" in kim.last.text  # the newest entry first
        await kim.send("/lunge")
        if version >= 2:
            assert "You stopped at step 3 of" in kim.last.text  # lesson_progress step 2 (0-based)
        else:
            assert "Step 1 of" in kim.last.text
        await kim.send("/plan")
        if version >= 3:
            assert "Mon, Wed, Fri at 18:30 (Europe/Berlin)" in kim.last.text
        else:
            assert "don't have a weekly plan" in kim.last.text

        lee = ChatHarness(db, content, clock, user_id=SCREENING)
        await lee.send("/start")
        assert "pick up the safety check" in lee.texts()[0]
        assert "Question 7 of 13" in lee.last.text
        for number in range(7, 14):
            assert f"Question {number} of 13" in lee.last.text
            await lee.press("No")
        assert "cleared for the full plan" in lee.last.text
        async with db.transaction() as tx:
            logs = await tx.fetchall(
                "SELECT seq, source_text FROM logs WHERE user_id = ? ORDER BY seq", (CLEARED,)
            )
            screening = await tx.fetchone(
                "SELECT answers, outcome FROM screenings WHERE user_id = ?", (SCREENING,)
            )
            stranger = await tx.fetchall("SELECT id FROM outbox")
    finally:
        await db.close()
    assert [(r["seq"], r["source_text"]) for r in logs][-1] == (earlier_logs + 1, "3x10")
    assert len(logs) == earlier_logs + 1
    assert screening is not None
    assert screening["outcome"] == "cleared"
    answers = json.loads(screening["answers"])
    assert answers == {q.id: False for q in content.screening.questions}
    assert [r["id"] for r in stranger] == [2]  # the unknown chat's row is still waiting


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "journal",
    [
        "wal",
        "delete",
    ],
)
async def test_a_newer_database_is_refused_and_left_byte_for_byte(
    tmp_path: Path, journal: str
) -> None:
    """user_version above the newest: a clear StorageError; the folder's bytes are unchanged."""
    path = tmp_path / "coach.sqlite3"
    with connect(path) as raw:
        raw.execute(f"PRAGMA journal_mode={journal}")
        raw.execute("CREATE TABLE from_the_future (x)")
        raw.execute("INSERT INTO from_the_future VALUES (1)")
        raw.execute(f"PRAGMA user_version={NEWEST + 1}")
    before = snapshot(tmp_path)
    with pytest.raises(StorageError) as caught:
        await Database.open(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"schema version {NEWEST + 1} is newer than this bot knows ({NEWEST})" in message
    assert "run a newer version of the bot" in message
    assert "\n" not in message
    assert snapshot(tmp_path) == before


def _real_database_bytes(tmp_path: Path, content: Content) -> bytes:
    """A real, filled database of the newest version (checkpointed into one file)."""
    source = tmp_path / "source" / "coach.sqlite3"
    source.parent.mkdir()
    build_at(source, NEWEST, content)
    with connect(source) as raw:
        raw.executemany(
            "INSERT INTO media (name, file_id) VALUES (?, ?)",
            [(f"picture-{i}.png", "F" * 300) for i in range(200)],
        )
        raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = source.read_bytes()
    shutil.rmtree(source.parent)
    return data


CORRUPTIONS = {
    "random bytes": lambda real: random.Random(1234).randbytes(16_384),
    "a text file": lambda real: b"users,screenings\n501,cleared\n",
    "whitespace only": lambda real: b" \n" * 512,
    "zeros": lambda real: bytes(8192),
    "truncated to half": lambda real: real[: len(real) // 2],
    "truncated to one page": lambda real: real[:4096],
    "only the 100-byte header": lambda real: real[:100],
    "the header, then garbage": lambda real: real[:100] + random.Random(5).randbytes(8192),
}


@pytest.mark.parametrize("kind", CORRUPTIONS)
async def test_a_corrupt_file_is_reported_and_never_overwritten(
    tmp_path: Path, content: Content, kind: str
) -> None:
    """Not SQLite, or a cut-off database: a one-line StorageError; the bytes stay the same."""
    data = CORRUPTIONS[kind](_real_database_bytes(tmp_path, content))
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "coach.sqlite3"
    path.write_bytes(data)
    with pytest.raises(StorageError, match="not a usable SQLite database") as caught:
        await Database.open(path)
    assert str(path) in str(caught.value)
    assert "\n" not in str(caught.value)
    assert snapshot(folder) == {"coach.sqlite3": data}


async def test_a_zero_byte_file_is_a_new_database(tmp_path: Path) -> None:
    """SQLite treats an empty file as an empty database: it is set up (nothing in it to lose)."""
    path = tmp_path / "coach.sqlite3"
    path.write_bytes(b"")
    db = await Database.open(path)
    await db.close()
    assert user_version(path) == NEWEST


# --- read-only locations (checked in a child process without root's override) -------------

PROBE = """
import asyncio, json, sys
from pathlib import Path
from bot.storage.db import Database, StorageError

async def probe(path):
    try:
        db = await Database.open(Path(path))
    except StorageError as exc:
        return {"outcome": "StorageError", "message": str(exc)}
    except Exception as exc:
        return {"outcome": type(exc).__name__, "message": str(exc)}
    try:
        async with db.transaction() as tx:
            await tx.execute("INSERT OR REPLACE INTO media (name, file_id) VALUES ('p', 'x')")
    except Exception as exc:
        return {"outcome": "opened, then " + type(exc).__name__, "message": str(exc)}
    finally:
        await db.close()
    return {"outcome": "opened and wrote", "message": ""}

sys.stdout.write(json.dumps(asyncio.run(probe(sys.argv[1]))))
"""

DROP_ROOT_OVERRIDE = [
    "setpriv",
    "--bounding-set=-dac_override,-dac_read_search,-fowner",
    "--inh-caps=-all",
]


def open_in_child(path: Path) -> dict[str, str]:
    """Database.open(path) in a child process that file permissions apply to (even as root)."""
    command = [sys.executable, "-c", PROBE, str(path)]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: permissions cannot be enforced")
        command = DROP_ROOT_OVERRIDE + command
    done = subprocess.run(
        command,
        capture_output=True,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "PYTHONPATH": str(ROOT)},
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return json.loads(done.stdout)


@pytest.fixture
def restore_permissions(tmp_path: Path) -> Iterator[None]:
    """Make everything under tmp_path writable again so pytest can clean it up."""
    yield
    for folder, _, files in os.walk(tmp_path):
        os.chmod(folder, 0o700)
        for name in files:
            os.chmod(Path(folder) / name, 0o600)


@pytest.mark.usefixtures("restore_permissions")
def test_a_database_in_a_read_only_folder_is_refused_with_a_clear_error(tmp_path: Path) -> None:
    """WAL needs the folder: a one-line StorageError naming the file; nothing is changed."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "coach.sqlite3"
    schema_at(path, NEWEST)
    before = snapshot(folder)
    folder.chmod(0o555)
    result = open_in_child(path)
    assert result["outcome"] == "StorageError", result
    assert str(path) in result["message"]
    assert "readonly" in result["message"]
    assert "\n" not in result["message"]
    assert snapshot(folder) == before


@pytest.mark.usefixtures("restore_permissions")
@pytest.mark.parametrize(
    "case", ["read-only file", "read-only old file", "new file in a read-only folder", "no folder"]
)
def test_an_unwritable_location_is_refused_at_open(tmp_path: Path, case: str) -> None:
    """A file or folder the bot cannot write: a StorageError at open (not later), no traceback."""
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "coach.sqlite3"
    if case == "read-only file":
        schema_at(path, NEWEST)
        path.chmod(0o444)
    elif case == "read-only old file":
        schema_at(path, 1)
        path.chmod(0o444)
    elif case == "new file in a read-only folder":
        folder.chmod(0o555)
    else:
        folder.chmod(0o555)
        path = folder / "sub" / "coach.sqlite3"
    before = snapshot(folder)
    result = open_in_child(path)
    assert result["outcome"] == "StorageError", (case, result)
    after = snapshot(folder)
    # Reading a WAL database makes SQLite create its empty -wal/-shm companions; the data
    # itself is untouched.
    assert {n: b for n, b in after.items() if not n.endswith(("-wal", "-shm"))} == before


# --- a migration that fails half-way --------------------------------------------------------

BROKEN = """
CREATE TABLE half_done (id INTEGER PRIMARY KEY);
ALTER TABLE users ADD COLUMN nickname TEXT;
INSERT INTO media (name, file_id) VALUES ('from-the-broken-migration', 'x');
UPDATE users SET first_name = 'overwritten';
INSERT INTO no_such_table (x) VALUES (1);
CREATE TABLE never_reached (id INTEGER PRIMARY KEY);
"""


def _with_broken_migration(monkeypatch: pytest.MonkeyPatch) -> None:
    real = migrations()
    broken = (NEWEST + 1, f"{NEWEST + 1:03d}_broken.sql", BROKEN)
    monkeypatch.setattr(db_module, "migrations", lambda: [*real, broken])


@pytest.mark.parametrize("start", [1, NEWEST])
async def test_a_migration_failing_half_way_is_rolled_back(
    tmp_path: Path, content: Content, monkeypatch: pytest.MonkeyPatch, start: int
) -> None:
    """The broken one changes nothing: the earlier ones stay applied, rows and schema intact."""
    path = tmp_path / "coach.sqlite3"
    rows = build_at(path, start, content)
    _with_broken_migration(monkeypatch)
    with pytest.raises((StorageError, sqlite3.Error)):
        await Database.open(path)
    assert user_version(path) == NEWEST  # every good migration before it was kept
    assert stored(path, rows) == rows
    with connect(path) as raw:
        assert describe_schema(raw) == GOLDEN_SCHEMA.strip()
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    monkeypatch.undo()
    db = await Database.open(path)  # the bot as shipped still opens it
    await db.close()


async def test_a_failing_migration_is_a_storage_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The error says which migration failed, as a StorageError (one line, no traceback)."""
    path = tmp_path / "coach.sqlite3"
    _with_broken_migration(monkeypatch)
    with pytest.raises(StorageError, match=f"{NEWEST + 1:03d}_broken.sql"):
        await Database.open(path)
