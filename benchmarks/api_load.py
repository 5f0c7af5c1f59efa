"""API load benchmark: the real app against a bare Litestar handler, measured in one run.

    .venv/bin/python -m benchmarks.api_load [--backend sqlite|postgres] [--duration 10]

Three targets, each served by granian (one worker) on loopback and loaded from a separate
process (``wrk`` when installed, else a small asyncio HTTP/1.1 load generator):

- the baseline: ``GET /api/health`` of ``benchmarks/baseline_app.py`` (one handler, nothing else);
- ``GET /api/health`` of the real app (``backend.asgi:app``: security headers, CSRF, rate
  limit and request-log middleware, a ``SELECT 1`` on the database, Redis ping if configured);
- ``GET /api/me`` of the real app with the cookies a signed-in browser holds: the session
  and the CSRF token (got once from ``GET /api/csrf``).

The real app runs on a throw-away database: a temporary SQLite file (the embedded default) or,
with ``--backend postgres``, a fresh PostgreSQL database plus Redis (the production set-up),
dropped afterwards. The signed-in user is enrolled through the real account service with the
test suite's software authenticator, so the cookie is an ordinary session.

Prints requests/s, p50 and p99 latency per target and the ratios to the baseline
(targets: health >= 0.65, authenticated read >= 0.5). Exit status 0 unless ``--check`` is
given and a target is missed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
TARGET_RATIOS = {"health": 0.65, "me": 0.5}
LABELS = {
    "baseline": "bare Litestar handler",
    "health": "GET /api/health",
    "me": "GET /api/me (signed in)",
}


# ---- load generation ----------------------------------------------------------------------


def _wrk_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, headers: dict[str, str], connections: int, duration: float) -> dict:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{int(duration)}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _wrk_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _wrk_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors:.*", out)
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "requests": total,
        "errors": int(bad.group(1)) if bad else 0,
        "socket_errors": socket_errors.group(0) if socket_errors else "",
        "tool": "wrk",
    }


async def _generate(
    host: str, port: int, path: str, headers: dict[str, str], connections: int, duration: float
) -> dict:
    """Keep-alive HTTP/1.1 clients on raw streams: far cheaper per request than an HTTP
    library, so the generator is less of a bottleneck than the server it measures."""
    extra = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode()
    latencies: list[float] = []
    errors = 0
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + duration

    async def client() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while loop.time() < deadline:
                t0 = time.perf_counter()
                writer.write(request)
                status = await reader.readline()
                length, chunked = 0, False
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b""):
                        break
                    name, _, value = line.partition(b":")
                    name = name.strip().lower()
                    if name == b"content-length":
                        length = int(value)
                    elif name == b"transfer-encoding" and b"chunked" in value.lower():
                        chunked = True
                if chunked:
                    while True:
                        size = int((await reader.readline()).strip(), 16)
                        await reader.readexactly(size + 2)
                        if size == 0:
                            break
                elif length:
                    await reader.readexactly(length)
                latencies.append((time.perf_counter() - t0) * 1000)
                if not status.startswith(b"HTTP/1.1 2"):
                    errors += 1
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = loop.time() - started
    latencies.sort()
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "requests": len(latencies),
        "errors": errors,
        "socket_errors": "",
        "tool": "python-asyncio",
    }


def run_python_generator(
    url: str, headers: dict[str, str], connections: int, duration: float
) -> dict:
    """The fallback generator, in its own process so it does not share a core's GIL."""
    command = [sys.executable, "-m", "benchmarks.api_load", "--generate", url]
    command += ["--connections", str(connections), "--duration", str(duration)]
    for name, value in headers.items():
        command += ["--header", f"{name}: {value}"]
    out = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return json.loads(out)


def load(url: str, headers: dict[str, str], connections: int, duration: float) -> dict:
    if shutil.which("wrk"):
        return run_wrk(url, headers, connections, duration)
    return run_python_generator(url, headers, connections, duration)


# ---- servers ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers, even if not with 200
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not start within {timeout:.0f} s")


@contextmanager
def granian(
    target: str, port: int, env: dict[str, str], workers: int = 1
) -> Iterator[subprocess.Popen]:
    command = [
        str(BIN / "granian"),
        "--interface",
        "asgi",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-ws",
        "--log-level",
        "warning",
        target,
    ]
    # The app's request log goes to stderr: kept (it is part of the real cost), not read.
    # Its own process group, so the worker process is stopped with it and never left behind.
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/api/health")
        yield process
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(process.pid, signal.SIGKILL)  # a worker still shutting down
        except ProcessLookupError:
            pass
        process.wait()


def csrf_cookie(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        for header in response.headers.get_all("set-cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == "csrftoken":
                return rest.split(";", 1)[0]
    raise RuntimeError("GET /api/csrf set no csrftoken cookie")


# ---- the database and the signed-in user --------------------------------------------------


async def prepare_database(pg_admin_url: str | None) -> str:
    """Migrate, seed, and enrol one user through the account service; returns a session token.

    Runs in this process with the same ``DANGBO_*`` environment the server gets."""
    from backend import db
    from backend.accounts.identity import Client
    from backend.accounts.invitations import InvitationService
    from backend.accounts.registration import RegistrationCeremony
    from backend.domains import build_services
    from backend.seed import seed_demo
    from backend.settings import get_settings
    from shared.accounts import Role
    from tests.soft_authenticator import SoftAuthenticator

    settings = get_settings()
    if pg_admin_url:
        import asyncpg

        name = settings.database_url.rpartition("/")[2]
        conn = await asyncpg.connect(pg_admin_url, timeout=10)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    try:
        await db.migrate()
        services = build_services(settings)
        await seed_demo(services)
        created = await services.get(InvitationService).invite(
            full_name="Người Đo Tải", roles=[Role.CAN_BO], organisation_code=None
        )
        registration = services.get(RegistrationCeremony)
        ceremony, options = await registration.begin(created.url.rsplit("/", 1)[1], Client())
        authenticator = SoftAuthenticator(origin=settings.origin, rp_id=settings.rp_id)
        credential = authenticator.create(options)
        _, token = await registration.finish(ceremony, credential, "Đo tải", Client())
    finally:
        await db.stop(engine)
    return token


async def drop_postgres(pg_admin_url: str, database_url: str, redis_url: str, prefix: str) -> None:
    import asyncpg
    from redis.asyncio import Redis

    name = database_url.rpartition("/")[2]
    conn = await asyncpg.connect(pg_admin_url, timeout=10)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()
    client = Redis.from_url(redis_url)
    try:
        keys = [k async for k in client.scan_iter(f"{prefix}*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


# ---- the run ------------------------------------------------------------------------------


_PROFILE_FORMATS = {".svg": "flamegraph", ".json": "speedscope", ".txt": "raw"}


def profile(pid: int, seconds: float, out: Path) -> subprocess.Popen | None:
    spy = shutil.which("py-spy") or (str(BIN / "py-spy") if (BIN / "py-spy").exists() else None)
    if spy is None:
        print("py-spy is not installed (pip install py-spy): no profile", file=sys.stderr)
        return None
    return subprocess.Popen(
        # granian runs the app in a worker process: follow subprocesses.
        [spy, "record", "--pid", str(pid), "--subprocesses", "--duration", str(int(seconds))]
        + ["--rate", "250", "--format", _PROFILE_FORMATS.get(out.suffix, "flamegraph")]
        + ["-o", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def main_run(args: argparse.Namespace) -> int:
    run_id = secrets.token_hex(4)
    var_dir = Path(tempfile.mkdtemp(prefix=f"dangbo-bench-{run_id}-"))
    env = dict(os.environ)
    for name in ("DANGBO_DATABASE_URL", "DANGBO_REDIS_URL", "REDIS_URL"):
        env.pop(name, None)
    env.update(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
            "DANGBO_ORIGIN": "http://localhost:3000",
            "DANGBO_REDIS_PREFIX": f"dangbo-bench-{run_id}",
            "PYTHONPATH": str(ROOT),
        }
    )
    pg_admin_url = redis_url = None
    if args.backend == "postgres":
        pg_admin_url = os.environ.get(
            "DANGBO_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        )
        redis_url = os.environ.get("DANGBO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
        env["DANGBO_DATABASE_URL"] = f"{pg_admin_url.rpartition('/')[0]}/dangbo_bench_{run_id}"
        env["DANGBO_REDIS_URL"] = redis_url
    else:
        env["DANGBO_DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    os.environ.update(env)  # the preparation below reads the same settings as the server
    if args.backend != "postgres":
        os.environ.pop("DANGBO_REDIS_URL", None)

    tool = "wrk" if shutil.which("wrk") else "python asyncio generator (install wrk for better)"
    print(
        f"API load benchmark: backend={args.backend}, granian 1 worker, {args.connections} "
        f"connections, {args.duration:g} s x {args.rounds} rounds per target, load by {tool}",
        flush=True,
    )
    try:
        token = asyncio.run(prepare_database(pg_admin_url))
        base_port, app_port = free_port(), free_port()
        targets = {
            "baseline": (f"http://127.0.0.1:{base_port}/api/health", {}),
            "health": (f"http://127.0.0.1:{app_port}/api/health", {}),
            "me": (f"http://127.0.0.1:{app_port}/api/me", {"Cookie": f"dangbo_session={token}"}),
        }
        results: dict[str, list[dict]] = {name: [] for name in targets}
        with (
            granian("benchmarks.baseline_app:app", base_port, env),
            granian("backend.asgi:app", app_port, env) as app_server,
        ):
            # A signed-in browser (or the UI's client) also holds the CSRF cookie; without it
            # the CSRF middleware would mint a token and a Set-Cookie on every response.
            csrf = csrf_cookie(f"http://127.0.0.1:{app_port}/api/csrf")
            targets["me"][1]["Cookie"] += f"; csrftoken={csrf}"
            for url, headers in targets.values():  # a check, and a warm-up
                request = urllib.request.Request(url, headers=headers)
                with urllib.request.urlopen(request, timeout=5) as response:
                    assert response.status == 200, (url, response.status)
                load(url, headers, args.connections, 2)
            for round_no in range(1, args.rounds + 1):
                for name, (url, headers) in targets.items():
                    spy = None
                    if args.profile and name != "baseline" and round_no == 1:
                        args.profile.mkdir(parents=True, exist_ok=True)
                        out = args.profile / f"{args.backend}-{name}.{args.profile_format}"
                        spy = profile(app_server.pid, args.duration, out)
                    result = load(url, headers, args.connections, args.duration)
                    if spy is not None:
                        spy.wait()
                    results[name].append(result)
                    print(
                        f"  round {round_no} {LABELS[name]:<24} {result['rps']:>9.0f} req/s  "
                        f"p50 {result['p50_ms']:6.2f} ms  p99 {result['p99_ms']:6.2f} ms"
                        + (f"  ERRORS {result['errors']}" if result["errors"] else ""),
                        flush=True,
                    )
    finally:
        if pg_admin_url and redis_url:
            asyncio.run(
                drop_postgres(
                    pg_admin_url, env["DANGBO_DATABASE_URL"], redis_url, env["DANGBO_REDIS_PREFIX"]
                )
            )
        shutil.rmtree(var_dir, ignore_errors=True)

    summary = {
        name: {
            "rps": statistics.median(r["rps"] for r in runs),
            "p50_ms": statistics.median(r["p50_ms"] for r in runs),
            "p99_ms": statistics.median(r["p99_ms"] for r in runs),
            "errors": sum(r["errors"] for r in runs),
        }
        for name, runs in results.items()
    }
    base = summary["baseline"]["rps"]
    print()
    print(f"{'target':<26}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}   goal")
    missed = []
    for name, row in summary.items():
        ratio = row["rps"] / base
        goal = TARGET_RATIOS.get(name)
        verdict = ""
        if goal is not None:
            verdict = f">= {goal:.2f} {'met' if ratio >= goal else 'MISSED'}"
            if ratio < goal:
                missed.append(name)
        row["ratio"] = round(ratio, 3)
        print(
            f"{LABELS[name]:<26}{row['rps']:>10.0f}{row['p50_ms']:>9.2f}{row['p99_ms']:>9.2f}"
            f"{ratio:>8.2f}   {verdict}"
        )
    errors = sum(row["errors"] for row in summary.values())
    if errors:
        print(f"WARNING: {errors} non-2xx responses during the run", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps({"backend": args.backend, "summary": summary}, indent=2))
    return 1 if args.check and (missed or errors) else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.api_load")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3, help="the median of rounds is reported")
    parser.add_argument("--json", type=Path, help="also write the summary here")
    parser.add_argument("--profile", type=Path, help="py-spy flame graphs of the app, into DIR")
    parser.add_argument("--profile-format", choices=["svg", "txt", "json"], default="svg")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--generate", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--header", action="append", default=[], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        from urllib.parse import urlsplit

        parts = urlsplit(args.generate)
        headers = dict(h.split(": ", 1) for h in args.header)
        result = asyncio.run(
            _generate(
                parts.hostname or "127.0.0.1",
                parts.port or 80,
                parts.path or "/",
                headers,
                args.connections,
                args.duration,
            )
        )
        print(json.dumps(result))
        return 0
    return main_run(args)


if __name__ == "__main__":
    sys.exit(main())
