"""The two objects every flow handler works with: what it sees (`Ctx`) and what it decides."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TypeVar

from bot.coach.codec import CallbackData
from bot.coach.conversations import Conversation
from bot.coach.messages import Event, Press, Reply
from bot.coach.screening import Access, Result, access
from bot.coach.state import Effect, UserState
from bot.content import Content

K = TypeVar("K", bound=CallbackData)


@dataclass(frozen=True)
class Ctx:
    """What a handler sees: the user, the event, the time and the content.

    The engine also passes `payload`, the pressed button's or the tick's data decoded into its
    kind (bot/coach/callbacks.py), and `menu`, the commands shown in Telegram's menu, in order.
    """

    user: UserState
    event: Event
    now: datetime
    content: Content
    payload: CallbackData | None = None
    menu: tuple[str, ...] = ()

    def with_user(self, user: UserState) -> Ctx:
        """The same moment seen as `user` (a coach's view of a client's card)."""
        return replace(self, user=user, payload=None)

    def t(self, key: str, /, **values: object) -> str:
        """A message from content/messages.yaml, values HTML-escaped."""
        return self.content.texts(key, **values)

    def date(self, day: date) -> str:
        """A date in words, as the user reads it ("Thursday 24 December")."""
        return self.content.texts.date(day)

    @property
    def pressed(self) -> str | None:
        """The callback data when the event is a button press."""
        return self.event.data if isinstance(self.event, Press) else None

    def payload_as(self, kind: type[K]) -> K:
        """The decoded payload as `kind`; AssertionError if the engine routed another kind here."""
        assert isinstance(self.payload, kind), (kind, self.payload)
        return self.payload

    @property
    def access(self) -> Access:
        """What the latest screening allows right now."""
        return self.access_of(self.user.screening)

    def access_of(self, result: Result | None) -> Access:
        """What `result` would allow right now (the latest screening with a lift applied)."""
        valid_for = timedelta(days=self.content.screening.valid_days)
        return access(
            result,
            self.now,
            valid_for,
            pain_reported=self.user.rescreen_required,
            questions=self.content.screening.questions,
        )


class Keep:
    """Marker: leave the conversation as it is."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP = Keep()


@dataclass(frozen=True)
class Decision:
    """What the engine decided: replies to send, where the conversation goes, what to store.

    `notice` is a short pop-up answer to a button press. `handled=False` lets the engine try
    the next free-text handler.
    """

    replies: tuple[Reply, ...] = ()
    conversation: Conversation | None | Keep = KEEP
    effects: tuple[Effect, ...] = ()
    notice: str | None = None
    handled: bool = True

    @classmethod
    def say(cls, text: str, **kwargs: object) -> Decision:
        """A single plain reply."""
        return cls(replies=(Reply(text),), **kwargs)  # type: ignore[arg-type]

    @classmethod
    def unhandled(cls) -> Decision:
        return cls(handled=False)


Handler = Callable[[Ctx], Decision]
