"""The console chat: the same coach in a terminal, scriptable through a pipe."""

from __future__ import annotations

from pathlib import Path

from tests.test_config_and_content import run_bot


def test_make_run_without_token_opens_the_console_and_a_screening_works(tmp_path: Path) -> None:
    """`python -m bot` with no token: the console, how to connect Telegram, a whole screening."""
    script = "/start\n" + "no\n" + "2\n" * 12 + "/help\n"
    result = run_bot(stdin=script, env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "@BotFather" in out
    assert "TELEGRAM_BOT_TOKEN" in out
    assert "Question 1 of 13" in out
    assert "Question 13 of 13" in out
    assert "[1] Yes  [2] No  [3] ◀ Back" in out
    assert "cleared for the full plan" in out
    assert "<b>" not in out  # HTML is shown as plain text
    assert (tmp_path / "data" / "coach.sqlite3").exists()


def test_console_keeps_the_conversation_between_runs(tmp_path: Path) -> None:
    """Stop half-way, start again: /start continues at the same question."""
    first = run_bot(stdin="/start\nno\nno\n", env={}, cwd=tmp_path)
    assert "Question 3 of 13" in first.stdout
    second = run_bot(stdin="/start\n", env={}, cwd=tmp_path)
    assert "Question 3 of 13" in second.stdout
    assert "Question 1 of 13" not in second.stdout
