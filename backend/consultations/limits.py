"""Per-citizen comment limits: so many a minute and a day per author token.

Counters live in the app's rate-limit store (Redis across workers: ``INCR`` and ``EXPIRE`` in
one round trip, so concurrent submissions count exactly; memory with a lock otherwise). The key
is a hash of the token, so the store holds no token either.
"""

from __future__ import annotations

import asyncio
import hashlib
import time

from litestar.stores.base import Store
from litestar.stores.redis import RedisStore

from backend.core.problems import Problem

PER_MINUTE = 10
PER_DAY = 100


class CommentLimiter:
    def __init__(self, store: Store, per_minute: int = PER_MINUTE, per_day: int = PER_DAY) -> None:
        self.store = store
        self.per_minute = per_minute
        self.per_day = per_day
        self._lock = asyncio.Lock()

    async def _count(self, key: str, ttl: int) -> int:
        if isinstance(self.store, RedisStore):
            redis = self.store._redis
            full = self.store._make_key(key)
            async with redis.pipeline(transaction=True) as pipe:
                pipe.incr(full)
                pipe.expire(full, ttl, nx=True)
                count, _ = await pipe.execute()
            return int(count)
        async with self._lock:
            count = int(await self.store.get(key) or 0) + 1
            await self.store.set(key, str(count).encode(), expires_in=ttl)
            return count

    async def hit(self, token: str) -> None:
        """Count one comment by ``token``: 429 past either limit (the comment is not kept)."""
        who = hashlib.sha256(b"comment-limit:" + token.encode()).hexdigest()[:32]
        stamp = int(time.time())
        minute = await self._count(f"comments:m:{who}:{stamp // 60}", 60)
        if minute > self.per_minute:
            raise Problem(
                429,
                f"Bạn đã gửi quá {self.per_minute} góp ý trong một phút. "
                "Vui lòng chờ một lát rồi gửi tiếp.",
                code="rate_limited",
                extra={"retry_after": 60 - stamp % 60},
            )
        day = await self._count(f"comments:d:{who}:{stamp // 86400}", 86400)
        if day > self.per_day:
            raise Problem(
                429,
                f"Bạn đã gửi quá {self.per_day} góp ý trong ngày. Vui lòng gửi tiếp vào ngày mai.",
                code="rate_limited",
                extra={"retry_after": 86400 - stamp % 86400},
            )
