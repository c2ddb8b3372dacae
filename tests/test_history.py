"""/history: one compact entry per log, each day's total, weights with their unit as typed."""

from __future__ import annotations

import re

import pytest

from bot.coach.entries import entry_text
from bot.coach.sessions import LoggedSet
from bot.content import Content
from tests.chat import ChatHarness
from tests.test_logging_chat import screened

KG2 = {"weight_kg": 2.0, "weight_as_typed": 2.0, "weight_unit": "kg"}
LB5 = {"weight_kg": 2.27, "weight_as_typed": 5.0, "weight_unit": "lb"}


def plain(html: str) -> str:
    """The text without its HTML tags."""
    return re.sub(r"<[^>]+>", "", html)


def both(reps: int, **weight: object) -> LoggedSet:
    return LoggedSet(reps, "both", **weight)  # type: ignore[arg-type]


def left(reps: int, **weight: object) -> LoggedSet:
    return LoggedSet(reps, "left", **weight)  # type: ignore[arg-type]


def right(reps: int, **weight: object) -> LoggedSet:
    return LoggedSet(reps, "right", **weight)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sets", "shown"),
    [
        ((both(10),) * 3, "3×10"),
        ((both(12),), "1×12"),
        ((both(10), both(10), both(8)), "2×10, 1×8"),
        ((both(12, **KG2),), "1×12 @2 kg"),
        ((both(10, **LB5),) * 3, "3×10 @5 lb"),
        ((both(10, **KG2), both(10, **KG2), both(8)), "2×10 @2 kg, 1×8"),
        ((both(10), both(10, **LB5)), "1×10, 1×10 @5 lb"),
        ((left(10), right(9)), "L10/R9"),
        ((right(9), left(10)), "L10/R9"),
        ((left(10), right(10), left(10), right(10)), "2×L10/R10"),
        ((left(10),), "L10"),
        ((left(10), left(9)), "L10, L9"),
        ((left(10, **LB5), right(9, **LB5)), "L10/R9 @5 lb"),
        ((both(10), left(8), right(7)), "1×10, L8/R7"),
        ((LoggedSet(10, "both", 2.5),), "1×10 @2.5 kg"),  # a workout's weight: kg, not typed
        ((both(10, weight_kg=1.13, weight_as_typed=2.5, weight_unit="lb"),), "1×10 @2.5 lb"),
    ],
)
def test_a_log_reads_as_one_compact_entry(
    content: Content, sets: tuple[LoggedSet, ...], shown: str
) -> None:
    """Uniform, mixed, each-leg and left/right sets; kg, lb and bodyweight."""
    assert entry_text(content.texts, sets) == shown


async def test_several_logs_a_day_read_one_entry_each_under_the_day_total(
    chat: ChatHarness,
) -> None:
    """Three logs in a day: three numbered entries and the day's reps per leg."""
    await screened(chat)
    for text in ("3x10", "12 each leg @2kg", "left 10 right 9", "2x10 @ 5 lb"):
        await chat.send(text)
    await chat.send("/history")
    assert plain(chat.last.text).splitlines() == [
        "📖 Your last session",
        "Mon 23 Nov: 71 reps per leg",
        "1. 3×10",
        "2. 1×12 @2 kg",
        "3. L10/R9",
        "4. 2×10 @5 lb",
    ]
