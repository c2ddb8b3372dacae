"""Logging, the guided workout, stats and export end to end through the strict fake."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from PIL import Image

from bot.clock import FakeClock
from bot.content import Content
from bot.storage.db import Database
from tests.e2e import running_bot
from tests.fakes.bot_api import FakeBotApi
from tests.heavy import seed_heavy_year
from tests.test_e2e_screening import screen


@pytest.fixture
async def api(
    db: Database, pictured_content: Content, clock: FakeClock, tmp_path
) -> AsyncIterator[FakeBotApi]:  # type: ignore[no-untyped-def]
    async with (
        FakeBotApi() as fake,
        running_bot(fake, db, pictured_content, clock=clock, cache=tmp_path / "cache"),
    ):
        yield fake


async def test_log_undo_history_stats_export_delete(api: FakeBotApi, clock: FakeClock) -> None:
    """A user's whole logbook over HTTP; another user's data survives the first one's /delete."""
    ann, bob = api.user(11, first_name="Ann"), api.user(12, first_name="Bob")
    for user in (ann, bob):
        await screen(user, set())
        logged = await user.reply_to("3x10")
        assert "Logged for today: 3 sets x 10 reps per leg" in logged.body
    await ann.reply_to("2x5")
    await ann.press("↩️ Undo")
    await ann.wait_for(lambda m: m.body.startswith("↩️ Undone"))
    clock.advance(timedelta(days=2))
    await ann.reply_to("left 12 right 11")
    history = await ann.reply_to("/history")
    assert "Wed 25 Nov" in history.body
    assert "Mon 23 Nov" in history.body
    assert "2 x 5" not in history.body
    assert "5 reps" not in history.body

    stats = await ann.reply_to("/stats")
    assert stats.kind == "photo"
    assert "This week: 2 sessions" in stats.body
    assert stats.file is not None
    chart = Image.open(io.BytesIO(api.files[stats.file.file_id]))
    assert chart.format == "PNG"
    assert chart.size[0] >= 800

    export = await ann.reply_to("/export")
    assert export.kind == "document"
    assert export.file is not None
    rows = list(csv.DictReader(io.StringIO(api.files[export.file.file_id].decode("utf-8-sig"))))
    assert [(r["local_date"], r["leg"], r["reps"]) for r in rows] == [
        ("2026-11-23", "both", "10"),
        ("2026-11-23", "both", "10"),
        ("2026-11-23", "both", "10"),
        ("2026-11-25", "left", "12"),
        ("2026-11-25", "right", "11"),
    ]

    await ann.reply_to("/delete")
    await ann.press("Yes, erase everything")
    await ann.wait_for(lambda m: "erased" in m.body)
    assert "No sessions logged yet" in (await ann.reply_to("/history")).body
    assert "Mon 23 Nov" in (await bob.reply_to("/history")).body
    assert sum(api.errors_sent.values()) == 0, api.errors_sent


async def test_guided_workout_rest_timer_pings_on_the_injected_clock(
    api: FakeBotApi, clock: FakeClock
) -> None:
    """Set by set; the rest ping comes once the injected clock passes 45 s; then "feel".

    (That the ping never comes early is pinned in-process, tick by tick, in test_logging_chat.)
    """
    user = api.user(21)
    await screen(user, set())
    await user.reply_to("/workout")
    await user.press("I'm warm, let's go ▶")
    for number in (1, 2):
        await user.wait_for(lambda m, n=number: f"Set {n} of 3" in m.body)
        await user.press("Done ✓")
        await user.wait_for(lambda m, n=number: f"Set {n} done!" in m.body)
        clock.advance(timedelta(seconds=46))
        await user.wait_for(
            lambda m, n=number: "Rest is over" in m.body and f"Set {n + 1} of 3" in m.body
        )
    await user.press("Done ✓")
    await user.wait_for(lambda m: "How did that feel" in m.body)
    await user.press("😅 Hard")
    done = await user.wait_for(lambda m: "Workout logged" in m.body)
    assert "felt hard" in done.body
    assert sum(api.errors_sent.values()) == 0, api.errors_sent


async def test_joint_pain_rating_through_telegram(api: FakeBotApi, db: Database) -> None:
    """ "my knee hurts": the 0-10 buttons render, a tap answers by its band, the rating is kept."""
    ann = api.user(21, first_name="Ann")
    await screen(ann, set())
    await ann.send("3x10 my knee hurts")
    question = await ann.wait_for(lambda m: "from 0 (no pain) to 10" in m.body)
    assert "your knee" in question.body
    await ann.press("4", question.message_id)
    answer = await ann.wait_for(lambda m: m.message_id == question.message_id and "4/10" in m.body)
    assert "acceptable, but hold here" in answer.body
    async with db.transaction() as tx:
        rows = await tx.fetchall("SELECT rating, part FROM pain_ratings WHERE user_id = 21")
        logged = await tx.fetchall("SELECT pain FROM logs WHERE user_id = 21")
    assert [(r["rating"], r["part"]) for r in rows] == [(4, "knee")]
    assert [r["pain"] for r in logged] == [0]
    assert sum(api.errors_sent.values()) == 0, dict(api.errors_sent)


async def test_set_by_set_and_a_dated_log_over_http(
    api: FakeBotApi, db: Database, clock: FakeClock
) -> None:
    """ "12" asks, then "12" again is another set; "3x10 yesterday" is filed on Sunday."""
    ann = api.user(13, first_name="Ann")
    await screen(ann, set())
    asked = await ann.reply_to("12")
    assert asked.body == "Log one set of 12 reps on each leg?"
    await ann.press("Yes, log it")
    await ann.wait_for(lambda m: m.body.startswith("✅ Logged for today: 1 set x 12 reps"))
    clock.advance(timedelta(seconds=45))
    again = await ann.reply_to("12")
    assert again.body.startswith("✅ One more set logged for today: 1 set x 12 reps per leg")
    dated = await ann.reply_to("3x10 yesterday")
    assert dated.body.startswith("✅ Logged for yesterday, Sun 22 Nov: 3 sets x 10 reps per leg")
    async with db.transaction() as tx:
        rows = await tx.fetchall(
            "SELECT l.local_date, s.reps FROM log_sets s JOIN logs l ON l.id = s.log_id"
            " WHERE l.user_id = 13 ORDER BY l.seq, s.position"
        )
    assert [(r["local_date"], r["reps"]) for r in rows] == [
        ("2026-11-23", 12),
        ("2026-11-23", 12),
        ("2026-11-22", 10),
        ("2026-11-22", 10),
        ("2026-11-22", 10),
    ]
    assert sum(api.errors_sent.values()) == 0, api.errors_sent


async def test_history_stats_and_export_after_a_heavy_year(
    api: FakeBotApi, db: Database, clock: FakeClock
) -> None:
    """30 logs of 20 sets a day for a year: /history (and its Older page), /stats and /export
    are all accepted by the strict fake, which checks Telegram's length and button limits."""
    await seed_heavy_year(db, 13, clock.now())
    heavy = api.user(13, first_name="Heavy")
    history = await heavy.reply_to("/history")
    assert "page 1 of" in history.body
    await heavy.press("◀ Older")
    await heavy.wait_for(lambda m: "page 2 of" in m.body)
    stats = await heavy.reply_to("/stats", timeout=30)  # the chart is drawn on a shared machine
    assert stats.kind == "photo"
    export = await heavy.reply_to("/export", timeout=30)
    assert export.kind == "document"
    assert sum(api.errors_sent.values()) == 0, api.errors_sent
