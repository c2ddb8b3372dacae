"""The console chat: the same coach in a terminal, scriptable through a pipe."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from PIL import Image

from tests.test_config_and_content import FAKE_TOKEN, run_bot


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


def test_console_shows_the_lesson_with_picture_files_and_logs(tmp_path: Path) -> None:
    """The lesson in the terminal: steps with the paths of the pictures it wrote; a log works."""
    script = "/start\n" + "2\n" * 13 + "/lunge\n1\n2\n2\n3x10\n/history\n"
    result = run_bot(stdin=script, env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Step 1 of 10" in out
    assert "Step 4 of 10" in out
    pictures = [line for line in out.splitlines() if line.startswith("[picture: ")]
    assert pictures
    for line in pictures:
        assert Path(line.removeprefix("[picture: ").rstrip("]")).is_file()
    assert "Logged for today: 3 sets x 10 reps per leg" in out


def test_console_plays_a_forwarded_message(tmp_path: Path) -> None:
    """ "fwd: 3x12" is someone else's log: asked about, and logged only after "Yes, log them"."""
    script = "/start\n" + "2\n" * 13 + "fwd: did 3x12 today\n1\n"
    result = run_bot(stdin=script, env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    asked = out.index("That's a forwarded message")
    assert "[1] Yes, log them  [2] No" in out[asked:]
    assert "Logged for today: 3 sets x 12 reps per leg" in out[asked:]
    assert "Logged for today" not in out[:asked]


def test_console_guided_workout(tmp_path: Path) -> None:
    """/workout in the terminal: warm-up, sets with Done and Skip rest, feel, logged."""
    script = "/start\n" + "2\n" * 13 + "/workout\n1\n1\n1\n1\n1\n1\n2\n/history\n"
    result = run_bot(stdin=script, env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Set 1 of 3" in out
    assert "Rest 45 seconds" in out
    assert "Set 3 of 3" in out
    assert "How did that feel?" in out
    assert "Workout logged" in out
    assert "felt just right" in out


def test_console_writes_the_chart_and_the_export_and_shows_their_paths(tmp_path: Path) -> None:
    """/stats and /export in the terminal: a PNG chart and a CSV file that exist and open."""
    script = "/start\n" + "2\n" * 13 + "3x10\n/stats\n/export\n"
    result = run_bot(stdin=script, env={"CACHE_DIR": str(tmp_path / "cache")}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    files = {
        kind: Path(path)
        for kind, path in re.findall(r"^\[(chart|file): (.+)\]$", result.stdout, re.MULTILINE)
    }
    assert files.keys() == {"chart", "file"}, result.stdout
    with Image.open(files["chart"]) as chart:
        assert chart.format == "PNG"
        assert chart.width > 300
    rows = list(csv.reader(io.StringIO(files["file"].read_text(encoding="utf-8-sig"))))
    assert files["file"].suffix == ".csv"
    assert len(rows) == 4  # a header and the three sets just logged
    assert [row[rows[0].index("reps")] for row in rows[1:]] == ["10", "10", "10"]


def test_run_mode_without_a_token_exits_2_with_one_line(tmp_path: Path) -> None:
    """`python -m bot run` (the container's command) never falls back to the console."""
    result = run_bot("run", env={}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "TELEGRAM_BOT_TOKEN" in result.stderr
    assert not (tmp_path / "data").exists()  # nothing created on the way out


def test_the_no_token_banner_speaks_once(tmp_path: Path) -> None:
    """Without a token the console says once how to connect Telegram, and only then."""
    without = run_bot(stdin="/help\n", env={}, cwd=tmp_path)
    assert without.stdout.count("TELEGRAM_BOT_TOKEN") == 1
    assert without.stdout.count("@BotFather") == 1
    with_token = run_bot(
        "console", stdin="/help\n", env={"TELEGRAM_BOT_TOKEN": FAKE_TOKEN}, cwd=tmp_path
    )
    assert with_token.returncode == 0, with_token.stderr
    assert "TELEGRAM_BOT_TOKEN" not in with_token.stdout


def test_console_speaks_as_a_coach_and_a_client(tmp_path: Path) -> None:
    """`:as` switches who types: invite, agree, a message to the coach and the answer, each
    reply headed with whose chat it lands in."""
    first = run_bot(stdin=":as coach\n/coach\n", env={}, cwd=tmp_path)
    code = re.search(r"start=([A-Za-z0-9_-]+)", first.stdout)
    assert code is not None
    script = f":as coach\n:as ann\n/start {code[1]}\n1\n/tocoach hi\n:as coach\n1\ngood form!\n"
    out = run_bot(stdin=script, env={}, cwd=tmp_path).stdout
    assert "--- to ann ---\n🤝 You're now coached by coach." in out
    assert "--- to coach ---\n💬 ann: hi" in out
    assert "--- to ann ---\n💬 From your coach coach: good form!" in out
