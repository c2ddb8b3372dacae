"""Random event sequences through the real service, outbox, dispatcher and SQLite (no network).

Each example starts a fresh database and plays one user: commands with random arguments,
presses of buttons really shown and of forged data, random texts (log phrasings, yes/no,
numbers, times, places, any unicode), locations, non-text messages, dispatcher ticks and clock
jumps from a minute to weeks (or to just after the plan's next reminder slot). Macros (a whole
screening with a chosen outcome, a whole /schedule, a whole workout) get the user deep enough
for plans, workouts and reminders to happen.

After every event: nothing raised; every message renders in Telegram (HTML that parses, at most
4096 visible characters, 1024 for a caption; callback data of 1-64 bytes); every press got a
notice or a visible answer; logs hold 1-100 reps a set and at most 20 sets; a user who must not
train (see a doctor, not today, pain reported) gets no workout message, no reminder and no new
plan; no reminder is sent twice for the same slot.
"""

from __future__ import annotations

import asyncio
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.clock import FakeClock
from bot.coach.engine import COMMANDS
from bot.coach.messages import Command, Event, Location, Press, Reply, Text, Unsupported
from bot.content import Content
from bot.core import build
from bot.outbox import EditTarget
from bot.service import Handled, Incoming
from bot.storage.db import Database
from tests.chat import UNPACED
from tests.fakes.html_check import parse_html, trim

USER = 1001
START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday
NAME = "Fuzz <b>&amp; _*["

# --- what the user does ----------------------------------------------------------------------

LOGS = (
    "3x10",
    "10 10 8",
    "12 each leg @2kg",
    "left 10 right 9",
    "done",
    "did it",
    "3x12 @ 5lb felt easy",
    "30 in total",
    "10 10",
    "3 10",
    "0x10",
    "3x0",
    "3x101",
    "21x10",
    "25 sets of 5",
    "3x10 @ 150kg",
    "-3x10",
    "3.5x10",
    "one leg 10 the other 9",
    "3x10 my knee hurts",
    "chest pain",
    "I feel dizzy",
    "3x10 felt easy <b>&amp; _*[",
)
WORDS = ("yes", "no", "y", "n", "back", "Yes!", "nope", "delete", "ok", "did it", "hello", "?")
NUMBERS = ("0", "1", "7", "12", "99", "100", "101", "-1", "²", "٣", "1e9", "9" * 30)
TIMES = ("18:30", "7am", "6:30 pm", "noon", "25:00", "1830", "it's 14:05", "0000", "23:59")
PLACES = (
    "Berlin",
    "New York",
    "São Paulo",
    "UTC+5:30",
    "GMT-3",
    "Tokyo",
    "Atlantis",
    "europe/berlin",
    "Kathmandu",
    "UTC+14",
    "UTC-12",
    "Pacific/Kiritimati",
)
ODD = (
    "A" * 4096,
    "\u200b",
    "\u200d\ufeff",
    "مرحبا",
    "שלום",
    "\u202e3x10",
    "👨\u200d👩\u200d👧 🇩🇪",
    "'); DROP TABLE users;--",
    "<script>alert(1)</script>",
    "*b* _i_ [a](b) `c` & < >",
    "\x00",
)
texts = st.one_of(
    st.sampled_from(LOGS + WORDS + NUMBERS + TIMES + PLACES + ODD),
    st.text(max_size=40),
)
DATES = ("2026-12-24", "2026-11-23", "9999-12-31", "2027-11-23", "0001-01-01", "not a date")
command_names = st.sampled_from(sorted(COMMANDS) + ["nope", "START", "Log"])
command_args = st.one_of(st.just(""), st.sampled_from(DATES), texts)

PREFIXES = ("scr", "les", "sch", "wk", "log", "rem", "doc", "del", "zzz", "")
GARBAGE = (
    "\x00",
    "x" * 64,
    "🙂" * 16,
    "log:undo:1",
    "log:undo:-1",
    "log:opt:²",
    "scr:heart:y",
    "les:reverse-lunge:0.0.1:1",
    "wk:done:0",
    "wk:reps:0:101",
    "wk:reps:0:²",
    "wk:feel:easy",
    "sch:ok:",
    "sch:t:9999",
    "sch:t:2460",
    "sch:d:²",
    "rem:snooze:9999999999",
    "rem:snooze:99999999999999999999",
    "rem:skip:1795000000",
    "doc:yes",
    "del:yes",
)
forged = st.one_of(
    st.sampled_from(GARBAGE),
    st.builds(lambda p, rest: f"{p}:{rest}", st.sampled_from(PREFIXES), st.text(max_size=20)),
    st.text(max_size=64).filter(lambda s: len(s.encode()) <= 64),
)
KINDS = ("sticker", "photo", "voice", "video", "document", "animation", "other", "edited")
JUMPS = (
    timedelta(minutes=1),
    timedelta(minutes=31),
    timedelta(hours=2),
    timedelta(hours=9),
    timedelta(days=1),
    timedelta(days=3),
    timedelta(weeks=1),
    timedelta(weeks=3),
)
OUTCOMES = (set(), set(), {10}, {8, 11}, {3}, {12}, {13}, {3, 13})

Step = tuple[Any, ...]
screen = st.tuples(st.just("screen"), st.sampled_from(OUTCOMES))
schedule = st.tuples(
    st.just("schedule"),
    st.one_of(
        st.sets(st.integers(0, 6), min_size=3, max_size=4),
        st.sets(st.integers(0, 6), max_size=7),
    ),
    st.sampled_from(("t:0700", "t:1800", "t:2330", "18:30", "7am", "25:00", "0:15")),
    st.one_of(st.sampled_from(PLACES), st.sampled_from(("Berlin", "UTC", "New York"))),
)
press_newest = st.tuples(st.just("press_newest"), st.integers(0, 40))
advance = st.tuples(st.just("advance"), st.sampled_from(JUMPS))
steps: st.SearchStrategy[Step] = st.one_of(
    st.tuples(st.just("command"), command_names, command_args),
    press_newest,
    press_newest,
    st.tuples(st.just("press_shown"), st.integers(0, 400)),
    st.tuples(st.just("press"), forged),
    st.tuples(st.just("text"), texts),
    st.tuples(st.just("text"), st.sampled_from(LOGS)),
    st.tuples(
        st.just("location"),
        st.sampled_from(((52.52, 13.40), (0.0, 0.0), (0.0, -150.0), (-33.9, 151.2))),
    ),
    st.tuples(st.just("unsupported"), st.sampled_from(KINDS)),
    st.tuples(st.just("tick")),
    advance,
    st.tuples(st.just("next_slot"), st.sampled_from((0, 1, 29, 31, 61, 119, 121, 180))),
    st.tuples(st.just("next_slot"), st.sampled_from((0, 1, 29, 31, 61, 119, 121, 180))),
    st.tuples(st.just("workout")),
    screen,
    schedule,
)
# Most scripts start screened, many with a plan, so that training features are reached.
prefixes = st.one_of(
    st.just([]),
    screen.map(lambda step: [step]),
    st.tuples(screen, schedule).map(list),
    st.tuples(screen, schedule).map(list),
)
scripts = st.builds(
    lambda prefix, rest: [*prefix, *rest], prefixes, st.lists(steps, min_size=3, max_size=25)
)


# --- the bot, in-process ---------------------------------------------------------------------


@dataclass
class Recorder:
    """A transport that keeps every message as shown now, and every delivery in order."""

    shown: dict[int, Reply] = field(default_factory=dict)
    deliveries: list[Reply] = field(default_factory=list)

    async def deliver(self, chat_id: int, reply: Reply, edit: EditTarget | None) -> None:
        assert chat_id == USER
        if edit is not None and edit.message_id in self.shown:
            message_id = edit.message_id
        else:
            message_id = len(self.shown) + 1
        self.shown[message_id] = reply
        self.deliveries.append(reply)


class Bot:
    """The real Coach, Outbox and Dispatcher on one database, for one user."""

    def __init__(self, db: Database, content: Content, clock: FakeClock) -> None:
        self.db = db
        self.content = content
        self.clock = clock
        self.recorder = Recorder()
        core = build(db, content, clock, self.recorder, pace=UNPACED)
        self.coach = core.coach
        self.outbox = core.outbox
        self.dispatcher = core.dispatcher
        self.update_id = 0
        self.reminders: set[tuple[str, bool]] = set()
        snoozed = content.texts.messages["reminder.snoozed"]
        self.snoozed_prefix = snoozed.split("{", 1)[0]

    async def send(self, event: Event, message_id: int | None = None) -> None:
        self.update_id += 1
        incoming = Incoming(USER, USER, NAME, event, self.update_id, message_id)
        await self.step(self.coach.handle(incoming), pressed=isinstance(event, Press))

    async def tick(self) -> None:
        await self.step(self.dispatcher.tick(), pressed=False)

    async def press(self, message_id: int, index: int) -> None:
        buttons = [b.data for row in self.recorder.shown[message_id].buttons for b in row]
        if buttons:
            await self.send(Press(buttons[index % len(buttons)]), message_id)

    async def step(self, action: Any, *, pressed: bool) -> None:
        """Run one event and check every invariant after it."""
        before_plan = await self.plan_exists()
        before = dict(self.recorder.shown)
        delivered = len(self.recorder.deliveries)
        result = await action
        await self.outbox.drain()
        new = self.recorder.deliveries[delivered:]
        for reply in new:
            assert_renders(reply)
        if pressed:
            assert isinstance(result, Handled)
            assert result.notice or new, "a press got neither a notice nor an answer"
            assert len(result.notice or "") <= 200
        await self.check_logs()
        if await self.must_not_train():
            for reply in new:
                data = [b.data for row in reply.buttons for b in row]
                assert not any(d.startswith(("wk:", "rem:")) for d in data), reply.text
            assert before_plan or not await self.plan_exists(), "a plan for a gated user"
        for reply in new:
            self.count_reminder(reply, before)

    def count_reminder(self, reply: Reply, before: dict[int, Reply]) -> None:
        stamps = {
            b.data.rsplit(":", 1)[1] for row in reply.buttons for b in row if b.data[:4] == "rem:"
        }
        if not stamps or reply in before.values():
            return
        [stamp] = stamps
        key = (stamp, reply.text.startswith(self.snoozed_prefix))
        assert key not in self.reminders, f"a second reminder for slot {key}"
        self.reminders.add(key)

    async def rows(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        async with self.db.transaction() as tx:
            return [dict(r) for r in await tx.fetchall(sql, args)]

    async def plan_exists(self) -> bool:
        return bool(await self.rows("SELECT 1 FROM plans WHERE user_id = ?", USER))

    async def check_logs(self) -> None:
        assert not await self.rows("SELECT * FROM log_sets WHERE reps <= 0 OR reps > 100")
        assert not await self.rows(
            "SELECT log_id FROM log_sets GROUP BY log_id HAVING COUNT(*) > 20"
        )
        assert not await self.rows(
            "SELECT id FROM logs WHERE id NOT IN (SELECT log_id FROM log_sets)"
        )

    async def must_not_train(self) -> bool:
        """The latest screening says doctor (not cleared) or not today, or pain was reported."""
        latest = await self.rows(
            "SELECT outcome, cleared_on FROM screenings WHERE user_id = ? ORDER BY id DESC LIMIT 1",
            USER,
        )
        pain = await self.rows(
            "SELECT 1 FROM users WHERE user_id = ? AND rescreen_required = 1", USER
        )
        if pain:
            return True
        if not latest:
            return False
        outcome = latest[0]
        return outcome["outcome"] == "not_today" or (
            outcome["outcome"] == "doctor" and outcome["cleared_on"] is None
        )

    # --- macros: several events, each checked ------------------------------------------------

    async def screen(self, yes: set[int]) -> None:
        await self.send(Command("rescreen"))
        for number in range(1, len(self.content.screening.questions) + 1):
            await self.send(Text("yes" if number in yes else "no"))

    async def schedule(self, days: set[int], at: str, place: str) -> None:
        await self.send(Command("schedule"))
        for day in sorted(days):
            await self.send(Press(f"sch:d:{day}"), self.newest())
        await self.send(Press("sch:days:"), self.newest())
        await self.send(Press("sch:keep:"), self.newest())
        if at.startswith("t:"):
            await self.send(Press(f"sch:{at}"), self.newest())
        else:
            await self.send(Text(at))
        await self.send(Text(place))
        await self.send(Press("sch:ok:"), self.newest())
        if await self.rows("SELECT 1 FROM users WHERE user_id = ? AND flow IS NOT NULL", USER):
            await self.send(Command("cancel"))

    async def workout(self) -> None:
        """/workout, then always the first button: warm, done, skip rest, ..., easy."""
        await self.send(Command("workout"))
        for _ in range(12):
            newest = self.newest()
            if newest is None:
                return
            await self.press(newest, 0)

    def newest(self) -> int | None:
        with_buttons = [i for i, reply in self.recorder.shown.items() if reply.buttons]
        return max(with_buttons) if with_buttons else None

    async def play(self, step: Step) -> None:
        match step:
            case ("command", name, args):
                await self.send(Command(name, args))
            case ("press_newest", index):
                newest = self.newest()
                if newest is not None:
                    await self.press(newest, index)
            case ("press_shown", index):
                ids = [i for i, reply in self.recorder.shown.items() if reply.buttons]
                if ids:
                    await self.press(ids[index % len(ids)], index // len(ids))
            case ("press", data):
                await self.send(Press(data), self.newest())
            case ("text", text):
                await self.send(Text(text))
            case ("location", (latitude, longitude)):
                await self.send(Location(latitude, longitude))
            case ("unsupported", kind):
                await self.send(Unsupported(kind))
            case ("tick",):
                await self.tick()
            case ("advance", jump):
                self.clock.advance(jump)
                await self.tick()
            case ("next_slot", minutes):
                due = await self.rows(
                    "SELECT next_fire_at FROM plans WHERE user_id = ? AND next_fire_at > ?",
                    USER,
                    int(self.clock.now().timestamp()),
                )
                if due:
                    moment = datetime.fromtimestamp(due[0]["next_fire_at"], UTC)
                    self.clock.set(moment + timedelta(minutes=minutes))
                    await self.tick()
            case ("screen", yes):
                await self.screen(yes)
            case ("schedule", days, at, place):
                await self.schedule(days, at, place)
            case ("workout",):
                await self.workout()
            case _:
                raise AssertionError(f"unknown step {step!r}")


def assert_renders(reply: Reply) -> None:
    """Telegram would take it: HTML that parses, within the limits, buttons within 64 bytes."""
    visual = reply.image or reply.animation or reply.chart or reply.file or reply.document
    assert reply.text.strip(), "an empty message"
    visible = trim(parse_html(reply.text)).text
    assert len(visible) <= (1024 if visual else 4096), (len(visible), reply.text[:80])
    for row in reply.buttons:
        for button in row:
            assert 1 <= len(button.data.encode("utf-8")) <= 64, button.data
            assert button.label.strip(), "a button without a label"


async def run(content: Content, script: list[Step]) -> None:
    with tempfile.TemporaryDirectory() as directory:
        db = await Database.open(Path(directory) / "fuzz.sqlite3")
        try:
            bot = Bot(db, content, FakeClock(START))
            for step in script:
                await bot.play(step)
        finally:
            await db.close()


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(script=scripts)
def test_random_conversations_keep_every_invariant(content: Content, script: list[Step]) -> None:
    """Any sequence of events: no failure, everything renders, logs in bounds, the screening's
    gate holds (no workout, reminder or new plan), each reminder slot sent at most once."""
    # Placeholder picture paths (never opened here) make lesson steps captions, as in Telegram.
    pictured = content.with_pictures({name: Path(name) for name in content.picture_names()})
    asyncio.run(run(pictured, script))
