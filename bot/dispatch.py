"""The periodic dispatcher: due reminder slots, snoozes and conversation timers -> the engine.

Reminders are rows (`plans.next_fire_at`, indexed), not scheduler jobs: one tick claims what
is due with a range query, so its cost grows with what is due, not with the number of users,
and startup does no per-user work. Each claimed slot is recorded in `reminders` (one row per
user, slot and kind) in the same transaction as the message it queues, so a slot is decided
once across crashes and restarts; the outbox then sends reminders at most once.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.clock import Clock
from bot.coach.messages import Tick
from bot.coach.reminders import due_slot
from bot.service import Coach, Incoming
from bot.storage.db import Database
from bot.storage.repo import Repo, from_unix, plan_from_row, unix

log = logging.getLogger(__name__)


class Dispatcher:
    """Call `tick()` every few seconds (PTB's JobQueue does, or a test with a fake clock)."""

    def __init__(self, db: Database, coach: Coach, clock: Clock, *, batch: int = 200) -> None:
        self.db = db
        self.coach = coach
        self.clock = clock
        self.batch = batch

    async def tick(self) -> int:
        """Handle everything due now; returns how many events reached the engine."""
        now = self.clock.now()
        async with self.db.reads() as tx:
            earliest = await Repo(tx).earliest_due()
        if earliest is None or earliest > now:
            return 0
        handled = 0
        for step in (self._slots, self._snoozes, self._timers):
            while True:
                count, full = await step(now)
                handled += count
                if count:
                    self.coach.on_enqueued()  # the outbox starts on this batch right away
                if not full:
                    break
        return handled

    async def _slots(self, now: datetime) -> tuple[int, bool]:
        handled = 0
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            rows = await repo.due_plans("next_fire_at", now, self.batch)
            for row in rows:
                state = plan_from_row(row)
                scheduled = from_unix(row["next_fire_at"])
                assert scheduled is not None
                slot, following = due_slot(state, scheduled, now)
                await repo.advance_plan(row["user_id"], following)
                if slot is None or row["blocked_at"] is not None:
                    continue
                if await repo.claim_reminder(row["user_id"], slot, "slot", "queued", None, now):
                    handled += await self._run(
                        repo,
                        row["user_id"],
                        row["chat_id"],
                        f"reminder:slot:{unix(slot)}",
                        now,
                        (row["user_id"], unix(slot), "slot"),
                    )
        return handled, len(rows) == self.batch

    async def _snoozes(self, now: datetime) -> tuple[int, bool]:
        handled = 0
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            rows = await repo.due_plans("snooze_at", now, self.batch)
            for row in rows:
                await repo.set_snooze(row["user_id"], None, None)
                slot = row["snooze_slot"]
                if slot is None or row["blocked_at"] is not None:
                    continue
                # A snooze is recorded by when it goes off: the same slot may be snoozed again.
                moment = from_unix(row["snooze_at"])
                assert moment is not None
                if await repo.claim_reminder(row["user_id"], moment, "snooze", "queued", None, now):
                    handled += await self._run(
                        repo,
                        row["user_id"],
                        row["chat_id"],
                        f"reminder:snooze:{slot}",
                        now,
                        (row["user_id"], unix(moment), "snooze"),
                    )
        return handled, len(rows) == self.batch

    async def _timers(self, now: datetime) -> tuple[int, bool]:
        handled = 0
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            rows = await repo.due_timers(now, self.batch)
            for row in rows:
                await repo.cancel_timer(row["user_id"], row["name"])
                handled += await self._run(repo, row["user_id"], row["chat_id"], row["name"], now)
        return handled, len(rows) == self.batch

    async def _run(
        self,
        repo: Repo,
        user_id: int,
        chat_id: int,
        name: str,
        now: datetime,
        reminder: tuple[int, int, str] | None = None,
    ) -> int:
        user = await repo.load_user(user_id)
        if user is None:
            return 0
        incoming = Incoming(user_id, chat_id, user.first_name, Tick(name))
        decision = await self.coach.run(repo, user, incoming, now, reminder=reminder)
        if reminder is not None and not decision.replies:
            # The engine chose not to remind (not allowed to train, or today already logged).
            await repo.reminder_outcome(reminder[0], reminder[1], reminder[2], "skipped")
        return 1
