"""Shared fixtures. Any network access beyond this machine fails the test."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.clock import FakeClock
from bot.content import Content, load_content
from bot.storage.db import Database
from tests.chat import ChatHarness

ROOT = Path(__file__).resolve().parents[1]
LOOPBACK = ("127.", "::1", "localhost")


@pytest.fixture(autouse=True)
def _no_outside_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Connections may only go to this machine (the fake Bot API); anything else fails."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family != socket.AF_UNIX and not str(host).startswith(LOOPBACK):
            raise RuntimeError(f"test tried to reach the network: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    return


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(ROOT / "content")


@pytest.fixture(scope="session")
def pictured_content(content: Content, tmp_path_factory: pytest.TempPathFactory) -> Content:
    """The content with every picture really rendered (once per test session)."""
    from bot.media import PictureCache

    cache = PictureCache(tmp_path_factory.mktemp("pictures"))
    return content.with_pictures(cache.render_all())


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))  # a Monday


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = await Database.open(tmp_path / "coach.sqlite3")
    yield database
    await database.close()


@pytest.fixture
def chat(db: Database, content: Content, clock: FakeClock) -> ChatHarness:
    """One user talking to the coach in-process (no transport, real database)."""
    return ChatHarness(db, content, clock, user_id=1001)
