"""``pwa/public/live.js`` in Chromium: a phone follows a live stream, loses its connection
(the API process stops), sees "Mất kết nối — đang thử lại…", catches up with what it missed
once the API is back ("Đã kết nối lại — đã cập nhật", every event once, in order), and is
told when its session has ended.

No Reflex build: granian serves the API with the fixture streams (``hall:{org}``) and a bare
page that imports ``/live.js`` (``tests/fixture_events/page_asgi.py``). Events are written
the way a domain writes them (``EventLog.append`` in a transaction, then ``announce``) against
the test run's database, in a thread off Playwright's loop. On SQLite there is no Redis
between this process and the server, so the server's safety poll (5 s) brings each event; on
PostgreSQL the Redis wake-up does.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backend.settings import PROJECT_ROOT
from tests.e2e.conftest import context_options

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]
SHOTS = Path(os.environ.get("DANGBO_E2E_SHOTS", "/tmp/shots"))
WAIT_MS = 12_000  # the safety poll (5 s) and the browser's retry (2 s), with room


def _port() -> int:
    wanted = os.environ.get("DANGBO_E2E_PORT")
    if wanted:
        return int(wanted)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen(
                [str(Path(sys.executable).parent / "granian"), "--interface", "asgi",
                 "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1",
                 "tests.fixture_events.page_asgi:app"],
                cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/health", timeout=2):
                    return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"the server did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def _in_database(work):
    """Run ``work`` (async, no arguments) against the test run's database, in a thread."""
    from backend import db
    from backend.settings import get_settings

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(db.run, work, get_settings().database_url).result()


def _prepare_database() -> None:
    """The test run's database (``tests/conftest.py`` names it), migrated. Not its async
    ``database`` fixture: that one needs an event loop Playwright's sync API is holding."""
    import asyncio

    from backend import db
    from backend.settings import get_settings
    from tests import conftest

    def prepare() -> None:
        if conftest.BACKEND == "postgres":
            asyncio.run(conftest._create_pg_database())
        db.run(db.migrate, get_settings().database_url)

    with ThreadPoolExecutor(1) as pool:
        pool.submit(prepare).result()


def _drop_database() -> None:
    import asyncio

    from tests import conftest

    if conftest.BACKEND == "postgres":
        with ThreadPoolExecutor(1) as pool:
            pool.submit(lambda: asyncio.run(conftest._drop_pg_database())).result()


def _member() -> tuple[str, str]:
    """A user of a fresh chi bộ with a session: (stream, session token)."""
    from backend.accounts.tables import User, UserSession
    from backend.accounts.tokens import token_hash
    from backend.orgs.services import ensure_organisation
    from shared.orgs import OrgKind

    async def work() -> tuple[str, str]:
        code = f"LIVE{secrets.token_hex(3).upper()}"
        org_id = await ensure_organisation(code, f"Chi bộ {code}", OrgKind.CHI_BO, None)
        moment = datetime.now(UTC)
        user = User(
            username=f"daibieu_{code.lower()}",
            full_name="Đại Biểu Theo Dõi",
            organisation=org_id,
            roles='["dang_vien"]',
            is_active=True,
            created_at=moment,
        )
        await user.save()
        token = secrets.token_urlsafe(32)
        await UserSession.insert(
            UserSession(
                token_hash=token_hash(token),
                user=user.id,
                created_at=moment,
                last_seen_at=moment,
                expires_at=moment + timedelta(hours=12),
                user_agent="e2e",
            )
        )
        return f"hall:{org_id}", token

    return _in_database(work)


def _publish(stream: str, title: str) -> int:
    from backend import db
    from backend.events.log import EventLog
    from backend.settings import get_settings

    async def work() -> int:
        from redis.asyncio import Redis

        settings = get_settings()
        redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
        log = EventLog(redis, settings.redis_prefix)
        try:
            async with db.transaction():
                event_id = await log.append(stream, "agenda.moved", {"title": title})
            await log.announce(stream)
        finally:
            if redis is not None:
                await redis.aclose()
        return event_id

    return _in_database(work)


def _end_session(token: str) -> None:
    from backend.accounts.tables import UserSession
    from backend.accounts.tokens import token_hash

    async def work() -> None:
        await UserSession.update({UserSession.revoked_at: datetime.now(UTC)}).where(
            UserSession.token_hash == token_hash(token)
        )

    _in_database(work)


@pytest.fixture(scope="module")
def events_database():
    _prepare_database()
    yield
    _drop_database()


def test_a_phone_follows_loses_the_connection_and_catches_up(browser, events_database, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    stream, token = _member()
    server = Server(_port(), tmp_path / "serve.log")
    base = f"http://127.0.0.1:{server.port}"
    context = browser.new_context(**context_options())
    try:
        server.start()
        context.add_cookies([{"name": "dangbo_session", "value": token, "url": base}])
        page = context.new_page()
        assert _publish(stream, "Khai mạc đại hội") == 1
        page.goto(f"{base}/theo-doi?stream={stream}")
        page.wait_for_function("window.statuses?.includes('live')", timeout=WAIT_MS)
        page.wait_for_function("document.getElementById('item').textContent === 'Khai mạc đại hội'")

        # The presidium moves the item: the page follows.
        _publish(stream, "Báo cáo chính trị")
        page.wait_for_function(
            "document.getElementById('item').textContent === 'Báo cáo chính trị'",
            timeout=WAIT_MS,
        )

        # The connection is lost: the line says so; two items pass meanwhile.
        server.stop()
        lost = page.locator("[data-dangbo-live='lost']")
        lost.wait_for(timeout=WAIT_MS)
        assert lost.inner_text() == "Mất kết nối — đang thử lại…"
        page.screenshot(path=str(SHOTS / "live-lost-360.png"))
        _publish(stream, "Thảo luận văn kiện")
        _publish(stream, "Bầu Ban Chấp hành")

        # Back: it catches up from the last id it saw, each event once, then says so.
        server.start()
        back = page.locator("[data-dangbo-live='back']")
        back.wait_for(timeout=WAIT_MS)
        assert back.inner_text() == "Đã kết nối lại — đã cập nhật"
        assert page.locator("#item").inner_text() == "Bầu Ban Chấp hành"
        assert page.evaluate("window.received") == [1, 2, 3, 4]
        page.screenshot(path=str(SHOTS / "live-back-360.png"))
        statuses = page.evaluate("window.statuses")
        assert statuses[:2] == ["connecting", "live"] and statuses[-2:] == ["lost", "back"]

        # Live again after the catching up.
        _publish(stream, "Bế mạc")
        page.wait_for_function(
            "document.getElementById('item').textContent === 'Bế mạc'", timeout=WAIT_MS
        )
        assert page.evaluate("window.received") == [1, 2, 3, 4, 5]

        # The session ends while the phone is away: back, it is told, and stops.
        server.stop()
        lost.wait_for(timeout=WAIT_MS)
        _end_session(token)
        server.start()
        ended = page.locator("[data-dangbo-live='ended']")
        ended.wait_for(timeout=WAIT_MS)
        assert ended.inner_text() == "Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại."
        assert page.evaluate("window.statuses").count("ended") == 1
    except BaseException:
        print(server.log.read_text(errors="replace")[-4000:])
        raise
    finally:
        context.close()
        server.stop()
