"""Kill -9 at random moments while several users talk to the real bot at once.

Seven simulated users each do a script, all at the same time: /start, the 13 screening questions,
three logs, an Undo, /history (then /history again until the last kill). A chaos task SIGKILLs
the bot a random 0-300 ms after a random user action, 22 times, restarting it each time. A user
whose reply had not arrived when the bot died sends the same thing again once it is back, as a
person would; the bot must then neither lose nor double anything (update ids, the outbox, the
screening's question ids). A log sent again is a second message and so a second log, as any two
messages with the same text are: each send is stored exactly once. KILL_RANDOM_SEED=<seed>
replays a schedule (the kill moments and delays; the interleaving of seven users and a process
still varies).
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import re
import sqlite3
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bot.content import Content
from tests.fakes.bot_api import FakeBotApi, FakeUser
from tests.fakes.bot_api_state import ChatMessage
from tests.process import BotProcess

log = logging.getLogger(__name__)

USERS = 7
KILLS = 22
MAX_KILL_DELAY = 0.3  # seconds after the triggering user action
WAIT = 20.0  # seconds a user waits for an answer while the bot is up
QUESTIONS = 13
QUESTION = re.compile(r"Question (\d+) of 13")

# What the user types, what the bot says back, and what must be stored: (reps, leg) per set.
LOGS = {
    "3x10": ("3 sets x 10 reps per leg, bodyweight", [(10, "both")] * 3),
    "10 10 8": (
        "sets of 10, 10, 8 reps per leg, bodyweight",
        [(10, "both"), (10, "both"), (8, "both")],
    ),
    "left 10 right 9": ("left 10, right 9, bodyweight", [(10, "left"), (9, "right")]),
}
STEPS_PER_USER = 1 + QUESTIONS + len(LOGS) + 1 + 1  # /start, answers, logs, Undo, /history


@dataclass
class Step:
    """One user action: how to do it (again), and the bot message that answers it."""

    label: str
    send: Callable[[], Awaitable[object]]
    answer: Callable[[], ChatMessage | None]


@dataclass
class KillRecord:
    """What the bot had in hand when it was killed."""

    after_action: int
    delay: float
    unsent_replies: int  # committed to the outbox, not yet sent
    unconfirmed_updates: int  # still offered by getUpdates: will be delivered again
    lost_updates: list[int]  # confirmed to PTB by offset, never committed: gone
    restart_seconds: float = 0.0


@dataclass
class Chaos:
    """Kills the bot after chosen user actions and starts it again."""

    api: FakeBotApi
    bot: BotProcess
    rng: random.Random
    seed: int
    users: list[SimUser] = field(default_factory=list)
    actions: int = 0
    down: bool = False
    over: bool = False  # every kill done, the bot up for good
    kills: list[KillRecord] = field(default_factory=list)

    async def acted(self) -> None:
        """A user did something new (not a retry)."""
        self.actions += 1
        await self.api.core.notify()

    async def run(self) -> None:
        """Users who finish their script early keep asking /history until this is over."""
        planned = STEPS_PER_USER * USERS
        moments = sorted(self.rng.sample(range(1, planned), KILLS))
        try:
            for moment in moments:
                reached = await self.api.core.wait(
                    lambda m=moment: self.actions >= m or self.failed(), 120
                )
                assert reached, f"seed {self.seed}: no user action #{moment} within 120 s"
                if self.failed():
                    return
                delay = self.rng.uniform(0, MAX_KILL_DELAY)
                await asyncio.sleep(delay)  # the deliberate random kill delay
                await self.kill_and_restart(delay)
        finally:
            self.over = True
            await self.api.core.notify()

    def failed(self) -> bool:
        return not all(user.ok for user in self.users)

    async def kill_and_restart(self, delay: float) -> None:
        self.down = True
        for user in self.users:
            user.note_kill()
        self.bot.kill()
        record = self.inspect(delay)
        self.kills.append(record)
        started = time.monotonic()
        await self.bot.start()
        record.restart_seconds = round(time.monotonic() - started, 2)
        self.down = False
        await self.api.core.notify()

    def inspect(self, delay: float) -> KillRecord:
        """Read the dead bot's database: what was committed, what is gone for good."""
        core = self.api.core
        pending = {u["update_id"] for u in core.updates}
        with sqlite3.connect(self.bot.workdir / "coach.sqlite3") as raw:
            processed = {row[0] for row in raw.execute("SELECT update_id FROM processed_updates")}
            unsent = raw.execute("SELECT count(*) FROM outbox").fetchone()[0]
        raw.close()
        earlier = {u for kill in self.kills for u in kill.lost_updates}
        delivered = [u["update_id"] for u in core.delivered]
        lost = [u for u in delivered if u not in pending | processed | earlier]
        return KillRecord(self.actions, round(delay, 3), unsent, len(pending), lost)

    def summary(self) -> str:
        lost = sum(len(k.lost_updates) for k in self.kills)
        unsent = sum(1 for k in self.kills if k.unsent_replies)
        retries = sum(u.retries for u in self.users)
        restarts = sum(k.restart_seconds for k in self.kills)
        return (
            f"seed {self.seed}: {len(self.kills)} kills ({restarts:.0f}s restarting), "
            f"{unsent} with unsent replies, {lost} updates lost (confirmed by offset, never "
            f"committed), {retries} user retries"
        )


class SimUser:
    """A person working through the script; re-sends what a kill swallowed."""

    def __init__(self, api: FakeBotApi, chaos: Chaos, user_id: int, rng: random.Random) -> None:
        self.api = api
        self.chaos = chaos
        self.user: FakeUser = api.user(user_id, first_name=f"User{user_id}")
        self.user_id = user_id
        self.yes = {10} if user_id % 3 == 0 else set()  # "balance": the adapted plan
        self.texts = rng.sample(list(LOGS), len(LOGS))
        self.undo_index = rng.randrange(2)  # Undo the first or the second log, then log again
        self.acked: dict[str, set[int]] = {}  # text -> the seqs its acknowledgements named
        self.undone: str | None = None
        self.undone_seq: int | None = None  # the log the Undo removed
        self.pending: Step | None = None
        self.interrupted = False
        self.retries = 0
        self.sends: dict[str, int] = {}  # log text -> how many times it was sent (with retries)
        self.done = False
        self.ok = True
        self.history: str = ""

    def fail(self, why: str) -> AssertionError:
        return AssertionError(
            f"{self.chaos.summary()}; user {self.user_id}: {why}\n{self.user.transcript(20)}"
        )

    def note_kill(self) -> None:
        """The bot is dying: an action still waiting for its answer will be sent again."""
        if self.pending is not None and self.pending.answer() is None:
            self.interrupted = True

    async def perform(self, step: Step) -> ChatMessage:
        self.pending, self.interrupted = step, False
        await step.send()
        await self.chaos.acted()
        while True:
            arrived = await self.api.core.wait(
                lambda: step.answer() is not None or (self.interrupted and not self.chaos.down),
                WAIT,
            )
            answer = step.answer()
            if answer is not None:
                self.pending = None
                return answer
            if not arrived:
                raise self.fail(f"no answer to {step.label} within {WAIT}s")
            self.interrupted = False
            self.retries += 1
            await step.send()  # the reply was swallowed by a kill: the person sends it again

    # --- what the user sees -------------------------------------------------------------------

    def newest_id(self) -> int:
        return max((m.message_id for m in self.user.state.messages.values()), default=0)

    def shown_questions(self) -> list[int]:
        return [int(m.group(1)) for msg in self.user.messages if (m := QUESTION.search(msg.body))]

    def question_message(self, number: int) -> ChatMessage | None:
        """The newest message asking question `number` with its buttons."""
        return next(
            (
                m
                for m in reversed(self.user.messages)
                if f"Question {number} of 13" in m.body and m.find_button("No")
            ),
            None,
        )

    def first_after(self, baseline: int, test: Callable[[ChatMessage], bool]) -> ChatMessage | None:
        return next((m for m in self.user.messages if m.message_id > baseline and test(m)), None)

    # --- the script ---------------------------------------------------------------------------

    async def run(self) -> None:
        try:
            await self.screening()
            for index, text in enumerate(self.texts):
                if index == 2:
                    await self.undo(self.texts[self.undo_index])
                await self.log(text)
            await self.ask_history()
            while not self.chaos.over:  # keep the bot busy until the last kill
                await self.ask_history()
        except BaseException:
            self.ok = False
            raise
        finally:
            self.done = True
            self.pending = None
            await self.api.core.notify()

    async def screening(self) -> None:
        baseline = self.newest_id()
        await self.perform(
            Step(
                "/start",
                lambda: self.user.send("/start"),
                lambda: self.first_after(baseline, lambda m: "Question 1 of 13" in m.body),
            )
        )
        for number in range(1, QUESTIONS + 1):
            shown = self.shown_questions()
            if max(shown) != number:
                raise self.fail(f"about to answer question {number}, but the bot shows {shown}")
            choice = "Yes" if number in self.yes else "No"

            async def press(number: int = number, choice: str = choice) -> None:
                message = self.question_message(number)
                if message is None:
                    raise self.fail(f"question {number} is not shown any more, nor the next one")
                await self.user.press(choice, message_id=message.message_id)

            # The answer: the next question (edited in, or sent anew after an old button), or
            # the outcome after the last one.
            if number < QUESTIONS:
                wanted = f"Question {number + 1} of 13"
            else:
                wanted = "adapted plan" if self.yes else "cleared for the full plan"

            def answered(wanted: str = wanted) -> ChatMessage | None:
                return next((m for m in self.user.messages if wanted in m.body), None)

            baseline = self.newest_id()
            await self.perform(Step(f"question {number}", press, answered))
            # Whatever the bot sent since shows this question again or the next one: never an
            # earlier one (a restart from question 1) and never a later one (a skipped answer).
            since = [
                int(found.group(1))
                for m in self.user.messages
                if m.message_id > baseline and (found := QUESTION.search(m.body))
            ]
            if not set(since) <= {number, number + 1}:
                raise self.fail(f"after answering question {number} the bot showed {since}")

    async def log(self, text: str) -> None:
        said, _ = LOGS[text]
        ack = f"✅ Logged for today: {said}."
        baseline = self.newest_id()

        async def send() -> None:
            self.sends[text] = self.sends.get(text, 0) + 1
            await self.user.send(text)

        message = await self.perform(
            Step(
                f"log {text!r}",
                send,
                lambda: self.first_after(baseline, lambda m: first_line(m.body) == ack),
            )
        )
        self.acked.setdefault(text, set()).add(undo_seq(message))

    async def undo(self, text: str) -> None:
        said, _ = LOGS[text]
        seqs = self.acked[text]
        ack = next(
            (
                m
                for m in self.user.messages
                if first_line(m.body) == f"✅ Logged for today: {said}." and undo_seq(m) in seqs
            ),
            None,
        )
        if ack is None:
            raise self.fail(f"the acknowledgement of {text!r} to undo is gone")
        seq = undo_seq(ack)

        async def press() -> None:
            if ack.find_button("↩️ Undo") is not None:
                await self.user.press("↩️ Undo", message_id=ack.message_id)

        await self.perform(
            Step(
                f"Undo {text!r}",
                press,
                lambda: ack if ack.body.startswith("↩️ Undone") else None,
            )
        )
        self.undone = text
        self.undone_seq = seq

    async def ask_history(self) -> None:
        baseline = self.newest_id()
        message = await self.perform(
            Step(
                "/history",
                lambda: self.user.send("/history"),
                lambda: self.first_after(baseline, lambda m: "Your log" in m.body),
            )
        )
        self.history = message.body


def first_line(text: str) -> str:
    """A log's acknowledgement; the next target follows on the lines after it."""
    return text.split("\n", 1)[0]


def undo_seq(message: ChatMessage) -> int:
    button = message.find_button("↩️ Undo")
    assert button is not None, f"an acknowledgement without Undo: {message}"
    return int(button["callback_data"].rsplit(":", 1)[1])


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


StoredLog = tuple[int, str, list[tuple[int, str]], str]  # seq, text, [(reps, leg)], local date


def stored_logs(path: Path) -> dict[int, list[StoredLog]]:
    """Every user's logs with their sets, in seq order."""
    result: dict[int, list[StoredLog]] = {}
    with sqlite3.connect(path) as raw:
        logs = raw.execute(
            "SELECT id, user_id, seq, source_text, local_date FROM logs ORDER BY user_id, seq"
        )
        for log_id, user_id, seq, text, day in logs.fetchall():
            sets = raw.execute(
                "SELECT reps, leg FROM log_sets WHERE log_id = ? ORDER BY position", (log_id,)
            ).fetchall()
            result.setdefault(user_id, []).append((seq, text, [tuple(s) for s in sets], day))
    raw.close()
    return result


def stored_screenings(path: Path) -> dict[int, list[tuple[str, str]]]:
    result: dict[int, list[tuple[str, str]]] = {}
    with sqlite3.connect(path) as raw:
        for user_id, answers, outcome in raw.execute(
            "SELECT user_id, answers, outcome FROM screenings ORDER BY id"
        ).fetchall():
            result.setdefault(user_id, []).append((answers, outcome))
    raw.close()
    return result


# A hang guard, not a bound: 22 restarts of a real process take ~80 s, more on a busy machine.
@pytest.mark.timeout(300)
async def test_random_kill_9_during_many_conversations_loses_and_doubles_nothing(
    api: FakeBotApi, tmp_path: Path, content: Content
) -> None:
    """22 SIGKILLs at random moments: every acknowledged log stored once; everyone finishes."""
    seed = int(os.environ.get("KILL_RANDOM_SEED") or random.SystemRandom().randrange(10**6))
    rng = random.Random(seed)
    bot = BotProcess(api, tmp_path)
    chaos = Chaos(api, bot, rng, seed)
    chaos.users = [SimUser(api, chaos, 5001 + i, rng) for i in range(USERS)]
    await bot.start()
    try:
        results = await asyncio.gather(
            chaos.run(), *(user.run() for user in chaos.users), return_exceptions=True
        )
    finally:
        status = await bot.stop()
    summary = chaos.summary()
    errors = [r for r in results if isinstance(r, BaseException)]
    if errors:
        raise AssertionError(f"{summary}: {errors[0]!r}\n{bot.log()[-3000:]}") from errors[0]
    log.info("%s", summary)
    for kill in chaos.kills:
        log.info("%s", kill)
    output = bot.log()
    assert len(chaos.kills) == KILLS, summary
    assert status == 0, f"{summary}: exit status {status}\n{output[-3000:]}"
    assert "Traceback" not in output, f"{summary}\n{output[-5000:]}"
    assert api.token not in output, summary
    assert api.token.split(":", 1)[1] not in output, summary

    database = tmp_path / "coach.sqlite3"
    logs = stored_logs(database)
    screenings = stored_screenings(database)
    with sqlite3.connect(database) as raw:
        processed = {row[0] for row in raw.execute("SELECT update_id FROM processed_updates")}
    raw.close()
    lost = {u for kill in chaos.kills for u in kill.lost_updates}
    assert not lost & processed, f"{summary}: 'lost' updates were handled after all"
    for user in chaos.users:
        uid = user.user_id
        rows = logs.get(uid, [])
        where = (
            f"{summary}; user {uid} (logs {user.texts} sent {user.sends}, undid {user.undone!r})"
        )
        # Each send stored once: no log lost, none doubled by a redelivered update; the Undo
        # removed one of its text's logs.
        for text in user.texts:
            expected = user.sends[text] - (text == user.undone)
            stored = [row for row in rows if row[1] == text]
            assert len(stored) == expected, f"{where}: stored {rows}"
        for seq, text, sets, _ in rows:
            assert sets == LOGS[text][1], f"{where}: log {seq} {text!r} has sets {sets}"
        # Each acknowledgement in the chat names a stored log (a reply may repeat after a kill
        # between its send and its delete: the outbox is at least once for conversation replies;
        # a repeated copy of the undone log's acknowledgement still names that log).
        for text in user.texts:
            body = f"✅ Logged for today: {LOGS[text][0]}."
            named = [undo_seq(m) for m in user.user.messages if first_line(m.body) == body]
            stored_seqs = {row[0] for row in rows if row[1] == text}
            undone = {user.undone_seq} if text == user.undone else set()
            assert set(named) <= stored_seqs | undone, f"{where}: {text!r} acknowledged as {named}"
            assert user.acked[text] & stored_seqs or text == user.undone, where
        # One screening with exactly the answers given.
        assert len(screenings.get(uid, [])) == 1, f"{where}: screenings {screenings.get(uid)}"
        answers, outcome = screenings[uid][0]
        assert outcome == ("modified" if user.yes else "cleared"), where
        given = {q.id: n in user.yes for n, q in enumerate(content.screening.questions, 1)}
        assert json.loads(answers) == given, where
        days = {day for _, _, _, day in rows}  # all today, unless the run crossed midnight
        day_lines = [line for line in user.history.splitlines() if line.endswith(" per leg")]
        assert "Your log" in user.history, f"{where}: {user.history!r}"
        assert len(day_lines) == len(days), f"{where}: {user.history!r}"
