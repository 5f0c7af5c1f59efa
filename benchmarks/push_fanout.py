"""Push fan-out: one notification to 10,000 subscriptions, real encryption, loopback push service.

    .venv/bin/python -m benchmarks.push_fanout [--subscriptions 10000] [--workers 1,2,4]
                                               [--concurrency 64] [--backend sqlite|postgres]

What runs, all on this machine:

- the fake push service (``tests/fakepush.py``) in its own process: for every message it
  verifies the VAPID JWT (ES256) and decrypts the aes128gcm body with the subscription's
  private key, as a real push service would (so it competes for the same two cores);
- a throw-away database (a temporary SQLite file, or a fresh PostgreSQL database) migrated
  with the project's migrations, 10,000 users each with one subscription whose P-256 key and
  auth secret were made by the fake service;
- ``notify()`` of one notification to all of them, in one transaction (timed: the fan-out
  write), then delivery by 1, 2 and 4 worker processes (``PushSender.deliver_due``, the code
  ``dangbo worker`` and the in-process loop run), each with ``--concurrency`` requests in
  flight. Each round sends a fresh notification to everybody.

Printed per round: wall time until every row is sent, messages/s, sender CPU per message
(user + system time of the worker processes), peak RSS of a worker. Then micro-costs (one
encryption, one VAPID signature) and pywebpush's synchronous API in a thread pool against its
asyncio API on the same messages (``--compare 2000``; 0 to skip).
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import resource
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("DANGBO_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


# ---- the fake push service, in its own process -------------------------------------------------


def _fake_service(conn, subscriptions: int, application_server_key: str) -> None:
    from tests.fakepush import FakePushService

    service = FakePushService(application_server_key=application_server_key).start()
    conn.send([service.subscription().as_json() for _ in range(subscriptions)])
    while True:
        command = conn.recv()
        if command == "stats":
            received = service.received
            conn.send(
                {
                    "received": len(received),
                    "accepted": sum(1 for r in received if r.status == 201),
                    "refused": [r.error for r in received if r.error][:5],
                    "cpu": time.process_time(),
                }
            )
        elif command == "reset":
            service.reset()
            conn.send(True)
        else:
            service.stop()
            conn.send(True)
            return


# ---- a delivery worker process ------------------------------------------------------------------


def _delivery_worker(concurrency: int, ready, go, results) -> None:
    async def main() -> dict:
        from backend import db
        from backend.domains import build_services
        from backend.notifications.delivery import PushSender
        from backend.notifications.vapid import VapidKeys
        from backend.settings import get_settings

        settings = get_settings()
        engine = db.create_engine(settings.database_url)
        await db.start(engine)
        keys = build_services(settings).get(VapidKeys)
        sender = PushSender(settings, keys, concurrency=concurrency, batch_size=4 * concurrency)
        await sender.start()
        ready.set()
        await asyncio.to_thread(go.wait)
        cpu0 = time.process_time()
        stats = await sender.deliver_due(pipelines=2)
        finished = time.time()
        cpu = time.process_time() - cpu0
        await sender.close()
        await db.stop(engine)
        return {
            "sent": stats.sent,
            "retry": stats.retry,
            "failed": stats.failed,
            "cpu": cpu,
            "finished": finished,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }

    results.put(asyncio.run(main()))


# ---- set-up -------------------------------------------------------------------------------------


async def _prepare(subscriptions_json: list[dict]) -> list[int]:
    """Migrate, then 10,000 users with one subscription each (bulk inserts)."""
    import json

    from backend import db
    from backend.accounts.tables import User
    from backend.core.clock import now
    from backend.notifications.tables import PushSubscription

    await db.migrate()
    created = now()
    tag = secrets.token_hex(3)
    user_ids: list[int] = []
    chunk = 1000
    for start in range(0, len(subscriptions_json), chunk):
        part = subscriptions_json[start : start + chunk]
        async with db.transaction():
            rows = await User.insert(
                *[
                    User(
                        username=f"bench-{tag}-{start + i}",
                        full_name=f"Đảng viên {start + i}",
                        roles=json.dumps(["dang_vien"]),
                        is_active=True,
                        created_at=created,
                    )
                    for i in range(len(part))
                ]
            ).returning(User.id)
            ids = [r["id"] for r in rows]
            await PushSubscription.insert(
                *[
                    PushSubscription(
                        user=uid,
                        endpoint=sub["endpoint"],
                        p256dh=sub["keys"]["p256dh"],
                        auth=sub["keys"]["auth"],
                        label="Điện thoại",
                        created_at=created,
                    )
                    for uid, sub in zip(ids, part, strict=True)
                ]
            )
        user_ids += ids
    return user_ids


async def _fan_out(user_ids: list[int], round_no: int) -> float:
    from backend import db
    from backend.notifications.notifier import Notifier
    from shared.notifications import NotificationKind

    started = time.perf_counter()
    async with db.transaction():
        ids = await Notifier().notify(
            user_ids,
            kind=NotificationKind.DAI_HOI,
            title=f"Đã mở biểu quyết (lượt {round_no})",
            body="Mời đồng chí biểu quyết trên ứng dụng.",
            link="/dai-hoi",
            urgent=True,
        )
    assert len(ids) == len(user_ids)
    return time.perf_counter() - started


async def _pending() -> int:
    from backend.notifications.tables import PushDelivery

    return await PushDelivery.count().where(PushDelivery.status.is_in(["pending", "sending"]))


def _deliver_round(workers: int, concurrency: int) -> dict:
    spawn = mp.get_context("spawn")
    results = spawn.Queue()
    go = spawn.Event()
    readies = [spawn.Event() for _ in range(workers)]
    processes = [
        spawn.Process(target=_delivery_worker, args=(concurrency, ready, go, results))
        for ready in readies
    ]
    for process in processes:
        process.start()
    for ready in readies:
        if not ready.wait(120):
            raise RuntimeError("a delivery worker did not start")
    started = time.time()
    go.set()
    outcomes = [results.get(timeout=600) for _ in processes]
    for process in processes:
        process.join(30)
    return {
        "wall": max(o["finished"] for o in outcomes) - started,
        "sent": sum(o["sent"] for o in outcomes),
        "retry": sum(o["retry"] for o in outcomes),
        "failed": sum(o["failed"] for o in outcomes),
        "cpu": sum(o["cpu"] for o in outcomes),
        "maxrss_mb": max(o["maxrss_mb"] for o in outcomes),
    }


# ---- micro-costs and pywebpush's two APIs -------------------------------------------------------


def _micro_costs(subscription: dict, key_file: Path) -> dict:
    from py_vapid import Vapid
    from pywebpush import WebPusher

    vapid = Vapid.from_file(str(key_file))
    data = b'{"id":1,"kind":"van_ban","title":"Van ban moi duoc giao","body":"","link":"/"}'
    rounds = 2000
    started = time.process_time()
    for _ in range(rounds):
        WebPusher(subscription).encode(data, "aes128gcm")
    encrypt = (time.process_time() - started) / rounds
    started = time.process_time()
    for _ in range(rounds):
        vapid.sign(
            {"sub": "mailto:a@b.vn", "aud": "http://127.0.0.1", "exp": int(time.time()) + 600}
        )
    sign = (time.process_time() - started) / rounds
    return {"encrypt_us": encrypt * 1e6, "vapid_sign_us": sign * 1e6}


def _compare_apis(subscriptions: list[dict], key_file: Path, contact: str) -> dict:
    """The same messages through ``webpush()`` (requests) in a thread pool, and through
    ``WebPusher.send_async`` (aiohttp) as the project sends them."""
    from concurrent.futures import ThreadPoolExecutor

    import aiohttp
    import requests
    from py_vapid import Vapid
    from pywebpush import WebPusher, webpush

    from backend.notifications.vapid import VapidSigner

    data = '{"id":1,"kind":"van_ban","title":"Văn bản mới được giao","body":"","link":"/"}'
    vapid = Vapid.from_file(str(key_file))

    session = requests.Session()
    adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=32)
    session.mount("http://", adapter)

    def send_sync(sub: dict) -> int:
        response = webpush(
            sub,
            data,
            vapid_private_key=vapid,
            vapid_claims={"sub": contact},  # a fresh dict per call: pywebpush mutates it
            ttl=3600,
            headers={"Urgency": "high"},
            requests_session=session,
            timeout=10,
        )
        return response.status_code

    cpu0, wall0 = time.process_time(), time.perf_counter()
    with ThreadPoolExecutor(max_workers=32) as pool:
        sync_statuses = list(pool.map(send_sync, subscriptions))
    sync = (time.perf_counter() - wall0, time.process_time() - cpu0)

    async def send_all() -> list[int]:
        signer = VapidSigner(vapid, contact)
        slots = asyncio.Semaphore(32)
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=32)) as http:

            async def one(sub: dict) -> int:
                async with slots:
                    origin = sub["endpoint"].split("/push/")[0]
                    headers = {"Urgency": "high", **signer.headers(origin)}
                    response = await WebPusher(sub, aiohttp_session=http).send_async(
                        data, headers, ttl=3600, content_encoding="aes128gcm"
                    )
                    return response.status

            return await asyncio.gather(*(one(s) for s in subscriptions))

    cpu0, wall0 = time.process_time(), time.perf_counter()
    async_statuses = asyncio.run(send_all())
    asyncio_ = (time.perf_counter() - wall0, time.process_time() - cpu0)
    assert all(s == 201 for s in sync_statuses + async_statuses), "fake push refused messages"
    return {"sync": sync, "async": asyncio_, "messages": len(subscriptions)}


# ---- main ---------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2,4", help="worker process counts, one round each")
    parser.add_argument("--concurrency", type=int, default=64, help="requests in flight per worker")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--compare", type=int, default=2000, help="messages per API compared")
    args = parser.parse_args()
    worker_counts = [int(w) for w in args.workers.split(",") if w]

    var_dir = Path(tempfile.mkdtemp(prefix="dangbo-bench-push-"))
    pg_db = f"dangbo_bench_{secrets.token_hex(4)}"
    if args.backend == "postgres":
        database_url = f"{PG_URL.rpartition('/')[0]}/{pg_db}"
    else:
        database_url = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    os.environ.update(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_DATABASE_URL": database_url,
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
        }
    )
    os.environ.pop("DANGBO_REDIS_URL", None)

    from backend import db
    from backend.notifications.vapid import new_key, public_key_b64
    from backend.settings import get_settings

    settings = get_settings()
    # A key file as an earlier version kept it: the workers import it into the database.
    vapid = new_key()
    settings.vapid_key_file.parent.mkdir(parents=True, exist_ok=True)
    settings.vapid_key_file.write_bytes(vapid.private_pem())

    spawn = mp.get_context("spawn")
    parent_end, child_end = spawn.Pipe()
    fake = spawn.Process(
        target=_fake_service, args=(child_end, args.subscriptions, public_key_b64(vapid))
    )
    fake.start()
    subscriptions = parent_end.recv()

    async def setup() -> list[int]:
        if args.backend == "postgres":
            import asyncpg

            conn = await asyncpg.connect(PG_URL)
            await conn.execute(f'CREATE DATABASE "{pg_db}"')
            await conn.close()
        engine = db.create_engine(database_url)
        await db.start(engine)
        return await _prepare(subscriptions)

    loop = asyncio.new_event_loop()
    print(
        f"push fan-out: {args.subscriptions} subscriptions, backend {args.backend}, "
        f"{os.cpu_count()} CPUs, concurrency {args.concurrency} per worker"
    )
    try:
        t0 = time.perf_counter()
        user_ids = loop.run_until_complete(setup())
        print(
            f"set-up (migrate, {len(user_ids)} users and subscriptions): "
            f"{time.perf_counter() - t0:.1f} s"
        )
        print()
        print("workers  fan-out write  delivery wall  msgs/s  CPU/msg (sender)  peak RSS/worker")
        for round_no, workers in enumerate(worker_counts, start=1):
            parent_end.send("reset")
            parent_end.recv()
            write_s = loop.run_until_complete(_fan_out(user_ids, round_no))
            fake_cpu0 = (parent_end.send("stats"), parent_end.recv())[1]["cpu"]
            result = _deliver_round(workers, args.concurrency)
            parent_end.send("stats")
            stats = parent_end.recv()
            left = loop.run_until_complete(_pending())
            if result["sent"] != len(user_ids) or stats["accepted"] != len(user_ids) or left:
                print(f"  incomplete round: {result}, fake {stats}, pending {left}")
            print(
                f"{workers:>7}  {write_s:>11.2f} s  {result['wall']:>11.2f} s  "
                f"{result['sent'] / result['wall']:>6.0f}  "
                f"{result['cpu'] / max(result['sent'], 1) * 1000:>13.2f} ms  "
                f"{result['maxrss_mb']:>12.0f} MB"
                f"   (fake service CPU {(stats['cpu'] - fake_cpu0) / len(user_ids) * 1000:.2f} "
                "ms/msg)"
            )
        print()
        micro = _micro_costs(subscriptions[0], settings.vapid_key_file)
        print(
            f"one aes128gcm encryption (ECDH + HKDF + AES-GCM): {micro['encrypt_us']:.0f} µs CPU; "
            f"one VAPID ES256 signature: {micro['vapid_sign_us']:.0f} µs CPU"
        )
        if args.compare:
            sample = subscriptions[: args.compare]
            parent_end.send("reset")
            parent_end.recv()
            compared = _compare_apis(sample, settings.vapid_key_file, settings.vapid_contact)
            n = compared["messages"]
            for name, label in (
                ("sync", "webpush() (requests) in 32 threads, signs each message"),
                ("async", "WebPusher.send_async (aiohttp), 32 in flight, JWT reused"),
            ):
                wall, cpu = compared[name]
                print(
                    f"{label}: {n / wall:.0f} msgs/s, {cpu / n * 1000:.2f} ms CPU/msg "
                    f"({n} messages)"
                )
    finally:
        parent_end.send("stop")
        parent_end.recv()
        fake.join(10)

        async def teardown() -> None:
            await db.stop(db.engine())
            if args.backend == "postgres":
                import asyncpg

                conn = await asyncpg.connect(PG_URL)
                await conn.execute(f'DROP DATABASE IF EXISTS "{pg_db}" WITH (FORCE)')
                await conn.close()

        loop.run_until_complete(teardown())
        loop.close()
        shutil.rmtree(var_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
