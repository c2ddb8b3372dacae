"""The coach service: one transaction per update around the pure engine.

For each incoming event: claim the update id (so a redelivered update is ignored), load the
user, let the engine decide, store the new conversation position and the effects, and put the
replies in the outbox, all in one commit. Only then are replies sent (by the outbox), so
nothing the user is told can be lost by a crash.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.clock import Clock
from bot.coach.coaching import is_code
from bot.coach.context import Decision, Keep
from bot.coach.engine import decide
from bot.coach.flows.roster import ROSTER
from bot.coach.flows.roster import reads as roster_reads
from bot.coach.messages import Command, Event, Reply, Text
from bot.coach.state import (
    AddLog,
    AnswerMorningCheck,
    AskedZone,
    CancelSnooze,
    CancelTimer,
    ConfirmDoctorClearance,
    Effect,
    EndLink,
    EraseUser,
    LiftRestriction,
    MissedSession,
    PausePlan,
    RatePain,
    RemoveLog,
    RequireRescreen,
    ResumePlan,
    SaveLessonStep,
    SavePlan,
    SaveScreening,
    ScheduleMorningCheck,
    SetCoaching,
    SetFeel,
    SetTimer,
    SetZone,
    Snooze,
    UserState,
)
from bot.content import Content
from bot.payloads import reply_to_json
from bot.relay import apply_coaching, send_to_clients
from bot.storage.db import Database
from bot.storage.plans import ReminderKey
from bot.storage.repo import Repo
from bot.storage.sending import OutboxRows

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class InGroup:
    """Where in a supergroup a message was written: the group, the topic (None: General),
    and whether the group has topics on."""

    chat_id: int
    thread_id: int | None
    is_forum: bool


@dataclass(frozen=True, slots=True)
class Incoming:
    """One event from a transport, with who sent it and (for presses) which message."""

    user_id: int
    chat_id: int
    first_name: str
    event: Event
    update_id: int | None = None
    message_id: int | None = None
    message_has_media: bool = False
    reply_to_message_id: int | None = None  # the message a typed text replies to (Telegram's)
    group: InGroup | None = None  # written in a supergroup (`chat_id` is the private chat)

    @property
    def reply_chat(self) -> int:
        """Where replies go: the group it was written in, else the private chat."""
        return self.group.chat_id if self.group is not None else self.chat_id


@dataclass(frozen=True, slots=True)
class Handled:
    """What the transport still has to do itself: show a button-press notice."""

    notice: str | None = None
    duplicate: bool = False


class Coach:
    """Runs the engine for each incoming event, durably."""

    def __init__(
        self,
        db: Database,
        content: Content,
        clock: Clock,
        on_enqueued: Callable[[], None] = lambda: None,
        admins: frozenset[int] = frozenset(),
        codes: Callable[[], str] = lambda: secrets.token_urlsafe(12),
        bot_username: str = "",
    ) -> None:
        self.db = db
        self.content = content
        self.clock = clock
        self.on_enqueued = on_enqueued
        self.admins = admins
        self.codes = codes  # new invite codes: unguessable, drawn here, never in the engine
        self.bot_username = bot_username  # for invite links; the Telegram runner sets it

    async def handle(self, incoming: Incoming) -> Handled:
        """Process one event; replies are committed to the outbox before this returns."""
        if incoming.group is not None:
            from bot.inbox_group import in_group  # the group path needs this module's types

            duplicate, notice = await in_group(self, incoming)
            return Handled(notice=notice, duplicate=duplicate)
        now = self.clock.now()
        async with self.db.transaction() as tx:
            repo = Repo(tx)
            if incoming.update_id is not None and not await repo.updates.claim(
                incoming.update_id, now
            ):
                return Handled(duplicate=True)
            repo.users.touch(incoming.user_id, incoming.chat_id, incoming.first_name, now)
            user = await repo.users.load(
                incoming.user_id, code=_start_code(incoming.event), reply_to=_replied(incoming)
            )
            assert user is not None
            user = await self.service_view(repo, user, incoming.event, now)
            if incoming.user_id in self.admins:
                user = replace(user, is_admin=True)
                if isinstance(incoming.event, Command) and incoming.event.name == "admin":
                    user = replace(user, admin_stats=await repo.admin.stats(now))
            decision = self.run(repo, user, incoming, now)
            await send_to_clients(repo, user, decision, now)
        if decision.replies:
            self.on_enqueued()
        return Handled(notice=decision.notice)

    async def service_view(
        self, repo: Repo, user: UserState, event: Event, now: datetime
    ) -> UserState:
        """The user with what only the service knows (a fresh invite code, the bot's name) and
        the coach's reads the event needs (the roster, a client's card)."""
        coaching = replace(user.coaching, fresh_code=self.codes(), bot_username=self.bot_username)
        return await self._coach_reads(repo, replace(user, coaching=coaching), event, now)

    async def _coach_reads(
        self, repo: Repo, user: UserState, event: Event, now: datetime
    ) -> UserState:
        """The roster's facts or a client's card, when the event needs them (one trip; the
        reads go through the coach's active links)."""
        wanted = roster_reads(event)
        if wanted is None or not user.coaching.is_coach:
            return user
        valid_days = self.content.screening.valid_days
        if wanted == ROSTER:
            return replace(user, roster=await repo.roster.facts(user.user_id, now, valid_days))
        assert isinstance(wanted, int)
        card = await repo.roster.card(user.user_id, wanted, now, valid_days)
        return replace(user, client_card=card)

    def run(
        self,
        repo: Repo,
        user: UserState,
        incoming: Incoming,
        now: datetime,
        *,
        reminder: ReminderKey | None = None,
    ) -> Decision:
        """Decide and store, inside the caller's transaction (no trip of its own: everything
        is queued for the caller's next trip or commit). `reminder` marks replies that must
        be sent at most once (a reminder)."""
        decision = decide(user, incoming.event, now, self.content)
        _store(repo, user, decision, now)
        for reply in decision.replies:
            payload = outbox_payload(reply, incoming)
            if reminder is not None:
                payload["once"] = True
                payload["reminder"] = reminder.to_json()
            repo.outbox.enqueue(incoming.reply_chat, payload, now)
        return decision

    async def apologise(self, incoming: Incoming) -> Handled:
        """After a failure: tell the user, in a transaction of its own; never raises."""
        text = self.content.texts("sorry")
        try:
            async with self.db.transaction() as tx:
                OutboxRows(tx).enqueue(
                    incoming.reply_chat, outbox_payload(Reply(text), incoming), self.clock.now()
                )
        except Exception as exc:
            log.error("could not queue an apology for user %s: %s", incoming.user_id, exc)
        self.on_enqueued()
        return Handled(notice=text if incoming.message_id else None)


def _start_code(event: Event) -> str | None:
    """The invite code of a deep link's `/start <code>`, if the payload can be one."""
    if isinstance(event, Command) and event.name == "start" and is_code(event.args):
        return event.args
    return None


def _replied(incoming: Incoming) -> tuple[int, int] | None:
    """The (chat, message) a typed text replies to, to find the client it is about."""
    if isinstance(incoming.event, Text) and incoming.reply_to_message_id is not None:
        return incoming.chat_id, incoming.reply_to_message_id
    return None


def _store(repo: Repo, user: UserState, decision: Decision, now: datetime) -> None:
    if any(isinstance(effect, EraseUser) for effect in decision.effects):
        for effect in decision.effects:  # links end first, the other side told
            if isinstance(effect, EndLink):
                apply_effect(repo, user, effect, now)
        repo.users.erase(user.user_id, user.chat_id)
        return
    if not isinstance(decision.conversation, Keep):
        repo.users.save_conversation(user.user_id, decision.conversation)
    for effect in decision.effects:
        apply_effect(repo, user, effect, now)


def apply_effect(repo: Repo, user: UserState, effect: Effect, now: datetime) -> None:
    """Queue the writes of one effect of a decision on the update's transaction."""
    uid = user.user_id
    match effect:
        case SaveScreening(result=result):
            repo.screenings.add(uid, result)
            repo.screenings.require_rescreen(uid, False)
        case ConfirmDoctorClearance() if user.screening_id is not None:
            repo.screenings.set_cleared(user.screening_id, now)
        case LiftRestriction(question=question) if user.screening_id is not None:
            repo.screenings.lift(user.screening_id, question, now)
        case SaveLessonStep(exercise_id=exercise_id, step=step):
            repo.users.save_lesson_step(uid, exercise_id, step, now)
        case SavePlan(plan=plan, next_fire_at=next_fire):
            repo.plans.save(uid, plan, next_fire, now)
            repo.users.set_zone(uid, plan.tz)
        case SetZone(tz=tz, moved=moved):
            repo.users.set_zone(uid, tz)
            for seq, local_date in moved:
                repo.logs.redate(uid, seq, local_date)
        case AskedZone():
            repo.users.mark_zone_asked(uid)
        case PausePlan(until=until, next_fire_at=next_fire):
            repo.plans.set_pause(uid, until, next_fire, now)
            if next_fire is None:  # paused until /resume: no summaries or nudges to schedule
                repo.plans.schedule_week(uid, None, now)
        case ResumePlan(next_fire_at=next_fire):
            repo.plans.set_pause(uid, None, next_fire, now)
            repo.plans.schedule_week(uid, user.plan.plan if user.plan else None, now)
        case SetCoaching(kind=kind, on=on):
            repo.plans.set_coaching(uid, kind, on)
        case Snooze(slot=slot, at=at):
            repo.plans.set_snooze(uid, slot, at)
        case CancelSnooze():
            repo.plans.set_snooze(uid, None, None)
        case MissedSession():
            pass  # nothing to store: only a coach is told (coaching_events)
        case AddLog(entry=entry):
            repo.logs.add(uid, entry)
        case RemoveLog(seq=seq):
            repo.logs.remove(uid, seq)
        case SetFeel(seq=seq, feel=feel):
            repo.logs.set_feel(uid, seq, feel)
        case RequireRescreen():
            repo.screenings.require_rescreen(uid, True)
        case RatePain(local_date=local_date, rating=rating, part=part):
            repo.pain.add(uid, local_date, rating, part, now)
        case ScheduleMorningCheck(morning=morning, about=about, part=part, at=at):
            repo.morning.schedule(uid, morning, about, part, at)
        case AnswerMorningCheck(morning=morning, answer=answer):
            repo.morning.answer(uid, morning, answer, now)
        case SetTimer(name=name, due_at=due_at):
            repo.timers.start(uid, name, due_at)
        case CancelTimer(name=name):
            repo.timers.cancel(uid, name)
        case _ if apply_coaching(repo, user, effect, now):
            pass
        case _:
            log.warning("effect %s ignored for user %s", type(effect).__name__, uid)


def outbox_payload(reply: Reply, incoming: Incoming) -> dict[str, Any]:
    """A reply as JSON, with the message it may replace."""
    edit = reply.edit and incoming.message_id is not None
    payload: dict[str, Any] = {
        "reply": reply_to_json(reply),
        "edit_message_id": incoming.message_id if edit else None,
        "edit_has_media": incoming.message_has_media if edit else False,
    }
    if incoming.group is not None:  # back to the topic (or General) of the coach's group
        payload["topic"] = incoming.group.thread_id
    return payload
