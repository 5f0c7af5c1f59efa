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
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from benchmarks.api_load import csrf_cookie, drop_postgres, free_port, granian

ROOT = Path(__file__).resolve().parent.parent


async def prepare(pg_admin_url: str, delegates: int, staff: int) -> dict:
    """A fresh database: a congress with ``delegates`` accepted official delegates, one
    session, and ``staff`` check-in staff enrolled through the account service (their
    session tokens). Returns what the run needs, the delegates' card tokens included."""
    import asyncpg

    from backend import db
    from backend.accounts.identity import Client
    from backend.accounts.invitations import InvitationService
    from backend.accounts.registration import RegistrationCeremony
    from backend.congress.cards import CardTokens
    from backend.congress.tables import (
        BodyMember,
        Congress,
        CongressSessionRow,
        Delegate,
    )
    from backend.core.clock import now, today
    from backend.core.sealed import Sealer
    from backend.domains import build_services
    from backend.orgs.services import ensure_organisation
    from backend.settings import get_settings
    from shared.accounts import Role
    from shared.orgs import OrgKind
    from tests.soft_authenticator import SoftAuthenticator

    settings = get_settings()
    name = settings.database_url.rpartition("/")[2]
    conn = await asyncpg.connect(pg_admin_url, timeout=10)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.execute(f"ALTER DATABASE \"{name}\" SET timezone TO 'UTC'")
    finally:
        await conn.close()
    conn = await asyncpg.connect(settings.database_url, timeout=10)
    try:
        await conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    finally:
        await conn.close()
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    try:
        await db.migrate()
        services = build_services(settings)
        org = await ensure_organisation("DBBENCH", "Đảng bộ đo tải", OrgKind.DANG_BO, None)
        stamp = now()
        [congress] = await Congress.insert(
            Congress(
                organisation=org,
                kind="dai_hoi",
                name="Đại hội đại biểu Đảng bộ đo tải",
                term="2025–2030",
                starts_on=today(),
                ends_on=today() + timedelta(days=2),
                status="dang_dien_ra",
                created_at=stamp,
                updated_at=stamp,
            )
        ).returning(Congress.id)
        congress_id = congress["id"]
        [session] = await CongressSessionRow.insert(
            CongressSessionRow(
                congress=congress_id,
                ordinal=1,
                title="Phiên thứ nhất",
                starts_at=stamp,
                status="chua_khai_mac",
            )
        ).returning(CongressSessionRow.id)
        rows = await Delegate.insert(
            *(
                Delegate(
                    congress=congress_id,
                    code=f"B{i:04d}",
                    full_name=f"Đại biểu đo tải {i}",
                    kind="chinh_thuc",
                    delegation=f"Đoàn số {i % 12 + 1}",
                    credential_status="hop_le",
                    created_at=stamp,
                    updated_at=stamp,
                )
                for i in range(delegates)
            )
        ).returning(Delegate.id, Delegate.card_version)
        tokens = CardTokens(Sealer(settings.secret_key))
        last_day = today() + timedelta(days=3)
        cards = [tokens.issue(congress_id, r["id"], r["card_version"], last_day) for r in rows]
        sessions = []
        registration = services.get(RegistrationCeremony)
        for n in range(staff):
            created = await services.get(InvitationService).invite(
                full_name=f"Tổ điểm danh {n + 1}", roles=[Role.DANG_VIEN], organisation_code=None
            )
            ceremony, options = await registration.begin(created.url.rsplit("/", 1)[1], Client())
            authenticator = SoftAuthenticator(origin=settings.origin, rp_id=settings.rp_id)
            credential = authenticator.create(options)
            user, token = await registration.finish(ceremony, credential, "Máy quét", Client())
            await BodyMember.insert(
                BodyMember(
                    congress=congress_id,
                    body="diem_danh",
                    user=user.id,
                    added_at=stamp,
                )
            )
            sessions.append(token)
    finally:
        await db.stop(engine)
    return {"congress": congress_id, "session": session["id"], "cards": cards, "staff": sessions}


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


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


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
        f"Check-in burst: {args.delegates} delegates + {args.duplicates} duplicate scans in "
        f"{args.duration:g} s from {args.staff} staff clients; PostgreSQL + Redis, granian "
        f"{args.workers} workers",
        flush=True,
    )
    failures: list[str] = []
    try:
        setup = asyncio.run(prepare(pg_admin_url, args.delegates, args.staff))
        port = free_port()
        with granian("backend.asgi:app", port, env, workers=args.workers):
            base_url = f"http://127.0.0.1:{port}"
            baseline, scans, scanned = asyncio.run(burst(args, base_url, setup))
        failures = asyncio.run(verify(setup, scanned, args.delegates, args.duplicates))
    finally:
        asyncio.run(
            drop_postgres(
                pg_admin_url, env["DANGBO_DATABASE_URL"], redis_url, env["DANGBO_REDIS_PREFIX"]
            )
        )
        shutil.rmtree(var_dir, ignore_errors=True)

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
