"""The event log: append inside the business write's transaction, read from a last id, and
announce after the commit.

The table is the truth. ``announce`` only says "stream S has something new" to every API
worker (Redis pub/sub when configured, this process otherwise); each worker's
:class:`backend.events.hub.EventHub` then reads the new rows once and hands them to its own
subscribers.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import msgspec

from backend import db
from backend.core.clock import now
from backend.events.tables import LiveStream, StreamEvent
from shared.events import LiveEvent

if TYPE_CHECKING:
    from redis.asyncio import Redis

T = TypeVar("T")

# The largest stream name (``live_stream.name``) and event kind (``live_event.kind``).
STREAM_MAX = 120
KIND_MAX = 60


def channel_name(redis_prefix: str) -> str:
    """The one Redis pub/sub channel of the announcements (a message is a stream name)."""
    return f"{redis_prefix}:events"


class EventLog:
    def __init__(self, redis: Redis | None = None, redis_prefix: str = "dangbo") -> None:
        self._redis = redis
        self.channel = channel_name(redis_prefix)
        # This process's listeners (the hub), told at once whatever Redis does.
        self._local: list[Callable[[str], None]] = []

    def on_announce(self, wake: Callable[[str], None]) -> None:
        """``wake(stream)`` is called by every ``announce`` made in this process."""
        self._local.append(wake)

    async def append(
        self,
        stream: str,
        kind: str,
        data: Mapping[str, Any] | Callable[[], Awaitable[Mapping[str, Any]]],
    ) -> int:
        """Inside the caller's db.transaction(): the stream's next event id (1, 2, 3 … per
        stream, gap-free and in commit order: writers of one stream are serialised).

        ``data`` may be a coroutine function, called once the stream's turn is taken: what it
        reads then sees every earlier writer of the stream committed (live counts read that
        way are those of this commit, in the stream's order)."""
        if not db.engine().transaction_exists():
            raise RuntimeError("EventLog.append runs inside the caller's db.transaction()")
        if not stream or len(stream) > STREAM_MAX or ":" not in stream:
            raise ValueError(f"bad stream name {stream!r}")
        if not kind or len(kind) > KIND_MAX:
            raise ValueError(f"bad event kind {kind!r}")
        # One statement takes the stream's next number and keeps its counter row locked until
        # the caller's transaction ends (SQLite: the transaction holds the write lock anyway).
        [row] = await LiveStream.raw(
            'INSERT INTO "live_stream" ("name", "last_id") VALUES ({}, 1) '
            'ON CONFLICT ("name") DO UPDATE SET "last_id" = "live_stream"."last_id" + 1 '
            'RETURNING "last_id"',
            stream,
        )
        seq = int(row["last_id"])
        if callable(data):
            data = await data()
        body = msgspec.json.encode(dict(data)).decode()
        await StreamEvent.insert(
            StreamEvent(stream=stream, seq=seq, kind=kind, data=body, at=now())
        )
        return seq

    async def read(self, stream: str, after: int, limit: int = 500) -> list[LiveEvent]:
        """Events of ``stream`` with id > after, oldest first."""
        rows = (
            await StreamEvent.select(
                StreamEvent.seq, StreamEvent.kind, StreamEvent.data, StreamEvent.at
            )
            .where((StreamEvent.stream == stream) & (StreamEvent.seq > after))
            .order_by(StreamEvent.seq)
            .limit(limit)
        )
        return [
            LiveEvent(
                id=r["seq"],
                stream=stream,
                kind=r["kind"],
                data=_decode(r["data"]),
                at=r["at"],
            )
            for r in rows
        ]

    async def last_id(self, stream: str) -> int:
        """The id of the stream's latest committed event (0 when it has none)."""
        rows = await LiveStream.select(LiveStream.last_id).where(LiveStream.name == stream)
        return int(rows[0]["last_id"]) if rows else 0

    async def read_at(self, stream: str, read: Callable[[], Awaitable[T]]) -> tuple[int, T]:
        """The stream's last event id, then ``read()``: whatever commits after that id is in
        what ``read`` returns or in the events after the id, so a page that shows the read and
        follows the stream from the id misses nothing (an event it already shows may come)."""
        last = await self.last_id(stream)
        return last, await read()

    async def announce(self, stream: str) -> None:
        """After the caller's transaction committed: wakes the stream's subscribers on every
        API worker (through Redis when configured)."""
        for wake in self._local:
            wake(stream)
        if self._redis is not None:
            await self._redis.publish(self.channel, stream)


def _decode(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    return msgspec.json.decode(value)
