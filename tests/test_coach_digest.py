"""A coach's daily digest: live or digest mode, held events, one digest per client per day at
18:00 in the coach's zone (east and west of UTC), none when nothing happened, and a claim that
two processes cannot both make."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.coach.digest import next_digest
from bot.coach.plan import WeeklyPlan
from bot.content import Content
from bot.storage.db import Database
from bot.storage.repo import Repo
from tests.chat import ChatHarness
from tests.seeding import seed_planned_users
from tests.test_coaching_chat import ANN, BOB, COACH, linked, rows
from tests.test_screening_chat import answer_all

TUESDAY = frozenset({1})


def local(tz: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(tz)).astimezone(UTC)  # type: ignore[misc]


async def coach_in(db: Database, content: Content, clock: FakeClock, tz: str) -> ChatHarness:
    """A coach with a plan of their own in `tz` (their zone), in digest mode."""
    plan = WeeklyPlan(TUESDAY, time(7, 0), tz)
    await seed_planned_users(db, content, [COACH], plan, clock.now(), clock.now())
    coach = ChatHarness(db, content, clock, COACH, name="Carol")
    await coach.send("/coach")
    await coach.press("🗓 Daily digest")
    return coach


async def run_until(chat: ChatHarness, moment: datetime) -> None:
    """Move the clock to `moment`, ticking the dispatcher every 10 minutes on the way."""
    while chat.clock.now() < moment:
        chat.clock.advance(min(timedelta(minutes=10), moment - chat.clock.now()))
        await chat.tick()


@pytest.fixture
def coach(chat: ChatHarness) -> ChatHarness:
    return chat.person(COACH, "Carol")


def digests(chat: ChatHarness) -> list[str]:
    return [t for t in chat.texts() if t.startswith("🗓") and "today" in t]


def test_the_digest_is_at_18_in_the_coach_zone() -> None:
    """18:00 local, strictly after the moment given; UTC for a coach without a plan."""
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert next_digest("Asia/Tokyo", monday) == datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert next_digest("America/New_York", monday) == datetime(2026, 11, 23, 23, 0, tzinfo=UTC)
    assert next_digest("UTC", monday) == datetime(2026, 11, 23, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize("tz", ["Asia/Tokyo", "America/New_York"])
async def test_a_daily_digest_sums_up_each_client_once_at_18_local(
    db: Database, content: Content, clock: FakeClock, tz: str
) -> None:
    """In digest mode logs and a cleared screening wait; pain over 5 comes at once; at 18:00
    the coach's time one message per client sums up the day; the next day, with nothing new,
    no digest at all."""
    coach = await coach_in(db, content, clock, tz)
    assert "one daily digest" in coach.last.text
    ann = await linked(coach, "Ann", ANN)
    bob = await linked(coach, "Bob", BOB)
    await run_until(coach, local(tz, 2026, 11, 24, 12, 0))  # Tuesday noon, the coach's time
    before = len(coach.shown)
    await ann.send("/start")
    await answer_all(ann)
    await ann.send("3x10")
    await ann.send("10 10 8")
    assert len(coach.shown) == before  # nothing live
    await ann.send("my knee hurts")
    await ann.press("7")
    assert "🚨 Ann rated their knee pain 7/10" in coach.last.text  # urgent: live
    await run_until(coach, local(tz, 2026, 11, 24, 17, 50))
    assert digests(coach) == []
    await run_until(coach, local(tz, 2026, 11, 24, 18, 10))
    assert digests(coach) == [
        "🗓 Ann — today: 2 logs (3×10, 10 10 8), safety check: cleared"
    ]  # Bob did nothing: no message about him
    assert coach.last.labels == ["↩️ Reply"]
    assert await rows(db, "SELECT COUNT(*) FROM coach_events WHERE held = 1") == [(0,)]
    assert await rows(db, "SELECT status FROM coach_digests WHERE day = '2026-11-24'") == [
        ("sent",)
    ]
    await run_until(coach, local(tz, 2026, 11, 25, 18, 10))
    assert len(digests(coach)) == 1
    sql = "SELECT day, status, reason FROM coach_digests WHERE day > '2026-11-23' ORDER BY day"
    assert await rows(db, sql) == [
        ("2026-11-24", "sent", None),
        ("2026-11-25", "skipped", "nothing to report"),
    ]
    await bob.send("/start")
    await answer_all(bob)
    await bob.send("3x8")
    await run_until(coach, local(tz, 2026, 11, 26, 18, 10))
    assert digests(coach)[-1] == "🗓 Bob — today: 1 log (3×8), safety check: cleared"


async def test_switching_modes_in_the_chat(coach: ChatHarness, db: Database) -> None:
    """Live by default (✓ on Live); Daily digest holds logs and schedules 18:00 UTC for a coach
    without a plan; back to Live sends the next log at once."""
    await coach.send("/coach")
    assert coach.last.labels[:2] == ["✓ 📡 Live", "🗓 Daily digest"]
    assert "Events: <b>live</b>" in coach.last.text
    ann = await linked(coach, "Ann", ANN)
    await ann.send("/start")
    await answer_all(ann)
    await coach.press("🗓 Daily digest")
    assert coach.last_notice == "One daily digest per client from now on, at 18:00."
    invite = [m for m in coach.shown if "Events:" in m.text][-1]
    assert invite.labels[:2] == ["📡 Live", "✓ 🗓 Daily digest"]
    assert "Events: <b>one daily digest</b>" in invite.text
    first = int(datetime(2026, 11, 23, 18, 0, tzinfo=UTC).timestamp())
    assert await rows(db, "SELECT digest, digest_at FROM coaches") == [("daily", first)]
    await ann.send("3x10")
    assert "Ann logged" not in coach.last.text
    await coach.press("📡 Live")
    assert coach.last_notice == "Events come live from now on."
    await ann.send("3x12")
    assert "📝 Ann logged 3 sets x 12" in coach.last.text
    # The digest already scheduled still takes what was held; no next one for a live coach.
    await run_until(coach, datetime(2026, 11, 23, 18, 10, tzinfo=UTC))
    assert digests(coach) == ["🗓 Ann — today: 1 log (3×10)"]
    assert await rows(db, "SELECT digest, digest_at FROM coaches") == [("live", None)]


async def test_two_processes_do_not_both_send_a_digest(
    coach: ChatHarness, db: Database, clock: FakeClock
) -> None:
    """The claim is conditional on the instant read: a second process that read the same due
    digest claims nothing, and a digest of a day already recorded is not made again."""
    await coach.send("/coach")
    await coach.press("🗓 Daily digest")
    clock.set(datetime(2026, 11, 23, 18, 0, tzinfo=UTC))
    moves = []
    for _ in range(2):  # both processes read before either claims
        async with db.transaction() as tx:
            due = await Repo(tx).digests.due(clock.now(), 10)
            moves.append([coach.dispatcher._digest_move(d, clock.now()) for d in due])
    claims = []
    for read in moves:
        async with db.transaction() as tx:
            claims.append(await Repo(tx).digests.claim(read, clock.now()))
    assert claims == [{COACH}, set()]
    assert await rows(db, "SELECT COUNT(*) FROM coach_digests") == [(1,)]
