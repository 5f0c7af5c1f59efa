"""The health of every part a machine needs, probed at most once a second.

Load balancers and monitors call the health endpoint often; probing on each call would put a
database round trip behind every probe. One probe runs at a time; callers in between get the
last answer, which is never older than ``MAX_AGE_SECONDS``.

Each part is "ok" or says what is wrong (:class:`shared.health.Health`):

- ``database``, ``redis``: answer a ping;
- ``files``: the file store's backend is there and usable;
- ``push``, ``signing``: the VAPID key and the local CA exist in the shared database and open
  with this machine's secret key ("missing" before ``dangbo vapid init`` / ``ca init``;
  "error" when they do not open);
- ``worker``: with Redis, a push worker's heartbeat was seen within a minute, or no push is
  waiting ("not_running" otherwise); without Redis the API process sends ("in_process");
- ``build``: the id of the frontend build this machine serves (the same build is copied to
  every machine, so it must be the same everywhere).

The status is "degraded" (503) when a part is broken; a key not created yet counts only in
production, so a trial installation stays "ok" before its first ``vapid init``.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from redis.asyncio import Redis

from backend import db
from backend.files.services import FileStore
from backend.notifications.delivery import PushSender
from backend.notifications.heartbeat import SEEN_WITHIN_SECONDS, last_beat
from backend.notifications.vapid import VapidKeys
from backend.settings import Settings
from backend.signing.authority import CertificateAuthority
from shared.health import Health

MAX_AGE_SECONDS = 1.0
BUILD_ID_FILE = "build-id.txt"  # written by frontend/pwa_plugin.py after the build, beside sw.js


async def _part(check, within: float = 3.0) -> str:  # noqa: ANN001 - an awaitable factory
    try:
        return await asyncio.wait_for(check(), within)
    except Exception:  # noqa: BLE001 - any failure means the part is not usable
        return "error"


def read_build_id(build_dir: Path) -> str:
    try:
        return (build_dir / BUILD_ID_FILE).read_text().strip()[:80]
    except OSError:
        return ""


class HealthProbe:
    def __init__(
        self,
        settings: Settings,
        redis: Redis | None,
        files: FileStore,
        vapid: VapidKeys,
        authority: CertificateAuthority,
        sender: PushSender,
    ) -> None:
        self.settings = settings
        self.redis = redis
        self.files = files
        self.vapid = vapid
        self.authority = authority
        self.sender = sender
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

    async def _database(self) -> str:
        await db.engine().run_ddl("SELECT 1")
        return "ok"

    async def _redis(self) -> str:
        if self.redis is None:
            return "not_configured"
        await self.redis.ping()
        return "ok"

    async def _files(self) -> str:
        # The store checks its own backend (PostgreSQL or a directory).
        return await self.files.check()

    async def _worker(self) -> str:
        if self.redis is None:
            return "in_process"
        seen = await last_beat(self.redis, self.settings.redis_prefix)
        if seen is not None and time.time() - seen < SEEN_WITHIN_SECONDS:
            return "ok"
        return "not_running" if await self.sender.work_waiting() else "ok"

    async def _probe(self) -> Health:
        database, redis, files, push, signing = await asyncio.gather(
            _part(self._database, 2),
            _part(self._redis, 2),
            _part(self._files),
            _part(self.vapid.check),
            _part(self.authority.check),
        )
        worker = await _part(self._worker) if database == "ok" else "error"
        broken = {"error", "not_running"} | ({"missing"} if self.settings.is_production else set())
        ok = database == "ok" and not {redis, files, push, signing, worker} & broken
        return Health(
            status="ok" if ok else "degraded",
            database=database,
            redis=redis,
            files=files,
            push=push,
            signing=signing,
            worker=worker,
            build=read_build_id(self.settings.build_dir),
        )
