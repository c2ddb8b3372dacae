"""Updates from supergroups: a coach's inbox group, and `/inbox`, which makes one.

Only the coach's own messages in their active inbox group count, each as the coach: text in a
client's topic goes to that client (as a Telegram reply does in the private chat), commands and
presses work as in the private chat, and every reply goes back to the topic it came from.
Anything else there (the General topic's text, other members) is ignored, and the coach is told
so once. In any other supergroup only `/inbox` is answered; nothing is stored about its members.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.coach.coaching import Thread
from bot.coach.messages import Command, Reply, Text
from bot.payloads import reply_to_json
from bot.relay import send_to_clients
from bot.storage.inbox import Place
from bot.storage.repo import Repo

if TYPE_CHECKING:
    from bot.service import Coach, Incoming, InGroup


async def in_group(coach: Coach, incoming: Incoming) -> tuple[bool, str | None]:
    """Handle one supergroup update: (duplicate, the notice of a press)."""
    group = incoming.group
    assert group is not None
    now = coach.clock.now()
    notice = None
    async with coach.db.transaction() as tx:
        repo = Repo(tx)
        if incoming.update_id is not None and not await repo.updates.claim(incoming.update_id, now):
            return True, None
        place = await repo.inbox.place(group.chat_id, group.thread_id)
        event = incoming.event
        if isinstance(event, Command) and event.name == "inbox":
            _say(repo, group, await _make_inbox(coach, repo, incoming, place, now), now)
        elif not (place.active and place.coach_id == incoming.user_id):
            await _not_the_coach(coach, repo, incoming, place, now)
        elif isinstance(event, Text) and place.link_id is None:
            await _tell_ignored(coach, repo, group, now)
        else:
            notice = await _as_the_coach(coach, repo, incoming, place, now)
    coach.on_enqueued()
    return False, notice


async def _make_inbox(
    coach: Coach, repo: Repo, incoming: Incoming, place: Place, now: datetime
) -> str:
    """`/inbox`: this forum group becomes the sender's inbox, if they are a coach."""
    t = coach.content.texts
    assert incoming.group is not None
    if not incoming.group.is_forum:
        return t("coaching.inbox.not_forum")
    user = await repo.users.load(incoming.user_id)
    if user is None or not user.coaching.is_coach:
        return t("coaching.inbox.not_coach")
    if place.active and place.coach_id not in (None, incoming.user_id):
        return t("coaching.inbox.taken")
    repo.inbox.make_inbox(incoming.user_id, incoming.group.chat_id, now)
    return t("coaching.inbox.made", coach=user.first_name)


async def _not_the_coach(
    coach: Coach, repo: Repo, incoming: Incoming, place: Place, now: datetime
) -> None:
    """Another member, or a group that is no inbox: nothing stored about them."""
    assert incoming.group is not None
    if place.coach_id is None or not place.active:
        if isinstance(incoming.event, Command):
            _say(repo, incoming.group, coach.content.texts("private_only"), now)
        return
    if isinstance(incoming.event, Text | Command):
        await _tell_ignored(coach, repo, incoming.group, now)


async def _tell_ignored(coach: Coach, repo: Repo, group: InGroup, now: datetime) -> None:
    """Say once per inbox what the bot ignores there."""
    if await repo.inbox.told_ignored(group.chat_id):
        _say(repo, group, coach.content.texts("coaching.inbox.ignored"), now)


async def _as_the_coach(
    coach: Coach, repo: Repo, incoming: Incoming, place: Place, now: datetime
) -> str | None:
    """The coach in their inbox: text in a client's topic goes to that client; the rest as
    in the private chat."""
    repo.users.touch(incoming.user_id, incoming.chat_id, incoming.first_name, now)
    user = await repo.users.load(incoming.user_id)
    assert user is not None
    user = await coach.service_view(repo, user, incoming.event, now)
    if isinstance(incoming.event, Text) and place.link_id is not None:
        client = await repo.coaching.linked_client(user.user_id, place.link_id)
        thread = Thread(place.link_id, client)
        user = replace(user, coaching=replace(user.coaching, thread=thread))
    decision = coach.run(repo, user, incoming, now)
    await send_to_clients(repo, user, decision, now)
    return decision.notice


def _say(repo: Repo, group: InGroup, text: str, now: datetime) -> None:
    payload: dict[str, Any] = {
        "reply": reply_to_json(Reply(text)),
        "edit_message_id": None,
        "edit_has_media": False,
        "topic": group.thread_id,
    }
    repo.outbox.enqueue(group.chat_id, payload, now)
