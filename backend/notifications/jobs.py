"""Push delivery through SAQ when Redis is configured (``dangbo worker``).

Two jobs, both working off the same outbox:

* ``deliver_due`` is enqueued by ``Notifier.notify`` (through :class:`SaqDispatcher`) right
  after a fan-out: it waits until the notification's transaction is visible, then sends what
  is due.
  A large fan-out enqueues a few of them, so several worker processes share it.
* ``sweep`` runs every few seconds (a SAQ cron job, one at a time per queue): it returns rows
  of crashed workers to the queue and sends whatever is due — retries, pushes held back by
  quiet hours, and rows committed by a process that died before it could enqueue anything.

Both jobs touch themselves every few seconds (SAQ's job heartbeat), so a job left behind by a
killed worker is aborted within ``JOB_HEARTBEAT_SECONDS`` and the next ``sweep`` can run. Each
worker process also writes its own heartbeat to Redis (:mod:`heartbeat`) for ``/api/health``.

Without Redis the same work runs in the API process (``loop.DeliveryLoop``), and
``dangbo worker`` runs that loop on its own.

The worker's settings come from its entry point (``dangbo worker`` reads them once), so the jobs
read no environment of their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import signal
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import structlog
from redis.asyncio import Redis
from saq import CronJob, Queue, Worker

from backend import db
from backend.domains import build_services
from backend.notifications.delivery import PushSender
from backend.notifications.dispatch import wait_until_visible
from backend.notifications.heartbeat import beating
from backend.notifications.loop import DeliveryLoop
from backend.settings import Settings

_log = structlog.get_logger("dangbo.notifications")

JOB_BUDGET_SECONDS = 240  # a job hands over to the next sweep after this long
JOB_TIMEOUT_SECONDS = 300
# A job not touched for this long belongs to a dead worker: SAQ's own sweep (every
# QUEUE_SWEEP_SECONDS) aborts it, so the unique ``sweep`` cron job is free again within
# seconds, not after its timeout. Running jobs touch themselves every JOB_TOUCH_SECONDS.
JOB_HEARTBEAT_SECONDS = 15
JOB_TOUCH_SECONDS = 5.0
QUEUE_SWEEP_SECONDS = 5
SWEEP_CRON = "* * * * * */5"  # every five seconds (croniter's sixth field is seconds)
FANOUT_ROWS_PER_JOB = 1000
FANOUT_JOBS_MAX = 4


def queue_name(settings: Settings) -> str:
    return f"{settings.redis_prefix}:push"


def make_queue(settings: Settings) -> Queue:
    if not settings.redis_url:
        raise RuntimeError("SAQ needs DANGBO_REDIS_URL")
    return Queue.from_url(settings.redis_url, name=queue_name(settings))


def startup_with(settings: Settings) -> Callable[[dict[str, Any]], Awaitable[None]]:
    """SAQ's start-up hook for a worker of ``settings``: the database and one sender."""

    async def startup(ctx: dict[str, Any]) -> None:
        stack = contextlib.AsyncExitStack()
        ctx["stack"] = stack
        engine = db.create_engine(settings.database_url)
        await db.start(engine)
        stack.push_async_callback(db.stop, engine)
        sender = build_services(settings).get(PushSender)
        await sender.start()
        stack.push_async_callback(sender.close)
        redis = Redis.from_url(settings.redis_url or "")
        stack.push_async_callback(redis.aclose)
        # "A worker is alive" for /api/health, for as long as this process runs.
        await stack.enter_async_context(beating(redis, settings.redis_prefix))
        ctx.update(engine=engine, sender=sender)

    return startup


async def shutdown(ctx: dict[str, Any]) -> None:
    if "stack" in ctx:
        await ctx["stack"].aclose()


@contextlib.asynccontextmanager
async def touching(ctx: dict[str, Any]) -> AsyncIterator[None]:
    """Touch the running SAQ job every few seconds (its heartbeat): a job whose worker died
    stops being touched and is aborted by SAQ's sweep within ``JOB_HEARTBEAT_SECONDS``."""
    job = ctx.get("job")

    async def run() -> None:
        while True:
            await asyncio.sleep(JOB_TOUCH_SECONDS)
            with contextlib.suppress(Exception):  # Redis away for a moment: touch again later
                await job.update()

    task = asyncio.get_running_loop().create_task(run()) if job is not None else None
    try:
        yield
    finally:
        if task is not None:
            task.cancel()


async def deliver_due(ctx: dict[str, Any], *, notification_id: int | None = None) -> dict:
    if notification_id is not None and not await wait_until_visible(notification_id):
        return {"skipped": "not committed"}  # rolled back, or the sweep will see it
    async with touching(ctx):
        stats = await ctx["sender"].deliver_due(budget_seconds=JOB_BUDGET_SECONDS)
    return dataclasses.asdict(stats)


async def sweep(ctx: dict[str, Any]) -> dict:
    sender: PushSender = ctx["sender"]
    async with touching(ctx):
        recovered = await sender.recover_stale()
        if not await sender.has_due():
            return {"recovered": recovered}
        stats = await sender.deliver_due(budget_seconds=JOB_BUDGET_SECONDS)
    return {"recovered": recovered, **dataclasses.asdict(stats)}


def worker_settings(settings: Settings, *, concurrency: int = 4) -> dict[str, Any]:
    """What ``saq.Worker`` takes."""
    return {
        "queue": make_queue(settings),
        "functions": [deliver_due],
        "cron_jobs": [
            CronJob(
                sweep,
                cron=SWEEP_CRON,
                unique=True,
                timeout=JOB_TIMEOUT_SECONDS,
                heartbeat=JOB_HEARTBEAT_SECONDS,
                ttl=60,
            )
        ],
        "concurrency": concurrency,
        "timers": {"sweep": QUEUE_SWEEP_SECONDS},
        "startup": startup_with(settings),
        "shutdown": shutdown,
    }


class SaqDispatcher:
    """The API side: enqueue ``deliver_due`` after a fan-out."""

    def __init__(self, queue: Queue) -> None:
        self.queue = queue

    async def kick(self, notification_ids: list[int], deliveries: int) -> None:
        anchor = max(notification_ids)
        jobs = min(max(1, deliveries // FANOUT_ROWS_PER_JOB), FANOUT_JOBS_MAX)
        for part in range(jobs):
            await self.queue.enqueue(
                "deliver_due",
                notification_id=anchor,
                key=f"notify:{anchor}:{part}",
                timeout=JOB_TIMEOUT_SECONDS,
                heartbeat=JOB_HEARTBEAT_SECONDS,
                ttl=600,
            )


async def run_worker(settings: Settings, *, concurrency: int = 4) -> None:
    """``dangbo worker``: SAQ with Redis, the in-process loop without it."""
    if settings.redis_url:
        options = worker_settings(settings, concurrency=concurrency)
        queue: Queue = options["queue"]
        await queue.connect()
        worker = Worker(**options)
        _log.info("push worker started", mode="saq", queue=queue.name)
        try:
            await worker.start()  # returns on SIGINT / SIGTERM
        finally:
            await queue.disconnect()
        return

    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    sender = build_services(settings).get(PushSender)
    await sender.start()
    loop = DeliveryLoop(sender)
    stop = asyncio.Event()
    running = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        running.add_signal_handler(signum, stop.set)
    loop.start()
    _log.info("push worker started", mode="in-process")
    try:
        await stop.wait()
    finally:
        await loop.stop()
        await sender.close()
        await db.stop(engine)
