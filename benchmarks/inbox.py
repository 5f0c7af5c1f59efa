"""Inbox benchmark: a cán bộ with 10,000 assignments, 20 concurrent clients, the real API.

    .venv/bin/python -m benchmarks.inbox [--backend sqlite|postgres|both] [--duration 10]

For each engine: a throw-away database gets 10,000 documents assigned to one user (mixed
urgency, deadlines, 30 % done). The real API (``backend.asgi:app``) is served by granian, one
worker, on loopback; 20 clients (one connection each) call, in a loop, the inbox as a phone
does — the first page (60 %), one urgency (15 %), the overdue filter (10 %), the next page
(15 %) — with a session cookie. In the same run ``GET /api/me`` (also signed in, one indexed
session lookup) is loaded the same way as the baseline.

Prints requests/s, p50 and p99 per target and the ratio of the p99s. Target: inbox p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from benchmarks.documents_setup import (
    bench_database,
    load_assignments,
    load_documents,
    make_org_and_user,
    percentile,
    run_each_backend,
)

BIN = Path(sys.executable).parent
ASSIGNMENTS = 10_000
CLIENTS = 20


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _prepare(url: str) -> str:
    """Documents, assignments and a session; returns the session token."""
    from backend import db
    from backend.accounts.services import token_hash
    from backend.accounts.tables import UserSession
    from benchmarks.corpus import generate

    engine = db.create_engine(url)
    await db.start(engine)
    try:
        org_id, user_id = await make_org_and_user("BENCHIN", "bench_canbo", ["can_bo"])
        _, leader_id = await make_org_and_user("BENCHIN", "bench_lanhdao", ["lanh_dao"])
        ids = await load_documents(url, generate(ASSIGNMENTS, seed=11), org_id, leader_id)
        await load_assignments(url, ids, user_id, leader_id)
        token = secrets.token_urlsafe(32)
        moment = datetime.now(UTC)
        await UserSession.insert(
            UserSession(
                token_hash=token_hash(token),
                user=user_id,
                created_at=moment,
                last_seen_at=moment,
                expires_at=moment + timedelta(hours=12),
                user_agent="benchmark",
            )
        )
    finally:
        await db.stop(engine)
    return token


async def _load(base: str, token: str, paths, duration: float) -> dict:
    """``CLIENTS`` concurrent clients calling ``paths()`` for ``duration`` seconds."""
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + duration

    async def client() -> None:
        nonlocal errors
        async with httpx.AsyncClient(
            base_url=base, cookies={"dangbo_session": token}, timeout=30
        ) as http:
            while time.perf_counter() < deadline:
                path = await paths(http)
                t = time.perf_counter()
                response = await http.get(path)
                latencies.append((time.perf_counter() - t) * 1000)
                if response.status_code != 200:
                    errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    elapsed = time.perf_counter() - started
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies),
        "p99": percentile(latencies, 99),
        "n": len(latencies),
        "errors": errors,
    }


async def _measure(port: int, token: str, duration: float) -> tuple[dict, dict]:
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, cookies={"dangbo_session": token}) as http:
        first = (await http.get("/api/documents/inbox")).json()
        assert first["total"] and first["total"] > 7000, first.get("total")
        cursor = first["next_cursor"]
    counter = {"n": 0}

    async def inbox_path(_http) -> str:
        counter["n"] += 1
        k = counter["n"] % 20
        if k < 12:
            return "/api/documents/inbox"
        if k < 15:
            return "/api/documents/inbox?do_khan=hoa_toc"
        if k < 17:
            return "/api/documents/inbox?overdue=true"
        return f"/api/documents/inbox?cursor={cursor}"

    async def me_path(_http) -> str:
        return "/api/me"

    await _load(base, token, me_path, 1.0)  # warm-up
    baseline = await _load(base, token, me_path, duration)
    inbox = await _load(base, token, inbox_path, duration)
    return baseline, inbox


def _wait_up(port: int, proc: subprocess.Popen, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None:
            raise RuntimeError("granian exited")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError("API did not start")


async def run(backend: str, duration: float) -> tuple[dict, dict]:
    async with bench_database(backend) as url:
        token = await _prepare(url)
        port = _free_port()
        proc = subprocess.Popen(  # noqa: ASYNC220 - a server left running, not awaited
            [
                str(BIN / "granian"),
                "--interface",
                "asgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
                "--log-level",
                "warning",
                "backend.asgi:app",
            ],
            env=dict(os.environ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            await asyncio.to_thread(_wait_up, port, proc)
            return await _measure(port, token, duration)
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=10.0)
    args = parser.parse_args()
    if run_each_backend(["-m", "benchmarks.inbox", *sys.argv[1:]], args.backend):
        return
    for backend in [args.backend]:
        baseline, inbox = asyncio.run(run(backend, args.duration))
        print(
            f"{backend:8} {CLIENTS} client đồng thời | GET /api/me: {baseline['rps']:.0f} req/s, "
            f"p50 {baseline['p50']:.1f} ms, p99 {baseline['p99']:.1f} ms | "
            f"hộp văn bản ({ASSIGNMENTS} việc): {inbox['rps']:.0f} req/s, "
            f"p50 {inbox['p50']:.1f} ms, p99 {inbox['p99']:.1f} ms | "
            f"tỉ lệ p99 {inbox['p99'] / baseline['p99']:.2f}× | "
            f"mục tiêu p99 < 50 ms: {'ĐẠT' if inbox['p99'] < 50 else 'CHƯA ĐẠT'}"
            + (f" | lỗi: {inbox['errors'] + baseline['errors']}" if inbox["errors"] else "")
        )


if __name__ == "__main__":
    main()
