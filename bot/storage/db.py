"""The SQLite database: one connection, one writer at a time, versioned migrations.

WAL journal, foreign keys on, a busy timeout for other readers. `synchronous=NORMAL` in WAL mode
keeps every committed transaction across a process crash (kill -9); only a power loss can lose
the last few. Migrations are `migrations/NNN_name.sql`, applied in order and recorded in
`PRAGMA user_version`; a database written by a newer version of the bot is refused.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import aiosqlite


class StorageError(Exception):
    """The database cannot be used; the message says why in one line."""


def migrations() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every bundled migration, in order."""
    found = []
    for entry in resources.files("bot.storage.migrations").iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def _newest() -> int:
    known = migrations()
    return known[-1][0] if known else 0


class Database:
    """Owns the connection. Write through `transaction()`, which serialises writers."""

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path) -> Database:
        """Open (creating the folder and file if needed) and bring the schema up to date.

        Every way this can fail (no permission, a corrupt or newer file, a failed migration)
        raises StorageError with one line naming the file; the file is never overwritten.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = await aiosqlite.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"{path}: cannot open the database ({exc})") from None
        database = cls(connection, path)
        try:
            await database._check_version()
            await database._configure()
            await database._probe_writable()
            await database._migrate()
        except BaseException:
            await connection.close()
            raise
        return database

    async def close(self) -> None:
        await self.connection.close()

    async def _check_version(self) -> None:
        """Refuse a corrupt file or one from a newer bot before anything writes to it."""
        try:
            current = await self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path}: not a usable SQLite database ({exc})") from None
        newest = _newest()
        if current > newest:
            raise StorageError(
                f"{self.path}: schema version {current} is newer than this bot knows "
                f"({newest}); run a newer version of the bot"
            )

    async def _configure(self) -> None:
        try:
            await self.connection.execute("PRAGMA journal_mode=WAL")
            for pragma in ("busy_timeout=5000", "foreign_keys=ON", "synchronous=NORMAL"):
                await self.connection.execute(f"PRAGMA {pragma}")
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: cannot use the database ({exc})") from None
        self.connection.row_factory = aiosqlite.Row

    async def _probe_writable(self) -> None:
        """Fail now, not at the first user's message, when the file cannot be written."""
        try:
            version = await self.schema_version()
            await self.connection.execute("BEGIN IMMEDIATE")
            await self.connection.execute(f"PRAGMA user_version={version}")
            await self.connection.execute("ROLLBACK")
        except sqlite3.Error as exc:
            raise StorageError(f"{self.path}: the database is not writable ({exc})") from None

    async def schema_version(self) -> int:
        rows = await self.connection.execute_fetchall("PRAGMA user_version")
        row = next(iter(rows), None)
        return int(row[0]) if row else 0

    async def _migrate(self) -> None:
        current = await self.schema_version()
        for version, name, sql in migrations():
            if version <= current:
                continue
            try:
                async with self.transaction() as db:
                    await db.executescript_in_transaction(sql)
                    await db.execute(f"PRAGMA user_version={version}")
            except sqlite3.Error as exc:
                raise StorageError(
                    f"{self.path}: migration {name} failed ({exc}); left at version {current}"
                ) from None
            current = version

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """BEGIN IMMEDIATE ... COMMIT, one writer at a time; rolls back on any exception."""
        async with self._write_lock:
            await self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(self.connection)
            except BaseException:
                await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")


class Tx:
    """The statements allowed inside a transaction.

    Each call is one round trip to aiosqlite's worker thread (the cost that dominates small
    queries): reads use `execute_fetchall`; writes read `lastrowid`/`rowcount` off the cursor,
    which SQLite's serialized mode makes safe to release from any thread.
    """

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, parameters: tuple[object, ...] = ()) -> int:
        """Run one statement; returns the last inserted row id (or 0)."""
        cursor = await self._connection.execute(sql, parameters)
        return cursor.lastrowid or 0

    async def changes(self, sql: str, parameters: tuple[object, ...] = ()) -> int:
        """Run one statement; returns how many rows it changed."""
        cursor = await self._connection.execute(sql, parameters)
        return cursor.rowcount

    async def fetchone(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Row | None:
        rows = await self._connection.execute_fetchall(sql, parameters)
        return next(iter(rows), None)

    async def fetchall(self, sql: str, parameters: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        return list(await self._connection.execute_fetchall(sql, parameters))

    async def executescript_in_transaction(self, sql: str) -> None:
        """Run a migration's statements one by one (executescript would COMMIT on its own)."""
        for statement in _statements(sql):
            await self._connection.execute(statement)


def _statements(sql: str) -> list[str]:
    """Split a migration into statements, using sqlite3.complete_statement for correctness."""
    statements, buffer = [], ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not all(
        part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
    ):
        statements.append(buffer.strip())
    return [s for s in statements if s]
