"""The HTTP phases of the consultations benchmark (``benchmarks/consultations.py intake`` and
``read``), against the production set-up: PostgreSQL, Redis, ``backend.asgi:app`` under
granian with two workers, on a fresh database and Redis prefix thrown away afterwards.

- **intake**: ``--citizens`` citizens (users with the role ``cong_dan``, their citizen rows
  with consent given, a session each) post comments on the units of an open consultation for
  ``--duration`` seconds from ``--connections`` clients as fast as the server answers (closed
  loop), each comment with its own ``Idempotency-Key``, the per-citizen limit on (each citizen
  is given at most its per-minute allowance). The bare handler (``benchmarks/baseline_app.py``)
  is measured the same way for 10 s first. Prints comments/s, p50 and p99, the ratio to the
  bare handler, and then counts the rows: every comment answered 201 is in the table, once.
- **read**: one unit with 5,000 comments; ``--connections`` readers ask for its first page
  and pages further on (``limit=20``, a cursor from an earlier page) for ``--duration``
  seconds; ``GET /api/health`` at the same concurrency is the baseline.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.api_load import _wrk_ms, drop_postgres, free_port, granian, run_wrk

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("DANGBO_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS = os.environ.get("DANGBO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")


def environment() -> tuple[dict[str, str], str]:
    run_id = secrets.token_hex(4)
    var_dir = Path(tempfile.mkdtemp(prefix=f"dangbo-bench-{run_id}-"))
    env = dict(os.environ)
    env.update(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
            "DANGBO_ORIGIN": "http://localhost:3000",
            "DANGBO_REDIS_PREFIX": f"dangbo-bench-{run_id}",
            "DANGBO_DATABASE_URL": f"{PG_ADMIN.rpartition('/')[0]}/dangbo_bench_{run_id}",
            "DANGBO_REDIS_URL": REDIS,
            "DANGBO_AUTH_RATE_LIMIT_PER_MINUTE": "1000000",
            "PYTHONPATH": str(ROOT),
        }
    )
    os.environ.update(env)
    return env, run_id


async def prepare(citizens: int, comments_on_one: int) -> dict:
    """A fresh database with a consultation (and ``comments_on_one`` comments on its first
    unit), ``citizens`` citizens and their session tokens."""
    import asyncpg

    from backend import db
    from backend.accounts.identity import Client
    from backend.accounts.sessions import SessionService
    from backend.accounts.tables import User
    from backend.citizens import consent as notice
    from backend.citizens.keys import CitizenKeys
    from backend.citizens.tables import Citizen
    from backend.consultations.tables import Comment
    from backend.core.clock import now
    from backend.domains import build_services
    from backend.orgs.services import ensure_organisation
    from backend.settings import get_settings
    from benchmarks.consultations import load
    from benchmarks.documents_setup import make_org_and_user
    from shared.orgs import OrgKind

    settings = get_settings()
    name = settings.database_url.rpartition("/")[2]
    conn = await asyncpg.connect(PG_ADMIN, timeout=10)
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
        await ensure_organisation("DBCQD", "Đảng bộ các cơ quan Đảng", OrgKind.DANG_BO, None)
        _, editor_id = await make_org_and_user("DBBENCHGY", "bench-bientap", ["bien_tap"])
        cid = await load(settings.database_url, 0, 20, editor_id)
        org = await ensure_organisation("CONGDAN", "Công dân", OrgKind.CHI_BO, "DBCQD")
        keys = CitizenKeys(settings.secret_key)
        stamp = now()
        users = await User.insert(
            *[
                User(username=f"cd-{secrets.token_hex(8)}", full_name="Công dân",
                     organisation=org, roles='["cong_dan"]', is_active=True, created_at=stamp)
                for _ in range(citizens)
            ]
        ).returning(User.id)  # fmt: skip
        rows = []
        for u in users:
            key = keys.new_person_key()
            rows.append(
                Citizen(user=u["id"], pid_hash=keys.pid_hash(f"0{secrets.randbelow(10**11):011d}"),
                        person_key_sealed=keys.seal_person_key(key, u["id"]),
                        name_sealed=keys.seal_name(key, u["id"], "Công Dân Đo Tải"),
                        age_band="30_44", province="Bắc Ninh", commune="Phường Kinh Bắc",
                        account_level=2, consent_version=notice.VERSION, consent_at=stamp,
                        created_at=stamp)
            )  # fmt: skip
        for i in range(0, len(rows), 1000):
            await Citizen.insert(*rows[i : i + 1000])
        sessions = services.get(SessionService)
        tokens = [await sessions.open(u["id"], Client()) for u in users]
        if comments_on_one:
            rng = random.Random(3)
            batch = [
                Comment(consultation=cid, target="don_vi", unit_key="u1", version_seen=1,
                        author_token=secrets.token_hex(32), age_band="30_44",
                        province="Bắc Ninh", commune="Phường Kinh Bắc",
                        text=f"Góp ý số {n}: " + " ".join(rng.sample(
                            "cần nêu rõ nguồn lực thực hiện chỉ tiêu của tỉnh trong nhiệm kỳ tới"
                            .split(), 8)),
                        status="hien_thi", created_at=stamp)
                for n in range(comments_on_one)
            ]  # fmt: skip
            for i in range(0, len(batch), 1000):
                await Comment.insert(*batch[i : i + 1000])
    finally:
        await db.stop(engine)
    return {"consultation": cid, "tokens": tokens}


def _summary(latencies: list[float], elapsed: float) -> dict:
    ordered = sorted(latencies)
    return {
        "requests": len(ordered),
        "per_s": len(ordered) / elapsed,
        "p50_ms": statistics.median(ordered) if ordered else 0.0,
        "p99_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else 0.0,
    }


async def _closed_loop(clients, duration: float, send) -> tuple[dict, dict[int, int]]:
    """Each client sends its next request when the last one is answered, for ``duration``."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    loop = asyncio.get_running_loop()
    started = loop.time()
    deadline = started + duration

    async def run(n: int) -> None:
        while loop.time() < deadline:
            t0 = time.perf_counter()
            status = await send(n, clients[n % len(clients)])
            if status is None:
                return
            latencies.append((time.perf_counter() - t0) * 1000)
            statuses[status] = statuses.get(status, 0) + 1

    await asyncio.gather(*(run(n) for n in range(len(clients))))
    return _summary(latencies, loop.time() - started), statuses


async def _status(answer) -> int:
    return (await answer).status_code


async def _bare(connections: int, duration: float) -> dict:
    import httpx

    port = free_port()
    with granian("benchmarks.baseline_app:app", port, dict(os.environ), workers=2):
        clients = [
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=30)
            for _ in range(connections)
        ]
        try:

            async def send(_n: int, client) -> int:
                return (await client.get("/")).status_code

            summary, _ = await _closed_loop(clients, duration, send)
        finally:
            for c in clients:
                await c.aclose()
    return summary


WRK_SCRIPT = ROOT / "benchmarks" / "lua" / "comment_intake.lua"
WRK_THREADS = 2


def _wrk_intake(
    url: str, tokens: list[str], csrf: str, per_minute: int, connections: int, duration: float
) -> tuple[dict, dict[int, int]]:
    """The intake driven by wrk (``benchmarks/lua/comment_intake.lua``): a C load generator
    leaves the two cores to the server far more than httpx in this process does."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listed:
        listed.write("\n".join(tokens))
    try:
        command = [
            "wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{int(duration)}s", "--latency",
            "-s", str(WRK_SCRIPT), url, "--",
            listed.name, csrf, str(per_minute), str(WRK_THREADS),
        ]  # fmt: skip
        out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(listed.name)
    statuses: dict[int, int] = {}
    for line in out.splitlines():
        if line.startswith("answers "):
            for pair in line.split()[2:]:
                status, count = pair.split("=")
                statuses[int(status)] = statuses.get(int(status), 0) + int(count)
    took = re.search(r"requests in ([\d.]+)(ms|s|m|h)\b", out)  # "1.00m" for a minute
    assert took is not None, out
    elapsed = float(took.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[took.group(2)]
    summary = {
        "requests": sum(statuses.values()),
        "per_s": statuses.get(201, 0) / elapsed,
        "p50_ms": _wrk_ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
        "p99_ms": _wrk_ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),  # type: ignore[union-attr]
    }
    return summary, statuses


async def intake(connections: int, duration: float, citizens: int, per_minute: int) -> list[str]:
    import asyncpg
    import httpx

    from benchmarks.api_load import csrf_cookie

    env, run_id = environment()
    failures: list[str] = []
    use_wrk = shutil.which("wrk") is not None
    try:
        setup = await prepare(citizens, 0)
        if use_wrk:
            port = free_port()
            with granian("benchmarks.baseline_app:app", port, dict(os.environ), workers=2):
                measured = run_wrk(f"http://127.0.0.1:{port}/", {}, connections, 10)
            bare = {"per_s": measured["rps"], "p50_ms": measured["p50_ms"],
                    "p99_ms": measured["p99_ms"]}  # fmt: skip
        else:
            bare = await _bare(connections, 10)
        print(f"bare handler: {bare['per_s']:.0f} req/s, p50 {bare['p50_ms']:.1f} ms, "
              f"p99 {bare['p99_ms']:.1f} ms")  # fmt: skip
        # Each citizen sends at most his per-minute allowance over the run.
        quota = [(t, n) for n in range(per_minute) for t in setup["tokens"]]
        queue = iter(quota)
        created = 0
        port = free_port()
        with granian("backend.asgi:app", port, env, workers=2):
            base_url = f"http://127.0.0.1:{port}"
            csrf = csrf_cookie(f"{base_url}/api/csrf")
            path = f"/api/consultations/{setup['consultation']}/comments"
            # One client (one connection pool) per sender, as the readers have: a pool shared
            # by 50 senders held the bare handler to 73 req/s.
            clients = [httpx.AsyncClient(base_url=base_url, timeout=30) for _ in range(connections)]
            try:
                # Both workers load the app before the clock starts (granian is "up" once one
                # of them answers).
                await _closed_loop(clients, 5, lambda _n, c: _status(c.get("/api/health")))
                if use_wrk:
                    summary, statuses = _wrk_intake(
                        base_url + path, setup["tokens"], csrf, per_minute, connections, duration
                    )
                    created = statuses.get(201, 0)
                    statuses.pop(200, None)  # health checks once every allowance was used

                async def send(n: int, c) -> int | None:
                    nonlocal created
                    item = next(queue, None)
                    if item is None:
                        return None
                    token, k = item
                    answer = await c.post(
                        path,
                        json={"target": "don_vi", "unit_key": f"u{1 + (n + k) % 20}",
                              "text": f"Góp ý thứ {k} về điểm này: cần nêu rõ nguồn lực."},
                        headers={
                            "Idempotency-Key": uuid.uuid4().hex,
                            "x-csrftoken": csrf,
                            "cookie": f"dangbo_session={token}; csrftoken={csrf}",
                        },
                    )  # fmt: skip
                    if answer.status_code == 201:
                        created += 1
                    return answer.status_code

                if not use_wrk:
                    summary, statuses = await _closed_loop(clients, duration, send)
            finally:
                for c in clients:
                    await c.aclose()
        print(f"intake ({'wrk' if use_wrk else 'httpx'}): {summary['per_s']:.0f} comments/s "
              f"over {duration:g} s "
              f"({summary['requests']} requests), p50 {summary['p50_ms']:.1f} ms, "
              f"p99 {summary['p99_ms']:.1f} ms; answers {statuses}; "
              f"ratio to the bare handler {summary['per_s'] / bare['per_s']:.3f}")  # fmt: skip
        conn = await asyncpg.connect(env["DANGBO_DATABASE_URL"], timeout=10)
        try:
            rows = await conn.fetchval(
                'SELECT count(*) FROM "comment" WHERE "consultation" = $1', setup["consultation"]
            )
            keys = await conn.fetchval(
                'SELECT count(DISTINCT ("author_token", "idempotency_key")) FROM "comment" '
                'WHERE "consultation" = $1',
                setup["consultation"],
            )
        finally:
            await conn.close()
        print(f"counted after: {rows} comment rows ({keys} distinct keys), {created} answered 201")
        # wrk stops at its deadline with a request in flight on each connection: those may be
        # stored without their answer being read. Lost would be fewer rows than 201 answers;
        # doubled, fewer distinct keys than rows.
        cut = connections if use_wrk else 0
        if keys != rows or not created <= rows <= created + cut:
            failures.append(f"{rows} rows ({keys} distinct) for {created} comments answered 201")
        if summary["per_s"] < 200:
            failures.append(f"{summary['per_s']:.0f} comments/s < 200")
        if set(statuses) - {201}:
            failures.append(f"answers other than 201: {statuses}")
    finally:
        await drop_postgres(PG_ADMIN, env["DANGBO_DATABASE_URL"], REDIS, f"dangbo-bench-{run_id}")
    return failures


async def read(connections: int, duration: float, comments: int) -> list[str]:
    import httpx

    env, run_id = environment()
    failures: list[str] = []
    try:
        setup = await prepare(connections, comments)
        port = free_port()
        with granian("backend.asgi:app", port, env, workers=2):
            base_url = f"http://127.0.0.1:{port}"
            path = f"/api/consultations/{setup['consultation']}/comments"
            clients = [
                httpx.AsyncClient(base_url=base_url, timeout=30,
                                  headers={"cookie": f"dangbo_session={token}"})
                for token in setup["tokens"][:connections]
            ]  # fmt: skip
            try:
                cursors: list[str] = []
                first = await clients[0].get(path, params={"unit": "u1", "limit": 20})
                assert first.status_code == 200, first.text
                cursor = first.json()["next_cursor"]
                while cursor and len(cursors) < 200:  # cursors deep into the unit
                    cursors.append(cursor)
                    page = await clients[0].get(
                        path, params={"unit": "u1", "limit": 20, "cursor": cursor}
                    )
                    cursor = page.json()["next_cursor"]
                rng = random.Random(5)

                async def health(_n: int, c) -> int:
                    return (await c.get("/api/health")).status_code

                async def page_of(_n: int, c) -> int:
                    params = {"unit": "u1", "limit": 20}
                    if cursors and rng.random() < 0.5:
                        params["cursor"] = rng.choice(cursors)
                    return (await c.get(path, params=params)).status_code

                await _closed_loop(clients, 5, health)  # both workers loaded first
                base, _ = await _closed_loop(clients, 10, health)
                pages, statuses = await _closed_loop(clients, duration, page_of)
            finally:
                for c in clients:
                    await c.aclose()
        print(f"health: {base['per_s']:.0f} req/s, p50 {base['p50_ms']:.1f} ms, "
              f"p99 {base['p99_ms']:.1f} ms")  # fmt: skip
        print(f"a page of 20 of {comments} comments on one unit, {connections} readers: "
              f"{pages['per_s']:.0f} pages/s, p50 {pages['p50_ms']:.1f} ms, "
              f"p99 {pages['p99_ms']:.1f} ms; answers {statuses}")  # fmt: skip
        if set(statuses) - {200}:
            failures.append(f"answers other than 200: {statuses}")
    finally:
        await drop_postgres(PG_ADMIN, env["DANGBO_DATABASE_URL"], REDIS, f"dangbo-bench-{run_id}")
    return failures
