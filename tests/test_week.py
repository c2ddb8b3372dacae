"""Coaching between sessions: the weekly summary and the nudge after a missed planned day.

When they fall (pure, `bot.coach.week`), and what the user sees through the real dispatcher,
outbox and database on an injected clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import FakeClock
from bot.coach.plan import WeeklyPlan
from bot.coach.screening import Result
from bot.coach.week import due, missed_day, next_nudge, next_summary
from bot.content import Content
from bot.storage.db import Database
from bot.storage.repo import Repo
from tests.chat import ChatHarness
from tests.seeding import seed_planned_users

MON, TUE, WED, THU, FRI, SAT, SUN = range(7)
MWF = frozenset({MON, WED, FRI})


def local(tz: str, *args: int) -> datetime:
    return datetime(*args, tzinfo=ZoneInfo(tz)).astimezone(UTC)  # type: ignore[misc]


# --- when (pure) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tz", ["Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata", "Pacific/Auckland"]
)
def test_the_summary_is_sunday_at_19_local_east_and_west_of_utc(tz: str) -> None:
    """The end of the user's week is their own Sunday evening, whatever the offset."""
    plan = WeeklyPlan(MWF, time(18, 0), tz)
    after = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday
    fire = next_summary(plan, after)
    assert fire == local(tz, 2026, 11, 29, 19, 0)


def test_the_summary_keeps_its_local_time_in_the_dst_week() -> None:
    """Berlin's clocks go forward on Sunday 29 March 2026: the summary is 19:00 CEST (17:00
    UTC), the week before 19:00 CET (18:00 UTC)."""
    plan = WeeklyPlan(MWF, time(18, 0), "Europe/Berlin")
    first = next_summary(plan, datetime(2026, 3, 20, tzinfo=UTC))
    second = next_summary(plan, first)
    assert first == datetime(2026, 3, 22, 18, 0, tzinfo=UTC)
    assert second == datetime(2026, 3, 29, 17, 0, tzinfo=UTC)


def test_a_nudge_is_at_the_plan_time_the_day_after_a_planned_day_followed_by_rest() -> None:
    """Mon/Tue/Thu 18:00: Tuesday's miss is nudged Wednesday 18:00, Thursday's Friday; Monday is
    followed by Tuesday's own reminder, so it has no nudge of its own."""
    plan = WeeklyPlan(frozenset({MON, TUE, THU}), time(18, 0), "Europe/Berlin")
    start = local("Europe/Berlin", 2026, 11, 23, 9, 0)  # Monday morning
    nudges = []
    after = start
    for _ in range(3):
        nudge = next_nudge(plan, after)
        assert nudge is not None
        nudges.append(nudge)
        after = local("Europe/Berlin", *missed_day(plan, nudge).timetuple()[:3], 18, 0)
    assert [n.astimezone(ZoneInfo("Europe/Berlin")).strftime("%a %d %H:%M") for n in nudges] == [
        "Wed 25 18:00",
        "Fri 27 18:00",
        "Wed 02 18:00",
    ]


def test_a_plan_of_every_day_has_no_nudges() -> None:
    """Every day is followed by a planned day: that day's reminder says enough."""
    plan = WeeklyPlan(frozenset(range(7)), time(9, 0), "UTC")
    assert next_nudge(plan, datetime(2026, 11, 23, tzinfo=UTC)) is None


def test_after_downtime_a_late_one_is_sent_once_and_an_old_one_dropped() -> None:
    """Less than two hours late: sent; older: dropped; the next is always after now."""
    plan = WeeklyPlan(MWF, time(18, 0), "UTC")
    summary = datetime(2026, 11, 29, 19, 0, tzinfo=UTC)
    assert due(plan, "summary", summary, summary + timedelta(hours=1)) == (
        summary,
        summary + timedelta(days=7),
    )
    assert due(plan, "summary", summary, summary + timedelta(hours=3))[0] is None
    nudge = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # Tuesday, after Monday
    sent, following = due(plan, "nudge", nudge, nudge + timedelta(days=2, hours=1))
    assert sent is None
    assert following == datetime(2026, 11, 28, 18, 0, tzinfo=UTC)  # Saturday, after Friday


def test_an_instant_that_is_no_real_one_only_schedules_the_next() -> None:
    """A plan from before this feature starts at its next reminder slot: nothing is sent then."""
    plan = WeeklyPlan(MWF, time(18, 0), "UTC")
    slot = datetime(2026, 11, 25, 18, 0, tzinfo=UTC)  # Wednesday's reminder
    assert due(plan, "summary", slot, slot) == (None, datetime(2026, 11, 29, 19, tzinfo=UTC))
    # Wednesday itself is still ahead: its nudge is Thursday's.
    assert due(plan, "nudge", slot, slot) == (None, datetime(2026, 11, 26, 18, tzinfo=UTC))


# --- what the user sees ---------------------------------------------------------------------


async def planned(
    db: Database, content: Content, clock: FakeClock, tz: str, user_id: int = 1001
) -> ChatHarness:
    """A cleared user with a Mon/Wed/Fri 18:00 plan in `tz`, saved now (Monday morning)."""
    plan = WeeklyPlan(MWF, time(18, 0), tz)
    await seed_planned_users(db, content, [user_id], plan, clock.now(), clock.now())
    return ChatHarness(db, content, clock, user_id=user_id)


async def run_until(chat: ChatHarness, moment: datetime) -> None:
    """Move the clock to `moment` (UTC), ticking the dispatcher every 10 minutes on the way."""
    while chat.clock.now() < moment:
        chat.clock.advance(min(timedelta(minutes=10), moment - chat.clock.now()))
        await chat.tick()


def summaries(chat: ChatHarness) -> list[str]:
    return [t for t in chat.texts() if "Your week" in t]


def nudges(chat: ChatHarness) -> list[str]:
    return [t for t in chat.texts() if t.startswith("👋 No lunges")]


async def kinds(db: Database, kind: str) -> list[tuple[int, str]]:
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT slot, status FROM reminders WHERE kind = ? ORDER BY slot", (kind,)
        )
    return [(row["slot"], row["status"]) for row in rows]


@pytest.mark.parametrize("tz", ["Europe/Berlin", "America/New_York", "Asia/Kathmandu"])
async def test_the_weekly_summary_arrives_once_sunday_evening_local(
    db: Database, content: Content, clock: FakeClock, tz: str
) -> None:
    """Two sessions logged against a 3-day plan: Sunday 19:00 local, one summary with the
    count, the streak and next week's target, and a button to turn it off."""
    chat = await planned(db, content, clock, tz)
    await chat.send("3x10")
    await run_until(chat, local(tz, 2026, 11, 25, 20, 0))
    await chat.send("3x10")
    await run_until(chat, local(tz, 2026, 11, 29, 18, 59))
    assert summaries(chat) == []
    await run_until(chat, local(tz, 2026, 11, 30, 9, 0))
    [summary] = summaries(chat)
    assert "2 sessions of the 3 you planned" in summary
    assert "A new week is a fresh start." in summary
    assert "Next week:" in summary
    assert "Turn off weekly summaries" in next(m for m in chat.shown if m.text == summary).labels
    assert await kinds(db, "summary") == [(int(local(tz, 2026, 11, 29, 19, 0).timestamp()), "sent")]


async def test_a_week_that_met_the_plan_counts_in_the_streak(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """Three sessions on three planned days: "1 week in a row"."""
    chat = await planned(db, content, clock, "UTC")
    for day in (23, 25, 27):
        await run_until(chat, datetime(2026, 11, day, 19, 0, tzinfo=UTC))
        await chat.send("3x10")
    await run_until(chat, datetime(2026, 11, 29, 19, 5, tzinfo=UTC))
    [summary] = summaries(chat)
    assert "3 sessions of the 3 you planned" in summary
    assert "1 week in a row that met your plan" in summary


async def test_weekly_summaries_turn_off_with_one_tap_and_back_on_in_plan(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """Turn off -> no summary the next Sunday; /plan says so and turns them back on."""
    chat = await planned(db, content, clock, "UTC")
    await run_until(chat, datetime(2026, 11, 29, 19, 5, tzinfo=UTC))
    await chat.press("Turn off weekly summaries")
    assert chat.last.text.startswith("Weekly summaries are off.")
    await run_until(chat, datetime(2026, 12, 6, 19, 5, tzinfo=UTC))
    assert len(summaries(chat)) == 1
    assert await kinds(db, "summary") == [
        (int(datetime(2026, 11, 29, 19, tzinfo=UTC).timestamp()), "sent"),
        (int(datetime(2026, 12, 6, 19, tzinfo=UTC).timestamp()), "skipped"),
    ]
    await chat.send("/plan")
    assert "Weekly summaries are off." in chat.last.text
    await chat.press("📊 Weekly summaries back on")
    await run_until(chat, datetime(2026, 12, 13, 19, 5, tzinfo=UTC))
    assert len(summaries(chat)) == 2


@pytest.mark.parametrize("tz", ["America/Los_Angeles", "Asia/Tokyo"])
async def test_a_missed_planned_day_gets_one_nudge_the_next_day(
    db: Database, content: Content, clock: FakeClock, tz: str
) -> None:
    """Nothing logged on Monday: one nudge on Tuesday at 18:00 local naming Monday, none on
    Wednesday (a planned day with its own reminder), one again on Thursday."""
    clock.set(local(tz, 2026, 11, 23, 8, 0))
    chat = await planned(db, content, clock, tz)
    await run_until(chat, local(tz, 2026, 11, 24, 17, 59))
    assert nudges(chat) == []
    await run_until(chat, local(tz, 2026, 11, 24, 23, 0))
    [nudge] = nudges(chat)
    assert "Mon 23 Nov" in nudge
    assert "Turn off these nudges" in next(m for m in chat.shown if m.text == nudge).labels
    await run_until(chat, local(tz, 2026, 11, 26, 23, 0))
    assert len(nudges(chat)) == 2
    assert [status for _, status in await kinds(db, "nudge")] == ["sent", "sent"]


async def test_no_nudge_after_a_logged_day_or_while_paused_or_turned_off(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """Monday logged: no nudge Tuesday. Paused for a week: none. Back on after /resume; then
    turned off: none."""
    chat = await planned(db, content, clock, "Europe/Berlin")
    await chat.send("3x10")  # Monday
    await run_until(chat, local("Europe/Berlin", 2026, 11, 24, 20, 0))
    assert nudges(chat) == []
    await chat.send("/pause for a week")
    await run_until(chat, local("Europe/Berlin", 2026, 12, 1, 20, 0))
    assert nudges(chat) == []
    await chat.send("/resume")
    await run_until(chat, local("Europe/Berlin", 2026, 12, 3, 20, 0))
    [nudge] = nudges(chat)  # Wednesday 2 December missed
    assert "Wed 2 Dec" in nudge
    await chat.press("Turn off these nudges")
    assert chat.last.text.startswith("These nudges are off.")
    await run_until(chat, local("Europe/Berlin", 2026, 12, 15, 20, 0))
    assert len(nudges(chat)) == 1


async def test_a_user_who_may_not_train_gets_no_summary_or_nudge_silently(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """A screening that says "not today": the gate refuses the ticks; rows say skipped."""
    chat = await planned(db, content, clock, "UTC")
    questions = content.screening.questions
    answers = {q.id: False for q in questions} | {questions[-1].id: True}
    async with db.transaction() as tx:
        Repo(tx).screenings.add(
            chat.user_id,
            Result(answers, "not_today", frozenset(), content.screening.version, clock.now()),
        )
    await run_until(chat, datetime(2026, 11, 29, 20, 0, tzinfo=UTC))
    assert chat.shown == []
    assert {status for _, status in await kinds(db, "summary")} == {"skipped"}
    assert {status for _, status in await kinds(db, "nudge")} == {"skipped"}


async def test_a_plan_from_before_gets_its_summary_scheduled_from_its_next_slot(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """A plan whose summary is due at a reminder slot (as the migration leaves old plans) sends
    no summary then, and the real one on Sunday."""
    chat = await planned(db, content, clock, "UTC")
    slot = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
    async with db.transaction() as tx:
        await tx.changes(
            "UPDATE plans SET summary_at = ?, nudge_at = ?",
            (int(slot.timestamp()), int(slot.timestamp())),
        )
    await run_until(chat, datetime(2026, 11, 29, 19, 5, tzinfo=UTC))
    assert len(summaries(chat)) == 1
    assert await kinds(db, "summary") == [
        (int(datetime(2026, 11, 29, 19, tzinfo=UTC).timestamp()), "sent")
    ]
