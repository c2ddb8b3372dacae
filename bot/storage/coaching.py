"""Coaching: coaches and their invite codes, coach-client links, relayed messages, the events
a coach is told about, and which message in a coach's chat is about which client.

**The privacy boundary.** A coach reads a client's data only through `linked_client` (one
client, by link id) or `linked_clients` (all of them), both over `ACTIVE_LINKS`: the link must
be active and the coach must be its coach. Nothing else in the bot reads another user's data
for a coach; a forged link id, another coach's link or an ended one reads as no client.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from datetime import datetime

from bot.coach.callbacks import ReplyToClient
from bot.coach.coaching import Coaching, HeldEvent, Invite, Linked, Thread
from bot.coach.sessions import Target
from bot.storage.columns import iso, parse_time, unix
from bot.storage.db import Tx

REPLY_PREFIX = ReplyToClient.prefix + ":"  # a Reply button's data, before the link id

# Active links of one coach (the boundary); `AND l.id = ?` narrows it to one link. The roster
# and the card (bot/storage/roster.py) start from the same SQL.
ACTIVE_LINKS = (
    "SELECT l.id AS link_id, u.user_id, u.chat_id, u.first_name, l.agreed_at FROM coach_links l"
    " JOIN users u ON u.user_id = l.client_id"
    " WHERE l.coach_id = ? AND l.state = 'active'"
)


def linked_clients(connection: sqlite3.Connection, coach_id: int) -> tuple[Linked, ...]:
    """The coach's clients on active links, by name (the privacy boundary)."""
    rows = connection.execute(ACTIVE_LINKS + " ORDER BY u.first_name, l.id", (coach_id,))
    return tuple(_linked(r) for r in rows.fetchall())


def linked_client(connection: sqlite3.Connection, coach_id: int, link_id: int) -> Linked | None:
    """The client on `link_id` if that link is active and `coach_id` is its coach, else None
    (the privacy boundary)."""
    row = connection.execute(ACTIVE_LINKS + " AND l.id = ?", (coach_id, link_id)).fetchone()
    return _linked(row) if row else None


def _linked(row: sqlite3.Row) -> Linked:
    return Linked(row["link_id"], row["user_id"], row["chat_id"], row["first_name"])


def read_coaching(
    connection: sqlite3.Connection,
    user_id: int,
    *,
    code: str | None = None,
    reply_to: tuple[int, int] | None = None,
) -> Coaching:
    """The user's coaching view (on the database thread): as a coach, as a client, the invite
    `code` names, and the client a replied-to message (chat id, message id) is about."""
    row = connection.execute(
        "SELECT invite_code, digest FROM coaches WHERE user_id = ?", (user_id,)
    ).fetchone()
    invite_code = row["invite_code"] if row else None
    coach = connection.execute(
        "SELECT l.id AS link_id, u.user_id, u.chat_id, u.first_name, c.digest FROM coach_links l"
        " JOIN users u ON u.user_id = l.coach_id JOIN coaches c ON c.user_id = l.coach_id"
        " WHERE l.client_id = ? AND l.state = 'active'",
        (user_id,),
    ).fetchone()
    return Coaching(
        invite_code=invite_code,
        clients=linked_clients(connection, user_id) if invite_code else (),
        digest=bool(row and row["digest"] == "daily"),
        held=held_events(connection, user_id) if invite_code else (),
        coach=_linked(coach) if coach else None,
        coach_target=_coach_target(connection, coach["link_id"]) if coach else None,
        held_since=_held_since(connection, coach["link_id"]) if coach else None,
        coach_digest=bool(coach and coach["digest"] == "daily"),
        invite=_invite(connection, code) if code else None,
        thread=_thread(connection, user_id, reply_to) if reply_to else None,
    )


def _coach_target(connection: sqlite3.Connection, link_id: int) -> Target | None:
    """The target the coach set last on the link (a `target` event), unless cleared since."""
    row = connection.execute(
        "SELECT detail FROM coach_events WHERE link_id = ? AND kind = 'target'"
        " ORDER BY id DESC LIMIT 1",
        (link_id,),
    ).fetchone()
    detail = json.loads(row["detail"]) if row else {}
    if not detail:
        return None
    return Target(sets=detail["sets"], reps=detail["reps"], weight_kg=detail["weight_kg"])


def _held_since(connection: sqlite3.Connection, link_id: int) -> datetime | None:
    """When the oldest pain over 5 or red flag the coach has not looked at was reported."""
    row = connection.execute(
        "SELECT min(created_at) AS at FROM coach_events WHERE link_id = ? AND urgent = 1"
        " AND seen_at IS NULL AND kind IN ('pain', 'red_flag')",
        (link_id,),
    ).fetchone()
    return parse_time(row["at"])


def held_events(connection: sqlite3.Connection, coach_id: int) -> tuple[HeldEvent, ...]:
    """The events held for the coach's digest, of their active links only (the boundary)."""
    rows = connection.execute(
        "SELECT e.id, e.link_id, e.kind, e.detail FROM coach_events e"
        " JOIN coach_links l ON l.id = e.link_id"
        " WHERE l.coach_id = ? AND l.state = 'active' AND e.held = 1 ORDER BY e.id",
        (coach_id,),
    )
    return tuple(HeldEvent(r["id"], r["link_id"], r["kind"], json.loads(r["detail"])) for r in rows)


def _invite(connection: sqlite3.Connection, code: str) -> Invite | None:
    row = connection.execute(
        "SELECT c.user_id, u.chat_id, u.first_name FROM coaches c"
        " JOIN users u ON u.user_id = c.user_id WHERE c.invite_code = ?",
        (code,),
    ).fetchone()
    return Invite(code, row["user_id"], row["chat_id"], row["first_name"]) if row else None


def _thread(connection: sqlite3.Connection, coach_id: int, at: tuple[int, int]) -> Thread | None:
    row = connection.execute(
        "SELECT link_id FROM coach_threads WHERE chat_id = ? AND message_id = ?", at
    ).fetchone()
    if row is None:
        return None
    link = connection.execute(
        "SELECT client_id FROM coach_links WHERE id = ?", (row["link_id"],)
    ).fetchone()
    if link is not None and link["client_id"] == coach_id:  # a client replying to their coach
        return Thread(row["link_id"], None, to_coach=True)
    return Thread(row["link_id"], linked_client(connection, coach_id, row["link_id"]))


class Coachings:
    """Writes to the coaching tables, queued on the transaction; `linked_client` makes a trip."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    async def linked_client(self, coach_id: int, link_id: int) -> Linked | None:
        """The boundary (see the module), as one trip."""
        return await self.tx.call(lambda c: linked_client(c, coach_id, link_id))

    def become_coach(self, user_id: int, code: str, now: datetime) -> None:
        """Make the user a coach (a coach already keeps their code)."""
        self.tx.later(
            "INSERT INTO coaches (user_id, invite_code, code_created_at, created_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO NOTHING",
            (user_id, code, iso(now), iso(now)),
        )

    def renew_invite(self, user_id: int, code: str, now: datetime) -> None:
        """A new invite code; the old one names nobody from now on."""
        self.tx.later(
            "UPDATE coaches SET invite_code = ?, code_created_at = ? WHERE user_id = ?",
            (code, iso(now), user_id),
        )

    def agree(self, client_id: int, code: str, now: datetime) -> None:
        """Link the client to the coach of `code` (the caller ended any active link first)."""
        self.tx.later(
            "INSERT INTO coach_links (coach_id, client_id, state, agreed_at)"
            " SELECT user_id, ?, 'active', ? FROM coaches WHERE invite_code = ? AND user_id != ?",
            (client_id, iso(now), code, client_id),
        )

    def tell_joined(
        self, client_id: int, coach_chat: int, payload: Mapping[str, object], now: datetime
    ) -> None:
        """Queue the coach's "joined" message about the client's active link, made just before
        in this transaction: its id, read back here, becomes the message's thread and the data
        of its Reply button (the first button, made for link 0)."""
        self.tx.later(
            "INSERT INTO outbox (chat_id, payload, not_before, created_at)"
            " SELECT ?, json_set(?, '$.thread', l.id, '$.reply.buttons[0][0].data', ? || l.id),"
            " '', ? FROM coach_links l WHERE l.client_id = ? AND l.state = 'active'",
            (coach_chat, json.dumps(payload), REPLY_PREFIX, iso(now), client_id),
        )

    def end(self, link_id: int, user_id: int, now: datetime) -> None:
        """End the active link `link_id` of which `user_id` is one side, and drop what is still
        queued for the coach about it (rows whose payload names the link as its thread)."""
        self.tx.later(
            "UPDATE coach_links SET state = 'ended', ended_at = ?"
            " WHERE id = ? AND state = 'active' AND ? IN (coach_id, client_id)",
            (iso(now), link_id, user_id),
        )
        self.tx.later(
            "DELETE FROM outbox WHERE json_extract(payload, '$.thread') = ?"
            " AND chat_id IN (SELECT u.chat_id FROM coach_links l"
            " JOIN users u ON u.user_id = l.coach_id WHERE l.id = ?)",
            (link_id, link_id),
        )

    def message(self, link_id: int, direction: str, text: str, now: datetime) -> None:
        self.tx.later(
            "INSERT INTO coach_messages (link_id, direction, text, created_at) VALUES (?, ?, ?, ?)",
            (link_id, direction, text, iso(now)),
        )

    def event(
        self,
        link_id: int,
        kind: str,
        detail: Mapping[str, object],
        urgent: bool,
        now: datetime,
        *,
        held: bool = False,
    ) -> None:
        """Store what the coach is told; `held` ones wait for the coach's daily digest."""
        self.tx.later(
            "INSERT INTO coach_events (link_id, kind, detail, urgent, created_at, held)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (link_id, kind, json.dumps(detail), int(urgent), iso(now), int(held)),
        )

    def release(self, link_id: int, last_event: int) -> None:
        """The client's held events up to `last_event` went out in a digest."""
        self.tx.later(
            "UPDATE coach_events SET held = 0 WHERE link_id = ? AND held = 1 AND id <= ?",
            (link_id, last_event),
        )

    def set_digest(self, user_id: int, mode: str, first: datetime | None) -> None:
        """Live or daily; a daily digest's first instant. Going live keeps a digest already
        scheduled, so events held until then still go out in it (the dispatcher schedules no
        next one for a live coach)."""
        self.tx.later(
            "UPDATE coaches SET digest = ?, digest_at = COALESCE(?, digest_at) WHERE user_id = ?",
            (mode, unix(first) if first else None, user_id),
        )

    def looked_at(self, coach_id: int, link_id: int, now: datetime) -> None:
        """The coach looked at the client's urgent events: they no longer hold progression.
        Only on the coach's own active link (the boundary, again, in the statement)."""
        self.tx.later(
            "UPDATE coach_events SET seen_at = ? WHERE link_id = ? AND seen_at IS NULL"
            " AND urgent = 1 AND link_id IN"
            " (SELECT id FROM coach_links WHERE coach_id = ? AND state = 'active')",
            (iso(now), link_id, coach_id),
        )

    def set_target(self, coach_id: int, link_id: int, target: Target | None, now: datetime) -> None:
        """The coach's target for the client of `link_id` (None: back to the ladder), kept as
        a `target` row of the link's events (the latest one counts; seen by its author); only
        on the coach's own active link."""
        detail = (
            {}
            if target is None
            else {"sets": target.sets, "reps": target.reps, "weight_kg": target.weight_kg}
        )
        self.tx.later(
            "INSERT INTO coach_events (link_id, kind, detail, urgent, created_at, seen_at)"
            " SELECT id, 'target', ?, 0, ?, ? FROM coach_links"
            " WHERE id = ? AND coach_id = ? AND state = 'active'",
            (json.dumps(detail), iso(now), iso(now), link_id, coach_id),
        )

    def thread(self, chat_id: int, message_id: int, link_id: int) -> None:
        """The message `message_id` in the coach's chat `chat_id` is about the link's client."""
        self.tx.later(
            "INSERT OR REPLACE INTO coach_threads (chat_id, message_id, link_id) VALUES (?, ?, ?)",
            (chat_id, message_id, link_id),
        )
