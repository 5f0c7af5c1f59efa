"""The live stream across API workers, in the production set-up: two API processes served
by granian the way ``dangbo serve --api-only`` serves them, on one PostgreSQL and one Redis.
This test process is a third worker: it appends and announces with an ``EventLog`` of its own
on the same database and Redis, as a congress write through any worker would. A subscriber
of each worker receives the event within 1 s; a reader that drops from one worker and comes
back through the other with ``Last-Event-ID`` gets exactly what it missed.

The served app is ``backend.asgi:app``'s plus the fixture domain's ``hall:{org}`` streams
(``tests/fixture_events``), so this test needs no real domain's streams.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from backend.settings import PROJECT_ROOT
from tests.api.test_two_machines import Browser, Machine
from tests.conftest import BACKEND
from tests.documents_support import make_org
from tests.events_support import SseParser

pytestmark = [
    pytest.mark.skipif(BACKEND != "postgres", reason="runs in the PostgreSQL pass"),
    pytest.mark.timeout(300),
]


class Worker(Machine):
    """One granian process serving the API with the fixture streams."""

    def _launch(self) -> subprocess.Popen:
        log = open(self.var_dir / "serve.log", "wb")  # noqa: SIM115 - kept for the process
        return subprocess.Popen(
            [str(Path(sys.executable).parent / "granian"), "--interface", "asgi",
             "--host", "127.0.0.1", "--port", str(self.port), "--workers", "1",
             "tests.fixture_events.asgi:app"],
            cwd=PROJECT_ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip


class Reader:
    """An SSE client on one worker, noting when each event arrived."""

    def __init__(self, client: httpx.AsyncClient, url: str, last_id: int | None = None) -> None:
        self.client = client
        self.url = url
        self.last_id = last_id
        self.parser = SseParser()
        self.arrived: dict[int, float] = {}
        self.connected = asyncio.Event()
        self.status: int | None = None
        self._task: asyncio.Task | None = None

    async def _run(self) -> None:
        headers = {"Last-Event-ID": str(self.last_id)} if self.last_id is not None else {}
        async with self.client.stream("GET", self.url, headers=headers, timeout=None) as answer:
            self.status = answer.status_code
            async for chunk in answer.aiter_raw():
                for event in self.parser.feed(chunk):
                    self.arrived[event.id] = time.perf_counter()
                if self.parser.comments:
                    self.connected.set()
        self.connected.set()

    async def __aenter__(self) -> Reader:
        self._task = asyncio.create_task(self._run())
        await asyncio.wait_for(self.connected.wait(), 20)
        assert self.status == 200
        return self

    async def __aexit__(self, *exc) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task

    async def wait_for(self, event_id: int, within: float) -> float:
        deadline = time.perf_counter() + within
        while event_id not in self.arrived:
            if time.perf_counter() > deadline:
                raise AssertionError(f"event {event_id} did not arrive within {within} s")
            await asyncio.sleep(0.005)
        return self.arrived[event_id]


async def test_an_event_reaches_the_subscribers_of_every_worker(app, settings, tmp_path):
    from redis.asyncio import Redis

    from backend import db
    from backend.events.log import EventLog
    from backend.orgs.services import organisation_id

    first, second = Worker("a", tmp_path / "a"), Worker("b", tmp_path / "b")
    browser = Browser()
    redis = Redis.from_url(settings.redis_url)
    other_worker = EventLog(redis, settings.redis_prefix)

    async def publish(kind: str, data: dict) -> tuple[int, float]:
        async with db.transaction():
            event_id = await other_worker.append(stream, kind, data)
        sent = time.perf_counter()
        await other_worker.announce(stream)
        return event_id, sent

    try:
        await asyncio.gather(first.start(), second.start())
        code = await make_org()
        await browser.enroll(first, "Đại Biểu Thử Nghiệm", ["dang_vien"], code)
        stream = f"hall:{await organisation_id(code)}"
        on_first = Reader(browser.client, f"{first.url}/api/events/{stream}")
        on_second = Reader(browser.client, f"{second.url}/api/events/{stream}")
        async with on_first, on_second:
            for n in range(1, 6):
                event_id, sent = await publish("agenda.moved", {"item": n})
                assert event_id == n
                for reader in (on_first, on_second):
                    arrived = await reader.wait_for(event_id, within=1.0)
                    assert arrived - sent < 1.0
        assert [e.data["data"]["item"] for e in on_second.parser.events] == [1, 2, 3, 4, 5]

        # Dropped from the second worker after event 5; two events pass meanwhile; back
        # through the first worker with Last-Event-ID: 5.
        await publish("agenda.moved", {"item": 6})
        await publish("speakers.changed", {"next": "Đại biểu Bình"})
        back = Reader(browser.client, f"{first.url}/api/events/{stream}", last_id=5)
        async with back:
            await back.wait_for(7, within=2.0)
            event_id, _ = await publish("agenda.moved", {"item": 8})
            await back.wait_for(event_id, within=1.0)
        assert [(e.id, e.event) for e in back.parser.events] == [
            (6, "agenda.moved"),
            (7, "speakers.changed"),
            (8, "agenda.moved"),
        ]
    except BaseException:
        for machine in (first, second):
            print(f"--- {machine.name}\n{machine.log()}")
        raise
    finally:
        await browser.client.aclose()
        await redis.aclose()
        first.stop()
        second.stop()
