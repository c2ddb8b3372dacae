"""The periodic dispatcher: due reminder slots, snoozes, weekly summaries, nudges, next-morning
checks and conversation timers -> the engine.

Reminders are rows (`plans.next_fire_at`, indexed), not scheduler jobs: one tick claims what
is due with a range query, so its cost grows with what is due, not with the number of users,
and startup does no per-user work. Each claimed slot is recorded in `reminders` (one row per
user, slot and kind) in the same transaction as the message it queues, so a slot is decided
once across crashes and restarts; the outbox then sends reminders at most once.

Every claim is conditional on what was read (a plan moves on only from the slot read, a snooze
or a timer goes only if it still goes off when read), and only the claims that changed a row
reach the engine: two processes on one database never both run the same slot, snooze or timer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Literal

from bot.clock import Clock
from bot.coach import digest
from bot.coach.callbacks import DigestDue, MorningDue, ReminderDue, WeekDue
from bot.coach.messages import Tick
from bot.coach.morning import pack_day, still_due
from bot.coach.reminders import due_slot
from bot.coach.week import due as week_due
from bot.service import Coach, Incoming
from bot.storage.columns import unix
from bot.storage.db import Database
from bot.storage.digests import DigestMove, DueDigest
from bot.storage.plans import DueSlot, DueWeek, Plans, ReminderKey, SlotMove, week_column
from bot.storage.repo import Repo

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
            earliest = await Plans(tx).earliest_due()
        if earliest is None or earliest > now:
            return 0
        handled = 0
        steps = (
            self._slots,
            self._snoozes,
            self._summaries,
            self._nudges,
            self._morning_checks,
            self._digests,
            self._timers,
        )
        for step in steps:
            while True:
                count, full = await step(now)
                handled += count
                if count:
                    self.coach.on_enqueued()  # the outbox starts on this batch right away
                if not full:
                    break
        return handled

    async def _slots(self, now: datetime) -> tuple[int, bool]:
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            due = await repo.plans.due_slots(now, self.batch)
            moves = [self._move(pending, now) for pending in due]
            handled = await self._run_claimed(
                repo, due, moves, now, lambda key: ReminderDue("slot", key.slot).pack()
            )
        return handled, len(due) == self.batch

    @staticmethod
    def _move(pending: DueSlot, now: datetime) -> SlotMove:
        """Where a due plan goes next, and the reminder to send for it, if any."""
        slot, following = due_slot(pending.plan, pending.scheduled, now)
        reminder = None
        if slot is not None and not pending.blocked:
            reminder = ReminderKey(pending.user_id, unix(slot), "slot")
        return SlotMove(pending.user_id, pending.scheduled, following, reminder)

    async def _snoozes(self, now: datetime) -> tuple[int, bool]:
        handled = 0
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            due = await repo.plans.due_snoozes(now, self.batch)
            for snooze in await repo.plans.claim_snoozes(due, now):
                assert snooze.slot is not None  # claimed snoozes have a slot to remind of
                name = ReminderDue("snooze", snooze.slot).pack()
                handled += await self._run(
                    repo, snooze.user_id, snooze.chat_id, name, now, snooze.key
                )
        return handled, len(due) == self.batch

    async def _summaries(self, now: datetime) -> tuple[int, bool]:
        return await self._week("summary", now)

    async def _nudges(self, now: datetime) -> tuple[int, bool]:
        return await self._week("nudge", now)

    async def _week(self, kind: Literal["summary", "nudge"], now: datetime) -> tuple[int, bool]:
        """Weekly summaries or nudges, claimed and recorded in `reminders` as slots are."""
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            due = await repo.plans.due_week(kind, now, self.batch)
            moves = [self._week_move(kind, pending, now) for pending in due]
            handled = await self._run_claimed(
                repo, due, moves, now, lambda key: WeekDue(kind, key.slot).pack()
            )
        return handled, len(due) == self.batch

    async def _run_claimed(
        self,
        repo: Repo,
        due: Sequence[DueSlot | DueWeek],
        moves: list[SlotMove],
        now: datetime,
        tick: Callable[[ReminderKey], str],
    ) -> int:
        """Claim the moves (only those this process changed count) and run the engine on each
        claimed reminder, its tick packed by `tick`."""
        claimed = await repo.plans.claim_slots(moves, now)
        handled = 0
        for pending, move in zip(due, moves, strict=True):
            if move.reminder is not None and move.reminder in claimed:
                name = tick(move.reminder)
                handled += await self._run(
                    repo, pending.user_id, pending.chat_id, name, now, move.reminder
                )
        return handled

    @staticmethod
    def _week_move(kind: Literal["summary", "nudge"], pending: DueWeek, now: datetime) -> SlotMove:
        """Where a due summary or nudge goes next, and the reminder to send for it, if any."""
        instant, following = week_due(pending.plan.plan, kind, pending.scheduled, now)
        reminder = None
        if instant is not None and not pending.blocked:
            reminder = ReminderKey(pending.user_id, unix(instant), kind)
        column = week_column(kind)
        return SlotMove(pending.user_id, pending.scheduled, following, reminder, column)

    async def _morning_checks(self, now: datetime) -> tuple[int, bool]:
        """Next-morning checks after pain, claimed and recorded in `reminders` ('pain_check')
        as slots are; never for a user who blocked the bot, nor one missed too long ago."""
        handled = 0
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            due = await repo.morning.due(now, self.batch)
            send = [not check.blocked and still_due(check.at, now) for check in due]
            for check in await repo.morning.claim(due, send, now):
                name = MorningDue(pack_day(check.morning)).pack()
                handled += await self._run(repo, check.user_id, check.chat_id, name, now, check.key)
        return handled, len(due) == self.batch

    async def _digests(self, now: datetime) -> tuple[int, bool]:
        """Coaches' daily digests, claimed conditionally and recorded once per coach and day;
        the engine writes one message per client with held events, or none."""
        handled = 0
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            due = await repo.digests.due(now, self.batch)
            moves = [self._digest_move(pending, now) for pending in due]
            claimed = await repo.digests.claim(moves, now)
            for pending, move in zip(due, moves, strict=True):
                if move.coach_id in claimed and move.slot is not None:
                    handled += await self._digest(repo, pending, move.slot, move.day, now)
        return handled, len(due) == self.batch

    async def _digest(
        self, repo: Repo, pending: DueDigest, slot: datetime, day: date, now: datetime
    ) -> int:
        user = await repo.users.load(pending.coach_id)
        if user is None:
            return 0
        tick = Tick(DigestDue(unix(slot)).pack())
        incoming = Incoming(pending.coach_id, pending.chat_id, user.first_name, tick)
        decision = self.coach.run(repo, user, incoming, now)
        if not decision.effects:
            repo.digests.outcome(pending.coach_id, day, "skipped", "nothing to report")
        else:
            repo.digests.outcome(pending.coach_id, day, "sent")
        return 1

    @staticmethod
    def _digest_move(pending: DueDigest, now: datetime) -> DigestMove:
        """Where a due digest goes next (none for a coach gone live), and the one to send."""
        slot, following = digest.due(pending.tz, pending.scheduled, now)
        if pending.blocked:
            slot = None
        day = digest.digest_day(pending.tz, pending.scheduled)
        return DigestMove(
            pending.coach_id, pending.scheduled, following if pending.daily else None, day, slot
        )

    async def _timers(self, now: datetime) -> tuple[int, bool]:
        handled = 0
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            due = await repo.timers.due(now, self.batch)
            for timer in await repo.timers.claim(due):
                handled += await self._run(repo, timer.user_id, timer.chat_id, timer.name, now)
        return handled, len(due) == self.batch

    async def _run(
        self,
        repo: Repo,
        user_id: int,
        chat_id: int,
        name: str,
        now: datetime,
        reminder: ReminderKey | None = None,
    ) -> int:
        user = await repo.users.load(user_id)
        if user is None:
            return 0
        incoming = Incoming(user_id, chat_id, user.first_name, Tick(name))
        decision = self.coach.run(repo, user, incoming, now, reminder=reminder)
        if reminder is not None and not decision.replies:
            # The engine chose not to remind (not allowed to train, today already logged, a
            # summary or nudge turned off or paused, a day that was not missed, a morning check
            # already answered).
            repo.reminders.outcome(reminder, "skipped")
        return 1
