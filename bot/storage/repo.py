"""The repositories of one transaction: one per area, all over the same `Tx`.

Handlers never open connections: the service opens a transaction, builds a `Repo` on it, and
everything that one update changes commits together, replies included (the outbox). Because
every area writes through the same `Tx`, writes of different areas ride the same trip to the
database thread. A method that only queues a write is a plain method (it never waits for the
database); an `async` one makes a trip.

    users.py       users, processed_updates, lesson_progress; `read_user` (one trip)
    screenings.py  screenings (and users.rescreen_required)
    plans.py       plans, reminders
    logs.py        logs, log_sets, timers
    pain.py        pain_ratings, morning_checks
    sending.py     outbox, media
    coaching.py    coaches, coach_links, coach_messages, coach_events, coach_threads,
                   coach_targets
    inbox.py       coach_inboxes, coach_topics (a coach's forum inbox)
    roster.py      a coach's reads of their clients (the roster, a card), through the links
    admin.py       counts for /admin, over all of them
"""

from __future__ import annotations

from bot.storage.admin import Admin
from bot.storage.coaching import Coachings
from bot.storage.db import Tx
from bot.storage.digests import Digests
from bot.storage.inbox import Inboxes
from bot.storage.logs import Logs, Timers
from bot.storage.pain import MorningChecks, PainRatings
from bot.storage.plans import Plans, Reminders
from bot.storage.roster import Rosters
from bot.storage.screenings import Screenings
from bot.storage.sending import MediaIds, OutboxRows
from bot.storage.users import Updates, Users


class Repo:
    """Every area's repository over one transaction."""

    __slots__ = (
        "admin",
        "coaching",
        "digests",
        "inbox",
        "logs",
        "media",
        "morning",
        "outbox",
        "pain",
        "plans",
        "reminders",
        "roster",
        "screenings",
        "timers",
        "tx",
        "updates",
        "users",
    )

    def __init__(self, tx: Tx) -> None:
        self.tx = tx
        self.updates = Updates(tx)
        self.users = Users(tx)
        self.screenings = Screenings(tx)
        self.plans = Plans(tx)
        self.digests = Digests(tx)
        self.reminders = Reminders(tx)
        self.logs = Logs(tx)
        self.timers = Timers(tx)
        self.pain = PainRatings(tx)
        self.morning = MorningChecks(tx)
        self.outbox = OutboxRows(tx)
        self.media = MediaIds(tx)
        self.admin = Admin(tx)
        self.coaching = Coachings(tx)
        self.inbox = Inboxes(tx)
        self.roster = Rosters(tx)
