"""CPU time per request, in process: the real app against the bare Litestar handler.

    .venv/bin/python -m benchmarks.api_cpu [--requests 2000] [--repeats 7]

The API load benchmark (``benchmarks.api_load``) measures requests per second under granian;
on a shared machine its runs scatter more than most changes move them. This one calls the
ASGI apps directly, one request after another, and reads ``time.process_time``, which a busy
neighbour inflates far less: the best of ``--repeats`` rounds of ``--requests`` requests, in
microseconds per request, for

- the bare handler (``benchmarks/baseline_app.py``),
- ``GET /api/health`` and ``GET /api/me`` (signed in, with the session and CSRF cookies) of
  the app as served: ``backend.asgi.app`` (the edge wrapper, every middleware, SQLite).

Compare two commits by running it in each (a worktree of the other commit, the same venv).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.api_load import prepare_database


def _scope(path: str, cookie: str) -> dict:
    headers = [(b"host", b"localhost:3000"), (b"accept", b"application/json")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 3000),
        "state": {},
    }


async def _call(app, path: str, cookie: str = "") -> tuple[int, list]:
    status = 0
    headers: list = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        nonlocal status, headers
        if message["type"] == "http.response.start":
            status = message["status"]
            headers = list(message.get("headers") or ())

    await app(_scope(path, cookie), receive, send)
    return status, headers


async def _per_request_us(app, path: str, cookie: str, requests: int, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        for _ in range(requests):
            await _call(app, path, cookie)
        best = min(best, time.process_time() - started)
    return best / requests * 1e6


async def measure(requests: int, repeats: int) -> dict[str, float]:
    from benchmarks.baseline_app import app as baseline

    token = await prepare_database(None)
    from backend.asgi import app  # built after the environment below is set

    api = app.app if hasattr(app, "app") else app
    # The Litestar app inside the edge wrapper runs its lifespan (database, stores).
    async with api.lifespan():
        status, headers = await _call(app, "/api/csrf")
        csrf = next(
            value.decode().split(";", 1)[0].partition("=")[2]
            for name, value in headers
            if name == b"set-cookie" and value.startswith(b"csrftoken=")
        )
        cookie = f"dangbo_session={token}; csrftoken={csrf}"
        for path, sent in (("/api/health", ""), ("/api/me", cookie)):
            status, _ = await _call(app, path, sent)
            assert status == 200, (path, status)
        return {
            "baseline": await _per_request_us(baseline, "/api/health", "", requests, repeats),
            "health": await _per_request_us(app, "/api/health", "", requests, repeats),
            "me": await _per_request_us(app, "/api/me", cookie, requests, repeats),
        }


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.api_cpu")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="dangbo-cpu-"))
    for name in ("DANGBO_DATABASE_URL", "DANGBO_REDIS_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    os.environ.update(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
            "DANGBO_ORIGIN": "http://localhost:3000",
            "DANGBO_DATABASE_URL": f"sqlite:///{var_dir / 'cpu.sqlite3'}",
        }
    )
    try:
        result = asyncio.run(measure(args.requests, args.repeats))
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)
    print(f"CPU per request, best of {args.repeats} x {args.requests} (µs):")
    for name, label in (
        ("baseline", "bare Litestar handler"),
        ("health", "GET /api/health"),
        ("me", "GET /api/me (signed in)"),
    ):
        print(f"  {label:<26}{result[name]:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
