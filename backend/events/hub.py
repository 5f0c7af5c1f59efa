"""One API worker's side of the live streams: one listener per stream that has subscribers
here, which reads each new event once and hands it to all of them.

A wake-up says only "stream S has something new" (``EventLog.announce``: this process at once,
the other workers through Redis pub/sub); the listener then reads the rows after the last id it
has, encodes each event once as an SSE frame and keeps the latest few in memory. Each
subscriber takes what it has not sent yet from there; one that fell behind further (a slow
phone, a reconnect after a long gap) reads the table itself. So an event costs one query per
worker, not one per subscriber. A lost pub/sub message costs at most ``POLL_SECONDS``: every
listener also looks at the table on its own that often.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import msgspec

from backend.events.log import EventLog
from shared.events import LiveEvent

if TYPE_CHECKING:
    from redis.asyncio import Redis

log = logging.getLogger(__name__)

POLL_SECONDS = 5.0  # the safety poll of every listener
RECENT = 256  # frames a listener keeps for its subscribers
READ_LIMIT = 500  # rows per query
REDIS_RETRY_SECONDS = 1.0


@dataclass(frozen=True, slots=True)
class Frame:
    """One event, encoded once for every subscriber: ``id:``, ``event:``, ``data:``."""

    id: int
    kind: str
    payload: bytes

    @classmethod
    def of(cls, event: LiveEvent) -> Frame:
        data = msgspec.json.encode(event)  # one line: JSON escapes every line break
        head = f"id: {event.id}\r\nevent: {event.kind}\r\n".encode()
        return cls(event.id, event.kind, head + b"data: " + data + b"\r\n\r\n")


@dataclass(eq=False)
class _Listener:
    stream: str
    last_id: int = 0
    recent: deque[Frame] = field(default_factory=lambda: deque(maxlen=RECENT))
    subscribers: set[Subscription] = field(default_factory=set)
    wake: asyncio.Event = field(default_factory=asyncio.Event)
    started: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task | None = None


@dataclass(eq=False)
class Subscription:
    """One open stream of one client: the last id it was given."""

    listener: _Listener
    last: int
    ready: asyncio.Event = field(default_factory=asyncio.Event)


class EventHub:
    def __init__(self, events: EventLog, *, poll_seconds: float = POLL_SECONDS) -> None:
        self.events = events
        self.poll_seconds = poll_seconds
        self._listeners: dict[str, _Listener] = {}
        events.on_announce(self.wake)

    # ---- wake-ups ------------------------------------------------------------------------

    def wake(self, stream: str) -> None:
        listener = self._listeners.get(stream)
        if listener is not None:
            listener.wake.set()

    def wake_all(self) -> None:
        for listener in self._listeners.values():
            listener.wake.set()

    def subscriber_count(self, stream: str | None = None) -> int:
        if stream is not None:
            listener = self._listeners.get(stream)
            return len(listener.subscribers) if listener else 0
        return sum(len(listener.subscribers) for listener in self._listeners.values())

    # ---- subscribing ---------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def subscribe(self, stream: str, after: int) -> AsyncIterator[Subscription]:
        """A subscription to ``stream`` from the events after ``after`` (a client's last id;
        one beyond the stream's end — the stream was started over — counts from 0)."""
        listener = self._listeners.get(stream)
        if listener is None:
            listener = self._listeners[stream] = _Listener(stream)
            listener.task = asyncio.create_task(self._listen(listener), name=f"events {stream}")
        subscription = Subscription(listener, max(after, 0))
        listener.subscribers.add(subscription)
        try:
            await listener.started.wait()
            if subscription.last > listener.last_id:
                head = await self.events.last_id(stream)
                if subscription.last > head:
                    subscription.last = 0
            yield subscription
        finally:
            listener.subscribers.discard(subscription)
            if not listener.subscribers and self._listeners.get(stream) is listener:
                del self._listeners[stream]
                if listener.task is not None:
                    listener.task.cancel()

    async def next_frames(self, subscription: Subscription, wait: float) -> list[Frame]:
        """The subscription's next events (oldest first), or [] when none came in
        ``wait`` seconds."""
        listener = subscription.listener
        while True:
            if subscription.last < listener.last_id:
                frames = await self._frames_after(listener, subscription.last)
                if frames:
                    subscription.last = frames[-1].id
                    return frames
            subscription.ready.clear()
            if subscription.last < listener.last_id:
                continue
            try:
                await asyncio.wait_for(subscription.ready.wait(), wait)
            except TimeoutError:
                return []

    async def backlog(self, subscription: Subscription) -> AsyncIterator[list[Frame]]:
        """What the stream holds after the subscription's last id, up to its head now (the
        catching up of a client that reconnects), in batches."""
        listener = subscription.listener
        head = await self.events.last_id(listener.stream)
        while subscription.last < head:
            frames = await self._frames_after(listener, subscription.last)
            if not frames:  # the listener has not read them yet
                events = await self.events.read(listener.stream, subscription.last, READ_LIMIT)
                frames = [Frame.of(event) for event in events]
            if not frames:
                return
            subscription.last = frames[-1].id
            yield frames

    async def _frames_after(self, listener: _Listener, last: int) -> list[Frame]:
        recent = listener.recent
        if recent and recent[0].id <= last + 1:
            return list(itertools.islice(recent, last + 1 - recent[0].id, None))
        # Further behind than the listener keeps: this subscriber reads the table itself.
        events = await self.events.read(listener.stream, last, READ_LIMIT)
        return [Frame.of(event) for event in events]

    # ---- the listener --------------------------------------------------------------------

    async def _listen(self, listener: _Listener) -> None:
        while True:
            try:
                listener.last_id = await self.events.last_id(listener.stream)
                break
            except Exception:  # noqa: BLE001 - the database is away: try again
                log.warning("events: cannot read the head of %s", listener.stream, exc_info=True)
                await asyncio.sleep(REDIS_RETRY_SECONDS)
        listener.started.set()
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(listener.wake.wait(), self.poll_seconds)
            listener.wake.clear()
            try:
                await self._catch_up(listener)
            except Exception:  # noqa: BLE001 - next wake-up or poll tries again
                log.warning("events: cannot read %s", listener.stream, exc_info=True)

    async def _catch_up(self, listener: _Listener) -> None:
        while True:
            events = await self.events.read(listener.stream, listener.last_id, READ_LIMIT)
            if not events:
                return
            listener.recent.extend(Frame.of(event) for event in events)
            listener.last_id = events[-1].id
            for subscription in listener.subscribers:
                subscription.ready.set()
            if len(events) < READ_LIMIT:
                return

    # ---- Redis: the wake-ups of the other workers -----------------------------------------

    async def listen_redis(self, redis: Redis) -> None:
        """Until cancelled: each message on the events channel wakes that stream's listener.
        After a lost connection every listener looks again (messages may have been missed)."""
        while True:
            pubsub = redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.subscribe(self.events.channel)
                self.wake_all()
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        data = message["data"]
                        self.wake(data.decode() if isinstance(data, bytes) else str(data))
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - Redis is away: the polls carry on meanwhile
                log.warning("events: Redis subscription lost", exc_info=True)
                await asyncio.sleep(REDIS_RETRY_SECONDS)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    async def close(self) -> None:
        tasks = [listener.task for listener in self._listeners.values() if listener.task]
        self._listeners.clear()
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
