"""Weekly plans and the reminders decided from them.

A plan is one row with its next slot in `next_fire_at` and an optional snooze in `snooze_at`
(Unix seconds, each under a partial index), so the dispatcher finds what is due with a range
query. Each reminder decided is a row in `reminders`, keyed by (user, slot, kind): a slot is
decided once, whatever crashes or restarts happen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from bot.coach.plan import WeeklyPlan
from bot.coach.state import PlanState
from bot.coach.week import next_nudge, next_summary
from bot.storage.columns import from_unix, iso, parse_time, unix
from bot.storage.db import Tx


@dataclass(frozen=True, slots=True)
class ReminderKey:
    """One reminder: the user, the instant it is for (Unix seconds) and its kind.

    `kind` is "slot" (a planned slot; `slot` is that slot), "snooze" (`slot` is when the
    snooze goes off, so the same slot may be snoozed again), "summary", "nudge" or
    "pain_check" (a next-morning check; `slot` is when it was due).
    """

    user_id: int
    slot: int
    kind: str

    def to_json(self) -> list[object]:
        """As an outbox payload carries it: [user_id, slot, kind]."""
        return [self.user_id, self.slot, self.kind]

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> ReminderKey:
        """From what `to_json` gave, after a JSON round trip."""
        user_id, slot, kind = data
        return cls(int(user_id), int(slot), str(kind))


@dataclass(frozen=True, slots=True)
class DueSlot:
    """A plan whose next slot is due, with its user's chat and whether they blocked the bot."""

    user_id: int
    chat_id: int
    blocked: bool
    plan: PlanState
    scheduled: datetime  # the pending slot (`next_fire_at`), UTC

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DueSlot:
        """From a `plans` row joined with the user's `chat_id` and `blocked_at`."""
        state = plan_from_row(row)
        assert state.next_fire_at is not None  # the query asked for it to be due
        return cls(
            row["user_id"], row["chat_id"], row["blocked_at"] is not None, state, state.next_fire_at
        )


@dataclass(frozen=True, slots=True)
class DueSnooze:
    """A snooze that has gone off."""

    user_id: int
    chat_id: int
    blocked: bool
    at: datetime  # when the snooze goes off (`snooze_at`), UTC
    slot: int | None  # the snoozed slot, Unix seconds (None: nothing left to remind of)

    @property
    def key(self) -> ReminderKey:
        """A snooze is recorded by when it goes off: the same slot may be snoozed again."""
        return ReminderKey(self.user_id, unix(self.at), "snooze")

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> DueSnooze:
        """From a `plans` row joined with the user's `chat_id` and `blocked_at`."""
        at = from_unix(row["snooze_at"])
        assert at is not None  # the query asked for it to be due
        return cls(
            row["user_id"], row["chat_id"], row["blocked_at"] is not None, at, row["snooze_slot"]
        )


@dataclass(frozen=True, slots=True)
class SlotMove:
    """A due instant of a plan moved on: `column` (the next slot, "next_fire_at", or a week
    column: "summary_at", "nudge_at") from the instant read (`scheduled`) to `following`,
    recording `reminder` (None: nothing to send, such as a slot missed too long ago or a
    blocked user)."""

    user_id: int
    scheduled: datetime
    following: datetime | None
    reminder: ReminderKey | None
    column: str = "next_fire_at"


@dataclass(frozen=True, slots=True)
class DueWeek:
    """A plan whose weekly summary or missed-session nudge is due."""

    user_id: int
    chat_id: int
    blocked: bool
    plan: PlanState
    scheduled: datetime  # the due instant (`summary_at` or `nudge_at`), UTC

    @classmethod
    def from_row(cls, row: sqlite3.Row, kind: str) -> DueWeek:
        """From a `plans` row joined with the user's `chat_id` and `blocked_at`."""
        at = from_unix(row[_WEEK_COLUMNS[kind]])
        assert at is not None  # the query asked for it to be due
        blocked = row["blocked_at"] is not None
        return cls(row["user_id"], row["chat_id"], blocked, plan_from_row(row), at)


_DUE = (
    "SELECT p.*, u.chat_id, u.blocked_at FROM plans p JOIN users u USING (user_id)"
    " WHERE p.{0} <= ? ORDER BY p.{0} LIMIT ?"
)
_DUE_SLOTS = _DUE.format("next_fire_at")
_WEEK_COLUMNS = {"summary": "summary_at", "nudge": "nudge_at"}
_MOVABLE = {c: c for c in ("next_fire_at", *_WEEK_COLUMNS.values())}  # what a move may set


def week_column(kind: str) -> str:
    """The `plans` column of a weekly summary ("summary") or nudge ("nudge")."""
    return _WEEK_COLUMNS[kind]


_DUE_SNOOZES = _DUE.format("snooze_at")


class Plans:
    """The `plans` table: one weekly plan per user, its pause, its snooze."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    def save(self, user_id: int, plan: WeeklyPlan, next_fire: datetime, now: datetime) -> None:
        """Create or replace the user's plan; lifts any pause and snooze, and schedules the
        weekly summary and the nudge from `now` (their switches stay as the user set them)."""
        nudge = next_nudge(plan, now)
        self.tx.later(
            "INSERT INTO plans (user_id, days, at, tz, next_fire_at, summary_at, nudge_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
            " days = excluded.days, at = excluded.at, tz = excluded.tz, paused_until = NULL,"
            " next_fire_at = excluded.next_fire_at, snooze_at = NULL, snooze_slot = NULL,"
            " summary_at = excluded.summary_at, nudge_at = excluded.nudge_at,"
            " updated_at = excluded.updated_at",
            (
                user_id,
                ",".join(str(d) for d in sorted(plan.days)),
                plan.at.strftime("%H:%M"),
                plan.tz,
                unix(next_fire),
                unix(next_summary(plan, now)),
                unix(nudge) if nudge else None,
                iso(now),
            ),
        )

    def schedule_week(self, user_id: int, plan: WeeklyPlan | None, now: datetime) -> None:
        """The next weekly summary and nudge from `now` (None: none until the plan resumes)."""
        nudge = next_nudge(plan, now) if plan else None
        self.tx.later(
            "UPDATE plans SET summary_at = ?, nudge_at = ? WHERE user_id = ?",
            (
                unix(next_summary(plan, now)) if plan else None,
                unix(nudge) if nudge else None,
                user_id,
            ),
        )

    def set_coaching(self, user_id: int, kind: str, on: bool) -> None:
        """Turn the weekly summary ("summary") or the nudge ("nudge") on or off."""
        column = {"summary": "summaries_on", "nudge": "nudges_on"}[kind]
        self.tx.later(f"UPDATE plans SET {column} = ? WHERE user_id = ?", (int(on), user_id))  # noqa: S608 (a fixed column name)

    async def due_week(self, kind: str, now: datetime, limit: int) -> list[DueWeek]:
        """At most `limit` summaries or nudges due at or before `now`, oldest first (one trip,
        on the column's partial index)."""
        rows = await self.tx.fetchall(_DUE.format(_WEEK_COLUMNS[kind]), (unix(now), limit))
        return [DueWeek.from_row(row, kind) for row in rows]

    def set_pause(
        self, user_id: int, until: date | None, next_fire: datetime | None, now: datetime
    ) -> None:
        """Pause until a local date (None: resume) with the next slot after it; drops a snooze."""
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

    def set_snooze(self, user_id: int, slot: datetime | None, at: datetime | None) -> None:
        """Remind of `slot` again at `at`; None for both cancels the snooze."""
        self.tx.later(
            "UPDATE plans SET snooze_at = ?, snooze_slot = ? WHERE user_id = ?",
            (unix(at) if at else None, unix(slot) if slot else None, user_id),
        )

    def advance(self, user_id: int, next_fire: datetime | None) -> None:
        """Move the plan to its next slot (None: no slot left)."""
        self.tx.later(
            "UPDATE plans SET next_fire_at = ? WHERE user_id = ?",
            (unix(next_fire) if next_fire else None, user_id),
        )

    async def claim_slots(self, moves: list[SlotMove], now: datetime) -> set[ReminderKey]:
        """Move each plan's slot, summary or nudge on only if it is still the instant read, and
        record the reminders of those moved (one trip). Returns the reminders this caller
        claimed: of two processes reading the same due instant, exactly one gets it."""

        def work(connection: sqlite3.Connection) -> set[ReminderKey]:
            claimed = set()
            for move in moves:
                column = _MOVABLE[move.column]
                changed = connection.execute(
                    f"UPDATE plans SET {column} = ? WHERE user_id = ? AND {column} = ?",  # noqa: S608 (a fixed column name)
                    (_unix_or_none(move.following), move.user_id, unix(move.scheduled)),
                ).rowcount
                if changed == 1 and move.reminder and record_key(connection, move.reminder, now):
                    claimed.add(move.reminder)
            return claimed

        return await self.tx.call(work) if moves else set()

    async def claim_snoozes(self, due: list[DueSnooze], now: datetime) -> list[DueSnooze]:
        """Clear each snooze only if it still goes off when it was read to, and record its
        reminder (one trip). Returns the snoozes this caller claimed that have a slot to
        remind of and a user who has not blocked the bot."""

        def work(connection: sqlite3.Connection) -> list[DueSnooze]:
            claimed = []
            for snooze in due:
                changed = connection.execute(
                    "UPDATE plans SET snooze_at = NULL, snooze_slot = NULL"
                    " WHERE user_id = ? AND snooze_at = ?",
                    (snooze.user_id, unix(snooze.at)),
                ).rowcount
                if changed != 1 or snooze.slot is None or snooze.blocked:
                    continue
                if record_key(connection, snooze.key, now):
                    claimed.append(snooze)
            return claimed

        return await self.tx.call(work) if due else []

    async def due_slots(self, now: datetime, limit: int) -> list[DueSlot]:
        """At most `limit` plans whose next slot is at or before `now`, oldest first (one trip,
        on the partial index of `next_fire_at`)."""
        rows = await self.tx.fetchall(_DUE_SLOTS, (unix(now), limit))
        return [DueSlot.from_row(row) for row in rows]

    async def due_snoozes(self, now: datetime, limit: int) -> list[DueSnooze]:
        """At most `limit` snoozes that went off at or before `now`, oldest first (one trip)."""
        rows = await self.tx.fetchall(_DUE_SNOOZES, (unix(now), limit))
        return [DueSnooze.from_row(row) for row in rows]

    async def earliest_due(self) -> datetime | None:
        """The earliest reminder slot, snooze, summary, nudge, morning check, conversation timer
        or coach's digest, or None (one trip; each MIN is one index lookup)."""
        row = await self.tx.fetchone(
            "SELECT MIN(t) AS t FROM ("
            " SELECT MIN(next_fire_at) AS t FROM plans WHERE next_fire_at IS NOT NULL"
            " UNION ALL SELECT MIN(snooze_at) FROM plans WHERE snooze_at IS NOT NULL"
            " UNION ALL SELECT MIN(summary_at) FROM plans WHERE summary_at IS NOT NULL"
            " UNION ALL SELECT MIN(nudge_at) FROM plans WHERE nudge_at IS NOT NULL"
            " UNION ALL SELECT MIN(ask_at) FROM morning_checks WHERE ask_at IS NOT NULL"
            " UNION ALL SELECT MIN(due_at) FROM timers"
            " UNION ALL SELECT MIN(digest_at) FROM coaches WHERE digest_at IS NOT NULL)"
        )
        return from_unix(row["t"]) if row and row["t"] is not None else None


class Reminders:
    """The `reminders` table: what was decided for each slot, and how its send ended."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    def outcome(self, key: ReminderKey, status: str) -> None:
        """How it ended: "sent", "failed" or "skipped" (the engine chose not to remind)."""
        self.tx.later(
            "UPDATE reminders SET status = ? WHERE user_id = ? AND slot = ? AND kind = ?",
            (status, key.user_id, key.slot, key.kind),
        )


def record_key(connection: sqlite3.Connection, key: ReminderKey, now: datetime) -> bool:
    """Record a reminder as queued; False if it was decided before (its primary key)."""
    changed = connection.execute(
        "INSERT OR IGNORE INTO reminders (user_id, slot, kind, status, reason, queued_at)"
        " VALUES (?, ?, ?, 'queued', NULL, ?)",
        (key.user_id, key.slot, key.kind, iso(now)),
    ).rowcount
    return bool(changed == 1)


def _unix_or_none(moment: datetime | None) -> int | None:
    return unix(moment) if moment else None


def plan_from_row(row: sqlite3.Row, last_sent: datetime | None = None) -> PlanState:
    """A `plans` row as the engine's PlanState (with the latest slot reminded of, if read)."""
    hours, minutes = (int(part) for part in row["at"].split(":"))
    plan = WeeklyPlan(
        days=frozenset(int(d) for d in row["days"].split(",")),
        at=time(hours, minutes),
        tz=row["tz"],
    )
    paused = date.fromisoformat(row["paused_until"]) if row["paused_until"] else None
    return PlanState(
        plan=plan,
        paused_until=paused,
        next_fire_at=from_unix(row["next_fire_at"]),
        summaries=bool(row["summaries_on"]),
        nudges=bool(row["nudges_on"]),
        since=_since(row),
        last_sent=last_sent,
    )


def _since(row: sqlite3.Row) -> datetime | None:
    """When the plan started: the earlier of its last change and its first reminder slot (the
    same start the roster uses); None when the row does not say."""
    keys = row.keys()
    changed = parse_time(row["updated_at"]) if "updated_at" in keys else None
    first_slot = from_unix(row["first_slot"]) if "first_slot" in keys else None
    starts = [t for t in (changed, first_slot) if t is not None]
    return min(starts) if starts else None


# With the plan: its first reminder slot (when it started, for the chart and the roster) and
# the latest planned slot reminded of (its reminder queued or sent, not skipped or failed):
# the reminder an answer after midnight belongs to (`training.log_date`).
_READ_PLAN = (
    "SELECT p.*, (SELECT min(slot) FROM reminders r WHERE r.user_id = p.user_id"
    " AND r.kind = 'slot') AS first_slot,"
    " (SELECT MAX(slot) FROM reminders r WHERE r.user_id = p.user_id"
    " AND r.kind = 'slot' AND r.status IN ('queued', 'sent')) AS last_sent"
    " FROM plans p WHERE p.user_id = ?"
)


def read_plan(connection: sqlite3.Connection, user_id: int) -> PlanState | None:
    """The user's plan, or None; on the database thread."""
    row = connection.execute(_READ_PLAN, (user_id,)).fetchone()
    return plan_from_row(row, from_unix(row["last_sent"])) if row else None
