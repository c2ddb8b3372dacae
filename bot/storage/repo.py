"""The repository: every query the bot makes, over one open transaction (`Tx`).

Handlers never open connections: the service opens a transaction, builds a `Repo` on it,
and everything that one update changes commits together, replies included (the outbox).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from bot.coach import conversation_json
from bot.coach.conversations import Conversation
from bot.coach.plan import WeeklyPlan
from bot.coach.screening import Result
from bot.coach.sessions import LoggedSet, Target
from bot.coach.state import AdminStats, LogEntry, PlanState, UserState
from bot.storage.db import Tx


def iso(moment: datetime) -> str:
    return moment.isoformat()


def unix(moment: datetime) -> int:
    return int(moment.timestamp())


def from_unix(seconds: int | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


@dataclass(frozen=True, slots=True)
class OutboxItem:
    id: int
    chat_id: int
    payload: dict[str, Any]
    attempts: int


_DUE_SQL = {
    "next_fire_at": "SELECT p.*, u.chat_id, u.blocked_at FROM plans p JOIN users u"
    " USING (user_id) WHERE p.next_fire_at <= ? ORDER BY p.next_fire_at LIMIT ?",
    "snooze_at": "SELECT p.*, u.chat_id, u.blocked_at FROM plans p JOIN users u"
    " USING (user_id) WHERE p.snooze_at <= ? ORDER BY p.snooze_at LIMIT ?",
}


SENDING = "sending"  # sorts after every ISO time, so such a row is never due
LOG_HISTORY = 400  # logs loaded per update: more than a year and a half of training


def _log_from_row(row: sqlite3.Row, sets: tuple[LoggedSet, ...]) -> LogEntry:
    target = None
    if row["target_sets"] is not None:
        target = Target(row["target_sets"], row["target_reps"], row["target_weight_kg"])
    return LogEntry(
        seq=row["seq"],
        local_date=date.fromisoformat(row["local_date"]),
        logged_at=datetime.fromisoformat(row["logged_at"]),
        source=row["source"],
        sets=sets,
        source_text=row["source_text"],
        target=target,
        feel=row["feel"],
        pain=bool(row["pain"]),
        note=row["note"],
    )


def plan_from_row(row: sqlite3.Row) -> PlanState:
    """A `plans` row as the engine's PlanState."""
    hours, minutes = (int(part) for part in row["at"].split(":"))
    plan = WeeklyPlan(
        days=frozenset(int(d) for d in row["days"].split(",")),
        at=time(hours, minutes),
        tz=row["tz"],
    )
    paused = date.fromisoformat(row["paused_until"]) if row["paused_until"] else None
    return PlanState(plan=plan, paused_until=paused, next_fire_at=from_unix(row["next_fire_at"]))


def read_user(connection: sqlite3.Connection, user_id: int) -> UserState | None:
    """The engine's view of one user (runs on the database thread, inside a transaction)."""
    row = connection.execute("SELECT * FROM users WHERE user_id = ?", (user_id,)).fetchone()
    if row is None:
        return None
    screening_id, screening = _read_screening(connection, user_id)
    lessons = connection.execute(
        "SELECT exercise_id, step FROM lesson_progress WHERE user_id = ?", (user_id,)
    ).fetchall()
    timers = connection.execute(
        "SELECT name, due_at FROM timers WHERE user_id = ?", (user_id,)
    ).fetchall()
    return UserState(
        user_id=user_id,
        chat_id=row["chat_id"],
        first_name=row["first_name"],
        conversation=conversation_json.decode(row["flow"], row["flow_state"]),
        screening=screening,
        screening_id=screening_id,
        lesson_steps={r["exercise_id"]: r["step"] for r in lessons},
        plan=_read_plan(connection, user_id),
        logs=_read_logs(connection, user_id, LOG_HISTORY),
        last_log_seq=int(row["last_log_seq"]),
        rescreen_required=bool(row["rescreen_required"]),
        timers={r["name"]: datetime.fromtimestamp(r["due_at"], UTC) for r in timers},
    )


def _read_screening(
    connection: sqlite3.Connection, user_id: int
) -> tuple[int | None, Result | None]:
    row = connection.execute(
        "SELECT * FROM screenings WHERE user_id = ? ORDER BY id DESC LIMIT 1", (user_id,)
    ).fetchone()
    if row is None:
        return None, None
    result = Result(
        answers=json.loads(row["answers"]),
        outcome=row["outcome"],
        adaptations=frozenset(json.loads(row["adaptations"])),
        content_version=row["content_version"],
        completed_at=datetime.fromisoformat(row["completed_at"]),
        cleared_on=parse_time(row["cleared_on"]),
    )
    return row["id"], result


def _read_plan(connection: sqlite3.Connection, user_id: int) -> PlanState | None:
    row = connection.execute("SELECT * FROM plans WHERE user_id = ?", (user_id,)).fetchone()
    return plan_from_row(row) if row else None


def _read_logs(connection: sqlite3.Connection, user_id: int, limit: int) -> tuple[LogEntry, ...]:
    rows = connection.execute(
        "SELECT * FROM (SELECT * FROM logs WHERE user_id = ? ORDER BY seq DESC LIMIT ?)"
        " ORDER BY seq",
        (user_id, limit),
    ).fetchall()
    if not rows:
        return ()
    sets = connection.execute(
        "SELECT s.* FROM log_sets s JOIN logs l ON l.id = s.log_id WHERE l.user_id = ?"
        " AND l.seq >= ? ORDER BY s.log_id, s.position",
        (user_id, rows[0]["seq"]),
    ).fetchall()
    by_log: dict[int, list[LoggedSet]] = {}
    for row in sets:
        by_log.setdefault(row["log_id"], []).append(
            LoggedSet(row["reps"], row["leg"], row["weight_kg"])
        )
    return tuple(_log_from_row(row, tuple(by_log.get(row["id"], []))) for row in rows)


def _read_due_outbox(
    connection: sqlite3.Connection, now: datetime, limit: int
) -> tuple[list[OutboxItem], datetime | None]:
    rows = connection.execute(
        "SELECT id, chat_id, payload, attempts FROM outbox WHERE not_before <= ?"
        " ORDER BY id LIMIT ?",
        (iso(now), limit),
    ).fetchall()
    items = [
        OutboxItem(r["id"], r["chat_id"], json.loads(r["payload"]), r["attempts"]) for r in rows
    ]
    if items:
        return items, None
    row = connection.execute(
        "SELECT MIN(not_before) AS t FROM outbox WHERE not_before != ?", (SENDING,)
    ).fetchone()
    if row is None or row["t"] is None:
        return items, None
    return items, parse_time(row["t"]) or datetime.fromtimestamp(0, UTC)


class Repo:
    """Queries for one transaction."""

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    # --- updates -------------------------------------------------------------------------

    async def claim_update(self, update_id: int, now: datetime) -> bool:
        """Record an update id; False if it was handled before (a redelivery)."""
        changed = await self.tx.changes(
            "INSERT OR IGNORE INTO processed_updates (update_id, processed_at) VALUES (?, ?)",
            (update_id, iso(now)),
        )
        return changed == 1

    async def forget_updates_before(self, moment: datetime) -> int:
        return await self.tx.changes(
            "DELETE FROM processed_updates WHERE processed_at < ?", (iso(moment),)
        )

    # --- users ---------------------------------------------------------------------------

    async def load_user(self, user_id: int) -> UserState | None:
        """Everything the engine needs about one user, read in one round trip."""
        return await self.tx.call(lambda connection: read_user(connection, user_id))

    async def touch_user(self, user_id: int, chat_id: int, first_name: str, now: datetime) -> None:
        """Create the user, or note they wrote again (which also lifts a 'blocked' mark)."""
        self.tx.later(
            "INSERT INTO users (user_id, chat_id, first_name, created_at, last_seen_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET chat_id = excluded.chat_id,"
            " first_name = excluded.first_name, last_seen_at = excluded.last_seen_at,"
            " blocked_at = NULL",
            (user_id, chat_id, first_name, iso(now), iso(now)),
        )

    async def save_conversation(self, user_id: int, conversation: Conversation | None) -> None:
        flow, state = conversation_json.encode(conversation) if conversation else (None, None)
        self.tx.later(
            "UPDATE users SET flow = ?, flow_state = ? WHERE user_id = ?", (flow, state, user_id)
        )

    async def mark_blocked(self, chat_id: int, now: datetime) -> None:
        self.tx.later(
            "UPDATE users SET blocked_at = ? WHERE chat_id = ? AND blocked_at IS NULL",
            (iso(now), chat_id),
        )

    async def erase_user(self, user_id: int, chat_id: int) -> None:
        """Delete every row of this user (screenings and the rest cascade)."""
        self.tx.later("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))
        self.tx.later("DELETE FROM users WHERE user_id = ?", (user_id,))

    # --- screenings ----------------------------------------------------------------------

    async def add_screening(self, user_id: int, result: Result) -> None:
        self.tx.later(
            "INSERT INTO screenings (user_id, answers, outcome, adaptations, content_version,"
            " completed_at, cleared_on) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                user_id,
                json.dumps(dict(result.answers), sort_keys=True),
                result.outcome,
                json.dumps(sorted(result.adaptations)),
                result.content_version,
                iso(result.completed_at),
                iso(result.cleared_on) if result.cleared_on else None,
            ),
        )

    async def require_rescreen(self, user_id: int, required: bool) -> None:
        self.tx.later(
            "UPDATE users SET rescreen_required = ? WHERE user_id = ?", (int(required), user_id)
        )

    async def set_cleared(self, screening_id: int, moment: datetime) -> None:
        self.tx.later(
            "UPDATE screenings SET cleared_on = ? WHERE id = ?", (iso(moment), screening_id)
        )

    async def save_lesson_step(
        self, user_id: int, exercise_id: str, step: int, now: datetime
    ) -> None:
        self.tx.later(
            "INSERT INTO lesson_progress (user_id, exercise_id, step, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, exercise_id)"
            " DO UPDATE SET step = excluded.step, updated_at = excluded.updated_at",
            (user_id, exercise_id, step, iso(now)),
        )

    # --- plans and reminders ---------------------------------------------------------------

    async def save_plan(
        self, user_id: int, plan: WeeklyPlan, next_fire: datetime, now: datetime
    ) -> None:
        self.tx.later(
            "INSERT INTO plans (user_id, days, at, tz, next_fire_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " days = excluded.days, at = excluded.at, tz = excluded.tz, paused_until = NULL,"
            " next_fire_at = excluded.next_fire_at, snooze_at = NULL, snooze_slot = NULL,"
            " updated_at = excluded.updated_at",
            (
                user_id,
                ",".join(str(d) for d in sorted(plan.days)),
                plan.at.strftime("%H:%M"),
                plan.tz,
                unix(next_fire),
                iso(now),
            ),
        )

    async def set_pause(
        self, user_id: int, until: date | None, next_fire: datetime | None, now: datetime
    ) -> None:
        self.tx.later(
            "UPDATE plans SET paused_until = ?, next_fire_at = ?, snooze_at = NULL,"
            " snooze_slot = NULL, updated_at = ? WHERE user_id = ?",
            (
                until.isoformat() if until else None,
                unix(next_fire) if next_fire else None,
                iso(now),
                user_id,
            ),
        )

    async def set_snooze(self, user_id: int, slot: datetime | None, at: datetime | None) -> None:
        self.tx.later(
            "UPDATE plans SET snooze_at = ?, snooze_slot = ? WHERE user_id = ?",
            (unix(at) if at else None, unix(slot) if slot else None, user_id),
        )

    async def due_plans(self, column: str, now: datetime, limit: int) -> list[sqlite3.Row]:
        """Plans whose `column` (next_fire_at or snooze_at) is due, oldest first, with the
        user's chat and blocked mark. Uses the partial index on that column."""
        return await self.tx.fetchall(_DUE_SQL[column], (unix(now), limit))

    async def earliest_due(self) -> datetime | None:
        """The earliest reminder slot, snooze or timer (each MIN is one index lookup)."""
        row = await self.tx.fetchone(
            "SELECT MIN(t) AS t FROM ("
            " SELECT MIN(next_fire_at) AS t FROM plans WHERE next_fire_at IS NOT NULL"
            " UNION ALL SELECT MIN(snooze_at) FROM plans WHERE snooze_at IS NOT NULL"
            " UNION ALL SELECT MIN(due_at) FROM timers)"
        )
        return from_unix(row["t"]) if row and row["t"] is not None else None

    async def advance_plan(self, user_id: int, next_fire: datetime | None) -> None:
        self.tx.later(
            "UPDATE plans SET next_fire_at = ? WHERE user_id = ?",
            (unix(next_fire) if next_fire else None, user_id),
        )

    async def claim_reminder(
        self,
        user_id: int,
        slot: datetime,
        kind: str,
        status: str,
        reason: str | None,
        now: datetime,
    ) -> bool:
        """Record the decision on one reminder; False if this slot was decided before."""
        changed = await self.tx.changes(
            "INSERT OR IGNORE INTO reminders (user_id, slot, kind, status, reason, queued_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (user_id, unix(slot), kind, status, reason, iso(now)),
        )
        return changed == 1

    async def reminder_outcome(self, user_id: int, slot: int, kind: str, status: str) -> None:
        self.tx.later(
            "UPDATE reminders SET status = ? WHERE user_id = ? AND slot = ? AND kind = ?",
            (status, user_id, slot, kind),
        )

    # --- logs -----------------------------------------------------------------------------

    async def add_log(self, user_id: int, entry: LogEntry) -> None:
        target = entry.target
        self.tx.later(
            "INSERT INTO logs (user_id, seq, local_date, logged_at, source, source_text,"
            " target_sets, target_reps, target_weight_kg, feel, pain, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                user_id,
                entry.seq,
                entry.local_date.isoformat(),
                iso(entry.logged_at),
                entry.source,
                entry.source_text,
                target.sets if target else None,
                target.reps if target else None,
                target.weight_kg if target else None,
                entry.feel,
                int(entry.pain),
                entry.note,
            ),
        )
        self.tx.later(
            "UPDATE users SET last_log_seq = MAX(last_log_seq, ?) WHERE user_id = ?",
            (entry.seq, user_id),
        )
        for position, logged in enumerate(entry.sets):
            self.tx.later(
                "INSERT INTO log_sets (log_id, position, reps, leg, weight_kg)"
                " VALUES ((SELECT id FROM logs WHERE user_id = ? AND seq = ?), ?, ?, ?, ?)",
                (user_id, entry.seq, position, logged.reps, logged.leg, logged.weight_kg),
            )

    async def remove_log(self, user_id: int, seq: int) -> None:
        self.tx.later("DELETE FROM logs WHERE user_id = ? AND seq = ?", (user_id, seq))

    async def set_feel(self, user_id: int, seq: int, feel: str) -> None:
        self.tx.later(
            "UPDATE logs SET feel = ? WHERE user_id = ? AND seq = ?", (feel, user_id, seq)
        )

    async def mark_latest_log_pain(self, user_id: int, local_date: date) -> None:
        self.tx.later(
            "UPDATE logs SET pain = 1 WHERE user_id = ? AND local_date = ?",
            (user_id, local_date.isoformat()),
        )

    async def logged_on(self, user_id: int, local_date: date) -> bool:
        row = await self.tx.fetchone(
            "SELECT 1 FROM logs WHERE user_id = ? AND local_date = ? LIMIT 1",
            (user_id, local_date.isoformat()),
        )
        return row is not None

    # --- timers ---------------------------------------------------------------------------

    async def set_timer(self, user_id: int, name: str, due_at: datetime) -> None:
        self.tx.later(
            "INSERT OR REPLACE INTO timers (user_id, name, due_at) VALUES (?, ?, ?)",
            (user_id, name, unix(due_at)),
        )

    async def cancel_timer(self, user_id: int, name: str) -> None:
        self.tx.later("DELETE FROM timers WHERE user_id = ? AND name = ?", (user_id, name))

    async def due_timers(self, now: datetime, limit: int) -> list[sqlite3.Row]:
        return await self.tx.fetchall(
            "SELECT t.user_id, t.name, u.chat_id, u.first_name FROM timers t"
            " JOIN users u USING (user_id) WHERE t.due_at <= ? ORDER BY t.due_at LIMIT ?",
            (unix(now), limit),
        )

    # --- admin ----------------------------------------------------------------------------

    async def admin_stats(self, now: datetime) -> AdminStats:
        """Aggregate counts only: nothing about any single user."""
        week = iso(now - timedelta(days=7))
        day = iso(now - timedelta(days=1))
        users = await self.tx.fetchone(
            "SELECT COUNT(*) AS n, SUM(last_seen_at >= ? AND blocked_at IS NULL) AS active,"
            " SUM(blocked_at IS NOT NULL) AS blocked FROM users",
            (week,),
        )
        outcomes = await self.tx.fetchall(
            "SELECT outcome, COUNT(*) AS n FROM screenings s WHERE id = (SELECT MAX(id)"
            " FROM screenings WHERE user_id = s.user_id) GROUP BY outcome"
        )
        reminders = await self.tx.fetchall(
            "SELECT status, COUNT(*) AS n FROM reminders WHERE queued_at >= ? GROUP BY status",
            (day,),
        )
        logs = await self.tx.fetchone(
            "SELECT COUNT(*) AS n FROM logs WHERE logged_at >= ?", (week,)
        )
        assert users is not None
        assert logs is not None
        return AdminStats(
            users=int(users["n"]),
            active_7d=int(users["active"] or 0),
            blocked=int(users["blocked"] or 0),
            outcomes={r["outcome"]: int(r["n"]) for r in outcomes},
            reminders_24h={r["status"]: int(r["n"]) for r in reminders},
            logs_7d=int(logs["n"]),
        )

    # --- outbox --------------------------------------------------------------------------

    async def enqueue(self, chat_id: int, payload: dict[str, Any], now: datetime) -> None:
        """Queue a message, due at once (`not_before` "" sorts before every time)."""
        self.tx.later(
            "INSERT INTO outbox (chat_id, payload, not_before, created_at) VALUES (?, ?, '', ?)",
            (chat_id, json.dumps(payload), iso(now)),
        )

    async def due_outbox(
        self, now: datetime, limit: int
    ) -> tuple[list[OutboxItem], datetime | None]:
        """Messages due now, oldest first; when there are none, also when the next one is due
        (the epoch: now; None: nothing waits). One trip."""
        return await self.tx.call(lambda connection: _read_due_outbox(connection, now, limit))

    async def delete_outbox(self, item_id: int) -> None:
        self.tx.later("DELETE FROM outbox WHERE id = ?", (item_id,))

    async def postpone_outbox(self, item_id: int, until: datetime, attempts: int) -> None:
        self.tx.later(
            "UPDATE outbox SET not_before = ?, attempts = ? WHERE id = ?",
            (iso(until), attempts, item_id),
        )

    async def mark_sending(self, item_id: int) -> None:
        """An at-most-once message is being sent: never due again unless put back."""
        self.tx.later("UPDATE outbox SET not_before = ? WHERE id = ?", (SENDING, item_id))

    async def drop_unknown_sends(self) -> int:
        """After a crash: at-most-once messages whose send may have happened are dropped."""
        return await self.tx.changes("DELETE FROM outbox WHERE not_before = ?", (SENDING,))

    async def drop_chat_outbox(self, chat_id: int) -> int:
        return await self.tx.changes("DELETE FROM outbox WHERE chat_id = ?", (chat_id,))

    # --- media ---------------------------------------------------------------------------

    async def media_file_id(self, name: str) -> str | None:
        row = await self.tx.fetchone("SELECT file_id FROM media WHERE name = ?", (name,))
        return str(row["file_id"]) if row else None

    async def remember_media(self, name: str, file_id: str) -> None:
        self.tx.later("INSERT OR REPLACE INTO media (name, file_id) VALUES (?, ?)", (name, file_id))
