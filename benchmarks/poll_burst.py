"""Poll burst: 1,000 delegates cast open electronic votes within 30 s, against the production
set-up (PostgreSQL, Redis, two API workers).

    .venv/bin/python -m benchmarks.poll_burst [--delegates 1000] [--duration 30] [--workers 2]
                                              [--concurrency 20]

One run, one server (``backend.asgi:app`` under granian, on a fresh PostgreSQL database and a
Redis prefix, both thrown away afterwards; the set-up of ``benchmarks.checkin_burst``):

1. preparing: a congress in session with ``--delegates`` official delegates whose credentials
   stand, each with an account enrolled through the account service (a passkey made by the
   soft authenticator, a session token) and checked in; two polls open (``cong_khai``);
2. the burst: every delegate votes once on the first poll (``POST …/polls/{id}/votes``), on a
   fixed schedule spread evenly over ``--duration`` seconds (open loop: a slow answer does not
   slow the sending); p50/p95/p99 of the cast latency;
3. throughput: every delegate votes on the second poll as fast as ``--concurrency`` clients in
   a closed loop allow, and, in the same run, the baseline: as many bare ``INSERT``s into a
   scratch table through a Piccolo PostgreSQL pool of the app's size (10 per worker), with the
   same concurrency. Prints both rates and their ratio;
0. before the burst, on two granian processes of one worker each (as
   ``benchmarks.event_stream``), every delegate subscribes to the congress's event stream
   (its SSE ``Subscriber``) and the presidium opens a third poll over the
   API: the delay from sending the open to each subscriber's receipt of ``poll.opened``
   (p50/p95/max);
4. the check, after the polls are closed over the API: for each poll exactly one participation
   row and one ballot per delegate (none lost, none doubled), every vote answered 201, and the
   electronic source counted at close equal to the ballots sent.

Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import time
from pathlib import Path

from benchmarks.api_load import free_port, granian
from benchmarks.congress_setup import (
    Accounts,
    add_body_member,
    add_delegates,
    bench_congress,
    bench_environment,
    fresh_database,
    session_clients,
)
from benchmarks.congress_setup import percentile as _percentile
from benchmarks.event_stream import Subscriber

ROOT = Path(__file__).resolve().parent.parent
CHOICES = ["tan_thanh", "khong_tan_thanh", "khong_bieu_quyet"]


async def prepare(pg_admin_url: str, delegates: int) -> dict:
    from piccolo.querystring import QueryString

    from backend.core.clock import now
    from backend.polls.tables import Poll

    async with fresh_database(pg_admin_url) as engine:
        accounts = Accounts()
        congress = await bench_congress(in_session=True)
        chair_id, chair_token = await accounts.account("Chủ tịch đoàn đo tải")
        await add_body_member(congress.id, "chu_tich", chair_id)
        users, tokens = [], []
        for i in range(delegates):
            user_id, token = await accounts.account(f"Đại biểu đo tải {i}")
            users.append(user_id)
            tokens.append(token)
        await add_delegates(congress, delegates, users, checked_in=True)
        stamp = now()
        polls = []
        for title in ("Biểu quyết đo độ trễ", "Biểu quyết đo thông lượng"):
            [poll] = await Poll.insert(
                Poll(
                    congress=congress.id,
                    item=congress.item,
                    kind="bieu_quyet",
                    mode="cong_khai",
                    title=title,
                    seats=1,
                    rules="{}",
                    base=delegates,
                    status="dang_mo",
                    created_by=chair_id,
                    created_at=stamp,
                    opened_at=stamp,
                    opened_by=chair_id,
                )
            ).returning(Poll.id)
            polls.append(poll["id"])
        [announced] = await Poll.insert(
            Poll(
                congress=congress.id,
                item=congress.item,
                kind="bieu_quyet",
                mode="cong_khai",
                title="Biểu quyết đo thời gian báo mở",
                seats=1,
                rules="{}",
                status="chuan_bi",
                created_by=chair_id,
                created_at=stamp,
            )
        ).returning(Poll.id)
        await engine.run_querystring(
            QueryString("CREATE TABLE bench_scratch (id SERIAL PRIMARY KEY, v TEXT)")
        )
    return {
        "congress": congress.id,
        "polls": polls,
        "announced": announced["id"],
        "tokens": tokens,
        "chair": chair_token,
    }


def _clients(base_url: str, tokens: list[str]):
    return session_clients(base_url, tokens)


async def _vote(client, path: str, n: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    response = await client.post(path, json={"choice": CHOICES[n % 3]})
    return (time.perf_counter() - t0) * 1000, response.status_code


async def opened_delay(args: argparse.Namespace, ports: list[int], setup: dict) -> dict:
    """Every delegate subscribed to ``congress:{id}``; the presidium opens a poll over the API
    (which also notifies every delegate, urgently); from sending the request to each
    subscriber's receipt of ``poll.opened``."""
    stream = f"congress:{setup['congress']}"
    subscribers = [
        Subscriber(ports[n % len(ports)], token, stream) for n, token in enumerate(setup["tokens"])
    ]
    chair = _clients(f"http://127.0.0.1:{ports[0]}", [setup["chair"]])[0]
    try:
        for index, subscriber in enumerate(subscribers):
            subscriber.start()
            if index % 50 == 49:
                await asyncio.sleep(0.05)
        await asyncio.wait_for(asyncio.gather(*(s.connected.wait() for s in subscribers)), 120)
        errors = [s.error for s in subscribers if s.error]
        if errors:
            raise RuntimeError(f"{len(errors)} subscribers failed: {errors[:3]}")
        await asyncio.sleep(1.0)
        head = max(s.last_id for s in subscribers)
        sent = time.perf_counter()
        response = await chair.post(
            f"/api/congresses/{setup['congress']}/polls/{setup['announced']}/open"
        )
        answered = (time.perf_counter() - sent) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"the open answered {response.status_code}: {response.text}")
        await asyncio.wait_for(
            asyncio.gather(*(s.reached(head + 1) for s in subscribers)), args.timeout
        )
        delays = [
            (min(t for i, t in s.arrived.items() if i > head) - sent) * 1000 for s in subscribers
        ]
        return {
            "subscribers": len(subscribers),
            "open_answer_ms": answered,
            "p50": statistics.median(delays),
            "p95": _percentile(delays, 0.95),
            "max": max(delays),
        }
    finally:
        await asyncio.gather(*(s.drop() for s in subscribers), return_exceptions=True)
        await chair.aclose()


async def run(args: argparse.Namespace, base_url: str, setup: dict) -> dict:
    from piccolo.querystring import QueryString

    from backend import db

    clients = _clients(base_url, setup["tokens"])
    try:
        congress, (latency_poll, rate_poll) = setup["congress"], setup["polls"]
        # 1. the burst, open loop over the duration.
        path = f"/api/congresses/{congress}/polls/{latency_poll}/votes"
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.5
        step = args.duration / len(clients)

        async def scheduled(n: int) -> tuple[float, int]:
            await asyncio.sleep(max(0.0, start + n * step - loop.time()))
            return await _vote(clients[n], path, n)

        began = time.perf_counter()
        burst = await asyncio.gather(*(scheduled(n) for n in range(len(clients))))
        burst_s = time.perf_counter() - began

        # 2. throughput: votes in a closed loop …
        path = f"/api/congresses/{congress}/polls/{rate_poll}/votes"
        queue = list(range(len(clients)))
        rate_results: list[tuple[float, int]] = []

        async def worker_votes() -> None:
            while queue:
                n = queue.pop()
                rate_results.append(await _vote(clients[n], path, n))

        began = time.perf_counter()
        await asyncio.gather(*(worker_votes() for _ in range(args.concurrency)))
        votes_s = time.perf_counter() - began

        # … and bare inserts through a pool of the app's size, same concurrency.
        engine = db.create_engine(os.environ["DANGBO_DATABASE_URL"])
        await db.start(engine)
        try:
            remaining = list(range(len(clients)))

            async def worker_inserts() -> None:
                while remaining:
                    n = remaining.pop()
                    await engine.run_querystring(
                        QueryString("INSERT INTO bench_scratch (v) VALUES ({})", f"row {n}")
                    )

            began = time.perf_counter()
            await asyncio.gather(*(worker_inserts() for _ in range(args.concurrency)))
            inserts_s = time.perf_counter() - began
        finally:
            await db.stop(engine)

        # 3. close both polls over the API, as the presidium.
        chair = _clients(base_url, [setup["chair"]])[0]
        try:
            closed = []
            for poll in (latency_poll, rate_poll):
                response = await chair.post(f"/api/congresses/{congress}/polls/{poll}/close")
                closed.append((response.status_code, response.json()))
        finally:
            await chair.aclose()
        return {
            "burst": burst,
            "burst_s": burst_s,
            "rate": rate_results,
            "votes_s": votes_s,
            "inserts_s": inserts_s,
            "closed": closed,
        }
    finally:
        for client in clients:
            await client.aclose()


async def verify(setup: dict, outcome: dict, delegates: int) -> list[str]:
    import asyncpg

    from backend.settings import get_settings

    failures: list[str] = []
    conn = await asyncpg.connect(get_settings().database_url, timeout=10)
    try:
        for poll, sent, (status, closed) in zip(
            setup["polls"], (outcome["burst"], outcome["rate"]), outcome["closed"], strict=True
        ):
            participations = await conn.fetchval(
                "SELECT count(*) FROM poll_participation WHERE poll = $1", poll
            )
            distinct = await conn.fetchval(
                "SELECT count(DISTINCT delegate) FROM poll_participation WHERE poll = $1", poll
            )
            ballots = await conn.fetchval("SELECT count(*) FROM poll_ballot WHERE poll = $1", poll)
            electronic = await conn.fetchval(
                "SELECT received FROM poll_source_count WHERE poll = $1 AND source = 'dien_tu'",
                poll,
            )
            accepted = sum(1 for _, code in sent if code == 201)
            print(
                f"  poll {poll}: {accepted} votes answered 201 of {len(sent)}; participation "
                f"rows {participations} (distinct {distinct}), ballots {ballots}, counted at "
                f"close {electronic}"
            )
            if status != 200:
                failures.append(f"poll {poll}: the close answered {status}: {json.dumps(closed)}")
            if accepted != delegates:
                failures.append(f"poll {poll}: {delegates - accepted} votes not accepted")
            if not (participations == distinct == ballots == electronic == delegates):
                failures.append(f"poll {poll}: votes lost or doubled")
    finally:
        await conn.close()
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.poll_burst")
    parser.add_argument("--delegates", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args(argv)

    print(
        f"Poll burst: {args.delegates} delegates voting in {args.duration:g} s; PostgreSQL + "
        f"Redis, granian {args.workers} workers",
        flush=True,
    )
    failures: list[str] = []
    with bench_environment() as bench:
        env = bench.env
        setup = asyncio.run(prepare(bench.pg_admin_url, args.delegates))
        print("  prepared", flush=True)
        # Long-lived streams: one granian process per worker, the subscribers split between
        # them (as benchmarks.event_stream does: one port with two workers shares the
        # connections unevenly and one worker's backpressure limit holds the rest back).
        ports = [free_port() for _ in range(args.workers)]
        with contextlib.ExitStack() as servers:
            for port in ports:
                servers.enter_context(granian("backend.asgi:app", port, env))
            opened = asyncio.run(opened_delay(args, ports, setup))
        port = free_port()
        with granian("backend.asgi:app", port, env, workers=args.workers):
            outcome = asyncio.run(run(args, f"http://127.0.0.1:{port}", setup))
        outcome["opened"] = opened
        failures = asyncio.run(verify(setup, outcome, args.delegates))

    ms = [m for m, _ in outcome["burst"]]
    n = len(ms)
    print()
    print(
        f"burst: {n} votes sent over {args.duration:g} s, all answered in "
        f"{outcome['burst_s']:.1f} s; p50 {statistics.median(ms):.1f} ms, p95 "
        f"{_percentile(ms, 0.95):.1f} ms, p99 {_percentile(ms, 0.99):.1f} ms, max {max(ms):.1f} ms"
    )
    votes_rate = n / outcome["votes_s"]
    inserts_rate = n / outcome["inserts_s"]
    print(
        f"throughput ({args.concurrency} concurrent): {votes_rate:.0f} votes/s; bare inserts "
        f"{inserts_rate:.0f} rows/s; ratio {votes_rate / inserts_rate:.2f}"
    )
    o = outcome["opened"]
    print(
        f"poll opened → receipt at {o['subscribers']} subscribers: p50 {o['p50']:.1f} ms, p95 "
        f"{o['p95']:.1f} ms, max {o['max']:.1f} ms (the open's own answer {o['open_answer_ms']:.1f}"
        " ms, notifying every delegate included)"
    )
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    print("no vote lost or doubled" if not failures else "CHECKS FAILED")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
