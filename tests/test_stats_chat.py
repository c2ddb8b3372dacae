"""What /stats says: true streaks with and without a plan, and every count in its plural."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from tests.chat import ChatHarness
from tests.test_logging_chat import screened
from tests.test_schedule_chat import schedule


async def log_one_rep(chat: ChatHarness) -> None:
    """One set of one rep on each leg, confirmed as the coach asks."""
    await chat.send("1")
    await chat.press("Yes, log it")


async def test_no_plan_streak_counts_training_weeks_not_a_plan(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """Without a plan, /stats never speaks of a plan met: the streak is weeks with training."""
    await screened(chat)
    await log_one_rep(chat)
    await chat.send("/stats")
    text = chat.last.text
    assert "met your plan" not in text
    assert "plan" not in text.replace("set a plan with /schedule", "")
    assert "Training streak: 1 week in a row with training" in text
    assert "This week: 1 session (set a plan with /schedule)" in text
    assert "All time: 1 session, 1 rep per leg" in text
    assert "Best set: 1 rep per leg" in text
    assert "Best session: 1 rep per leg" in text


async def test_no_plan_streak_of_two_weeks(chat: ChatHarness, clock: FakeClock) -> None:
    """Two weeks in a row with a session read "2 weeks", and the totals count in plural."""
    await screened(chat)
    await chat.send("3x10")
    clock.advance(timedelta(days=7))
    await chat.send("3x10")
    await chat.send("/stats")
    text = chat.last.text
    assert "Training streak: 2 weeks in a row with training" in text
    assert "All time: 2 sessions, 60 reps per leg" in text


async def test_with_a_plan_the_streak_speaks_of_the_plan(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """With a three-day plan met this week, the streak is "1 week ... met your plan"."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Europe/London")
    for _ in range(3):
        await chat.send("3x10")
        clock.advance(timedelta(days=1))
    await chat.send("/stats")
    text = chat.last.text
    assert "Weekly streak: 1 week in a row that met your plan" in text
    assert "This week: 3 of 3 planned sessions" in text


@pytest.mark.parametrize(
    ("logs", "expected"),
    [
        (["3x10"], "Your log</b>: 1 session"),
        (["3x10", "2x12"], "Your log</b>: 2 sessions"),
    ],
)
async def test_history_header_counts_sessions(
    chat: ChatHarness, clock: FakeClock, logs: list[str], expected: str
) -> None:
    """The /history header says "Your log: 1 session" for one, "Your log: 2 sessions" for two."""
    await screened(chat)
    for log in logs:
        await chat.send(log)
        clock.advance(timedelta(days=1))
    await chat.send("/history")
    assert expected in chat.last.text


async def test_first_session_chart_spans_a_few_weeks_without_planned_bars(
    chat: ChatHarness, clock: FakeClock
) -> None:
    """A new user's first /stats: 4 weeks ending this week, no planned days before the plan,
    and the session drawn with its weight."""
    await screened(chat)
    await schedule(chat, ("Mon", "Wed", "Fri"), "18:00", "Europe/London")
    await chat.send("3x10 @2kg")
    await chat.send("/stats")
    chart = chat.last.reply.chart
    assert chart is not None
    assert chart.title == "Reverse lunges, last 4 weeks"
    assert [planned for _, _, planned in chart.adherence] == [None, None, None, 3]
    assert [done for _, done, _ in chart.adherence] == [0, 0, 0, 1]
    assert chart.sessions == (("2026-11-23", 30, 2.0),)


async def test_no_plan_chart_has_no_planned_days(chat: ChatHarness, clock: FakeClock) -> None:
    """Without a plan, no week of the chart has planned days."""
    await screened(chat)
    await chat.send("3x10")
    await chat.send("/stats")
    chart = chat.last.reply.chart
    assert chart is not None
    assert all(planned is None for _, _, planned in chart.adherence)
