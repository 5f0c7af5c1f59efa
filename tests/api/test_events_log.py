"""The event log on the real engine (SQLite or PostgreSQL): ids 1..n per stream, streams
independent, a rolled-back write leaves neither an event nor a gap, concurrent writers of one
stream get distinct consecutive ids in commit order."""

from __future__ import annotations

import asyncio
import secrets

import pytest


class Boom(Exception):
    pass


@pytest.fixture
def log(app):
    from backend.events.log import EventLog

    return app.state.services.get(EventLog)


def _stream() -> str:
    # Its own stream per test: the database lives for the whole run.
    return f"test:{secrets.randbelow(10**9)}"


async def _append(log, stream: str, kind: str, data: dict) -> int:
    from backend import db

    async with db.transaction():
        return await log.append(stream, kind, data)


async def test_ids_count_from_one_per_stream_and_read_returns_them_in_order(log):
    first, second = _stream(), _stream()
    ids_first = [await _append(log, first, "agenda.moved", {"item": n}) for n in range(5)]
    ids_second = [await _append(log, second, "checkin.counted", {"present": n}) for n in range(3)]
    assert ids_first == [1, 2, 3, 4, 5]
    assert ids_second == [1, 2, 3]

    events = await log.read(first, 0)
    assert [e.id for e in events] == [1, 2, 3, 4, 5]
    assert [e.data["item"] for e in events] == [0, 1, 2, 3, 4]
    assert {e.stream for e in events} == {first}
    assert {e.kind for e in events} == {"agenda.moved"}
    assert all(e.at.tzinfo is not None for e in events)
    assert [e.id for e in await log.read(first, 3)] == [4, 5]
    assert [e.id for e in await log.read(first, 1, limit=2)] == [2, 3]
    assert await log.read(first, 5) == []
    assert [e.data["present"] for e in await log.read(second, 0)] == [0, 1, 2]
    assert await log.last_id(first) == 5
    assert await log.last_id(_stream()) == 0


async def test_data_keeps_vietnamese_text_and_nesting(log):
    stream = _stream()
    data = {"title": "Báo cáo chính trị của Ban Chấp hành", "counts": {"có_mặt": 280}, "ids": [1]}
    await _append(log, stream, "agenda.moved", data)
    [event] = await log.read(stream, 0)
    assert event.data == data


async def test_a_rolled_back_write_leaves_no_event_and_no_gap(log):
    from backend import db

    stream = _stream()
    assert await _append(log, stream, "session.opened", {}) == 1
    with pytest.raises(Boom):
        async with db.transaction():
            assert await log.append(stream, "agenda.moved", {"item": 1}) == 2
            raise Boom
    assert [e.id for e in await log.read(stream, 0)] == [1]
    assert await log.last_id(stream) == 1
    assert await _append(log, stream, "agenda.moved", {"item": 2}) == 2
    events = await log.read(stream, 0)
    assert [(e.id, e.data) for e in events] == [(1, {}), (2, {"item": 2})]


async def test_a_rolled_back_first_write_creates_no_stream(log):
    from backend import db

    stream = _stream()
    with pytest.raises(Boom):
        async with db.transaction():
            await log.append(stream, "session.opened", {})
            raise Boom
    assert await log.read(stream, 0) == []
    assert await _append(log, stream, "session.opened", {}) == 1


async def test_concurrent_writers_of_one_stream_take_turns(log):
    """Ids are distinct, consecutive, and the order of the ids is the order of the data each
    writer wrote: writer k's event carries the id it was given."""
    stream = _stream()
    ids = await asyncio.gather(*(_append(log, stream, "x.y", {"n": n}) for n in range(12)))
    assert sorted(ids) == list(range(1, 13))
    events = await log.read(stream, 0)
    assert [e.id for e in events] == list(range(1, 13))
    assert {e.data["n"]: e.id for e in events} == dict(zip(range(12), ids, strict=True))


async def test_append_outside_a_transaction_is_refused(log):
    with pytest.raises(RuntimeError):
        await log.append(_stream(), "x.y", {})


async def test_bad_stream_names_and_kinds_are_refused(log):
    from backend import db

    async with db.transaction():
        for stream, kind in [("", "x"), ("no-prefix", "x"), ("a:" + "9" * 200, "x"), ("a:1", "")]:
            with pytest.raises(ValueError):
                await log.append(stream, kind, {})
