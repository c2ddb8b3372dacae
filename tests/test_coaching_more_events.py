"""More of what a client's coach is told: a skipped session (Skip today), a missed planned
session (found by the nudge's tick, nudges on or off), the "joined" message with its thread and
Reply button, and a client's Telegram reply to a message from their coach relayed back."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.clock import FakeClock
from bot.coach.plan import WeeklyPlan
from bot.content import Content
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.seeding import seed_planned_users
from tests.test_coach_digest import run_until
from tests.test_coaching_chat import ANN, COACH, linked, rows

MWF = frozenset({0, 2, 4})


@pytest.fixture
def coach(chat: ChatHarness) -> ChatHarness:
    return chat.person(COACH, "Carol")


async def planned_client(
    coach: ChatHarness, db: Database, content: Content, clock: FakeClock
) -> ChatHarness:
    """Ann: cleared, a Mon/Wed/Fri 18:00 UTC plan saved Monday morning, linked to Carol."""
    plan = WeeklyPlan(MWF, time(18, 0), "UTC")
    await seed_planned_users(db, content, [ANN], plan, clock.now(), clock.now())
    return await linked(coach, "Ann", ANN)


async def events(db: Database) -> list[tuple[object, ...]]:
    return await rows(db, "SELECT kind, detail, urgent FROM coach_events ORDER BY id")


async def test_skip_today_tells_the_coach_of_a_skipped_session(
    coach: ChatHarness, db: Database, content: Content, clock: FakeClock
) -> None:
    """The reminder's Skip today: the client's answer as before, the coach a stored event."""
    ann = await planned_client(coach, db, content, clock)
    await run_until(ann, datetime(2026, 11, 23, 18, 1, tzinfo=UTC))
    await ann.press("Skip today")
    assert "⏭ Ann skipped the session planned for Mon 23 Nov." in coach.last.text
    assert coach.last.labels == ["↩️ Reply"]
    assert await events(db) == [("skipped", '{"day": "2026-11-23"}', 0)]


@pytest.mark.parametrize("nudges", [True, False])
async def test_a_missed_planned_session_tells_the_coach(
    coach: ChatHarness, db: Database, content: Content, clock: FakeClock, nudges: bool
) -> None:
    """Monday passes with no log: at Tuesday's nudge instant the coach hears of it, once,
    whether or not the client turned nudges off; a logged Wednesday is not missed."""
    ann = await planned_client(coach, db, content, clock)
    if not nudges:
        async with db.transaction() as tx:
            await tx.execute("UPDATE plans SET nudges_on = 0 WHERE user_id = ?", (ANN,))
    await run_until(ann, datetime(2026, 11, 24, 18, 1, tzinfo=UTC))
    assert "📭 Ann missed the session planned for Mon 23 Nov." in coach.last.text
    assert any("No lunges on Mon 23 Nov" in t for t in ann.texts()) == nudges
    await run_until(ann, datetime(2026, 11, 25, 18, 5, tzinfo=UTC))
    await ann.send("3x10")
    await run_until(ann, datetime(2026, 11, 27, 0, 0, tzinfo=UTC))
    kinds = [kind for kind, _, _ in await events(db)]
    assert kinds == ["missed", "log"]


async def test_joined_carries_its_thread_and_reply_button(coach: ChatHarness, db: Database) -> None:
    """The "agreed" message names the new link: its Reply button writes to the client, and a
    Telegram reply to it reaches the client too."""
    ann = await linked(coach, "Ann", ANN)
    joined = coach.last
    assert "Ann agreed to be coached by you" in joined.text
    [(link_id,)] = await rows(db, "SELECT id FROM coach_links")
    assert joined.button("↩️ Reply") == f"co:re:{link_id}"
    assert await rows(db, "SELECT link_id FROM coach_threads WHERE message_id = ?", joined.id) == [
        (link_id,)
    ]
    await coach.send("Welcome aboard!", reply_to=joined.id)
    assert "From your coach Carol: Welcome aboard!" in ann.last.text
    await coach.press("↩️ Reply", joined)
    await coach.send("Start with the lesson.")
    assert "From your coach Carol: Start with the lesson." in ann.last.text


async def test_a_client_replying_to_the_coach_reaches_the_coach(
    coach: ChatHarness, db: Database
) -> None:
    """The client's Telegram reply to "💬 From your coach" goes to the coach as a relay, is
    stored, and is not read as a log; after leaving it goes nowhere."""
    ann = await linked(coach, "Ann", ANN)
    await coach.send("How did Monday go?", reply_to=coach.last.id)
    from_coach = ann.last
    assert "From your coach Carol" in from_coach.text
    await ann.send("3x10, felt easy", reply_to=from_coach.id)
    assert ann.last.text == "✉️ Sent to Carol."
    assert coach.last.text == "💬 Ann: 3x10, felt easy"
    assert coach.last.labels == ["↩️ Reply"]
    assert await rows(db, "SELECT COUNT(*) FROM logs") == [(0,)]
    assert await rows(db, "SELECT direction, text FROM coach_messages ORDER BY id") == [
        ("to_client", "How did Monday go?"),
        ("to_coach", "3x10, felt easy"),
    ]
    await ann.send("/leavecoach")
    seen = len(coach.shown)
    await ann.send("one more thing", reply_to=from_coach.id)
    assert "no longer coaches you" in ann.last.text
    assert len(coach.shown) == seen
