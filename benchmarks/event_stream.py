"""Live event stream benchmark: 1,000 SSE subscribers on two API workers, PostgreSQL + Redis.

    .venv/bin/python -m benchmarks.event_stream [--subscribers 1000] [--events 20]

Two granian processes (one worker each) serve the API with the fixture streams
(``tests.fixture_events.asgi:app``: ``backend.asgi:app`` plus ``hall:{org}`` streams readable by
the organisation's users); the subscribers are split evenly between them, each a user with a
session of his own (users and sessions written straight into a throw-away database). This
process is a third worker: it appends each event in a transaction with an ``EventLog`` on the
same database and announces it through Redis, as a congress write through any worker would.

Measured:

- delivery delay: from the commit of an event to its receipt by each subscriber (p50, p95,
  max over every subscriber and event), with a ``GET /api/health`` round trip to the same
  workers at the same time as the baseline (ratio of the p95s);
- memory: the workers' resident memory with every subscriber connected, minus before, per
  subscriber;
- a reconnect storm: every subscriber drops at once and reconnects with ``Last-Event-ID``
  while events keep coming (``--storm-rate`` per second); the time until all are connected
  again and until all have caught up with the head at that moment; then every subscriber's
  ids are checked: 1, 2, 3 … to the last, none missed, none twice.

The clients are plain asyncio sockets (HTTP/1.1, chunked) in this process, so their own cost
is small and counted in the delay. Goal: p95 under 1 s (exit 1 with ``--check`` otherwise, or
when an event is missed).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import secrets
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.api_load import drop_postgres, free_port, granian
from benchmarks.documents_setup import percentile

ROOT = Path(__file__).resolve().parent.parent
TARGET = "tests.fixture_events.asgi:app"
GOAL_P95_MS = 1000.0


# ---- the database: users and sessions, straight in ----------------------------------------


async def prepare(pg_admin_url: str, subscribers: int) -> tuple[str, list[str]]:
    """A migrated database with one organisation of ``subscribers`` users, each signed in;
    returns the stream and the session tokens."""
    import asyncpg

    from backend import db
    from backend.accounts.tables import User, UserSession
    from backend.accounts.tokens import token_hash
    from backend.orgs.services import ensure_organisation
    from backend.settings import get_settings
    from shared.orgs import OrgKind

    settings = get_settings()
    name = settings.database_url.rpartition("/")[2]
    conn = await asyncpg.connect(pg_admin_url, timeout=10)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    conn = await asyncpg.connect(settings.database_url)
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    finally:
        await conn.close()
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    try:
        await db.migrate()
        org_id = await ensure_organisation("BENCHLIVE", "Hội trường đo", OrgKind.CHI_BO, None)
        moment = datetime.now(UTC)
        users = await User.insert(
            *[
                User(
                    username=f"daibieu{n:04d}",
                    full_name=f"Đại Biểu Đo {n:04d}",
                    organisation=org_id,
                    roles='["dang_vien"]',
                    is_active=True,
                    created_at=moment,
                )
                for n in range(subscribers)
            ]
        ).returning(User.id)
        tokens = [secrets.token_urlsafe(32) for _ in users]
        await UserSession.insert(
            *[
                UserSession(
                    token_hash=token_hash(token),
                    user=row["id"],
                    created_at=moment,
                    last_seen_at=moment,
                    expires_at=moment + timedelta(hours=12),
                    user_agent="benchmark",
                )
                for token, row in zip(tokens, users, strict=True)
            ]
        )
    finally:
        await db.stop(engine)
    return f"hall:{org_id}", tokens


# ---- the workers' memory ------------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        for child in children:
            found += _descendants(int(child))
    return found


def rss_kib(pids: list[int]) -> int:
    """Resident memory of the processes and all their descendants (granian's workers)."""
    total = 0
    for root in pids:
        for pid in _descendants(root):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


# ---- one subscriber -----------------------------------------------------------------------


class Subscriber:
    """An SSE client on a raw socket: the ids it got and when."""

    def __init__(self, port: int, token: str, stream: str) -> None:
        self.port = port
        self.token = token
        self.stream = stream
        self.last_id = 0
        self.ids: list[int] = []
        self.arrived: dict[int, float] = {}
        self.connected = asyncio.Event()
        self.new = asyncio.Event()  # set at every event received
        self.connections = 0
        self.error: str | None = None
        self._task: asyncio.Task | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def reached(self, event_id: int) -> None:
        """Until this subscriber has an event at or past ``event_id``."""
        while self.last_id < event_id:
            self.new.clear()
            await self.new.wait()

    def start(self) -> None:
        self.connected.clear()
        self._task = asyncio.create_task(self._run())

    async def drop(self) -> None:
        if self._writer is not None:
            self._writer.transport.abort()
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - dropped on purpose
                pass

    async def _run(self) -> None:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
            self._writer = writer
            last = f"Last-Event-ID: {self.last_id}\r\n" if self.last_id else ""
            writer.write(
                f"GET /api/events/{self.stream} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                f"Accept: text/event-stream\r\nCookie: dangbo_session={self.token}\r\n"
                f"{last}\r\n".encode()
            )
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            if b" 200 " not in head.split(b"\r\n", 1)[0]:
                self.error = head.split(b"\r\n", 1)[0].decode()
                self.connected.set()
                return
            self.connections += 1
            chunked = b"transfer-encoding: chunked" in head.lower()
            buffer = b""
            while True:
                if chunked:
                    size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                    if size == 0:
                        return
                    data = await reader.readexactly(size + 2)
                    buffer += data[:-2]
                else:
                    data = await reader.read(65536)
                    if not data:
                        return
                    buffer += data
                now = time.perf_counter()
                while b"\r\n\r\n" in buffer:
                    block, buffer = buffer.split(b"\r\n\r\n", 1)
                    if block.startswith(b"id: "):
                        event_id = int(block[4 : block.index(b"\r\n")])
                        self.ids.append(event_id)
                        self.arrived.setdefault(event_id, now)
                        self.last_id = event_id
                        self.new.set()
                    elif not self.connected.is_set():
                        self.connected.set()  # the retry line and "connected" comment
        except (OSError, asyncio.IncompleteReadError) as exc:
            self.error = f"{type(exc).__name__}: {exc}"
            self.connected.set()


# ---- the run ------------------------------------------------------------------------------


async def _health_probe(ports: list[int], stop: asyncio.Event, into: list[float]) -> None:
    import httpx

    async with httpx.AsyncClient(timeout=30) as client:
        n = 0
        while not stop.is_set():
            port = ports[n % len(ports)]
            n += 1
            started = time.perf_counter()
            response = await client.get(f"http://127.0.0.1:{port}/api/health")
            if response.status_code == 200:
                into.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(0.05)


async def measure(args, stream: str, tokens: list[str], ports: list[int], pids: list[int]):
    from redis.asyncio import Redis

    from backend import db
    from backend.events.log import EventLog
    from backend.settings import get_settings

    settings = get_settings()
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    redis = Redis.from_url(settings.redis_url)
    log = EventLog(redis, settings.redis_prefix)
    sent: dict[int, float] = {}

    async def publish(kind: str, data: dict) -> int:
        async with db.transaction():
            event_id = await log.append(stream, kind, data)
        sent[event_id] = time.perf_counter()
        await log.announce(stream)
        return event_id

    subscribers = [Subscriber(ports[n % len(ports)], t, stream) for n, t in enumerate(tokens)]
    result: dict = {"subscribers": len(subscribers), "workers": len(ports)}
    try:
        # ---- connect, and the memory it costs ----
        await asyncio.sleep(1.0)
        before = rss_kib(pids)
        started = time.perf_counter()
        for index, subscriber in enumerate(subscribers):
            subscriber.start()
            if index % 50 == 49:
                await asyncio.sleep(0.05)  # phones do not all open at the same millisecond
        await asyncio.wait_for(
            asyncio.gather(*(s.connected.wait() for s in subscribers)), args.timeout
        )
        errors = [s.error for s in subscribers if s.error]
        if errors:
            raise RuntimeError(f"{len(errors)} subscribers failed: {errors[:3]}")
        result["connect_s"] = round(time.perf_counter() - started, 2)
        await asyncio.sleep(2.0)
        after = rss_kib(pids)
        result["rss_before_mib"] = round(before / 1024, 1)
        result["rss_after_mib"] = round(after / 1024, 1)
        result["kib_per_subscriber"] = round((after - before) / len(subscribers), 1)
        print(
            f"  {len(subscribers)} subscribers connected in {result['connect_s']} s; workers' "
            f"RSS {before / 1024:.0f} → {after / 1024:.0f} MiB "
            f"({result['kib_per_subscriber']} KiB per subscriber)",
            flush=True,
        )

        async def everyone_has(event_id: int) -> None:
            await asyncio.gather(*(s.reached(event_id) for s in subscribers))

        # ---- live delivery, with the health round trip beside it ----
        for n in range(2):  # warm-up
            await asyncio.wait_for(everyone_has(await publish("warm.up", {"n": n})), 10)
        health: list[float] = []
        stop = asyncio.Event()
        probe = asyncio.create_task(_health_probe(ports, stop, health))
        delays: list[float] = []
        for n in range(args.events):
            event_id = await publish("agenda.moved", {"item": n, "title": "Báo cáo chính trị"})
            await asyncio.wait_for(everyone_has(event_id), args.timeout)
            delays += [(s.arrived[event_id] - sent[event_id]) * 1000 for s in subscribers]
            await asyncio.sleep(args.interval)
        stop.set()
        await probe
        result["delay_ms"] = {
            "p50": round(percentile(delays, 50), 1),
            "p95": round(percentile(delays, 95), 1),
            "max": round(max(delays), 1),
            "samples": len(delays),
        }
        result["health_ms"] = {
            "p50": round(percentile(health, 50), 1),
            "p95": round(percentile(health, 95), 1),
            "samples": len(health),
        }
        result["ratio_p95"] = round(result["delay_ms"]["p95"] / result["health_ms"]["p95"], 2)
        print(
            f"  delivery over {args.events} events × {len(subscribers)}: "
            f"p50 {result['delay_ms']['p50']} ms, p95 {result['delay_ms']['p95']} ms, "
            f"max {result['delay_ms']['max']} ms; GET /api/health meanwhile p50 "
            f"{result['health_ms']['p50']} ms, p95 {result['health_ms']['p95']} ms "
            f"(ratio of p95s {result['ratio_p95']})",
            flush=True,
        )

        # ---- the reconnect storm ----
        publishing = asyncio.Event()
        publishing.set()

        async def keep_publishing() -> None:
            n = 0
            while publishing.is_set():
                await publish("checkin.counted", {"present": n})
                n += 1
                await asyncio.sleep(1 / args.storm_rate)

        publisher = asyncio.create_task(keep_publishing())
        await asyncio.sleep(0.5)
        dropped_at = time.perf_counter()
        await asyncio.gather(*(s.drop() for s in subscribers))
        for subscriber in subscribers:
            subscriber.start()
        await asyncio.wait_for(
            asyncio.gather(*(s.connected.wait() for s in subscribers)), args.timeout
        )
        reconnected = time.perf_counter() - dropped_at
        errors = [s.error for s in subscribers if s.error]
        if errors:
            raise RuntimeError(f"{len(errors)} subscribers failed to reconnect: {errors[:3]}")
        head = max(sent)
        await asyncio.wait_for(everyone_has(head), args.timeout)
        caught_up = time.perf_counter() - dropped_at
        await asyncio.sleep(1.0)
        publishing.clear()
        await publisher
        final = max(sent)
        await asyncio.wait_for(everyone_has(final), args.timeout)
        expected = list(range(1, final + 1))
        wrong = [s for s in subscribers if s.ids != expected]
        result["storm"] = {
            "reconnected_s": round(reconnected, 2),
            "caught_up_s": round(caught_up, 2),
            "events_during": final - head,
            "head_at_reconnect": head,
            "events_total": final,
            "missed_or_doubled": len(wrong),
        }
        print(
            f"  reconnect storm: all {len(subscribers)} back in {reconnected:.2f} s, caught up "
            f"with event {head} in {caught_up:.2f} s; events 1…{final}: "
            f"{len(subscribers) - len(wrong)} subscribers complete, {len(wrong)} with a gap "
            "or a double",
            flush=True,
        )
    finally:
        await asyncio.gather(*(s.drop() for s in subscribers), return_exceptions=True)
        await redis.aclose()
        await db.stop(engine)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.event_stream")
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2, help="API processes")
    parser.add_argument("--events", type=int, default=20, help="events in the delay phase")
    parser.add_argument("--interval", type=float, default=0.5, help="seconds between events")
    parser.add_argument("--storm-rate", type=float, default=10, help="events/s in the storm")
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    args = parser.parse_args(argv)

    run_id = secrets.token_hex(4)
    var_dir = Path(tempfile.mkdtemp(prefix=f"dangbo-bench-{run_id}-"))
    pg_admin_url = os.environ.get(
        "DANGBO_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
    )
    redis_url = os.environ.get("DANGBO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    env = dict(os.environ)
    env.update(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
            "DANGBO_ORIGIN": "http://localhost:3000",
            "DANGBO_REDIS_PREFIX": f"dangbo-bench-{run_id}",
            "DANGBO_DATABASE_URL": f"{pg_admin_url.rpartition('/')[0]}/dangbo_bench_{run_id}",
            "DANGBO_REDIS_URL": redis_url,
            "PYTHONPATH": str(ROOT),
        }
    )
    os.environ.update(env)
    print(
        f"Event stream benchmark: PostgreSQL + Redis, {args.workers} API workers (granian, one "
        f"process each), {args.subscribers} subscribers",
        flush=True,
    )
    result: dict = {}
    try:
        stream, tokens = asyncio.run(prepare(pg_admin_url, args.subscribers))
        ports = [free_port() for _ in range(args.workers)]
        with contextlib.ExitStack() as servers:
            pids = [servers.enter_context(granian(TARGET, port, env)).pid for port in ports]
            result = asyncio.run(measure(args, stream, tokens, ports, pids))
    finally:
        asyncio.run(
            drop_postgres(
                pg_admin_url, env["DANGBO_DATABASE_URL"], redis_url, env["DANGBO_REDIS_PREFIX"]
            )
        )
        shutil.rmtree(var_dir, ignore_errors=True)
    missed = result["delay_ms"]["p95"] >= GOAL_P95_MS or result["storm"]["missed_or_doubled"]
    print(
        f"\np95 delay {result['delay_ms']['p95']} ms (goal < {GOAL_P95_MS:.0f} ms): "
        f"{'MISSED' if missed else 'met'}; memory {result['kib_per_subscriber']} KiB per "
        f"subscriber; storm caught up in {result['storm']['caught_up_s']} s, "
        f"{result['storm']['missed_or_doubled']} subscribers missed or doubled an event"
    )
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
