"""Push workers' heartbeats in Redis: each ``dangbo worker`` process writes the time every few
seconds under a key of its own (host and pid), and ``/api/health`` reads the newest one.

Without Redis the API process sends pushes itself (health says ``in_process``).
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis

BEAT_SECONDS = 5.0
SEEN_WITHIN_SECONDS = 60.0


def _prefix(redis_prefix: str) -> str:
    return f"{redis_prefix}:push-worker:"


async def beat(redis: Redis, redis_prefix: str) -> None:
    key = f"{_prefix(redis_prefix)}{socket.gethostname()}:{os.getpid()}"
    await redis.set(key, f"{time.time():.3f}", ex=int(SEEN_WITHIN_SECONDS * 2))


@asynccontextmanager
async def beating(redis: Redis, redis_prefix: str) -> AsyncIterator[None]:
    """Beat for as long as the block runs (a worker's whole life)."""

    async def run() -> None:
        while True:
            try:
                await beat(redis, redis_prefix)
            except Exception:  # noqa: BLE001 - Redis away for a moment: beat again later
                pass
            await asyncio.sleep(BEAT_SECONDS)

    task = asyncio.get_running_loop().create_task(run())
    try:
        yield
    finally:
        task.cancel()


async def last_beat(redis: Redis, redis_prefix: str) -> float | None:
    """The newest heartbeat of any push worker (seconds since the epoch), or None."""
    newest: float | None = None
    async for key in redis.scan_iter(f"{_prefix(redis_prefix)}*", count=100):
        value = await redis.get(key)
        if value is not None:
            moment = float(value)
            newest = moment if newest is None else max(newest, moment)
    return newest
