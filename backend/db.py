"""The data layer: one Piccolo engine for the process, SQLite by default or PostgreSQL.

Tables are declared per domain (``backend/<domain>/tables.py``) and bound to the engine here,
so tests and the CLI can choose the database at run time rather than at import time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

from backend import domains

T = TypeVar("T")
_engine: Engine | None = None


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine opens a new connection (and thread) for every query outside a
    transaction. Reusing a few open connections makes each read several times cheaper.
    Transactions keep Piccolo's own dedicated connection."""

    __slots__ = ("_pool", "_pool_size", "_opened")

    def __init__(self, path: str, pool_size: int = 4, **kwargs) -> None:
        super().__init__(path=path, **kwargs)
        self._pool: asyncio.LifoQueue | None = None
        self._pool_size = pool_size
        self._opened: list = []

    async def _borrow(self):
        if self._pool is None:
            self._pool = asyncio.LifoQueue()
        if self._pool.empty() and len(self._opened) < self._pool_size:
            connection = await self.get_connection()
            self._opened.append(connection)
            return connection
        return await self._pool.get()

    async def _run_in_new_connection(self, query, args=None, query_type="generic", table=None):
        connection = await self._borrow()
        try:
            async with connection.execute(query, args or []) as cursor:
                return await cursor.fetchall()
        finally:
            assert self._pool is not None
            self._pool.put_nowait(connection)

    async def close_pool(self) -> None:
        for connection in self._opened:
            await connection.close()
        self._opened = []
        self._pool = None


def sqlite_path(database_url: str) -> Path:
    """``sqlite:///relative`` or ``sqlite:////absolute`` to a file path."""
    return Path(unquote(database_url.removeprefix("sqlite:///")))


def create_engine(database_url: str) -> Engine:
    if database_url.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(database_url)
        config = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": unquote(parts.username or "postgres"),
            "password": unquote(parts.password) if parts.password else None,
            "database": (parts.path or "/postgres").lstrip("/"),
        }
        return PostgresEngine(config=config, log_queries=False)
    if database_url.startswith("sqlite:///"):
        path = sqlite_path(database_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        return PooledSQLiteEngine(path=str(path), timeout=30)
    raise ValueError(f"DANGBO_DATABASE_URL không hợp lệ: {database_url.split(':')[0]}")


def bind_engine(engine: Engine, tables: Sequence[type[Table]] | None = None) -> None:
    """Point every table (of the domains in ``backend/domains.py`` unless ``tables`` are
    given) at ``engine``: Piccolo otherwise binds at import time."""
    global _engine
    _engine = engine
    for table in domains.all_tables() if tables is None else tables:
        table._meta.db = engine


def engine() -> Engine:
    if _engine is None:
        raise RuntimeError("database engine not bound")
    return _engine


def is_postgres() -> bool:
    return isinstance(engine(), PostgresEngine)


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[None]:
    """A write transaction. SQLite takes its write lock up front (``BEGIN IMMEDIATE``) so
    two writers never deadlock on a lock upgrade."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        async with db.transaction(transaction_type=TransactionType.immediate):
            yield
    else:
        async with db.transaction():
            yield


async def _released(connection) -> None:
    """What the pool does to a PostgreSQL connection given back, beyond asyncpg's rollback of
    a transaction left open: nothing. asyncpg's default sends ``SELECT
    pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`` each time, one more round trip
    for every statement run outside a transaction, and this app leaves none of that behind
    (its advisory locks are ``pg_advisory_xact_lock``, released at commit; no cursors, no
    ``LISTEN``, no ``SET``)."""


async def start(engine_: Engine, tables: Sequence[type[Table]] | None = None) -> None:
    bind_engine(engine_, tables)
    if isinstance(engine_, PostgresEngine):
        await engine_.start_connection_pool(min_size=1, max_size=10, reset=_released)
    else:
        # WAL lets readers proceed while one writer commits. The mode is stored in the file,
        # so it is switched once; switching needs a moment alone with the database, hence
        # the retries when another process (a worker, a test) is starting at the same time.
        for attempt in range(20):
            try:
                mode = await engine_.run_ddl("PRAGMA journal_mode")
                if mode and str(mode[0].get("journal_mode", "")).lower() == "wal":
                    break
                await engine_.run_ddl("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 19:
                    raise
                await asyncio.sleep(0.25)


async def stop(engine_: Engine) -> None:
    if isinstance(engine_, PostgresEngine):
        await engine_.close_connection_pool()
    elif isinstance(engine_, PooledSQLiteEngine):
        await engine_.close_pool()


def run(work: Callable[[], Awaitable[T]], database_url: str) -> T:
    """Run ``work`` with the engine of ``database_url`` started and stopped around it (the
    command line's way into the database)."""

    async def main() -> T:
        engine_ = create_engine(database_url)
        await start(engine_)
        try:
            return await work()
        finally:
            await stop(engine_)

    return asyncio.run(main())


async def migrate() -> list[str]:
    """Apply every migration in ``migrations/`` that has not run yet (Piccolo's runner), on the
    bound engine."""
    os.environ.setdefault("PICCOLO_CONF", "backend.piccolo_conf")
    db = engine()
    Migration._meta.db = db
    await Migration.create_table(if_not_exists=True)
    before = set(await Migration.get_migrations_which_ran(app_name="dangbo"))
    result = await run_forwards(app_name="dangbo")
    if not result.success:
        raise RuntimeError(result.message)
    after = await Migration.get_migrations_which_ran(app_name="dangbo")
    return [m for m in after if m not in before]
