"""``GET /api/events/{stream}`` over the real app (with the fixture domain's ``hall:{org}``
streams): resume after an id, refusals, headers and heartbeat, one read per event per worker,
the safety poll, the wake-up through Redis, and the session: an open stream keeps it alive past
the idle limit, a revoked or expired one ends the stream."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta

import pytest

from tests.conftest import BACKEND, make_client, prime_csrf
from tests.documents_support import make_org
from tests.events_support import AsgiStream, cookie_header
from tests.helpers import new_user


@pytest.fixture(scope="module")
async def events_app(app, settings):
    """The app with the fixture domain added, on the session app's database engine (its own
    start-up would bind the tables to an engine of its own), with the event hub's lifespan
    running (its Redis subscription, in the PostgreSQL pass)."""
    from backend.app import create_app
    from backend.domains import PACKAGES
    from backend.events.runtime import event_hub
    from tests.fixture_events.plugin import PACKAGE

    api = create_app(settings, packages=(*PACKAGES, PACKAGE))
    async with event_hub(api):
        yield api


class Member:
    def __init__(self, client, org_id: int) -> None:
        self.client = client
        self.org_id = org_id

    @property
    def headers(self) -> dict[str, str]:
        return {"cookie": cookie_header(self.client)}

    @property
    def token(self) -> str:
        from backend.accounts.identity import SESSION_COOKIE

        return self.client.cookies[SESSION_COOKIE]


@pytest.fixture
async def hall(events_app):
    """Two members of one fresh chi bộ and one of another; the first chi bộ's stream."""
    from backend.orgs.services import organisation_id

    async with contextlib.AsyncExitStack() as stack:
        ours, theirs = await make_org(), await make_org()
        members = []
        for name, code in [
            ("Nguyễn Văn An", ours),
            ("Trần Thị Bình", ours),
            ("Lê Văn Cường", theirs),
        ]:
            client = await stack.enter_async_context(make_client(events_app))
            await prime_csrf(client)
            await new_user(client, name, ["dang_vien"], code)
            members.append(Member(client, await organisation_id(code)))
        first, second, outsider = members
        yield f"hall:{first.org_id}", first, second, outsider


def _services(app):
    return app.state.services


async def _publish(app, stream: str, kind: str, data: dict, *, announce: bool = True) -> int:
    from backend import db
    from backend.events.log import EventLog

    log = _services(app).get(EventLog)
    async with db.transaction():
        event_id = await log.append(stream, kind, data)
    if announce:
        await log.announce(stream)
    return event_id


def _open(app, member: Member, path: str, **headers: str) -> AsgiStream:
    return AsgiStream(app, path, {**member.headers, **headers})


async def test_a_reader_resumes_after_the_last_id_and_then_follows_live(events_app, hall):
    stream, first, _, _ = hall
    for n in range(1, 4):
        assert await _publish(events_app, stream, "agenda.moved", {"item": n}) == n
    async with _open(events_app, first, f"/api/events/{stream}?after=1") as live:
        assert live.status == 200
        assert live.response_headers["content-type"].startswith("text/event-stream")
        assert live.response_headers["cache-control"] == "no-store"
        assert live.response_headers["x-accel-buffering"] == "no"
        caught_up = await live.events(2)
        assert [(e.id, e.event, e.data["data"]["item"]) for e in caught_up] == [
            (2, "agenda.moved", 2),
            (3, "agenda.moved", 3),
        ]
        assert caught_up[0].data["stream"] == stream and caught_up[0].data["id"] == 2
        assert live.parser.retry == 2000
        await _publish(events_app, stream, "speakers.changed", {"next": "Đại biểu Bình"})
        [fresh] = await live.events(1, within=1.0)
        assert (fresh.id, fresh.event, fresh.data["data"]) == (
            4,
            "speakers.changed",
            {"next": "Đại biểu Bình"},
        )
        # Caught up: one "ready" without an id, naming the last id sent.
        assert [(c.event, c.data) for c in live.parser.controls] == [("ready", {"last_id": 3})]


async def test_last_event_id_wins_over_after(events_app, hall):
    stream, first, _, _ = hall
    for n in range(1, 6):
        await _publish(events_app, stream, "agenda.moved", {"item": n})
    path = f"/api/events/{stream}?after=1"
    async with _open(events_app, first, path, **{"Last-Event-ID": "3"}) as live:
        assert [e.id for e in await live.events(2)] == [4, 5]
    async with _open(events_app, first, f"/api/events/{stream}") as live:
        assert [e.id for e in await live.events(5)] == [1, 2, 3, 4, 5]


async def test_a_last_id_beyond_the_end_starts_from_the_beginning(events_app, hall):
    """The stream was started over (a restored database): the client's id is from before."""
    stream, first, _, _ = hall
    await _publish(events_app, stream, "agenda.moved", {"item": 1})
    async with _open(events_app, first, f"/api/events/{stream}?after=99") as live:
        assert [e.id for e in await live.events(1)] == [1]


async def test_refusals(events_app, hall):
    stream, first, _, outsider = hall
    cases = [
        (outsider, f"/api/events/{stream}", {}, 403, "không được theo dõi"),
        (first, "/api/events/nothing:1", {}, 404, "Không có luồng"),
        (first, "/api/events/hall", {}, 404, "Không có luồng"),
        (first, f"/api/events/hall:0{first.org_id}", {}, 404, "Không có luồng"),
        (first, "/api/events/hall:x", {}, 404, "Không có luồng"),
        (first, "/api/events/hall:2147483648", {}, 404, "Không có luồng"),
        (first, "/api/events/hall:" + "9" * 30, {}, 404, "Không có luồng"),
        (first, f"/api/events/{stream}", {"Last-Event-ID": "abc"}, 400, "Last-Event-ID"),
        (first, f"/api/events/{stream}", {"Last-Event-ID": "9" * 40}, 400, "Last-Event-ID"),
        (first, f"/api/events/{stream}", {"Last-Event-ID": "2147483648"}, 400, "Last-Event-ID"),
        (first, f"/api/events/{stream}?after=2147483648", {}, 400, ""),
        (first, f"/api/events/{stream}?after=-1", {}, 400, ""),
    ]
    for member, path, headers, status, detail in cases:
        async with _open(events_app, member, path, **headers) as answer:
            body = await answer.text()
            assert answer.status == status, (path, body)
            assert answer.response_headers["content-type"] == "application/problem+json"
            assert detail in body
    async with AsgiStream(events_app, f"/api/events/{stream}", {}) as anonymous:
        assert anonymous.status == 401
        assert "đăng nhập" in await anonymous.text()


async def test_a_quiet_stream_sends_heartbeats(events_app, hall, monkeypatch):
    from backend.events import controllers

    monkeypatch.setattr(controllers, "HEARTBEAT_SECONDS", 0.2)
    stream, first, _, _ = hall
    async with _open(events_app, first, f"/api/events/{stream}") as live:
        await asyncio.sleep(1.5)
        while not live.body.empty():
            live.parser.feed(live.body.get_nowait() or b"")
        # The first comment is the "connected" line; the others are pings.
        assert live.parser.comments >= 3
        assert live.parser.events == []


async def test_an_event_is_read_once_per_worker_whatever_the_subscribers(events_app, hall):
    from backend.events.hub import EventHub
    from backend.events.log import EventLog

    stream, first, second, _ = hall
    log = _services(events_app).get(EventLog)
    hub = _services(events_app).get(EventHub)
    reads: list[int] = []
    original = log.read

    async def counted(name: str, after: int, limit: int = 500):
        found = await original(name, after, limit)
        if name == stream and found:
            reads.append(len(found))
        return found

    log.read = counted  # type: ignore[method-assign]
    try:
        path = f"/api/events/{stream}"
        async with contextlib.AsyncExitStack() as stack:
            readers = [
                await stack.enter_async_context(_open(events_app, member, path))
                for member in (first, second, first, second, first)
            ]
            for reader in readers:
                await reader.connected()
            assert hub.subscriber_count(stream) == 5
            await _publish(events_app, stream, "checkin.counted", {"present": 1})
            for reader in readers:
                [event] = await reader.events(1, within=1.0)
                assert event.data["data"] == {"present": 1}
        assert reads == [1]
    finally:
        del log.read
    assert hub.subscriber_count(stream) == 0


async def test_a_lost_announcement_costs_only_the_poll(events_app, hall, monkeypatch):
    from backend.events.hub import EventHub

    hub = _services(events_app).get(EventHub)
    monkeypatch.setattr(hub, "poll_seconds", 0.5)
    stream, first, _, _ = hall
    async with _open(events_app, first, f"/api/events/{stream}") as live:
        await asyncio.sleep(0.6)  # the listener waits with the short poll from now on
        await _publish(events_app, stream, "session.opened", {}, announce=False)
        [event] = await live.events(1, within=2.0)
        assert event.id == 1


@pytest.mark.skipif(BACKEND != "postgres", reason="Redis is configured in the PostgreSQL pass")
async def test_an_announcement_of_another_worker_arrives_through_redis(
    events_app, hall, settings, monkeypatch
):
    """An EventLog of its own (another worker's), announcing only through Redis."""
    from redis.asyncio import Redis

    from backend import db
    from backend.events.hub import EventHub
    from backend.events.log import EventLog

    monkeypatch.setattr(_services(events_app).get(EventHub), "poll_seconds", 60.0)
    stream, first, _, _ = hall
    redis = Redis.from_url(settings.redis_url)
    other = EventLog(redis, settings.redis_prefix)
    try:
        async with _open(events_app, first, f"/api/events/{stream}") as live:
            await asyncio.sleep(0.2)
            async with db.transaction():
                await other.append(stream, "agenda.moved", {"item": 7})
            await other.announce(stream)
            [event] = await live.events(1, within=1.0)
            assert event.data["data"] == {"item": 7}
    finally:
        await redis.aclose()


async def _age_session(member: Member, *, idle_left: timedelta | None = None, expired=False):
    """Make the member's session nearly idle (``idle_left`` before the limit), or expired."""
    from backend.accounts.tables import UserSession
    from backend.accounts.tokens import token_hash
    from backend.core.clock import now
    from backend.settings import get_settings

    changes = {}
    if idle_left is not None:
        idle = timedelta(minutes=get_settings().session_idle_minutes)
        changes[UserSession.last_seen_at] = now() - idle + idle_left
    if expired:
        changes[UserSession.expires_at] = now() - timedelta(seconds=1)
    await UserSession.update(changes).where(UserSession.token_hash == token_hash(member.token))


async def _resolves(app, member: Member) -> bool:
    from backend.accounts.sessions import SessionService

    sessions = _services(app).get(SessionService)
    sessions.forget()
    return await sessions.resolve(member.token) is not None


async def test_an_open_stream_keeps_the_session_alive_past_the_idle_limit(
    events_app, hall, monkeypatch
):
    from backend.events import controllers

    monkeypatch.setattr(controllers, "CHECK_SECONDS", 0.3)
    stream, watching, idle, _ = hall
    async with _open(events_app, watching, f"/api/events/{stream}") as live:
        await asyncio.sleep(0.2)
        for member in (watching, idle):
            await _age_session(member, idle_left=timedelta(seconds=2))
        await asyncio.sleep(3.0)  # past the idle limit of both
        assert await _resolves(events_app, watching)
        assert not await _resolves(events_app, idle)
        assert not live.ended
        await _publish(events_app, stream, "agenda.moved", {"item": 2})
        [event] = await live.events(1, within=1.0)
        assert event.data["data"] == {"item": 2}


async def test_a_revoked_session_ends_the_stream(events_app, hall, monkeypatch):
    from backend.events import controllers

    monkeypatch.setattr(controllers, "CHECK_SECONDS", 0.3)
    stream, first, _, _ = hall
    async with _open(events_app, first, f"/api/events/{stream}") as live:
        await asyncio.sleep(0.5)
        assert not live.ended
        logout = await first.client.post("/api/auth/logout")
        assert logout.status_code == 204
        await live.until_end(within=3.0)
        assert live.ended


async def test_a_stream_never_outlives_the_session_lifetime(events_app, hall, monkeypatch):
    from backend.events import controllers

    monkeypatch.setattr(controllers, "CHECK_SECONDS", 0.3)
    stream, first, _, _ = hall
    async with _open(events_app, first, f"/api/events/{stream}") as live:
        await asyncio.sleep(0.5)
        await _age_session(first, expired=True)
        await live.until_end(within=3.0)
        assert live.ended
    assert not await _resolves(events_app, first)
