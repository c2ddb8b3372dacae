"""The coach's roster and a client's card: the facts gathered through the links (storage), the
order of /clients, its pages with 200 clients, and the card."""

from __future__ import annotations

from datetime import date, time, timedelta

from bot.clock import FakeClock
from bot.coach.plan import WeeklyPlan
from bot.coach.roster import Reason, reasons_for
from bot.content import Content
from bot.storage.db import Database
from bot.storage.repo import Repo
from bot.storage.roster import roster_facts
from tests.chat import ChatHarness
from tests.test_coaching_chat import linked, rows
from tests.test_screening_chat import answer_all

COACH, ANN, BOB, CAT = 2001, 2002, 2003, 2006
MON_WED_FRI = WeeklyPlan(days=frozenset({0, 2, 4}), at=time(18, 0), tz="Asia/Tokyo")


async def give_plan(db: Database, clock: FakeClock, user_id: int, plan: WeeklyPlan) -> None:
    """The plan, saved now (its first reminder in a week)."""
    async with db.transaction() as tx:
        Repo(tx).plans.save(user_id, plan, clock.now() + timedelta(days=7), clock.now())


async def screened(client: ChatHarness) -> None:
    await client.send("/start")
    await answer_all(client, set())


async def test_facts_are_gathered_through_active_links_in_local_dates(
    chat: ChatHarness, db: Database, clock: FakeClock, content: Content
) -> None:
    """Plan days, plan start, training days (the client's local dates: Tokyo), screening
    expiry, link date, last activity and unseen alerts; ended and other coaches' links are not
    read."""
    coach = chat.person(COACH, "Carol")
    ann = await linked(coach, "Ann", ANN)
    await screened(ann)
    await give_plan(db, clock, ANN, MON_WED_FRI)
    clock.advance(timedelta(hours=16))  # Tue 01:00 in Tokyo, Mon 25:00 UTC
    await ann.send("3x10")
    await ann.send("my knee hurts")
    await ann.press("7")
    bob = await linked(coach, "Bob", BOB)
    await bob.send("/leavecoach")
    dave = coach.person(2005, "Dave")
    await linked(dave, "Cat", CAT)
    async with db.transaction() as tx:
        facts = await tx.call(
            lambda c: roster_facts(c, COACH, clock.now(), content.screening.valid_days)
        )
    [fact] = facts
    assert fact.name == "Ann"
    assert fact.linked_on == date(2026, 11, 23)
    assert fact.plan_days == frozenset({0, 2, 4})
    assert fact.plan_since == date(2026, 11, 23)
    assert fact.session_dates == frozenset({date(2026, 11, 24)})  # Tuesday in Tokyo
    assert fact.screening_expires == date(2027, 11, 23)
    assert fact.last_activity == clock.now()
    assert fact.unseen_alert == clock.now()
    assert reasons_for(fact, clock.now(), date(2026, 11, 24))[0] is Reason.ALERT


async def test_clients_lists_those_needing_attention_first_with_reasons_and_compliance(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Bob rated pain 7 (not yet looked at), Cat never screened, Ann trains as planned: Bob,
    Cat, then Ann; each with its reason in words and "done/planned · %" for 7 and 30 days."""
    coach = chat.person(COACH, "Carol")
    ann = await linked(coach, "Ann", ANN)
    bob = await linked(coach, "Bob", BOB)
    await linked(coach, "Cat", CAT)
    for client in (ann, bob):
        await screened(client)
        await give_plan(db, clock, client.user_id, MON_WED_FRI)
    for _ in range(3):  # Ann trains Mon, Wed, Fri
        await ann.send("3x10")
        clock.advance(timedelta(days=2))
    clock.advance(timedelta(days=1))  # Sunday 29 Nov
    await bob.send("my knee hurts")
    await bob.press("7")
    await coach.send("/clients")
    text = coach.last.text
    assert "You coach 3 clients</b>; 2 need attention" in text
    assert text.index("Bob") < text.index("Cat") < text.index("Ann")
    assert "🚨 pain over 5 or a red flag you haven't looked at" in text
    assert "🩺 no valid safety check" in text
    assert "🟢 <b>Ann</b>: 7 days 3/3 · 100% · 30 days 3/3 · 100%" in text
    assert "🔴 <b>Cat</b>: 7 days no plan" in text
    assert coach.last.labels == ["Bob", "Cat", "Ann"]


async def test_two_hundred_clients_fit_telegram_in_pages(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """200 clients: ten to a page, each page under 4096 characters, Next and Previous."""
    coach = chat.person(COACH, "Carol")
    await coach.send("/coach")
    now = clock.now().isoformat()
    async with db.transaction() as tx:
        for n in range(200):
            uid = 10_000 + n
            tx.later(
                "INSERT INTO users (user_id, chat_id, first_name, created_at, last_seen_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (uid, uid, f"Client {n:03d} " + "x" * 40, now, now),
            )
            tx.later(
                "INSERT INTO coach_links (coach_id, client_id, state, agreed_at)"
                " VALUES (?, ?, 'active', ?)",
                (COACH, uid, now),
            )
    await coach.send("/clients")
    first = coach.last
    assert "(page 1 of 20)" in first.text
    assert len(first.text) < 4096
    assert len(first.labels) == 11
    assert first.labels[-1] == "Next ▶️"
    assert first.labels[0].startswith("Client 000")
    await coach.press("Next ▶️", first)
    assert "(page 2 of 20)" in coach.last.text
    assert coach.last.labels[0].startswith("Client 010")
    assert coach.last.labels[-2:] == ["◀️ Previous", "Next ▶️"]


async def test_the_card_shows_what_the_client_shared(
    chat: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """Outcome, plan, target, compliance, last sessions, pain ratings and messages."""
    coach = chat.person(COACH, "Carol")
    ann = await linked(coach, "Ann", ANN)
    await screened(ann)
    await give_plan(db, clock, ANN, MON_WED_FRI)
    await ann.send("3x10")
    await ann.send("my knee hurts")
    await ann.press("4")
    await ann.send("/tocoach is <b>Friday</b> ok?")
    await coach.send("/clients")
    await coach.press("Ann")
    card = coach.last.text
    for shown in (
        "<b>Ann</b>, coached by you since Mon 23 Nov",
        "Safety check: cleared to train",
        "Plan: Mon, Wed, Fri at 18:00",
        "Target: 3 x 10 per leg",
        "Last sessions</b>\n• Mon 23 Nov: 3x10",
        "Pain ratings (30 days): Mon 23 Nov 4/10",
        "• Ann: is &lt;b&gt;Friday&lt;/b&gt; ok?",
    ):
        assert shown in card, shown
    assert coach.last.labels == [
        "🎯 Set target",
        "⏸ Pause plan",
        "↩️ Reply",
        "📋 All clients",
    ]
    assert await rows(db, "SELECT count(*) FROM coach_links") == [(1,)]
