"""An in-process chat with the coach: the real service, outbox and database, no transport.

Fast tests drive the engine through here; end-to-end tests use the fake Bot API instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.clock import FakeClock
from bot.coach.messages import Command, Event, Press, Reply, Text
from bot.content import Content
from bot.core import Pace, build
from bot.outbox import EditTarget
from bot.service import Handled, Incoming
from bot.storage.db import Database

# Tests tap far faster than a person; the pacing itself is tested on its own.
UNPACED = Pace(global_rate=10_000, chat_burst=10_000)


@dataclass
class Shown:
    """A message as the user sees it now (edits replace it)."""

    id: int
    reply: Reply

    @property
    def text(self) -> str:
        return self.reply.text

    def button(self, label: str) -> str:
        for row in self.reply.buttons:
            for button in row:
                if button.label == label or button.data == label:
                    return button.data
        raise AssertionError(f"no button {label!r} on: {self.text[:80]!r}")

    @property
    def labels(self) -> list[str]:
        return [b.label for row in self.reply.buttons for b in row]


@dataclass
class Recorder:
    """A transport that keeps what it was asked to show."""

    messages: dict[int, Shown] = field(default_factory=dict)
    order: list[int] = field(default_factory=list)
    chats: dict[int, int] = field(default_factory=dict)  # message id -> chat id

    async def deliver(self, chat_id: int, reply: Reply, edit: EditTarget | None) -> int:
        if edit is not None and edit.message_id in self.messages:
            self.messages[edit.message_id] = Shown(edit.message_id, reply)
            return edit.message_id
        message_id = len(self.order) + 1
        self.messages[message_id] = Shown(message_id, reply)
        self.order.append(message_id)
        self.chats[message_id] = chat_id
        return message_id


BOT_USERNAME = "lunge_coach_bot"


class ChatHarness:
    """Send events as one user; read back what the coach showed in their chat.

    `person(user_id, name)` is another user of the same bot (same core, same recorder), so a
    coach and their clients can talk in one test. Invite codes are drawn in order: code1, ...
    """

    def __init__(
        self,
        db: Database,
        content: Content,
        clock: FakeClock,
        user_id: int,
        *,
        name: str = "Ann",
        _of: ChatHarness | None = None,
    ) -> None:
        self.db = db
        self.content = content
        self.clock = clock
        self.user_id = user_id
        self.name = name
        if _of is None:
            self.recorder = Recorder()
            self.codes = (f"code{n}" for n in range(1, 1_000_000))
            core = build(
                db,
                content,
                clock,
                self.recorder,
                pace=UNPACED,
                codes=lambda: next(self.codes),
                bot_username=BOT_USERNAME,
            )
            self.coach, self.outbox, self.dispatcher = core.coach, core.outbox, core.dispatcher
        else:
            self.recorder = _of.recorder
            self.coach, self.outbox, self.dispatcher = _of.coach, _of.outbox, _of.dispatcher
        self.last_notice: str | None = None
        self._update_id = user_id * 1_000_000

    def person(self, user_id: int, name: str) -> ChatHarness:
        """Another user talking to the same bot."""
        return ChatHarness(self.db, self.content, self.clock, user_id, name=name, _of=self)

    async def event(
        self, event: Event, *, message_id: int | None = None, reply_to: int | None = None
    ) -> Handled:
        self._update_id += 1
        handled = await self.coach.handle(
            Incoming(
                self.user_id,
                self.user_id,
                self.name,
                event,
                self._update_id,
                message_id,
                reply_to_message_id=reply_to,
            )
        )
        self.last_notice = handled.notice
        await self.outbox.drain()
        return handled

    async def tick(self) -> int:
        """One dispatcher tick at the clock's current time, then deliver what it queued."""
        handled = await self.dispatcher.tick()
        await self.outbox.drain()
        return handled

    async def send(self, text: str, *, reply_to: int | None = None) -> Handled:
        """A typed message; `reply_to` makes it a Telegram reply to that message."""
        if text.startswith("/"):
            name, _, args = text[1:].partition(" ")
            return await self.event(Command(name, args))
        return await self.event(Text(text), reply_to=reply_to)

    async def press(self, label: str, message: Shown | None = None) -> Handled:
        """Press a button by label (or data) on the given message, else the newest that has it."""
        target = message or next((m for m in reversed(self.shown) if _has(m, label)), None)
        if target is None:
            raise AssertionError(f"no message has a button {label!r}")
        return await self.event(Press(target.button(label)), message_id=target.id)

    @property
    def shown(self) -> list[Shown]:
        """The messages in this user's chat, oldest first."""
        recorder = self.recorder
        return [recorder.messages[i] for i in recorder.order if recorder.chats[i] == self.user_id]

    @property
    def last(self) -> Shown:
        return self.shown[-1]

    def texts(self) -> list[str]:
        return [m.text for m in self.shown]


def _has(message: Shown, label: str) -> bool:
    return any(b.label == label or b.data == label for row in message.reply.buttons for b in row)
