"""Secret ballot burst: 1,000 delegates cast encrypted strike-out ballots (18 candidates, 15
seats) within 30 s, against the production set-up (PostgreSQL, Redis, two API workers).

    .venv/bin/python -m benchmarks.secret_ballot_burst [--delegates 1000] [--duration 30]
                                                       [--workers 2] [--concurrency 20]

One run, one server (``backend.asgi:app`` under granian, on a fresh database and Redis prefix
thrown away afterwards: ``benchmarks.congress_setup``):

1. preparing: a congress in session with ``--delegates`` delegates, each enrolled (passkey,
   session) and checked in; a presidium member, a secretary and three counting-board members.
   Over the API the presidium makes two secret strike-out polls, each gets its key from a key
   ceremony of the three members done in Python (``tests/ceremony_support.py``, k = 2), and
   opens. Every delegate's ballot for both polls is encrypted and proved before the timed part,
   in a process pool (``--build-processes``);
2. the burst: every delegate casts his ballot on the first poll, on a fixed schedule spread
   evenly over ``--duration`` seconds (open loop); p50/p95/p99 of the cast latency, and the CPU
   the server's processes used meanwhile, the proof-checking pool's apart, per ballot (after a
   warm-up of a few ballots for the other poll, refused with 422, that starts the pools);
3. throughput: every delegate casts on the second poll as fast as ``--concurrency`` clients in
   a closed loop allow, and the baseline in the same run: as many bare ``INSERT``s through a
   Piccolo PostgreSQL pool, same concurrency. Both rates and their ratio;
4. the tally of the first poll: closed over the API (the board frozen), two members' partial
   decryptions made in Python and posted, the result read; the wall time of each step. The
   published board is written to a file and checked by ``dangbo congress verify-tally`` and by
   the Node verifier (``tests/js/verify_tally.mjs``): the wall time of each;
5. the check, from the database: per poll one participation mark, one encrypted ballot and
   18 first components per delegate (none lost, none doubled), every cast answered 201, and
   the first poll's counts equal to the sums of the ballots sent.

Exit status 1 when a check fails.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from benchmarks.api_load import free_port, granian
from benchmarks.congress_setup import (
    ROOT,
    Accounts,
    add_body_member,
    add_delegates,
    bench_congress,
    bench_environment,
    fresh_database,
    latency_line,
    session_clients,
)

CANDIDATES = 18
SEATS = 15
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def kept(n: int) -> list[int]:
    """Delegate n's ballot: keeps between 1 and 15 of the 18 names, rotated."""
    keep = n % SEATS + 1
    return [1 if (i - n) % CANDIDATES < keep else 0 for i in range(CANDIDATES)]


def _build(job: tuple[dict, list[int]]) -> dict:
    from backend.ballots.crypto.ballot import build_ballot
    from backend.ballots.crypto.context import PollContext

    context_json, bits = job
    made, _ = build_ballot(PollContext.from_json(context_json), bits)
    return made.to_json()


def build_all(context_json: dict, count: int, processes: int) -> list[dict]:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        return list(pool.map(_build, [(context_json, kept(n)) for n in range(count)], chunksize=8))


async def prepare(pg_admin_url: str, delegates: int) -> dict:
    from piccolo.querystring import QueryString

    async with fresh_database(pg_admin_url) as engine:
        accounts = Accounts()
        congress = await bench_congress(in_session=True)
        people = {}
        for role, body, name in (
            ("chair", "chu_tich", "Chủ tịch đoàn đo tải"),
            ("secretary", "thu_ky", "Thư ký đoàn đo tải"),
            *((f"counter{i}", "kiem_phieu", f"Kiểm phiếu viên đo tải {i}") for i in (1, 2, 3)),
        ):
            user_id, people[role] = await accounts.account(name)
            await add_body_member(congress.id, body, user_id)
        users, tokens = [], []
        for i in range(delegates):
            user_id, token = await accounts.account(f"Đại biểu đo tải {i}")
            users.append(user_id)
            tokens.append(token)
        await add_delegates(congress, delegates, users, checked_in=True)
        await engine.run_querystring(
            QueryString("CREATE TABLE bench_scratch (id SERIAL PRIMARY KEY, v TEXT)")
        )
    return {"congress": congress.id, "item": congress.item, "tokens": tokens, "people": people}


async def open_polls(base_url: str, setup: dict) -> list[dict]:
    """Two secret polls made, given a key by a Python ceremony and opened over the API;
    each poll's detail, its context (as the phone computes it) and the members' devices."""
    from backend.ballots.crypto.context import PollContext
    from backend.ballots.crypto.group import decode_point
    from tests.ceremony_support import Member, ceremony_url, run_ceremony

    people = setup["people"]
    names = ["chair", "secretary", "counter1", "counter2", "counter3"]
    chair, secretary, *counters = session_clients(base_url, [people[n] for n in names])
    polls_url = f"/api/congresses/{setup['congress']}/polls"
    opened = []
    try:
        for title in ("Bầu Ban Chấp hành (đo độ trễ)", "Bầu Ban Chấp hành (đo thông lượng)"):
            made = await chair.post(
                polls_url,
                json={
                    "item_id": setup["item"],
                    "kind": "bau_cu_so_du",
                    "mode": "bi_mat",
                    "title": title,
                    "seats": SEATS,
                    "candidates": [{"name": f"Ứng viên số {i + 1}"} for i in range(CANDIDATES)],
                },
            )
            assert made.status_code == 201, made.text
            poll_id = made.json()["id"]
            url = ceremony_url(setup["congress"], poll_id)
            started = await secretary.post(url, json={"threshold": 2})
            assert started.status_code == 201, started.text
            members = [Member(client=c) for c in counters]
            await run_ceremony(url, members)
            answer = await chair.post(f"{polls_url}/{poll_id}/open")
            assert answer.status_code == 200, answer.text
            detail = answer.json()
            key = (await chair.get(f"{polls_url}/{poll_id}/key")).json()
            context = PollContext(
                str(setup["congress"]),
                str(poll_id),
                detail["kind"],
                detail["title"],
                detail["seats"],
                tuple(f"{c['id']} {c['name']}" for c in detail["candidates"]),
                decode_point(key["public_key"]),
            )
            opened.append(
                {
                    "id": poll_id,
                    "context": context.to_json(),
                    "shares": {m.x: m.share for m in members},
                }
            )
    finally:
        for client in (chair, secretary, *counters):
            await client.aclose()
    return opened


def group_cpu(leader: int) -> tuple[float, float]:
    """CPU seconds (user + system) of the server's process group: the proof-checking pool's
    processes (multiprocessing spawn children), and all of them."""
    pool = total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != leader:  # pgrp
                continue
            seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICK
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        total += seconds
        if b"spawn_main" in command:
            pool += seconds
    return pool, total


async def _cast(client, path: str, ballot: dict) -> tuple[float, int]:
    t0 = time.perf_counter()
    response = await client.post(path, json={"ballot": ballot})
    return (time.perf_counter() - t0) * 1000, response.status_code


async def run(args, base_url: str, setup: dict, polls: list[dict], leader: int) -> dict:
    from piccolo.querystring import QueryString

    from backend import db
    from backend.ballots.crypto.elgamal import Ciphertext
    from backend.ballots.crypto.group import hex_bytes
    from backend.ballots.crypto.tally import Totals, partial_decrypt

    clients = session_clients(base_url, setup["tokens"])
    chair = session_clients(base_url, [setup["people"]["chair"]])[0]
    counters = session_clients(base_url, [setup["people"]["counter1"], setup["people"]["counter2"]])
    url = f"/api/congresses/{setup['congress']}/polls"
    try:
        latency_poll, rate_poll = polls
        # 1. the burst, open loop over the duration.
        path = f"{url}/{latency_poll['id']}/secret-ballots"
        # Warm-up: each worker's checking pool starts its process on first use. Ballots made
        # for the other poll, sent to this one, are refused (422) and nothing is stored.
        warm = await asyncio.gather(
            *(
                _cast(clients[n], path, rate_poll["ballots"][n])
                for n in range(min(len(clients), 4 * args.workers))
            )
        )
        assert {code for _, code in warm} == {422}, warm
        loop = asyncio.get_running_loop()
        start = loop.time() + 0.5
        step = args.duration / len(clients)

        async def scheduled(n: int) -> tuple[float, int]:
            await asyncio.sleep(max(0.0, start + n * step - loop.time()))
            return await _cast(clients[n], path, latency_poll["ballots"][n])

        cpu_before = group_cpu(leader)
        began = time.perf_counter()
        burst = await asyncio.gather(*(scheduled(n) for n in range(len(clients))))
        burst_s = time.perf_counter() - began
        cpu_after = group_cpu(leader)

        # 2. throughput: casts in a closed loop …
        path = f"{url}/{rate_poll['id']}/secret-ballots"
        queue = list(range(len(clients)))
        rate: list[tuple[float, int]] = []

        async def caster() -> None:
            while queue:
                n = queue.pop()
                rate.append(await _cast(clients[n], path, rate_poll["ballots"][n]))

        began = time.perf_counter()
        await asyncio.gather(*(caster() for _ in range(args.concurrency)))
        casts_s = time.perf_counter() - began
        # … and bare inserts through a pool of the app's size, same concurrency.
        engine = db.create_engine(os.environ["DANGBO_DATABASE_URL"])
        await db.start(engine)
        try:
            remaining = list(range(len(clients)))

            async def inserter() -> None:
                while remaining:
                    n = remaining.pop()
                    await engine.run_querystring(
                        QueryString("INSERT INTO bench_scratch (v) VALUES ({})", f"row {n}")
                    )

            began = time.perf_counter()
            await asyncio.gather(*(inserter() for _ in range(args.concurrency)))
            inserts_s = time.perf_counter() - began
        finally:
            await db.stop(engine)

        # 3. the tally of the first poll: close, two partial decryptions, the result.
        tally = {}
        poll_url = f"{url}/{latency_poll['id']}"
        t0 = time.perf_counter()
        closed = await chair.post(f"{poll_url}/close")
        tally["close_s"] = time.perf_counter() - t0
        assert closed.status_code == 200, closed.text
        t0 = time.perf_counter()
        frozen = (await chair.get(f"{poll_url}/secret-board")).json()
        tally["board_read_s"] = time.perf_counter() - t0
        board = frozen["board"]
        totals = Totals(
            tuple(Ciphertext(hex_bytes(s["a"]), hex_bytes(s["b"])) for s in board["sums"]),
            len(board["ballots"]),
        )
        tally["partials_s"] = []
        for client, x in zip(counters, sorted(latency_poll["shares"])[:2], strict=True):
            t0 = time.perf_counter()
            partial = partial_decrypt(
                bytes.fromhex(board["context_hash"]),
                bytes.fromhex(frozen["board_hash"]),
                x,
                latency_poll["shares"][x],
                totals,
            )
            made_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            posted = await client.post(f"{poll_url}/tally/partials", json=partial.to_json())
            assert posted.status_code == 201, posted.text
            tally["partials_s"].append((made_s, time.perf_counter() - t0))
        published = (await chair.get(f"{poll_url}/secret-board")).json()
        closed_rate = await chair.post(f"{url}/{rate_poll['id']}/close")
        assert closed_rate.status_code == 200, closed_rate.text
        return {
            "burst": burst,
            "burst_s": burst_s,
            "cpu": (cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1]),
            "rate": rate,
            "casts_s": casts_s,
            "inserts_s": inserts_s,
            "tally": tally,
            "board": published,
        }
    finally:
        for client in (*clients, chair, *counters):
            await client.aclose()


def verifiers(board_path: Path) -> dict:
    """Wall time of both independent verifiers on the published board (each must pass)."""
    import shutil

    from frontend.pwa_plugin import PUBLIC_DIR, copy_es_modules, ensure_build_tools
    from tests.unit.test_vi_fold_json import _node

    timings = {}
    t0 = time.perf_counter()
    python = subprocess.run(
        [sys.executable, "-m", "backend.cli", "congress", "verify-tally", str(board_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    timings["verify_tally_s"] = time.perf_counter() - t0
    timings["verify_tally_out"] = (python.returncode, python.stdout.strip()[:300])
    ensure_build_tools()
    served = Path(tempfile.mkdtemp(prefix="dangbo-bench-served-"))
    copy_es_modules(served)
    shutil.copytree(PUBLIC_DIR / "phieu-kin", served / "phieu-kin")
    t0 = time.perf_counter()
    node = subprocess.run(
        [_node(), str(ROOT / "tests/js/verify_tally.mjs"), str(served), str(board_path)],
        capture_output=True,
        text=True,
    )
    timings["node_s"] = time.perf_counter() - t0
    timings["node_out"] = (node.returncode, node.stdout.strip()[:300])
    shutil.rmtree(served, ignore_errors=True)
    return timings


async def check(setup: dict, polls: list[dict], outcome: dict, delegates: int) -> list[str]:
    import asyncpg

    from backend.settings import get_settings

    failures: list[str] = []
    conn = await asyncpg.connect(get_settings().database_url, timeout=10)
    try:
        for poll, sent in zip(polls, (outcome["burst"], outcome["rate"]), strict=True):
            marks, distinct = await conn.fetchrow(
                "SELECT count(*), count(DISTINCT delegate) FROM poll_participation WHERE poll = $1",
                poll["id"],
            )
            ballots, trackers = await conn.fetchrow(
                "SELECT count(*), count(DISTINCT tracker) FROM secret_ballot WHERE poll = $1",
                poll["id"],
            )
            firsts = await conn.fetchval(
                "SELECT count(*) FROM secret_ciphertext WHERE poll = $1", poll["id"]
            )
            accepted = sum(1 for _, code in sent if code == 201)
            print(
                f"  poll {poll['id']}: {accepted} casts answered 201 of {len(sent)}; marks "
                f"{marks} (distinct {distinct}), encrypted ballots {ballots} (distinct "
                f"trackers {trackers}), first components {firsts}"
            )
            if accepted != delegates:
                failures.append(f"poll {poll['id']}: {delegates - accepted} casts not accepted")
            if not (marks == distinct == ballots == trackers == delegates):
                failures.append(f"poll {poll['id']}: ballots lost or doubled")
            if firsts != delegates * CANDIDATES:
                failures.append(f"poll {poll['id']}: {firsts} first components")
    finally:
        await conn.close()
    expected = [sum(kept(n)[c] for n in range(delegates)) for c in range(CANDIDATES)]
    if outcome["board"]["counts"] != expected:
        failures.append(f"counts {outcome['board']['counts']} ≠ the ballots sent {expected}")
    return failures


def report(args, outcome: dict, checks: dict, load: tuple[float, float, float]) -> None:
    n = len(outcome["burst"])
    ms = [m for m, _ in outcome["burst"]]
    pool_cpu, server_cpu = outcome["cpu"]
    print()
    print(
        f"burst: {n} ballots sent over {args.duration:g} s, all answered in "
        f"{outcome['burst_s']:.1f} s; {latency_line(ms)}"
    )
    print(
        f"server CPU during the burst: {server_cpu / n * 1000:.1f} ms per ballot, of which "
        f"proof checking (the pool) {pool_cpu / n * 1000:.1f} ms"
    )
    print(f"  (in this process, one ballot's check: {checks['check_ms']:.1f} ms of CPU)")
    casts_rate = n / outcome["casts_s"]
    inserts_rate = n / outcome["inserts_s"]
    print(
        f"throughput ({args.concurrency} concurrent): {casts_rate:.1f} ballots/s; bare inserts "
        f"{inserts_rate:.0f} rows/s; ratio {casts_rate / inserts_rate:.3f}"
    )
    t = outcome["tally"]
    partials = ", ".join(f"made {m:.2f} s + posted {p:.2f} s" for m, p in t["partials_s"])
    print(
        f"tally of {n} ballots: close (board frozen) {t['close_s']:.2f} s, board read "
        f"{t['board_read_s']:.2f} s, partial decryptions: {partials}"
    )
    v = checks["verifiers"]
    print(
        f"verify-tally (Python): {v['verify_tally_s']:.1f} s, exit {v['verify_tally_out'][0]}; "
        f"Node verifier: {v['node_s']:.1f} s, exit {v['node_out'][0]}"
    )
    print(f"ballots built before the burst: {checks['build_s']:.1f} s for {2 * n}")
    print(f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.secret_ballot_burst")
    parser.add_argument("--delegates", type=int, default=1000)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--build-processes", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--board", help="keep the published board in this file")
    args = parser.parse_args(argv)
    print(
        f"Secret ballot burst: {args.delegates} delegates casting {CANDIDATES}-candidate "
        f"strike-out ballots ({SEATS} seats) in {args.duration:g} s; PostgreSQL + Redis, "
        f"granian {args.workers} workers; load average {os.getloadavg()[0]:.2f}",
        flush=True,
    )
    with bench_environment() as bench:
        setup = asyncio.run(prepare(bench.pg_admin_url, args.delegates))
        print("  prepared", flush=True)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        with granian("backend.asgi:app", port, bench.env, workers=args.workers) as server:
            polls = asyncio.run(open_polls(base_url, setup))
            t0 = time.perf_counter()
            for poll in polls:
                poll["ballots"] = build_all(poll["context"], args.delegates, args.build_processes)
            checks = {"build_s": time.perf_counter() - t0}
            print(f"  {2 * args.delegates} ballots built in {checks['build_s']:.1f} s", flush=True)
            outcome = asyncio.run(run(args, base_url, setup, polls, server.pid))
        load = os.getloadavg()
        failures = asyncio.run(check(setup, polls, outcome, args.delegates))
        board_path = Path(args.board or tempfile.mktemp(prefix="dangbo-board-", suffix=".json"))
        board_path.write_text(json.dumps(outcome["board"], ensure_ascii=False), encoding="utf-8")
        checks["verifiers"] = verifiers(board_path)
        if not args.board:
            board_path.unlink()
    checks["check_ms"] = _check_cpu(polls[0])
    report(args, outcome, checks, load)
    v = checks["verifiers"]
    if v["verify_tally_out"][0] != 0:
        failures.append(f"verify-tally: {v['verify_tally_out'][1]}")
    if v["node_out"][0] != 0:
        failures.append(f"Node verifier: {v['node_out'][1]}")
    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    print("no ballot lost or doubled; both verifiers pass" if not failures else "CHECKS FAILED")
    return 1 if failures else 0


def _check_cpu(poll: dict, sample: int = 20) -> float:
    """One ballot's check in this process (process time), as the pool runs it."""
    from backend.ballots.check_pool import check_cast

    ballots = poll["ballots"][:sample]
    t0 = time.process_time()
    for ballot in ballots:
        assert check_cast(poll["context"], ballot)[0]
    return (time.process_time() - t0) / len(ballots) * 1000


if __name__ == "__main__":
    sys.exit(main())
