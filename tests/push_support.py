"""Fixtures and steps shared by the notification tests.

``push_service`` gives a VAPID key (made the way ``dangbo vapid init`` makes it), the
loopback fake push service, and on PostgreSQL+Redis a real ``dangbo worker`` process (SAQ),
because there the API only enqueues jobs. On SQLite the API process delivers by itself.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx

from backend.settings import PROJECT_ROOT
from tests.conftest import BACKEND, ORIGIN, REDIS_URL, prime_csrf
from tests.fakepush import FakePushService, FakeSubscription
from tests.helpers import new_user


@contextmanager
def worker_process(env: dict[str, str] | None = None, log: Path | None = None) -> Iterator:
    """``dangbo worker`` in its own process, stopped with SIGTERM (SIGKILL if it hangs)."""
    merged = {**os.environ, **(env or {})}
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "backend.cli", "worker"],
        cwd=PROJECT_ROOT,
        env=merged,
        stdout=out,
        stderr=out,
    )
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)
        if log:
            out.close()


async def clear_saq_keys(queue: str) -> None:
    from redis.asyncio import Redis

    client = Redis.from_url(REDIS_URL)
    try:
        for pattern in (f"saq:{queue}:*", f"saq:job:{queue}:*", f"saq:abort:*{queue}*"):
            keys = [k async for k in client.scan_iter(pattern)]
            if keys:
                await client.delete(*keys)
    finally:
        await client.aclose()


@asynccontextmanager
async def running_push_service(settings) -> AsyncIterator[FakePushService]:
    """Use in a module fixture: ``async with running_push_service(settings) as service``."""
    import asyncio

    from backend.domains import build_services
    from backend.notifications.jobs import queue_name
    from backend.notifications.vapid import VapidKeys, public_key_b64

    vapid, _ = await build_services(settings).get(VapidKeys).init()
    service = FakePushService(application_server_key=public_key_b64(vapid)).start()
    if BACKEND == "postgres":
        log = settings.var_dir / f"worker-{secrets.token_hex(3)}.log"
        with worker_process(log=log):
            await asyncio.sleep(0.5)
            yield service
        await clear_saq_keys(queue_name(settings))
    else:
        yield service
    service.stop()


class ApiClient(httpx.AsyncClient):
    """An API client over ASGI that may be used before ``async with`` (which closes it)."""

    async def __aenter__(self) -> ApiClient:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


async def signed_in(app, name: str, roles: list[str] | None = None):
    """A new user and an API client signed in as that user; returns (client, user id)."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    client = ApiClient(transport=transport, base_url=ORIGIN)
    await prime_csrf(client)
    await new_user(client, name, roles or ["can_bo"])
    me = await client.get("/api/me")
    assert me.status_code == 200, me.text
    return client, me.json()["id"]


async def add_device(client, fake: FakeSubscription, label: str | None = None) -> int:
    body = fake.as_json()
    if label:
        body["label"] = label
    response = await client.post("/api/push/subscriptions", json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()["id"]


async def notify_now(app, user_ids: list[int], **kwargs) -> list[int]:
    """A business write's view: notify inside a transaction, committed at the end, through
    the app's notifier (so the app's delivery is woken, as for any domain's write)."""
    from backend import db
    from backend.notifications.notifier import Notifier
    from shared.notifications import NotificationKind

    kwargs.setdefault("kind", NotificationKind.VAN_BAN)
    kwargs.setdefault("title", "Văn bản mới được giao")
    async with db.transaction():
        return await app.state.services.get(Notifier).notify(user_ids, **kwargs)


async def deliveries_of(notification_id: int) -> list[dict]:
    from backend.notifications.tables import PushDelivery

    return await PushDelivery.select().where(PushDelivery.notification == notification_id)


async def settled_deliveries(notification_id: int, within: float = 10.0) -> list[dict]:
    """The outbox rows of a notification once none is in flight: a worker records the outcome
    just after the push service answers, so right after the fake saw a message the row may
    still say ``sending``."""
    import asyncio
    import time

    stop_at = time.monotonic() + within
    while True:
        rows = await deliveries_of(notification_id)
        if all(row["status"] != "sending" for row in rows) or time.monotonic() > stop_at:
            return rows
        await asyncio.sleep(0.05)
