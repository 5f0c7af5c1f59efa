"""Check-in burst: 500 delegates scanned in 60 s by 5 staff phones, against the production
set-up (PostgreSQL, Redis, two API workers).

    .venv/bin/python -m benchmarks.checkin_burst [--delegates 500] [--duplicates 50]
                                                 [--duration 60] [--staff 5] [--workers 2]

One run, one server (``backend.asgi:app`` under granian with ``--workers`` workers, on a fresh
PostgreSQL database and a Redis prefix, both thrown away afterwards):

1. the baseline: ``GET /api/health`` sent at the same rate, by the same number of clients,
   for the same time;
2. the burst: each delegate's card scanned once (``POST …/sessions/{id}/checkins`` with the
   card's QR token, as the staff's phone sends it), spread evenly over ``--duration`` seconds
   across the staff clients, plus ``--duplicates`` scans of cards already scanned, sent on
   purpose by another staff client, half at the same instant and half a moment later (two
   staff scanning the same delegate).

Requests are sent on a fixed schedule (open loop): a slow answer does not slow the sending,
so the latencies are those a phone would see at that rate. Prints p50, p95 and p99 of both
phases and their ratio, and then checks the database: exactly one check-in row per delegate
(none lost, none doubled), every first scan answered ``already: false`` and every duplicate
``already: true``, and the congress's event stream holding one ``checkin.counted`` per
delegate, ids 1…n without a gap, the last one counting them all. Exit status 1 when a check
fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.api_load import csrf_cookie, free_port, granian
from benchmarks.congress_setup import (
    Accounts,
    add_body_member,
    add_delegates,
    bench_congress,
    bench_environment,
    fresh_database,
)
from benchmarks.congress_setup import percentile as _percentile

ROOT = Path(__file__).resolve().parent.parent


async def prepare(pg_admin_url: str, delegates: int, staff: int) -> dict:
    """A fresh database: a congress with ``delegates`` accepted official delegates, one
    session, and ``staff`` check-in staff enrolled through the account service (their
    session tokens). Returns what the run needs, the delegates' card tokens included."""
    from backend.congress.cards import CardTokens
    from backend.core.clock import today
    from backend.core.sealed import Sealer
    from backend.settings import get_settings

    async with fresh_database(pg_admin_url):
        congress = await bench_congress(in_session=False)
        rows = await add_delegates(congress, delegates, checked_in=False)
        tokens = CardTokens(Sealer(get_settings().secret_key))
        last_day = today() + timedelta(days=3)
        cards = [tokens.issue(congress.id, r["id"], r["card_version"], last_day) for r in rows]
        sessions = []
        accounts = Accounts()
        for n in range(staff):
            user_id, token = await accounts.account(f"Tổ điểm danh {n + 1}", "Máy quét")
            await add_body_member(congress.id, "diem_danh", user_id)
            sessions.append(token)
    return {"congress": congress.id, "session": congress.session, "cards": cards, "staff": sessions}


async def _fire(schedule: list[tuple[float, int, dict | None]], clients, path: str) -> list[dict]:
    """Sends each (offset s, client, JSON body or None for a GET) at its time; returns one
    record per request: latency (ms), status and the answer's ``already`` flag."""
    loop = asyncio.get_running_loop()
    start = loop.time() + 0.2
    results: list[dict] = []

    async def one(offset: float, who: int, body: dict | None) -> None:
        await asyncio.sleep(max(0.0, start + offset - loop.time()))
        t0 = time.perf_counter()
        if body is None:
            response = await clients[who].get(path)
        else:
            response = await clients[who].post(path, json=body)
        elapsed = (time.perf_counter() - t0) * 1000
        already = None
        if body is not None and response.status_code == 200:
            already = response.json()["already"]
        results.append(
            {"ms": elapsed, "status": response.status_code, "already": already, "body": body}
        )

    await asyncio.gather(*(one(*entry) for entry in schedule))
    return results


def _summary(results: list[dict]) -> dict:
    ms = [r["ms"] for r in results]
    return {
        "requests": len(ms),
        "p50_ms": statistics.median(ms),
        "p95_ms": _percentile(ms, 0.95),
        "p99_ms": _percentile(ms, 0.99),
        "max_ms": max(ms),
        "errors": sum(1 for r in results if r["status"] != 200),
    }


async def burst(args: argparse.Namespace, base_url: str, setup: dict) -> tuple[dict, dict, list]:
    import httpx

    csrf = csrf_cookie(f"{base_url}/api/csrf")
    clients = [
        httpx.AsyncClient(
            base_url=base_url,
            cookies={"dangbo_session": token, "csrftoken": csrf},
            headers={"x-csrftoken": csrf},
            timeout=30,
        )
        for token in setup["staff"]
    ]
    try:
        cards: list[str] = setup["cards"]
        total = len(cards) + args.duplicates
        step = args.duration / total
        order = list(range(len(cards)))
        rng = random.Random(7)
        rng.shuffle(order)
        scans: list[tuple[float, int, dict | None]] = []
        duplicates = set(rng.sample(range(len(cards)), args.duplicates))
        slot = 0
        for n, index in enumerate(order):
            scans.append((slot * step, n % len(clients), {"token": cards[index]}))
            slot += 1
            if index in duplicates:
                # Another staff phone scans the same card: half of them at the same instant,
                # half a moment later.
                at = (slot - 1) * step if n % 2 else slot * step
                scans.append((at, (n + 1) % len(clients), {"token": cards[index]}))
                slot += 1
        baseline_schedule = [(offset, who, None) for offset, who, _ in scans]
        for client in clients:  # warm the connections and the workers
            await client.get("/api/health")
        baseline = await _fire(baseline_schedule, clients, "/api/health")
        path = f"/api/congresses/{setup['congress']}/sessions/{setup['session']}/checkins"
        scanned = await _fire(scans, clients, path)
        return _summary(baseline), _summary(scanned), scanned
    finally:
        for client in clients:
            await client.aclose()


async def verify(setup: dict, scanned: list[dict], delegates: int, duplicates: int) -> list[str]:
    """What the database and the answers say; a list of failed checks."""
    import asyncpg

    from backend.settings import get_settings

    failures: list[str] = []
    conn = await asyncpg.connect(get_settings().database_url, timeout=10)
    try:
        rows = await conn.fetchval(
            "SELECT count(*) FROM congress_checkin WHERE session = $1", setup["session"]
        )
        distinct = await conn.fetchval(
            "SELECT count(DISTINCT delegate) FROM congress_checkin WHERE session = $1",
            setup["session"],
        )
        events = await conn.fetch(
            "SELECT seq, data FROM live_event WHERE stream = $1 AND kind = 'checkin.counted' "
            "ORDER BY seq",
            f"congress:{setup['congress']}",
        )
    finally:
        await conn.close()
    firsts = sum(1 for r in scanned if r["already"] is False)
    repeats = sum(1 for r in scanned if r["already"] is True)
    print(f"  check-in rows {rows} (distinct delegates {distinct}); expected {delegates}")
    print(f"  answers: {firsts} first scans, {repeats} duplicates (sent {duplicates})")
    print(f"  checkin.counted events {len(events)}, ids {events[0]['seq']}…{events[-1]['seq']}")
    if rows != delegates or distinct != delegates:
        failures.append(f"{rows} check-in rows for {delegates} delegates")
    if firsts != delegates or repeats != duplicates:
        failures.append(f"{firsts} first scans and {repeats} duplicates answered")
    if [e["seq"] for e in events] != list(range(1, delegates + 1)):
        failures.append("the events' ids are not 1…n")
    last = json.loads(events[-1]["data"]) if events else {}
    if last.get("present") != delegates:
        failures.append(f"the last event counts {last.get('present')} present")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.checkin_burst")
    parser.add_argument("--delegates", type=int, default=500)
    parser.add_argument("--duplicates", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--staff", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)

    print(
        f"Check-in burst: {args.delegates} delegates + {args.duplicates} duplicate scans in "
        f"{args.duration:g} s from {args.staff} staff clients; PostgreSQL + Redis, granian "
        f"{args.workers} workers",
        flush=True,
    )
    failures: list[str] = []
    with bench_environment() as bench:
        env = bench.env
        setup = asyncio.run(prepare(bench.pg_admin_url, args.delegates, args.staff))
        port = free_port()
        with granian("backend.asgi:app", port, env, workers=args.workers):
            base_url = f"http://127.0.0.1:{port}"
            baseline, scans, scanned = asyncio.run(burst(args, base_url, setup))
        failures = asyncio.run(verify(setup, scanned, args.delegates, args.duplicates))

    print()
    print(f"{'target':<34}{'requests':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for label, row in (("GET /api/health (baseline)", baseline), ("POST …/checkins (scan)", scans)):
        print(
            f"{label:<34}{row['requests']:>9}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['max_ms']:>9.1f}"
            + (f"  ERRORS {row['errors']}" if row["errors"] else "")
        )
    print(f"p99 ratio scan / baseline: {scans['p99_ms'] / baseline['p99_ms']:.1f}")
    if scans["errors"] or baseline["errors"]:
        failures.append("non-200 answers")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    print("no check-in lost or doubled" if not failures else "CHECKS FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
