"""A real bot process killed with SIGKILL mid-screening loses nothing the user was told, when it
long-polls and when Telegram posts updates to its webhook."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.e2e import MODES, Mode
from tests.fakes.bot_api import FakeBotApi
from tests.process import BotProcess


@pytest.fixture
async def api() -> AsyncIterator[FakeBotApi]:
    async with FakeBotApi() as fake:
        yield fake


@pytest.mark.parametrize("mode", MODES)
async def test_screening_survives_kill_9_between_answers(
    api: FakeBotApi, tmp_path: Path, mode: Mode
) -> None:
    """Kill -9 after question 5 and after question 9; the user finishes, each question once."""
    bot = BotProcess(api, tmp_path, mode=mode)
    await bot.start()
    user = api.user(31337, first_name="Kim")
    pressed: list[int] = []
    try:
        await user.reply_to("/start")
        for number in range(1, 14):
            question = await user.wait_for(lambda m, n=number: f"Question {n} of 13" in m.body, 20)
            await user.press("Yes" if number == 10 else "No", message_id=question.message_id)
            pressed.append(number)
            if number in (5, 9):
                await user.wait_for(lambda m, n=number: f"Question {n + 1} of 13" in m.body, 20)
                bot.kill()
                await bot.start()
        final = await user.wait_for(lambda m: "adapted plan" in m.body, 20)
        assert "wall" in final.body
    finally:
        status = await bot.stop()
    assert status == 0, bot.log()[-2000:]
    assert pressed == list(range(1, 14))
    with sqlite3.connect(tmp_path / "coach.sqlite3") as raw:
        rows = raw.execute("SELECT answers, outcome FROM screenings").fetchall()
    assert len(rows) == 1
    answers = json.loads(rows[0][0])
    assert rows[0][1] == "modified"
    assert answers["balance"] is True
    assert sum(answers.values()) == 1
    assert len(answers) == 13
    assert bot.starts == 3
    assert "Traceback" not in bot.log()
    assert api.token not in bot.log()
