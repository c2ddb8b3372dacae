"""Coaching effects, applied in the update's transaction: messages that go to another user's
chat (a coach's, a client's) besides the user's own replies.

A message about a client for their coach carries `"thread": <link id>` in its outbox payload:
once Telegram accepted it, the outbox records which message that was (`coach_threads`), so the
coach's Telegram reply to it finds the client; and ending the link drops such messages still
queued. A coach's message to a client is sent only after the privacy boundary
(`Coachings.linked_client`) says the link is still the coach's and active.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.coach.coaching import Linked
from bot.coach.context import Decision
from bot.coach.messages import Reply
from bot.coach.state import (
    AgreeToCoach,
    BecomeCoach,
    CoachLooked,
    CoachPausePlan,
    CoachSetTarget,
    Effect,
    EndLink,
    NotifyCoach,
    RenewInvite,
    SendDigest,
    SendToClient,
    SendToCoach,
    SetDigest,
    UserState,
)
from bot.payloads import reply_to_json
from bot.storage.repo import Repo


def apply_coaching(repo: Repo, user: UserState, effect: Effect, now: datetime) -> bool:
    """Queue the writes of a coaching effect; False if `effect` is not one."""
    uid = user.user_id
    coaching = user.coaching
    match effect:
        case BecomeCoach(code=code):
            repo.coaching.become_coach(uid, code, now)
        case RenewInvite(code=code):
            repo.coaching.renew_invite(uid, code, now)
        case AgreeToCoach(code=code, joined=joined):
            repo.coaching.agree(uid, code, now)
            if coaching.invite is not None and coaching.invite.code == code:
                payload = _payload(joined)
                repo.coaching.tell_joined(uid, coaching.invite.chat_id, payload, now)
        case EndLink(link_id=link_id, notice=notice):
            other = _other_side(user, link_id)
            if other is not None:
                repo.coaching.end(link_id, uid, now)
                if notice is not None:
                    enqueue(repo, other.chat_id, notice, now)
        case SendToCoach(link_id=link_id, text=text, message=message):
            coach = coaching.coach
            if coach is not None and coach.link_id == link_id:
                repo.coaching.message(link_id, "to_coach", text, now)
                enqueue(repo, coach.chat_id, message, now, thread=link_id)
        case NotifyCoach(link_id=link_id, kind=kind, detail=detail, urgent=urgent, message=msg):
            coach = coaching.coach
            if coach is not None and coach.link_id == link_id:
                repo.coaching.event(link_id, kind, detail, urgent, now, held=effect.held)
                if not effect.held:
                    enqueue(repo, coach.chat_id, msg, now, thread=link_id)
        case SetDigest(mode=mode, first=first):
            repo.coaching.set_digest(uid, mode, first)
        case SendDigest(link_id=link_id, last_event=last, message=message):
            client = coaching.client(link_id)  # the view's clients: active links only
            if client is not None:
                repo.coaching.release(link_id, last)
                enqueue(repo, user.chat_id, message, now, thread=link_id)
        case CoachLooked(link_id=link_id, message=message):
            client = coaching.client(link_id)
            if client is not None:
                repo.coaching.looked_at(uid, link_id, now)
                enqueue(repo, client.chat_id, message, now)
        case CoachSetTarget(link_id=link_id, target=target, message=message):
            client = coaching.client(link_id)
            if client is not None:
                repo.coaching.set_target(uid, link_id, target, now)
                enqueue(repo, client.chat_id, message, now)
        case CoachPausePlan(link_id=link_id, until=until, next_fire_at=next_fire, message=msg):
            client = coaching.client(link_id)
            if client is not None:
                repo.plans.set_pause(client.user_id, until, next_fire, now)
                enqueue(repo, client.chat_id, msg, now)
        case SendToClient():
            pass  # needs the privacy boundary's read: `send_to_clients`, after the decision
        case _:
            return False
    return True


async def send_to_clients(repo: Repo, user: UserState, decision: Decision, now: datetime) -> None:
    """The coach's messages of `decision`, each to its client if the link is still theirs and
    active (asked of the privacy boundary again, whatever the engine saw): stored, then queued.
    One trip per message; none when there is none."""
    for effect in decision.effects:
        if isinstance(effect, SendToClient):
            client = await repo.coaching.linked_client(user.user_id, effect.link_id)
            if client is not None:
                repo.coaching.message(client.link_id, "to_client", effect.text, now)
                enqueue(repo, client.chat_id, effect.message, now, from_coach=client.link_id)


def _payload(reply: Reply) -> dict[str, Any]:
    return {"reply": reply_to_json(reply), "edit_message_id": None, "edit_has_media": False}


def _other_side(user: UserState, link_id: int) -> Linked | None:
    coach = user.coaching.coach
    if coach is not None and coach.link_id == link_id:
        return coach
    return user.coaching.client(link_id)


def enqueue(
    repo: Repo,
    chat_id: int,
    reply: Reply,
    now: datetime,
    *,
    thread: int | None = None,
    from_coach: int | None = None,
) -> None:
    """Queue `reply` to another user's chat; `thread` names the link a message for a coach is
    about, `from_coach` the link a coach's message to a client came by (the client's Telegram
    reply to it goes back to the coach)."""
    payload = _payload(reply)
    if thread is not None:
        payload["thread"] = thread
    if from_coach is not None:
        payload["from_coach"] = from_coach
    repo.outbox.enqueue(chat_id, payload, now)
