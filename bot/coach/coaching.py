"""A human coach in the loop: what the engine knows about a user's coaching links.

The service loads a `Coaching` view with the user, in the same trip (bot/storage/coaching.py):
as a coach, the invite code and the clients linked now; as a client, the coach linked now; the
invite a `/start <code>` (or the invite being looked at) names; and, for a Telegram reply to a
message in a coach's chat, which client that message was about. Everything about another user
in here came through an active link (the privacy boundary, `linked_client` in
bot/storage/coaching.py), except an invite's coach, whose name the code itself reveals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.coach.sessions import Target

CODE_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
CODE_MAX = 64  # Telegram's limit for a deep link's start payload


def is_code(text: str) -> bool:
    """Whether `text` can be a deep-link payload (1-64 of A-Z a-z 0-9 _ -)."""
    return 0 < len(text) <= CODE_MAX and set(text) <= CODE_ALPHABET


@dataclass(frozen=True, slots=True)
class Linked:
    """The other side of an active link: the link's id, and that user's id, chat and name."""

    link_id: int
    user_id: int
    chat_id: int
    name: str


@dataclass(frozen=True, slots=True)
class Invite:
    """A coach's invite, found by its code: who the coach is."""

    code: str
    coach_id: int
    chat_id: int
    name: str


@dataclass(frozen=True, slots=True)
class Thread:
    """The coach replied (Telegram's reply) to a message about the client of `link_id`;
    `client` is None when that link is no longer this coach's active link. With `to_coach`,
    the client replied to a message from their coach on `link_id` (`client` is None)."""

    link_id: int
    client: Linked | None
    to_coach: bool = False


@dataclass(frozen=True, slots=True)
class HeldEvent:
    """An event a coach in digest mode was not sent yet, about the client of `link_id`."""

    event_id: int
    link_id: int
    kind: str
    detail: dict[str, object]


@dataclass(frozen=True, slots=True)
class Coaching:
    """A user's coaching, as loaded for one update.

    `fresh_code` is a new unguessable invite code the service drew for this update (used only
    when the user becomes a coach or renews their link); `bot_username` makes the link.
    """

    invite_code: str | None = None  # set when the user is a coach
    clients: tuple[Linked, ...] = ()  # as a coach, by name
    digest: bool = False  # as a coach: one daily digest instead of live events
    held: tuple[HeldEvent, ...] = ()  # as a coach in digest mode: the events not sent yet
    coach: Linked | None = None  # as a client
    # As a client: the target the coach set in place of the ladder, and since when a pain
    # rating over 5 or a red flag waits for the coach's look (progression holds until then).
    coach_target: Target | None = None
    held_since: datetime | None = None
    coach_digest: bool = False  # as a client: the coach takes a daily digest
    invite: Invite | None = None
    thread: Thread | None = None
    fresh_code: str = ""
    bot_username: str = ""

    @property
    def is_coach(self) -> bool:
        return self.invite_code is not None

    def client(self, link_id: int) -> Linked | None:
        """This coach's client on the active link `link_id`, or None (ended, or not theirs)."""
        return next((c for c in self.clients if c.link_id == link_id), None)

    def invite_link(self) -> str:
        """The deep link a client opens: https://t.me/<bot>?start=<code>."""
        return f"https://t.me/{self.bot_username}?start={self.invite_code or ''}"
