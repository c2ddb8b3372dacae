"""The one build step: the coach, its outbox and its dispatcher over one database.

Every front end (Telegram, the console, the in-process test chat, the fuzz tests) builds the
core here and keeps only what is its own: the transport the outbox sends through, the clocks,
the pace, the admins, and how it runs the pieces (PTB's JobQueue ticks the dispatcher in
production, a loop in the console, the test itself with a fake clock).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.clock import Clock
from bot.content import Content
from bot.dispatch import Dispatcher
from bot.inbox import Forum, Inbox
from bot.outbox import Outbox, Transport
from bot.service import Coach
from bot.storage.db import Database


@dataclass(frozen=True, slots=True)
class Pace:
    """How fast the outbox sends: messages a second overall and per chat (bursts allowed)."""

    global_rate: float = 25.0
    chat_rate: float = 1.0
    chat_burst: float = 3.0


@dataclass(frozen=True, slots=True)
class Core:
    """The pieces every front end runs: handle updates with `coach`, send with `outbox`,
    tick `dispatcher` for due reminders and timers."""

    coach: Coach
    outbox: Outbox
    dispatcher: Dispatcher


def build(
    db: Database,
    content: Content,
    clock: Clock,
    transport: Transport,
    *,
    pace: Pace = Pace(),
    outbox_clock: Clock | None = None,
    admins: frozenset[int] = frozenset(),
    codes: Callable[[], str] | None = None,
    bot_username: str = "",
    forum: Forum | None = None,
) -> Core:
    """Wire the core: the coach and the dispatcher on `clock`, the outbox on `outbox_clock`
    (default: `clock`) sending through `transport` at `pace`; the coach wakes the outbox
    whenever it queues replies. `admins` are the user ids allowed /admin; `codes` draws invite
    codes (default: `secrets`); `bot_username` makes invite links (Telegram's is set once known);
    with a `forum`, messages about clients go to their coach's inbox group (bot/inbox.py)."""
    router = None
    if forum is not None:
        router = Inbox(db, forum, outbox_clock or clock, content.texts)
    outbox = Outbox(
        db,
        transport,
        outbox_clock or clock,
        global_rate=pace.global_rate,
        chat_rate=pace.chat_rate,
        chat_burst=pace.chat_burst,
        router=router,
    )
    coach = Coach(
        db, content, clock, on_enqueued=outbox.wake, admins=admins, bot_username=bot_username
    )
    if codes is not None:
        coach.codes = codes
    return Core(coach, outbox, Dispatcher(db, coach, clock))
