"""The database file: pragmas, migrations, refusal of newer or corrupt files, transactions."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from bot.storage.db import Database, StorageError, migrations


async def test_a_new_file_gets_the_latest_schema_and_safe_pragmas(tmp_path: Path) -> None:
    """WAL, foreign keys on, and user_version at the newest migration."""
    db = await Database.open(tmp_path / "sub" / "new.sqlite3")
    try:
        async with db.connection.execute("PRAGMA journal_mode") as cursor:
            assert (await cursor.fetchone())[0] == "wal"
        async with db.connection.execute("PRAGMA foreign_keys") as cursor:
            assert (await cursor.fetchone())[0] == 1
        assert await db.schema_version() == migrations()[-1][0]
    finally:
        await db.close()


async def test_reopening_applies_nothing_twice(tmp_path: Path) -> None:
    """Opening an up-to-date database again keeps its rows and version."""
    path = tmp_path / "coach.sqlite3"
    db = await Database.open(path)
    async with db.transaction() as tx:
        await tx.execute("INSERT INTO media (name, file_id) VALUES ('a', 'b')")
    await db.close()
    db = await Database.open(path)
    try:
        async with db.transaction() as tx:
            assert (await tx.fetchone("SELECT file_id FROM media"))["file_id"] == "b"
    finally:
        await db.close()


async def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    """A file written by a newer version of the bot is not touched."""
    path = tmp_path / "coach.sqlite3"
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA user_version=999")
    with pytest.raises(StorageError, match="newer than this bot knows"):
        await Database.open(path)


async def test_a_corrupt_file_gives_a_clear_error_and_is_kept(tmp_path: Path) -> None:
    """A file that is not SQLite: a clear error, and its bytes are left as they were."""
    path = tmp_path / "coach.sqlite3"
    junk = b"this is not a database" * 100
    path.write_bytes(junk)
    with pytest.raises(StorageError, match="not a usable SQLite database"):
        await Database.open(path)
    assert path.read_bytes() == junk


async def test_a_failed_transaction_leaves_nothing(db: Database) -> None:
    """An exception inside a transaction rolls all of it back."""

    async def insert_then_fail() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO media (name, file_id) VALUES ('x', 'y')")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        await insert_then_fail()
    async with db.transaction() as tx:
        assert await tx.fetchone("SELECT * FROM media") is None


async def test_erasing_a_user_cascades_to_screenings(db: Database) -> None:
    """Foreign keys are enforced: deleting a user deletes their screenings."""
    async with db.transaction() as tx:
        await tx.execute(
            "INSERT INTO users (user_id, chat_id, created_at, last_seen_at) VALUES (1, 1, 'x', 'x')"
        )
        await tx.execute(
            "INSERT INTO screenings (user_id, answers, outcome, adaptations, content_version,"
            " completed_at) VALUES (1, '{}', 'cleared', '[]', 'v', 'x')"
        )
        await tx.execute("DELETE FROM users WHERE user_id = 1")
        assert await tx.fetchone("SELECT * FROM screenings") is None


async def test_queued_writes_are_seen_by_later_reads_in_order(db: Database) -> None:
    """Writes queued with `later` run before the next read of the same transaction, in order."""
    async with db.transaction() as tx:
        tx.later("INSERT INTO media (name, file_id) VALUES ('a', 'first')")
        tx.later("UPDATE media SET file_id = 'second' WHERE name = 'a'")
        row = await tx.fetchone("SELECT file_id FROM media WHERE name = 'a'")
        assert row is not None
        assert row["file_id"] == "second"
    async with db.transaction() as tx:
        assert [r["file_id"] for r in await tx.fetchall("SELECT file_id FROM media")] == ["second"]


async def test_a_queued_write_that_fails_at_commit_rolls_everything_back(db: Database) -> None:
    """A write that only runs at COMMIT and fails (a broken foreign key) raises there, leaves
    nothing of the transaction behind, and the next transaction works."""

    async def insert_then_break_a_key() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO media (name, file_id) VALUES ('kept?', 'no')")
            tx.later(
                "INSERT INTO screenings (user_id, answers, outcome, adaptations, content_version,"
                " completed_at) VALUES (404, '{}', 'cleared', '[]', 'v', 'x')"
            )

    with pytest.raises(sqlite3.IntegrityError):
        await insert_then_break_a_key()
    async with db.transaction() as tx:
        assert await tx.fetchall("SELECT * FROM media") == []
        await tx.execute("INSERT INTO media (name, file_id) VALUES ('next', 'ok')")
    async with db.transaction() as tx:
        assert [r["name"] for r in await tx.fetchall("SELECT name FROM media")] == ["next"]


async def test_reads_wait_for_an_open_transaction_and_refuse_writes(db: Database) -> None:
    """`reads()` never sees another coroutine's unfinished transaction (it waits for the
    commit), and a write inside it is refused instead of committing on its own."""
    inserted, release = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        async with db.transaction() as tx:
            await tx.execute("INSERT INTO media (name, file_id) VALUES ('a', 'b')")
            inserted.set()
            await release.wait()

    async def reader() -> list[str]:
        await inserted.wait()
        async with db.reads() as tx:
            return [r["name"] for r in await tx.fetchall("SELECT name FROM media")]

    writing, reading = asyncio.create_task(writer()), asyncio.create_task(reader())
    await inserted.wait()
    for _ in range(20):
        await asyncio.sleep(0)  # let the reader run as far as it can
    assert not reading.done()
    release.set()
    await writing
    assert await reading == ["a"]
    async with db.reads() as tx:
        with pytest.raises(RuntimeError, match="write inside"):
            tx.later("DELETE FROM media")
