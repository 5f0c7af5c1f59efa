"""``Idempotency-Key``: a write sent again with the same key gets the first answer again and
does nothing a second time (a double tap, or a retry after a lost answer).

The first request claims the key (atomically, in the shared store: Redis across workers) and
keeps its answer for ``ttl_seconds``; a request with the same key meanwhile waits for that
answer. The key is scoped by the caller (``scope``, e.g. the administrator's id) and bound to
the request's body: the same key with another body is a 422. A request that fails releases
the key, so it may be sent again.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from typing import TypeVar

import msgspec

from backend.core.problems import Problem
from backend.core.stores import OneTimeStore

T = TypeVar("T")

PENDING_SECONDS = 60  # a claim whose request died is forgotten after this
WAIT_SECONDS = 10.0


class _Entry(msgspec.Struct, frozen=True):
    fingerprint: str
    answer: bytes | None = None  # None while the first request is still running


def fingerprint_of(data: object) -> str:
    return hashlib.sha256(msgspec.json.encode(data)).hexdigest()


class IdempotentReplies:
    def __init__(self, store: OneTimeStore, ttl_seconds: int = 3600) -> None:
        self.store = store
        self.ttl_seconds = ttl_seconds

    async def once(
        self,
        scope: str,
        key: str,
        fingerprint: str,
        kind: type[T],
        work: Callable[[], Awaitable[T]],
    ) -> T:
        slot = f"idempotency:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
        pending = msgspec.json.encode(_Entry(fingerprint))
        waited = 0.0
        while True:
            if await self.store.claim(slot, pending, PENDING_SECONDS):
                return await self._first(slot, fingerprint, work)
            raw = await self.store.get(slot)
            if raw is None:
                continue  # the first request failed and let the key go: this one runs
            entry = msgspec.json.decode(raw, type=_Entry)
            if entry.fingerprint != fingerprint:
                raise Problem(
                    422,
                    "Mã chống gửi trùng (Idempotency-Key) này đã dùng cho một yêu cầu khác. "
                    "Hãy dùng mã mới cho yêu cầu mới.",
                    code="idempotency_key_reused",
                )
            if entry.answer is not None:
                return msgspec.json.decode(entry.answer, type=kind)
            if waited >= WAIT_SECONDS:
                raise Problem(
                    409,
                    "Yêu cầu giống hệt đang được xử lý. Hãy thử lại sau giây lát.",
                    code="request_in_progress",
                )
            await asyncio.sleep(0.1)
            waited += 0.1

    async def _first(self, slot: str, fingerprint: str, work: Callable[[], Awaitable[T]]) -> T:
        try:
            answer = await work()
        except BaseException:
            await self.store.drop(slot)
            raise
        done = _Entry(fingerprint, msgspec.json.encode(answer))
        await self.store.put(slot, msgspec.json.encode(done), self.ttl_seconds)
        return answer
