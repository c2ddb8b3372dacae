"""/history: one compact entry per log, each day's total, weights with their unit as typed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.coach.callbacks import LogDelete
from bot.coach.entries import entry_text
from bot.coach.messages import Press
from bot.coach.sessions import LoggedSet
from bot.content import Content
from bot.storage.db import Database
from tests.chat import ChatHarness, Shown
from tests.fakes.bot_api_rules import CAPTION_LIMIT, TEXT_LIMIT
from tests.heavy import LOGS_A_DAY, seed_heavy_year
from tests.test_logging_chat import screened, stored_sets

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
        "📖 Your log: 1 session",
        "Mon 23 Nov: 71 reps per leg",
        "1. 3×10",
        "2. 1×12 @2 kg",
        "3. L10/R9",
        "4. 2×10 @5 lb",
    ]


# --- fixing past entries ----------------------------------------------------------------------


async def three_days(chat: ChatHarness, clock: FakeClock) -> None:
    """Logs on Mon 23, Tue 24 and Wed 25 Nov: 3x10, 3x11, 3x12."""
    await screened(chat)
    for reps in (10, 11, 12):
        await chat.send(f"3x{reps}")
        clock.advance(timedelta(days=1))
    clock.advance(timedelta(days=-1))


async def test_an_older_entry_is_edited_from_history(
    chat: ChatHarness, clock: FakeClock, db: Database
) -> None:
    """✏️ on Monday's entry asks for the correction; it replaces that log and stays on Monday."""
    await three_days(chat, clock)
    await chat.send("/history")
    assert plain(chat.last.text).splitlines()[-2:] == ["Mon 23 Nov: 30 reps per leg", "3. 3×10"]
    assert chat.last.labels[:2] == ["✏️ 1", "🗑 1"]
    await chat.press("✏️ 3")
    assert "now: 3 sets x 10 reps per leg" in chat.last.text
    await chat.send("3x8")
    assert "Mon 23 Nov" in chat.last.text
    await chat.send("/history")
    assert plain(chat.last.text).splitlines()[-2:] == ["Mon 23 Nov: 24 reps per leg", "3. 3×8"]
    assert [reps for reps, _, _ in await stored_sets(db, chat.user_id)] == [11] * 3 + [12] * 3 + [
        8
    ] * 3


async def test_an_older_entry_is_deleted_after_a_confirmation(
    chat: ChatHarness, clock: FakeClock, db: Database
) -> None:
    """🗑 asks first, naming the day; "Keep it" keeps; "Yes, delete it" removes only that log."""
    await three_days(chat, clock)
    await chat.send("/history")
    await chat.press("🗑 2")
    assert (
        chat.last.text == "Delete this log from Tue 24 Nov: 3 sets x 11 reps per leg, bodyweight?"
    )
    await chat.press("Keep it")
    assert chat.last.text == "Kept. Nothing was deleted."
    await chat.send("/history")
    await chat.press("🗑 2")
    question = chat.last
    await chat.press("🗑 Yes, delete it")
    assert chat.last.text.startswith("↩️ Undone: 3 sets x 11 reps per leg")
    assert [reps for reps, _, _ in await stored_sets(db, chat.user_id)] == [10] * 3 + [12] * 3
    await chat.press("🗑 Yes, delete it", message=question)
    assert chat.last_notice == "That log is already gone."
    assert len(await stored_sets(db, chat.user_id)) == 6


async def test_stale_and_foreign_delete_buttons_get_the_stale_notice(
    chat: ChatHarness, clock: FakeClock, db: Database
) -> None:
    """A Delete button for a log that is gone, or that names no log of this user, deletes
    nothing and answers with the stale-button notice."""
    await three_days(chat, clock)
    await chat.send("/history")
    history = chat.last
    await chat.send("/undo")
    await chat.press("🗑 1", message=history)
    assert chat.last_notice == "That button has expired. /help lists what you can do now."
    await chat.event(Press(LogDelete(999).pack()))
    assert chat.last_notice == "That button has expired. /help lists what you can do now."
    assert len(await stored_sets(db, chat.user_id)) == 6


async def test_undo_removes_the_last_log_then_says_there_is_nothing_left(
    chat: ChatHarness, db: Database
) -> None:
    """/undo removes the log sent last, one at a time; with no logs it says so."""
    await screened(chat)
    await chat.send("/undo")
    assert chat.last.text.startswith("There's nothing to undo: you have no logs.")
    await chat.send("3x10")
    await chat.send("2x12 yesterday")
    await chat.send("/undo")
    assert chat.last.text == (
        "↩️ Undone: 2 sets x 12 reps per leg, bodyweight on Sun 22 Nov is no longer in your log."
    )
    assert len(await stored_sets(db, chat.user_id)) == 3
    await chat.send("/undo")
    assert chat.last.text.startswith("↩️ Undone: 3 sets x 10 reps per leg")
    await chat.send("/undo")
    assert chat.last.text.startswith("There's nothing to undo")


# --- a heavy year -----------------------------------------------------------------------------


def fits(message: Shown) -> None:
    """Within Telegram's limits: text or caption length, 100 buttons, 64-byte data."""
    reply = message.reply
    limit = CAPTION_LIMIT if reply.chart or reply.file or reply.image else TEXT_LIMIT
    assert 0 < len(message.text) <= limit
    buttons = [b for row in reply.buttons for b in row]
    assert len(buttons) <= 100
    assert all(len(row) <= 8 for row in reply.buttons)
    assert all(len(b.data.encode()) <= 64 for b in buttons)


async def test_a_heavy_year_fits_history_pages_stats_and_export(
    db: Database, content: Content, clock: FakeClock
) -> None:
    """30 logs of 20 sets a day for a year: every /history page (Older through to the end and
    back), /stats, /export and /undo stay within Telegram's limits."""
    chat = ChatHarness(db, content, clock, user_id=77)
    await seed_heavy_year(db, 77, clock.now())
    await chat.send("/history")
    first = chat.last
    fits(first)
    assert "page 1 of" in first.text
    pages = int(re.search(r"page 1 of (\d+)", first.text)[1])  # type: ignore[index]
    assert pages > LOGS_A_DAY // 8
    for _ in range(pages - 1):
        await chat.press("◀ Older")
        fits(chat.last)
    assert f"page {pages} of {pages}" in chat.last.text
    assert "◀ Older" not in chat.last.labels
    await chat.press("Newer ▶")
    assert f"page {pages - 1} of {pages}" in chat.last.text
    for command in ("/stats", "/export", "/undo"):
        await chat.send(command)
        fits(chat.last)
