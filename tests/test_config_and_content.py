"""Settings and content: a bad value stops startup with one clear line naming it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.content import ContentError, load_content
from tests.conftest import ROOT

FAKE_TOKEN = "123456789:AAfake-token-for-tests-only"


def run_bot(
    *args: str, env: dict[str, str], cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
        timeout=60,
        check=False,
    )


def test_defaults_need_no_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With nothing set: no token (console), the default database, the bundled content."""
    monkeypatch.chdir(tmp_path)
    for name in ("TELEGRAM_BOT_TOKEN", "DATABASE_URL", "CONTENT_DIR", "ADMIN_USER_IDS"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.telegram_bot_token is None
    assert settings.database_path == Path("data/coach.sqlite3")
    assert settings.content_dir == ROOT / "content"


def test_env_file_and_admin_ids(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """.env is read; ADMIN_USER_IDS takes a comma-separated list."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ADMIN_USER_IDS", raising=False)
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={FAKE_TOKEN}\nADMIN_USER_IDS=1, 2,3\n")
    settings = load_settings()
    assert settings.admin_user_ids == {1, 2, 3}
    assert settings.telegram_bot_token is not None
    assert FAKE_TOKEN not in repr(settings)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "not-a-token"),
        ("DATABASE_URL", "postgres://x"),
        ("ADMIN_USER_IDS", "ann,bob"),
        ("LOG_LEVEL", "LOUD"),
        ("TELEGRAM_API_BASE_URL", "ftp://x"),
    ],
)
def test_bad_value_names_the_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, value: str
) -> None:
    """Each bad setting raises ConfigError whose message starts with the variable's name."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=f"^{name}: "):
        load_settings()


def test_bad_setting_exits_2_with_one_line(tmp_path: Path) -> None:
    """The real entry point: one line on stderr naming the variable, exit status 2."""
    result = run_bot("check-content", env={"DATABASE_URL": "mysql://x"}, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "DATABASE_URL" in result.stderr


def test_check_content_passes_on_the_bundled_content(tmp_path: Path) -> None:
    """`python -m bot check-content` validates content/ and exits 0."""
    result = run_bot("check-content", env={}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "content OK" in result.stdout


def broken_copy(tmp_path: Path, file: str, old: str, new: str) -> Path:
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    path = target / file
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    return target


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("screening.yaml", "if_yes: doctor", "if_yes: maybe", "at questions.0.if_yes"),
        ("screening.yaml", "id: chest_pain", "id: heart", "question ids repeat: heart"),
        ("screening.yaml", "questions:", "questions: [", "line"),
        ("messages.yaml", 'help: "Here', 'help: "{oops Here', "at help"),
    ],
)
def test_broken_content_names_file_place_and_fault(
    tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    """A broken content file: the error names the file and the place in it."""
    directory = broken_copy(tmp_path, file, old, new)
    with pytest.raises(ContentError) as error:
        load_content(directory)
    assert str(directory / file) in str(error.value)
    assert expected in str(error.value)


def test_broken_content_stops_startup(tmp_path: Path) -> None:
    """The bot refuses to start on broken content: exit 2 and the file in the message."""
    directory = broken_copy(tmp_path, "screening.yaml", "if_yes: doctor", "if_yes: 3")
    result = run_bot("check-content", env={"CONTENT_DIR": str(directory)}, cwd=tmp_path)
    assert result.returncode == 2
    assert "screening.yaml" in result.stderr


def test_every_message_key_used_in_code_exists(content) -> None:  # type: ignore[no-untyped-def]
    """Each literal key passed to t(...) or texts(...) in bot/ is in messages.yaml."""
    import re

    pattern = re.compile(r"""\b(?:t|texts)\(\s*["']([a-z_.]+)["']""")
    used = {
        key for path in (ROOT / "bot").rglob("*.py") for key in pattern.findall(path.read_text())
    }
    assert used, "the pattern found no keys"
    missing = sorted(key for key in used if not content.texts.has(key))
    assert missing == []
