"""Per-citizen comment limits: so many a minute and a day per author token.

Counters live in the app's rate-limit store (Redis across workers: both counters' ``INCR`` and
``EXPIRE`` in one script, one round trip, so concurrent submissions count exactly; memory with
a lock otherwise). The key
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


# Both counters in one round trip: the minute's first, the day's only when the minute allows
# (a refused comment does not use the day's allowance). EXPIRE ... NX keeps the first TTL.
_BOTH = """
local minute = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1], 'NX')
if minute > tonumber(ARGV[3]) then return {minute, 0} end
local day = redis.call('INCR', KEYS[2])
redis.call('EXPIRE', KEYS[2], ARGV[2], 'NX')
return {minute, day}
"""


class CommentLimiter:
    def __init__(self, store: Store, per_minute: int = PER_MINUTE, per_day: int = PER_DAY) -> None:
        self.store = store
        self.per_minute = per_minute
        self.per_day = per_day
        self._lock = asyncio.Lock()
        self._script = (
            store._redis.register_script(_BOTH) if isinstance(store, RedisStore) else None
        )

    async def _count(self, key: str, ttl: int) -> int:
        async with self._lock:
            count = int(await self.store.get(key) or 0) + 1
            await self.store.set(key, str(count).encode(), expires_in=ttl)
            return count

    async def _counts(self, minute_key: str, day_key: str) -> tuple[int, int]:
        """The minute's count and the day's (0 when the minute's limit is passed: not
        counted)."""
        if self._script is not None and isinstance(self.store, RedisStore):
            minute, day = await self._script(
                keys=[self.store._make_key(minute_key), self.store._make_key(day_key)],
                args=[60, 86400, self.per_minute],
            )
            return int(minute), int(day)
        minute = await self._count(minute_key, 60)
        if minute > self.per_minute:
            return minute, 0
        return minute, await self._count(day_key, 86400)

    async def hit(self, token: str) -> None:
        """Count one comment by ``token``: 429 past either limit (the comment is not kept)."""
        who = hashlib.sha256(b"comment-limit:" + token.encode()).hexdigest()[:32]
        stamp = int(time.time())
        minute, day = await self._counts(
            f"comments:m:{who}:{stamp // 60}", f"comments:d:{who}:{stamp // 86400}"
        )
        if minute > self.per_minute:
            raise Problem(
                429,
                f"Bạn đã gửi quá {self.per_minute} góp ý trong một phút. "
                "Vui lòng chờ một lát rồi gửi tiếp.",
                code="rate_limited",
                extra={"retry_after": 60 - stamp % 60},
            )
        if day > self.per_day:
            raise Problem(
                429,
                f"Bạn đã gửi quá {self.per_day} góp ý trong ngày. Vui lòng gửi tiếp vào ngày mai.",
                code="rate_limited",
                extra={"retry_after": 86400 - stamp % 86400},
            )
