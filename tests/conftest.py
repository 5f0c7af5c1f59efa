"""Test set-up: every run gets its own database and Redis namespace, and cleans up.

``DANGBO_TEST_BACKEND=sqlite`` (default): a temporary SQLite file and in-memory stores.
``DANGBO_TEST_BACKEND=postgres``: a fresh PostgreSQL database and Redis, from
``DANGBO_TEST_PG_URL`` (default ``postgresql://postgres@127.0.0.1:5432/postgres``) and
``DANGBO_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379/0``). If either is unreachable the
run fails: it never silently falls back to SQLite.
"""

from __future__ import annotations

import asyncio
import faulthandler
import os
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from frontend.pwa_plugin import BUNDLED, PUBLIC_DIR, PWA_DIR, copy_es_modules, ensure_build_tools

BACKEND = os.environ.get("DANGBO_TEST_BACKEND", "sqlite")
PG_URL = os.environ.get("DANGBO_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("DANGBO_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN_ID = secrets.token_hex(4)
VAR_DIR = Path(tempfile.mkdtemp(prefix=f"dangbo-test-{RUN_ID}-"))
TEST_DB = f"dangbo_test_{RUN_ID}"
ORIGIN = "http://localhost:3000"


def _database_url() -> str:
    if BACKEND == "postgres":
        base, _, _ = PG_URL.rpartition("/")
        return f"{base}/{TEST_DB}"
    if BACKEND == "sqlite":
        return f"sqlite:///{VAR_DIR / 'test.sqlite3'}"
    raise pytest.UsageError(f"DANGBO_TEST_BACKEND must be sqlite or postgres, not {BACKEND!r}")


# Settings are read once per process: set them before anything imports the backend.
os.environ.update(
    {
        "DANGBO_VAR_DIR": str(VAR_DIR),
        "DANGBO_DATABASE_URL": _database_url(),
        "DANGBO_ORIGIN": ORIGIN,
        "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
        "DANGBO_AUTH_RATE_LIMIT_PER_MINUTE": "100000",
        "DANGBO_REDIS_PREFIX": f"dangbo-test-{RUN_ID}",
    }
)
if BACKEND == "postgres":
    os.environ["DANGBO_REDIS_URL"] = REDIS_URL
else:
    os.environ.pop("DANGBO_REDIS_URL", None)


async def _create_pg_database() -> None:
    import asyncpg

    try:
        conn = await asyncpg.connect(PG_URL, timeout=10)
    except (OSError, asyncpg.PostgresError) as exc:
        pytest.exit(f"PostgreSQL unreachable at {PG_URL}: {exc}", returncode=3)
    try:
        await conn.execute(f'CREATE DATABASE "{TEST_DB}"')
        await conn.execute(f"ALTER DATABASE \"{TEST_DB}\" SET timezone TO 'UTC'")
    finally:
        await conn.close()
    conn = await asyncpg.connect(f"{PG_URL.rpartition('/')[0]}/{TEST_DB}")
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    finally:
        await conn.close()


async def _drop_pg_database() -> None:
    import asyncpg

    conn = await asyncpg.connect(PG_URL, timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{TEST_DB}" WITH (FORCE)')
    finally:
        await conn.close()


async def _check_redis() -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    try:
        await client.ping()
    except Exception as exc:  # noqa: BLE001
        pytest.exit(f"Redis unreachable at {REDIS_URL}: {exc}", returncode=3)
    finally:
        await client.aclose()


async def _clear_redis() -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        keys = [k async for k in client.scan_iter(f"dangbo-test-{RUN_ID}*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


@pytest.fixture(scope="session")
async def database() -> AsyncIterator[str]:
    """A migrated database with the demo seed, for the whole run."""
    from backend import db
    from backend.domains import build_services
    from backend.seed import seed_demo
    from backend.settings import get_settings

    if BACKEND == "postgres":
        await _check_redis()
        await _create_pg_database()
    engine = db.create_engine(os.environ["DANGBO_DATABASE_URL"])
    await db.start(engine)
    try:
        await db.migrate()
        await seed_demo(build_services(get_settings()))
    finally:
        await db.stop(engine)
    yield os.environ["DANGBO_DATABASE_URL"]
    if BACKEND == "postgres":
        await _drop_pg_database()
        await _clear_redis()
    shutil.rmtree(VAR_DIR, ignore_errors=True)


@pytest.fixture(scope="session")
def settings(database: str):
    from backend.settings import get_settings

    return get_settings()


@pytest.fixture(scope="session")
async def app(settings):
    from backend.app import create_app

    api = create_app(settings)
    # The lifespan holds a task group, which must be left in the task that entered it.
    started, stopping = asyncio.Event(), asyncio.Event()

    async def run_lifespan() -> None:
        async with api.lifespan():
            started.set()
            await stopping.wait()

    runner = asyncio.create_task(run_lifespan())
    await asyncio.wait_for(started.wait(), 60)
    yield api
    stopping.set()
    await asyncio.wait_for(runner, 60)


@pytest.fixture
async def client(app) -> AsyncIterator:
    """An API client with the CSRF cookie and header already in place.

    Plain httpx over ASGI: the app's lifespan runs once per test session (``app``), not per
    client, and each test gets its own cookie jar.
    """
    async with make_client(app) as test_client:
        await prime_csrf(test_client)
        yield test_client


def make_client(app):
    """Through the ``Edge`` wrapper, as served: its headers (security, no-store) included."""
    import httpx

    from backend.core.edge import Edge

    edge = Edge(app, https=False, origin=ORIGIN)
    transport = httpx.ASGITransport(app=edge, client=("127.0.0.1", 50000))
    return httpx.AsyncClient(transport=transport, base_url=ORIGIN)


async def prime_csrf(test_client) -> None:
    response = await test_client.get("/api/csrf")
    assert response.status_code == 204
    test_client.headers["x-csrftoken"] = test_client.cookies["csrftoken"]


@pytest.fixture(scope="session")
def served_root(tmp_path_factory) -> Path:
    """The browser's ballot scripts laid out as the PWA build serves them, for Node: noble's ES
    modules under ``noble/`` (``copy_es_modules``), ``pwa/public/phieu-kin/`` beside them, and
    the bundled QR encoder the vote screen's script imports (``qr.js``)."""
    ensure_build_tools()  # npm ci in pwa/ when node_modules is missing or older than the lock
    root = tmp_path_factory.mktemp("served")
    copy_es_modules(root)
    shutil.copytree(PUBLIC_DIR / "phieu-kin", root / "phieu-kin")
    shutil.copy2(PWA_DIR / "node_modules" / BUNDLED["qr.js"], root / "qr.js")
    return root


# Once the tests have run, the process must end: a thread left running by a library (an
# unclosed database connection's worker, say) would otherwise hold CI until its time limit.
# If it is still alive this long after the session, every thread's stack is printed (what
# held it, for the fix) and it exits with the session's own status.
EXIT_GRACE_SECONDS = 60


@pytest.hookimpl(trylast=True)  # after the session's fixtures are torn down
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    def end_if_still_running() -> None:
        time.sleep(EXIT_GRACE_SECONDS)
        print(
            f"\nThe test process had not ended {EXIT_GRACE_SECONDS} s after its tests; its "
            "threads' stacks follow, then it exits with the session's status.",
            file=sys.stderr,
            flush=True,
        )
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        sys.stderr.flush()
        os._exit(int(exitstatus))

    threading.Thread(target=end_if_still_running, name="exit-watchdog", daemon=True).start()
