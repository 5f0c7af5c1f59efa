"""Key/value stores: Redis when configured (shared by every worker), memory otherwise."""

from __future__ import annotations

import asyncio

from litestar.stores.base import Store
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore


def make_store(redis_url: str | None, namespace: str) -> Store:
    if redis_url:
        return RedisStore.with_client(url=redis_url, namespace=namespace)
    return MemoryStore()


class OneTimeStore:
    """Values that can be taken exactly once (WebAuthn challenges): a replay finds nothing;
    and keys that can be claimed exactly once (an idempotency key's first request).

    On Redis ``GETDEL`` and ``SET NX`` make these atomic across workers; in memory a lock does.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = asyncio.Lock()

    async def put(self, key: str, value: bytes, ttl_seconds: int) -> None:
        await self.store.set(key, value, expires_in=ttl_seconds)

    async def claim(self, key: str, value: bytes, ttl_seconds: int) -> bool:
        """Put ``value`` only if ``key`` holds nothing: True for the one caller that did."""
        if isinstance(self.store, RedisStore):
            return bool(
                await self.store._redis.set(
                    self.store._make_key(key), value, nx=True, ex=ttl_seconds
                )
            )
        async with self._lock:
            if await self.store.get(key) is not None:
                return False
            await self.store.set(key, value, expires_in=ttl_seconds)
            return True

    async def get(self, key: str) -> bytes | None:
        return await self.store.get(key)

    async def drop(self, key: str) -> None:
        await self.store.delete(key)

    async def take(self, key: str) -> bytes | None:
        if isinstance(self.store, RedisStore):
            return await self.store._redis.getdel(self.store._make_key(key))
        async with self._lock:
            value = await self.store.get(key)
            if value is not None:
                await self.store.delete(key)
            return value
