"""Inbox benchmark: a cán bộ with 10,000 assignments, 20 concurrent clients, the real API.

    .venv/bin/python -m benchmarks.inbox [--backend sqlite|postgres|both] [--duration 10]
                                         [--workers 1]

For each engine: a throw-away database gets 10,000 documents assigned to one user (mixed
urgency, deadlines, 30 % done). The real API (``backend.asgi:app``) is served by granian
(``--workers``, 1 by default) on loopback. 20 clients (one connection each; ``wrk`` when
installed, else an asyncio generator) call the inbox in a loop as a phone does: the first
page (60 %), one urgency (15 %), the overdue filter (10 %), the next page (15 %), with a
session cookie. In the same run ``GET /api/me`` (signed in: the session lookup every request
pays) is loaded the same way as the baseline.

Prints requests/s, p50 and p99 per target and the ratio of the p99s. Target: inbox p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
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
WORKERS = 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _prepare(url: str) -> str:
    """Documents, assignments and a session; returns the session token."""
    from backend import db
    from backend.accounts.tables import UserSession
    from backend.accounts.tokens import token_hash
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


def _wrk_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _wrk(base: str, token: str, paths: list[str], duration: float) -> dict:
    """wrk (C, one thread, ``CLIENTS`` connections) cycling through ``paths``: the load
    generator must not compete with the server for the CPU the way a Python one would."""
    script = Path(tempfile.mkstemp(suffix=".lua")[1])
    quoted = ", ".join(f'"{p}"' for p in paths)
    script.write_text(
        f"paths = {{{quoted}}}\ncounter = 0\n"
        "request = function()\n  counter = counter + 1\n"
        '  return wrk.format("GET", paths[(counter % #paths) + 1])\nend\n'
    )
    try:
        out = subprocess.run(
            ["wrk", "-t1", f"-c{CLIENTS}", f"-d{int(duration)}s", "--latency", "-s", str(script)]
            + ["-H", f"Cookie: dangbo_session={token}", base],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        script.unlink(missing_ok=True)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
        "p50": _wrk_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "p99": _wrk_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "n": int(re.search(r"(\d+) requests in", out).group(1)),  # type: ignore[union-attr]
        "errors": int(bad.group(1)) if bad else 0,
    }


async def _measure(port: int, token: str, duration: float) -> tuple[dict, dict]:
    base = f"http://127.0.0.1:{port}"
    async with httpx.AsyncClient(base_url=base, cookies={"dangbo_session": token}) as http:
        first = (await http.get("/api/documents/inbox?total=true")).json()
        assert first["total"] and first["total"] > 6000, first.get("total")  # ~70 % open
        cursor = first["next_cursor"]
    # as a phone asks: mostly the first page, then one urgency, the overdue list, a next page
    inbox_paths = ["/api/documents/inbox"] * 12
    inbox_paths += ["/api/documents/inbox?do_khan=hoa_toc"] * 3
    inbox_paths += ["/api/documents/inbox?overdue=true"] * 2
    inbox_paths += [f"/api/documents/inbox?cursor={cursor}"] * 3
    if shutil.which("wrk"):
        await asyncio.to_thread(_wrk, base, token, ["/api/me"], 1.0)  # warm-up
        baseline = await asyncio.to_thread(_wrk, base, token, ["/api/me"], duration)
        inbox = await asyncio.to_thread(_wrk, base, token, inbox_paths, duration)
        return baseline, inbox
    counter = {"n": 0}

    async def inbox_path(_http) -> str:
        counter["n"] += 1
        return inbox_paths[counter["n"] % len(inbox_paths)]

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
                str(WORKERS),
                "--log-level",
                "warning",
                "backend.asgi:app",
            ],
            env=dict(os.environ),
            # request logs go nowhere: an unread pipe would fill and stall the server
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
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
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    global WORKERS
    WORKERS = args.workers
    if run_each_backend(["-m", "benchmarks.inbox", *sys.argv[1:]], args.backend):
        return
    for backend in [args.backend]:
        baseline, inbox = asyncio.run(run(backend, args.duration))
        print(
            f"{backend:8} {WORKERS} worker, {CLIENTS} client đồng thời | "
            f"GET /api/me: {baseline['rps']:.0f} req/s, "
            f"p50 {baseline['p50']:.1f} ms, p99 {baseline['p99']:.1f} ms | "
            f"hộp văn bản ({ASSIGNMENTS} việc): {inbox['rps']:.0f} req/s, "
            f"p50 {inbox['p50']:.1f} ms, p99 {inbox['p99']:.1f} ms | "
            f"tỉ lệ p99 {inbox['p99'] / baseline['p99']:.2f}× | "
            f"mục tiêu p99 < 50 ms: {'ĐẠT' if inbox['p99'] < 50 else 'CHƯA ĐẠT'}"
            + (
                f" | phản hồi lỗi: /api/me {baseline['errors']}, hộp văn bản {inbox['errors']}"
                if inbox["errors"] or baseline["errors"]
                else ""
            )
        )


if __name__ == "__main__":
    main()
