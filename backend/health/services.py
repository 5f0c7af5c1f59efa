"""Health of the database and Redis, probed at most once a second.

Load balancers and monitors call the health endpoint often; probing on each call would put a
database round trip behind every probe. One probe runs at a time; callers in between get the
last answer, which is never older than ``MAX_AGE_SECONDS``.
"""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

from backend import db
from shared.health import Health

MAX_AGE_SECONDS = 1.0


class HealthProbe:
    def __init__(self, redis: Redis | None) -> None:
        self.redis = redis
        self._last: Health | None = None
        self._checked_at = 0.0
        self._lock = asyncio.Lock()

    async def current(self) -> Health:
        if self._last is not None and time.monotonic() - self._checked_at < MAX_AGE_SECONDS:
            return self._last
        async with self._lock:
            if self._last is None or time.monotonic() - self._checked_at >= MAX_AGE_SECONDS:
                self._last = await self._probe()
                self._checked_at = time.monotonic()
            return self._last

    async def _probe(self) -> Health:
        try:
            await db.engine().run_ddl("SELECT 1")
            database = "ok"
        except Exception:  # noqa: BLE001 - any failure means the database is not usable
            database = "error"
        redis = "not_configured"
        if self.redis is not None:
            try:
                await asyncio.wait_for(self.redis.ping(), 2)
                redis = "ok"
            except Exception:  # noqa: BLE001
                redis = "error"
        ok = database == "ok" and redis != "error"
        return Health(status="ok" if ok else "degraded", database=database, redis=redis)
