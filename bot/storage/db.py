"""The SQLite database: one connection, one writer at a time, versioned migrations.

WAL journal, foreign keys on, a busy timeout for other readers. `synchronous=NORMAL` in WAL mode
keeps every committed transaction across a process crash (kill -9); only a power loss can lose
the last few. Migrations are `migrations/NNN_name.sql`, applied in order and recorded in
`PRAGMA user_version`; a database written by a newer version of the bot is refused.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TypeVar

import aiosqlite

T = TypeVar("T")


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
            tx = Tx(self.connection)
            try:
                yield tx
            except BaseException:
                await tx.rollback()
                raise
            await tx.commit()

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[Tx]:
        """Each statement its own transaction (SQLite's autocommit): no BEGIN or COMMIT, one
        trip per statement. For one conditional write whose result decides what happens next
        (a claim), atomic against every other connection to the file."""
        async with self._write_lock:
            yield Tx(self.connection, begin=False)

    @asynccontextmanager
    async def reads(self) -> AsyncIterator[Tx]:
        """Reads only, each its own statement with no BEGIN or COMMIT: one trip per read.
        Holds the writer lock, so no other coroutine's unfinished transaction is visible."""
        async with self._write_lock:
            yield Tx(self.connection, begin=False)


Statement = tuple[str, tuple[object, ...]]
BEGIN: Statement = ("BEGIN IMMEDIATE", ())


class Tx:
    """The statements allowed inside a transaction.

    Every call to SQLite is a round trip to aiosqlite's worker thread, and those round trips,
    not the queries, are what a small transaction costs (about 50 us of CPU each, against 3 us
    for a statement run on the thread). So writes whose result nobody needs (`later`) wait and
    go with the next round trip, as does the BEGIN; the COMMIT takes whatever is left. A whole
    update is then about three round trips: claim its id, load the user, store and commit.
    Reads always see the writes queued before them (they run first, in order).
    """

    def __init__(self, connection: aiosqlite.Connection, *, begin: bool = True) -> None:
        self._connection = connection
        self._writes = begin
        self._pending: list[Statement] = [BEGIN] if begin else []
        self._begun = False

    def later(self, sql: str, parameters: tuple[object, ...] = ()) -> None:
        """Queue a write; it runs, in order, before the next statement or the COMMIT."""
        if not self._writes:
            raise RuntimeError("a write inside Database.reads(); use Database.transaction()")
        self._pending.append((sql, parameters))

    async def call(self, read: Callable[[sqlite3.Connection], T]) -> T:
        """Run the queued writes, then `read(connection)`, in one trip to the worker thread."""
        pending, self._pending = self._pending, []
        if pending and pending[0] == BEGIN:
            self._begun = True

        def work(connection: sqlite3.Connection) -> T:
            for sql, parameters in pending:
                connection.execute(sql, parameters)
            return read(connection)

        return await _on_thread(self._connection, work)

    async def execute(self, sql: str, parameters: tuple[object, ...] = ()) -> int:
        """Run one statement now; returns the last inserted row id (or 0)."""
        return await self.call(lambda c: c.execute(sql, parameters).lastrowid or 0)

    async def changes(self, sql: str, parameters: tuple[object, ...] = ()) -> int:
        """Run one statement now; returns how many rows it changed."""
        return await self.call(lambda c: c.execute(sql, parameters).rowcount)

    async def fetchone(self, sql: str, parameters: tuple[object, ...] = ()) -> sqlite3.Row | None:
        row: sqlite3.Row | None = await self.call(lambda c: c.execute(sql, parameters).fetchone())
        return row

    async def fetchall(self, sql: str, parameters: tuple[object, ...] = ()) -> list[sqlite3.Row]:
        return await self.call(lambda c: c.execute(sql, parameters).fetchall())

    async def executescript_in_transaction(self, sql: str) -> None:
        """Run a migration's statements one by one (executescript would COMMIT on its own)."""
        for statement in _statements(sql):
            self.later(statement)
        await self.call(lambda _: None)

    async def commit(self) -> None:
        """Run what is queued and COMMIT; on any failure roll back and raise."""
        if not self._begun and self._pending in ([], [BEGIN]):  # nothing was asked: no trip
            self._pending = []
            return
        self.later("COMMIT")
        try:
            await self.call(lambda _: None)
        except BaseException:
            await self.rollback()
            raise

    async def rollback(self) -> None:
        """Undo everything; queued writes are dropped. Safe after a failed or cancelled trip."""
        self._pending = []
        if not self._begun:
            return
        self._begun = False
        await _on_thread(self._connection, _rollback)


async def _on_thread(
    connection: aiosqlite.Connection, function: Callable[[sqlite3.Connection], T]
) -> T:
    """`function(sqlite3 connection)` on aiosqlite's worker thread, in one round trip.

    aiosqlite's own methods are each one `_execute(callable)`; calling it directly is the only
    way to run several statements per trip (the version is pinned, and tests cover this)."""
    result: T = await connection._execute(function, connection._conn)  # type: ignore[no-untyped-call]
    return result


def _rollback(connection: sqlite3.Connection) -> None:
    if connection.in_transaction:
        connection.execute("ROLLBACK")


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
