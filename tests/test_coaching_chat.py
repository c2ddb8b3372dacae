"""A human coach in the loop, in-process: invites, agreeing, relays both ways, events, leaving,
/delete, and the privacy boundary against forged button data and stale Telegram replies."""

from __future__ import annotations

import pytest

from bot.coach.callbacks import LeaveCoach, MessageCoach, ReplyToClient
from bot.coach.messages import Press
from bot.storage.db import Database
from tests.chat import BOT_USERNAME, ChatHarness
from tests.test_screening_chat import answer_all

COACH, ANN, BOB, EVE = 2001, 2002, 2003, 2004


@pytest.fixture
def coach(chat: ChatHarness) -> ChatHarness:
    return chat.person(COACH, "Carol")


async def invite(coach: ChatHarness) -> str:
    """/coach; the code of the link shown."""
    await coach.send("/coach")
    prefix = f"https://t.me/{BOT_USERNAME}?start="
    assert prefix in coach.last.text
    return coach.last.text.split(prefix, 1)[1].split()[0]


async def linked(coach: ChatHarness, name: str, user_id: int) -> ChatHarness:
    """A client who opened the coach's link and agreed."""
    client = coach.person(user_id, name)
    code = await invite(coach)
    await client.send(f"/start {code}")
    await client.press("✅ Agree")
    return client


async def rows(db: Database, sql: str, *args: object) -> list[tuple[object, ...]]:
    async with db.transaction() as tx:
        return [tuple(r) for r in await tx.fetchall(sql, args)]


async def test_invite_shows_who_and_what_is_shared_and_agreeing_links(
    coach: ChatHarness, db: Database
) -> None:
    """The link names the coach; the client sees exactly what is shared; nothing before Agree."""
    code = await invite(coach)
    assert code == "code1"
    assert "You coach 0 clients" in coach.last.text
    ann = coach.person(ANN, "Ann")
    await ann.send(f"/start {code}")
    assert "Carol</b> would like to coach you" in ann.last.text
    for shared in ("safety-check outcome", "logs", "pain ratings", "plan", "messages"):
        assert shared in ann.last.text
    assert ann.last.labels == ["✅ Agree", "✖️ Decline"]
    assert await rows(db, "SELECT * FROM coach_links") == []
    await ann.press("✅ Agree")
    assert "You're now coached by Carol" in ann.last.text
    assert "/start" in ann.last.text  # not screened yet
    assert "Ann agreed to be coached by you" in coach.last.text
    assert await rows(db, "SELECT coach_id, client_id, state FROM coach_links") == [
        (COACH, ANN, "active")
    ]
    await ann.send("/mycoach")
    assert "Your coach: <b>Carol</b>" in ann.last.text
    assert ann.last.labels == ["💬 Message my coach", "👋 Leave coach"]


async def test_declining_shares_nothing(coach: ChatHarness, db: Database) -> None:
    """Decline: no link, the coach hears nothing."""
    code = await invite(coach)
    seen = len(coach.shown)
    ann = coach.person(ANN, "Ann")
    await ann.send(f"/start {code}")
    await ann.press("✖️ Decline")
    assert "nothing is shared with Carol" in ann.last.text
    assert await rows(db, "SELECT * FROM coach_links") == []
    assert len(coach.shown) == seen


async def test_a_revoked_code_gets_a_friendly_answer_and_the_normal_start(
    coach: ChatHarness,
) -> None:
    """New link: the old code names nobody (friendly note, then /start's welcome); a code
    that was never made reads the same; the new one works."""
    old = await invite(coach)
    await coach.press("🔁 New link")
    assert "the old one no longer works" in coach.last.text
    new = coach.last.text.split("start=", 1)[1].split()[0]
    assert new != old
    ann = coach.person(ANN, "Ann")
    for code in (old, "nosuchcode"):
        before = len(ann.shown)
        await ann.send(f"/start {code}")
        texts = ann.texts()[before:]
        assert "doesn't work anymore" in texts[0]
        assert "Question 1 of 13" in texts[-1]
    await ann.send(f"/start {new}")
    assert "would like to coach you" in ann.last.text


async def test_an_invite_answered_after_the_code_was_renewed_links_nobody(
    coach: ChatHarness, db: Database
) -> None:
    """The invite on screen, then the coach renews: Agree finds the invite gone."""
    code = await invite(coach)
    ann = coach.person(ANN, "Ann")
    await ann.send(f"/start {code}")
    await coach.press("🔁 New link")
    await ann.press("✅ Agree")
    assert "doesn't work anymore" in ann.last.text
    assert await rows(db, "SELECT * FROM coach_links") == []


async def test_own_link_and_one_coach_at_a_time(coach: ChatHarness, db: Database) -> None:
    """A coach cannot coach themselves; agreeing to another coach asks to switch, and the
    old coach is told and sees nothing more."""
    code = await invite(coach)
    await coach.send(f"/start {code}")
    assert "your own invite link" in coach.last.text
    ann = await linked(coach, "Ann", ANN)
    dave = coach.person(2005, "Dave")
    other = await invite(dave)
    await ann.send(f"/start {other}")
    assert "coached by <b>Carol</b> now" in ann.last.text
    await ann.press("✅ Agree")
    assert "coached by Dave" in ann.last.text
    assert "Ann left your coaching" in coach.last.text
    assert await rows(db, "SELECT coach_id, state FROM coach_links ORDER BY id") == [
        (COACH, "ended"),
        (2005, "active"),
    ]


async def test_log_pain_and_screening_reach_the_coach_as_stored_events(
    coach: ChatHarness, db: Database
) -> None:
    """Each is a compact message naming the client with a Reply button, and a stored event;
    pain over 5 is marked urgent."""
    ann = await linked(coach, "Ann", ANN)
    await ann.send("/start")
    await answer_all(ann, set())
    assert "Ann finished the safety check: cleared" in coach.last.text
    await ann.send("3x10")
    assert "📝 Ann logged 3 sets x 10 reps per leg" in coach.last.text
    assert coach.last.labels == ["↩️ Reply"]
    await ann.send("my knee hurts")
    await ann.press("7")
    assert "🚨 Ann rated their knee pain 7/10" in coach.last.text
    events = await rows(db, "SELECT kind, urgent FROM coach_events ORDER BY id")
    assert events == [("screening", 0), ("log", 0), ("pain", 1)]


async def test_relay_both_ways_escaped_and_stored(coach: ChatHarness, db: Database) -> None:
    """Client -> coach with /tocoach and the button; coach -> client with Reply and with a
    Telegram reply; HTML a user typed shows as text."""
    ann = await linked(coach, "Ann", ANN)
    await ann.send("/tocoach is <b>Monday</b> ok?")
    assert "Sent to Carol" in ann.last.text
    assert coach.last.text == "💬 Ann: is &lt;b&gt;Monday&lt;/b&gt; ok?"
    await coach.press("↩️ Reply")
    assert "Writing to Ann" in coach.last.text
    await coach.send("yes, <i>fine</i>")
    assert "Sent to Ann" in coach.last.text
    assert ann.last.text == "💬 From your coach Carol: yes, &lt;i&gt;fine&lt;/i&gt;"
    await ann.send("/mycoach")
    await ann.press("💬 Message my coach")
    await ann.send("3x10")  # typed for the coach: relayed, not logged
    relayed = coach.last
    assert relayed.text == "💬 Ann: 3x10"
    assert await rows(db, "SELECT * FROM logs") == []
    await coach.send("great work", reply_to=relayed.id)
    assert ann.last.text == "💬 From your coach Carol: great work"
    assert await rows(db, "SELECT direction, text FROM coach_messages ORDER BY id") == [
        ("to_coach", "is <b>Monday</b> ok?"),
        ("to_client", "yes, <i>fine</i>"),
        ("to_coach", "3x10"),
        ("to_client", "great work"),
    ]


async def test_a_log_stays_a_log(coach: ChatHarness, db: Database) -> None:
    """Only /tocoach and the button relay: a typed log is logged, and the coach gets the event."""
    ann = await linked(coach, "Ann", ANN)
    await ann.send("/start")
    await answer_all(ann, set())
    await ann.send("3x10")
    assert "Logged for today" in ann.last.text
    assert await rows(db, "SELECT count(*) FROM coach_messages") == [(0,)]


async def test_leaving_ends_at_once_and_drops_queued_events(
    coach: ChatHarness, db: Database
) -> None:
    """/leavecoach: the coach is told, queued events about the client are dropped, and a reply
    to an old event or its Reply button reaches nobody."""
    ann = await linked(coach, "Ann", ANN)
    await ann.send("/tocoach hello")
    event = coach.last
    link = await _link(db, ANN)
    async with db.transaction() as tx:  # an event still waiting in the coach's queue
        tx.later(
            "INSERT INTO outbox (chat_id, payload, not_before, created_at)"
            " VALUES (?, json_object('reply', json('{}'), 'thread', ?), '9999', '')",
            (COACH, link),
        )
    await ann.send("/leavecoach")
    assert "left Carol's coaching" in ann.last.text
    assert "Ann left your coaching" in coach.last.text
    assert await rows(db, "SELECT count(*) FROM outbox") == [(0,)]
    await coach.send("still there?", reply_to=event.id)
    assert "no longer linked" in coach.last.text
    await coach.press("↩️ Reply", event)
    assert "no longer linked" in (coach.last_notice or "")
    assert ann.last.text.startswith("You've left")
    assert await rows(db, "SELECT direction FROM coach_messages") == [("to_coach",)]


async def _link(db: Database, client: int) -> int:
    found = await rows(db, "SELECT id FROM coach_links WHERE client_id = ?", client)
    return int(found[-1][0])  # type: ignore[call-overload]


async def test_forged_data_never_reaches_another_coachs_client(
    coach: ChatHarness, db: Database
) -> None:
    """Privacy: Reply, Message and Leave data naming another coach's link, an unknown link or
    an ended one are refused, and nothing is sent or stored."""
    ann = await linked(coach, "Ann", ANN)
    dave = coach.person(2005, "Dave")
    bob = await linked(dave, "Bob", BOB)
    bobs = await _link(db, BOB)
    before = len(bob.shown)
    for data in (ReplyToClient(bobs), ReplyToClient(999), MessageCoach(bobs), LeaveCoach(bobs)):
        await coach.event(Press(data.pack()))
        assert coach.last_notice is not None
        await ann.event(Press(data.pack()))
        assert ann.last_notice is not None
    await coach.send("hi Bob")
    assert len(bob.shown) == before
    assert await rows(db, "SELECT state FROM coach_links WHERE id = ?", bobs) == [("active",)]
    assert await rows(db, "SELECT count(*) FROM coach_messages") == [(0,)]
    eve = coach.person(EVE, "Eve")
    await eve.send("/tocoach anyone?")
    assert "don't have a coach" in eve.last.text


async def test_delete_unlinks_and_tells_the_other_side(coach: ChatHarness, db: Database) -> None:
    """A client's /delete: the coach is told, the client learns copies stay in the coach's
    chat. A coach's /delete: each client is told."""
    ann = await linked(coach, "Ann", ANN)
    bob = await linked(coach, "Bob", BOB)
    await ann.send("/delete")
    await ann.press("Yes, erase everything")
    assert "stay there: a bot cannot delete them" in ann.last.text
    assert "Ann deleted their data" in coach.last.text
    await coach.send("/delete")
    await coach.press("Yes, erase everything")
    assert "Your clients are unlinked" in coach.last.text
    assert "Your coach Carol deleted their account" in bob.last.text
    assert await rows(db, "SELECT * FROM coach_links") == []
    await bob.send("/mycoach")
    assert "don't have a coach" in bob.last.text


async def test_pain_written_to_the_coach_gets_the_same_safety_answer(
    coach: ChatHarness, db: Database
) -> None:
    """Regression: words for the coach were relayed before any red-flag check. "my knee hurts"
    after "Message my coach" is relayed and asks for the 0-10 rating; "chest pain" by /tocoach
    gets the emergency advice, stops training until a new screening, and reaches the coach
    marked urgent with an urgent red-flag event. A log in such words is not stored."""
    ann = await linked(coach, "Ann", ANN)
    await ann.send("/start")
    await answer_all(ann, set())
    await ann.send("/mycoach")
    await ann.press("💬 Message my coach")
    before = len(ann.shown)
    await ann.send("3x10 but my knee hurts")
    said = ann.texts()[before:]
    assert "Sent to Carol" in said[0]
    assert "knee" in said[1]
    assert ann.last.labels[:3] == ["0", "1", "2"]
    assert coach.last.text == "💬 Ann: 3x10 but my knee hurts"
    await ann.press("7")
    assert "🚨 Ann rated their knee pain 7/10" in coach.last.text
    assert await rows(db, "SELECT rating FROM pain_ratings") == [(7,)]
    assert await rows(db, "SELECT count(*) FROM logs") == [(0,)]

    await ann.send("/tocoach I have chest pain")
    said = ann.texts()[-2:]
    assert "Sent to Carol" in said[0]
    assert "chest pain" in said[1]
    assert await rows(db, "SELECT rescreen_required FROM users WHERE user_id = ?", ANN) == [(1,)]
    texts = coach.texts()
    assert "🚨 💬 Ann: I have chest pain" in texts
    assert "reported a red flag" in texts[-1]
    events = await rows(db, "SELECT kind, urgent FROM coach_events WHERE kind != 'screening'")
    assert events == [("pain", 1), ("red_flag", 1)]
    await ann.send("/workout")
    assert "screening" in ann.last.text.lower() or "safety check" in ann.last.text.lower()


async def test_a_coachs_words_to_the_client_are_not_graded(
    coach: ChatHarness, db: Database
) -> None:
    """The coach writes "does your knee hurts? chest pain?" to a client: relayed as written,
    no pain question or emergency advice for either of them, no rescreen mark."""
    ann = await linked(coach, "Ann", ANN)
    await ann.send("/tocoach hello")
    relayed = coach.last
    await coach.press("↩️ Reply")
    before = len(coach.shown)
    await coach.send("does your knee hurt? any chest pain?")
    assert coach.texts()[before:] == ["✉️ Sent to Ann."]
    assert ann.last.text == "💬 From your coach Carol: does your knee hurt? any chest pain?"
    await coach.send("my knee hurts too", reply_to=relayed.id)
    assert coach.last.text == "✉️ Sent to Ann."
    assert await rows(db, "SELECT sum(rescreen_required) FROM users") == [(0,)]
    assert await rows(db, "SELECT count(*) FROM pain_ratings") == [(0,)]
