"""What a coach reads about their clients for the roster and a client's card, gathered in one
place and only through the privacy boundary: every query starts from the coach's active links
(`coaching.ACTIVE_LINKS`, the same SQL as `linked_clients`), so a client on an ended link or
another coach's link is never read.

The roster is two statements for any number of clients (one row per client, then the training
days of all of them), run in one trip. Dates are the client's local dates in their plan's time
zone (UTC before they have a plan), as everywhere else.

The plan's planned days need when the plan started and when it was paused: the start is the
earlier of the plan's last change (`plans.updated_at`) and its first reminder slot (the
`reminders` table); a pause in force runs from its last change to the day before
`paused_until`. Pauses already over are not stored, so their days count as planned.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime, timedelta, tzinfo

from bot.coach import plan as plans
from bot.coach.roster import EARLIER_DAYS, RECENT_DAYS, ClientFacts
from bot.coach.state import ClientCard, RelayedMessage
from bot.storage.coaching import ACTIVE_LINKS, linked_client
from bot.storage.columns import from_unix, parse_time
from bot.storage.db import Tx
from bot.storage.users import read_user

CARD_MESSAGES = 5  # the last messages shown on a card
_WINDOW_DAYS = RECENT_DAYS + EARLIER_DAYS + 2  # training days read back (both windows, slack)

# One row per client of the coach's active links; the card narrows `linked` to one link. The
# SQL is made of this module's constants only (no value is ever formatted into it).
_CLIENTS_ROWS = (
    " SELECT linked.*, u.last_seen_at, p.days, p.tz, p.paused_until, p.updated_at,"
    " (SELECT min(slot) FROM reminders r WHERE r.user_id = linked.user_id AND r.kind = 'slot')"
    " AS first_slot,"
    " (SELECT completed_at FROM screenings s WHERE s.user_id = linked.user_id"
    " ORDER BY s.id DESC LIMIT 1) AS screened_at,"
    " (SELECT min(created_at) FROM coach_events e WHERE e.link_id = linked.link_id"
    " AND e.urgent = 1 AND e.seen_at IS NULL AND e.kind IN ('pain', 'red_flag')) AS alert"
    " FROM linked JOIN users u ON u.user_id = linked.user_id"
    " LEFT JOIN plans p ON p.user_id = linked.user_id"
)
_DAYS_ROWS = (
    " SELECT DISTINCT g.user_id, g.local_date FROM logs g"
    " JOIN linked ON g.user_id = linked.user_id WHERE g.local_date >= ?"
)
_ALL = "WITH linked AS (" + ACTIVE_LINKS + ")"
_ONE = "WITH linked AS (" + ACTIVE_LINKS + " AND l.id = ?)"
_QUERIES = {
    False: (_ALL + _CLIENTS_ROWS, _ALL + _DAYS_ROWS),
    True: (_ONE + _CLIENTS_ROWS, _ONE + _DAYS_ROWS),
}


def roster_facts(
    connection: sqlite3.Connection, coach_id: int, now: datetime, valid_days: int
) -> tuple[ClientFacts, ...]:
    """The facts of every client of the coach (on the database thread; two statements)."""
    return _facts(connection, now, valid_days, (coach_id,))


def client_card(
    connection: sqlite3.Connection, coach_id: int, link_id: int, now: datetime, valid_days: int
) -> ClientCard | None:
    """The card of the client on `link_id` if that link is the coach's and active, else None
    (on the database thread)."""
    linked = linked_client(connection, coach_id, link_id)
    if linked is None:
        return None
    facts = _facts(connection, now, valid_days, (coach_id, link_id))
    client = read_user(connection, linked.user_id)
    if not facts or client is None:
        return None
    rows = connection.execute(
        "SELECT direction, text, created_at FROM coach_messages WHERE link_id = ?"
        " ORDER BY id DESC LIMIT ?",
        (link_id, CARD_MESSAGES),
    ).fetchall()
    messages = tuple(
        RelayedMessage(r["direction"] == "to_coach", r["text"], _instant(r["created_at"]))
        for r in reversed(rows)
    )
    return ClientCard(linked=linked, facts=facts[0], client=client, messages=messages)


def _facts(
    connection: sqlite3.Connection,
    now: datetime,
    valid_days: int,
    params: tuple[int, ...],
) -> tuple[ClientFacts, ...]:
    """`params`: the coach, and the link to narrow to (the card)."""
    clients, training = _QUERIES[len(params) == 2]
    rows = connection.execute(clients, params).fetchall()
    first = (now - timedelta(days=_WINDOW_DAYS)).date().isoformat()
    days: dict[int, set[date]] = {}
    for row in connection.execute(training, (*params, first)).fetchall():
        days.setdefault(row["user_id"], set()).add(date.fromisoformat(row["local_date"]))
    return tuple(_client(row, days.get(row["user_id"], set()), valid_days) for row in rows)


def _client(row: sqlite3.Row, sessions: set[date], valid_days: int) -> ClientFacts:
    zone = _zone(row["tz"])
    screened = parse_time(row["screened_at"])
    expires = (screened + timedelta(days=valid_days)).astimezone(zone).date() if screened else None
    return ClientFacts(
        link_id=row["link_id"],
        name=row["first_name"],
        linked_on=_instant(row["agreed_at"]).astimezone(zone).date(),
        plan_days=_plan_days(row["days"]),
        plan_since=_plan_since(row, zone),
        paused=_paused(row, zone),
        session_dates=frozenset(sessions),
        screening_expires=expires,
        last_activity=parse_time(row["last_seen_at"]),
        unseen_alert=parse_time(row["alert"]),
    )


def _zone(tz: str | None) -> tzinfo:
    try:
        return plans.zone(tz or "UTC")
    except ValueError:
        return plans.zone("UTC")


def _instant(text: str) -> datetime:
    moment = parse_time(text)
    assert moment is not None
    return moment


def _plan_days(days: str | None) -> frozenset[int]:
    return frozenset(int(d) for d in days.split(",") if d) if days else frozenset()


def _plan_since(row: sqlite3.Row, zone: tzinfo) -> date | None:
    changed = parse_time(row["updated_at"])
    if changed is None:
        return None
    starts: Sequence[datetime] = [changed]
    first_slot = from_unix(row["first_slot"])
    if first_slot is not None:
        starts = [changed, first_slot]
    return min(starts).astimezone(zone).date()


def _paused(row: sqlite3.Row, zone: tzinfo) -> tuple[tuple[date, date], ...]:
    until, since = row["paused_until"], parse_time(row["updated_at"])
    if until is None or since is None:
        return ()
    last = date.fromisoformat(until) - timedelta(days=1)
    return ((since.astimezone(zone).date(), last),)


class Rosters:
    """The coach's reads of their clients (one trip each)."""

    __slots__ = ("tx",)

    def __init__(self, tx: Tx) -> None:
        self.tx = tx

    async def facts(self, coach_id: int, now: datetime, valid_days: int) -> tuple[ClientFacts, ...]:
        return await self.tx.call(lambda c: roster_facts(c, coach_id, now, valid_days))

    async def card(
        self, coach_id: int, link_id: int, now: datetime, valid_days: int
    ) -> ClientCard | None:
        return await self.tx.call(lambda c: client_card(c, coach_id, link_id, now, valid_days))
