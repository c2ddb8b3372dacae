"""A stopped workout keeps its sets: /cancel or Stop in the middle stores the sets done."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FakeClock
from bot.coach.callbacks import WorkoutStop
from bot.coach.messages import Press
from bot.storage.db import Database
from tests.chat import ChatHarness
from tests.test_logging_chat import screened, stored_sets


async def two_sets_done(chat: ChatHarness) -> None:
    await screened(chat)
    await chat.send("/workout")
    await chat.press("I'm warm, let's go ▶")
    await chat.press("Done ✓")
    await chat.press("Skip rest ▶")
    await chat.press("Done ✓")


@pytest.mark.parametrize("how", ["/cancel", "Stop"])
async def test_stopping_after_two_sets_keeps_them(
    chat: ChatHarness, db: Database, clock: FakeClock, how: str
) -> None:
    """ "Stopped. Kept the 2 sets you did: 10, 10." and both sets are in the log; the rest
    timer no longer pings."""
    await two_sets_done(chat)
    if how == "/cancel":
        await chat.send("/cancel")
    else:
        await chat.event(Press(WorkoutStop().pack()))  # an older message's Stop button
    assert chat.last.text == "Stopped. Kept the 2 sets you did: 10, 10."
    assert await stored_sets(db, chat.user_id) == [(10, "both", None)] * 2
    clock.advance(timedelta(minutes=5))
    await chat.tick()
    assert "Rest is over" not in chat.last.text
    await chat.send("/history")
    assert "10" in chat.last.text


async def test_one_set_kept_reads_in_the_singular(chat: ChatHarness, db: Database) -> None:
    """One set done, then Fewer and /cancel: only the finished set is kept."""
    await screened(chat)
    await chat.send("/workout")
    await chat.press("I'm warm, let's go ▶")
    await chat.press("Done ✓")
    await chat.press("Skip rest ▶")
    await chat.press("Fewer…")
    await chat.send("/cancel")
    assert chat.last.text == "Stopped. Kept the set you did: 10."
    assert await stored_sets(db, chat.user_id) == [(10, "both", None)]


async def test_the_kept_sets_can_be_undone(chat: ChatHarness, db: Database) -> None:
    """The kept log has an Undo button, like any log."""
    await two_sets_done(chat)
    await chat.send("/cancel")
    await chat.press("↩️ Undo")
    assert await stored_sets(db, chat.user_id) == []


async def test_cancelling_during_the_warm_up_logs_nothing(chat: ChatHarness, db: Database) -> None:
    """No set done yet: nothing is stored, and the answer says so."""
    await screened(chat)
    await chat.send("/workout")
    await chat.send("/cancel")
    assert "Nothing was logged" in chat.last.text
    assert await stored_sets(db, chat.user_id) == []
