"""Safety-gated progression and the coach's actions: the hold after pain over 5 until the
coach's "Looked at it", a coach who cannot lift a screening restriction, the coach's target,
pause and resume, /broadcast; and the hostile test: every coach button kind with ids that are
not the coach's active link, and garbage, refused with the database unchanged."""

from __future__ import annotations

import typing
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.coach import callbacks
from bot.coach.callbacks import LookedAt
from bot.coach.codec import CallbackData
from bot.coach.conversation_json import encode
from bot.coach.conversations import SettingTarget, WritingToClient
from bot.coach.flows import coach_actions, coaching, roster
from bot.coach.messages import Press
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.test_coach_roster import MON_WED_FRI, give_plan, screened
from tests.test_coaching_chat import linked, rows

COACH, ANN, BOB, DAVE, EVE = 2001, 2002, 2003, 2005, 2004


@pytest.fixture
def coach(chat: ChatHarness) -> ChatHarness:
    return chat.person(COACH, "Carol")


async def _link(db: Database, client: int) -> int:
    found = await rows(db, "SELECT id FROM coach_links WHERE client_id = ?", client)
    return int(found[-1][0])  # type: ignore[call-overload]


async def _target(client: ChatHarness) -> str:
    await client.send("/plan")
    return client.last.text.split("Next session: ", 1)[1].split(".")[0]


async def test_pain_over_5_holds_progression_until_the_coach_looked(
    coach: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Mon 3x10; Tue pain 7; Wed and Thu 3x10: the ladder says 3 x 12, but the target holds at
    3 x 10 until the coach taps "Looked at it" on the urgent event; another coach's forged tap
    changes nothing."""
    ann = await linked(coach, "Ann", ANN)
    await screened(ann)
    await give_plan(db, clock, ANN, MON_WED_FRI)
    await ann.send("3x10")
    clock.advance(timedelta(days=1))
    await ann.send("my knee hurts")
    await ann.press("7")
    event = coach.last
    assert "holds until you tap" in event.text
    assert event.labels == ["↩️ Reply", "👀 Looked at it, carry on"]
    for _ in range(2):
        clock.advance(timedelta(days=1))
        await ann.send("3x10")
    clock.advance(timedelta(days=1))
    assert await _target(ann) == "3 x 10 per leg"

    dave = coach.person(DAVE, "Dave")
    await dave.send("/coach")
    await dave.event(Press(LookedAt(await _link(db, ANN)).pack()))
    assert "no longer linked" in (dave.last_notice or "")
    assert await _target(ann) == "3 x 10 per leg"

    await coach.press("👀 Looked at it, carry on", event)
    assert "Ann's progression carries on" in coach.last.text
    assert "looked at what you reported" in ann.last.text
    unseen = "SELECT count(*) FROM coach_events WHERE urgent = 1 AND seen_at IS NULL"
    assert await rows(db, unseen) == [(0,)]
    assert await _target(ann) == "3 x 12 per leg"
    await coach.send("/clients")
    assert "🚨" not in coach.last.text


async def test_a_coach_never_lifts_a_screening_restriction(
    coach: ChatHarness, db: Database
) -> None:
    """A red flag: the coach's look releases progression, but training still waits for the
    new safety check, and the coach's text says a coach is not a doctor."""
    ann = await linked(coach, "Ann", ANN)
    await screened(ann)
    await ann.send("I felt a pop in my knee")
    await coach.press("👀 Looked at it, carry on")
    assert "A coach is not a doctor" in coach.last.text
    assert "new safety check" in coach.last.text
    await ann.send("/workout")
    assert "/rescreen" in ann.last.text
    assert await rows(db, "SELECT rescreen_required FROM users WHERE user_id = ?", ANN) == [(1,)]


async def test_the_coach_sets_a_target_pauses_and_broadcasts(
    coach: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """From the card: a typed target replaces the ladder (the client is told and /plan shows
    it) until cleared; pause and resume; /broadcast reaches every client, stored per link."""
    ann = await linked(coach, "Ann", ANN)
    bob = await linked(coach, "Bob", BOB)
    await screened(ann)
    await give_plan(db, clock, ANN, MON_WED_FRI)
    await coach.send("/clients")
    await coach.press("Ann")
    await coach.press("🎯 Set target")
    await coach.send("3 by 8")
    assert "sets x reps" in coach.last.text
    await coach.send("3x8 @4 kg")
    assert "Ann's target is now 3 x 8 per leg with 4 kg in each hand" in coach.last.text
    assert ann.last.text == (
        "🎯 Your coach Carol set your target: 3 x 8 per leg with 4 kg in each hand."
    )
    assert await _target(ann) == "3 x 8 per leg with 4 kg in each hand"
    await coach.press("Ann")
    await coach.press("↩️ Back to the ladder")
    assert "follows the ladder again" in coach.last.text
    assert "handed your target back" in ann.last.text
    assert await _target(ann) == "3 x 10 per leg"

    await coach.press("⏸ Pause plan")
    assert "paused your reminders" in ann.last.text
    assert await rows(db, "SELECT paused_until FROM plans") == [("9999-12-31",)]
    await coach.press("Ann")
    await coach.press("▶️ Resume plan")
    assert "resumed your reminders" in ann.last.text
    assert await rows(db, "SELECT paused_until FROM plans") == [(None,)]

    await coach.send("/broadcast no sessions <b>Friday</b>")
    assert "Sent to 2 clients" in coach.last.text
    for client in (ann, bob):
        assert client.last.text == "💬 From your coach Carol: no sessions &lt;b&gt;Friday&lt;/b&gt;"
    assert await rows(db, "SELECT count(*) FROM coach_messages WHERE direction = 'to_client'") == [
        (2,)
    ]


# --- the hostile test -------------------------------------------------------------------------

COACH_FLOWS = (coaching.FLOW, roster.FLOW, coach_actions.FLOW)
SNAPSHOT = (
    "SELECT * FROM coach_links ORDER BY id",
    "SELECT * FROM coach_messages ORDER BY id",
    "SELECT id, link_id, kind, detail, urgent, seen_at FROM coach_events ORDER BY id",
    "SELECT * FROM plans ORDER BY user_id",
    "SELECT user_id, flow, flow_state, rescreen_required FROM users ORDER BY user_id",
    "SELECT * FROM coaches ORDER BY user_id",
)


def link_kinds() -> list[type[CallbackData]]:
    """Every button kind of the coaching flows that names a link."""
    kinds = [k for flow in COACH_FLOWS for k in flow.buttons]
    named = [k for k in kinds if "link" in typing.get_type_hints(k)]
    assert set(named) >= {callbacks.ReplyToClient, callbacks.OpenCard, callbacks.LookedAt}
    return named


async def snapshot(db: Database) -> list[list[tuple[object, ...]]]:
    return [await rows(db, sql) for sql in SNAPSHOT]


async def test_every_coach_button_refuses_links_that_are_not_the_coachs(
    coach: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Another coach's client's link, an ended link, unknown ids and garbage, for every kind
    that names a link (found from the flows' declarations), pressed by a coach: each refused
    with a notice, nobody else is shown anything, the database is unchanged. The writing and
    target conversations, forged with another coach's link, send and set nothing."""
    await linked(coach, "Ann", ANN)
    dave = coach.person(DAVE, "Dave")
    bob = await linked(dave, "Bob", BOB)
    await screened(bob)
    await give_plan(db, clock, BOB, MON_WED_FRI)
    await bob.send("my knee hurts")
    await bob.press("7")
    eve = await linked(coach, "Eve", EVE)
    await eve.send("/leavecoach")
    foreign, ended = await _link(db, BOB), await _link(db, EVE)
    before, seen = await snapshot(db), {u: len(p.shown) for u, p in ((BOB, bob), (EVE, eve))}
    forged = [kind(link) for kind in link_kinds() for link in (foreign, ended, 999_999)]
    garbage = ["co:card:abc", "co:ok:-1", "co:tgt:99999999999999999999999", "co:pause:", "co:"]
    for data in [f.pack() for f in forged] + garbage:
        handled = await coach.event(Press(data))
        assert handled.notice, data
    for state in (SettingTarget(foreign), WritingToClient(foreign), SettingTarget(ended)):
        flow, flow_state = encode(state)
        async with db.transaction() as tx:
            tx.later(
                "UPDATE users SET flow = ?, flow_state = ? WHERE user_id = ?",
                (flow, flow_state, COACH),
            )
        await coach.send("3x8")
        assert "no longer linked" in coach.last.text
    assert await snapshot(db) == before
    assert {BOB: len(bob.shown), EVE: len(eve.shown)} == seen
