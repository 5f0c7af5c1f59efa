"""``GET /api/events/{stream}``: a live stream as Server-Sent Events (``docs/events.md``)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Annotated

from litestar import Controller, get
from litestar.di import Provide
from litestar.params import HeaderParameter, QueryParameter
from litestar.response import ServerSentEvent
from litestar.response.sse import ServerSentEventMessage

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.accounts.sessions import SessionService
from backend.core.domain import DomainHooks
from backend.core.inject import inject
from backend.core.problems import Problem
from backend.events.hub import EventHub, Subscription

HEARTBEAT_SECONDS = 15.0  # a comment line, so proxies and phones keep the connection open
CHECK_SECONDS = 60.0  # the session and the right to read are checked again this often
RETRY_MS = 2000  # the browser's reconnection delay (``retry:``)
STREAM_NAME_MAX = 120
LAST_ID_MAX = 2**31 - 1  # ids are 32-bit integers (live_event.seq)

NOT_A_STREAM = "Không có luồng sự kiện này."
NOT_ALLOWED = "Bạn không được theo dõi luồng sự kiện này."
BAD_LAST_ID = "Mã sự kiện cuối (Last-Event-ID) phải là một số nguyên không âm."


class _Raw(ServerSentEventMessage):
    """Bytes already in SSE form (a frame encoded once for all subscribers)."""

    def __init__(self, payload: bytes) -> None:
        super().__init__()
        self.payload = payload

    def encode(self) -> bytes:
        return self.payload


_RETRY = _Raw(f"retry: {RETRY_MS}\r\n: đã kết nối\r\n\r\n".encode())
_HEARTBEAT = _Raw(b": ping\r\n\r\n")


class EventController(Controller):
    path = "/api/events"
    tags = ["Sự kiện trực tiếp"]
    dependencies = {
        "actor": Provide(provide_actor),
        "hub": inject(EventHub),
        "hooks": inject(DomainHooks),
        "sessions": inject(SessionService),
    }

    @get(
        "/{stream:str}",
        summary="Theo dõi một luồng sự kiện trực tiếp (Server-Sent Events)",
        description=(
            "text/event-stream of one stream (congress:12 …) for as long as the session "
            "lasts. Each event: `id:` its id in the stream (1, 2, 3 … without gaps), `event:` "
            "its kind, `data:` the JSON LiveEvent {id, stream, kind, data, at}. First the "
            "events after Last-Event-ID (or ?after=; the header wins), then one `event: ready` "
            'without an id, data {"last_id": N}, then each new event as it commits; a comment '
            "every 15 s; `retry:` 2000. Who may read a stream is its domain's rule "
            "(docs/events.md)."
        ),
        opt={"media_type": "text/event-stream", "problems": (400, 401, 403, 404)},
    )
    async def follow(
        self,
        actor: Actor,
        hub: EventHub,
        hooks: DomainHooks,
        sessions: SessionService,
        stream: str,
        after: Annotated[
            int | None,
            QueryParameter(name="after", ge=0, le=LAST_ID_MAX, description="the last id seen"),
        ] = None,
        last_event_id: Annotated[
            str | None,
            HeaderParameter(name="Last-Event-ID", description="the last id seen (EventSource)"),
        ] = None,
    ) -> ServerSentEvent:
        """``text/event-stream`` of ``stream`` (``congress:12`` …), for as long as the session
        lasts. Each event: ``id:`` its id in the stream (1, 2, 3 …), ``event:`` its kind,
        ``data:`` the JSON ``LiveEvent``. Sends the events after ``Last-Event-ID`` (or
        ``?after=``; the header wins), then each new one as it is committed; a comment
        every 15 s; ``retry:`` 2 s. Who may read a stream is its domain's rule."""
        last = _last_seen(after, last_event_id)
        if len(stream) > STREAM_NAME_MAX:
            raise Problem(404, NOT_A_STREAM, code="unknown_stream")
        allowed = await hooks.may_read_stream(actor, stream)
        if allowed is None:
            raise Problem(404, NOT_A_STREAM, code="unknown_stream")
        if not allowed:
            raise Problem(403, NOT_ALLOWED, code="stream_forbidden")
        return ServerSentEvent(
            _follow(hub, hooks, sessions, actor, stream, last),
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )


def _last_seen(after: int | None, header: str | None) -> int:
    if header is not None and header.strip():
        value = header.strip()
        if not (value.isascii() and value.isdigit()) or int(value[:11]) > LAST_ID_MAX:
            raise Problem(400, BAD_LAST_ID, code="bad_last_event_id")
        return int(value)
    return after or 0


async def _follow(
    hub: EventHub,
    hooks: DomainHooks,
    sessions: SessionService,
    actor: Actor,
    stream: str,
    after: int,
) -> AsyncIterator[ServerSentEventMessage]:
    async with hub.subscribe(stream, after) as subscription:
        yield _RETRY  # subscribed: nothing after ``after`` can be missed from here on
        async for frames in hub.backlog(subscription):
            for frame in frames:
                yield _Raw(frame.payload)
        # Caught up: no id (the client's last id stays that of the last event).
        yield _Raw(b'event: ready\r\ndata: {"last_id": %d}\r\n\r\n' % subscription.last)
        async for message in _messages(hub, hooks, sessions, actor, stream, subscription):
            yield message


async def _messages(
    hub: EventHub,
    hooks: DomainHooks,
    sessions: SessionService,
    actor: Actor,
    stream: str,
    subscription: Subscription,
) -> AsyncIterator[ServerSentEventMessage]:
    # Often enough that the session never goes idle between two checks, whatever the limit.
    every = min(CHECK_SECONDS, sessions.settings.session_idle_minutes * 60 / 3)
    check_at = time.monotonic() + every
    while True:
        wait = max(0.0, min(HEARTBEAT_SECONDS, check_at - time.monotonic()))
        frames = await hub.next_frames(subscription, wait)
        for frame in frames:
            yield _Raw(frame.payload)
        if time.monotonic() >= check_at:
            # Watching counts as using the session (docs/security.md); a revoked or expired
            # session, or a reader who lost the right to the stream, ends it here.
            if not await sessions.keep_alive(actor.session_id):
                return
            if not await hooks.may_read_stream(actor, stream):
                return
            check_at = time.monotonic() + every
        elif not frames:
            yield _HEARTBEAT
