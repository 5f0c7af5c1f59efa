"""The live agenda over the API: the presidium opens a session (its first item becomes the
current one), moves the current item (next, previous, a given item; the item left is done),
closes the session; everyone else is refused in Vietnamese. Each step appends an event that
carries what a phone needs to redraw, and ``GET …/live`` gives the state with the id to
subscribe from."""

from __future__ import annotations

import contextlib

import pytest

from tests.congress_support import hall, staged_congress


@pytest.fixture(scope="module")
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await hall(app, stack)


@pytest.fixture
def events(app):
    from backend.events.log import EventLog

    return app.state.services.get(EventLog)


def _type(response) -> str:
    return response.json()["type"].rsplit("/", 1)[1]


async def _open(people, built, session: int = 0):
    return await people.chair.client.post(
        f"/api/congresses/{built.id}/sessions/{built.sessions[session]}/open"
    )


async def _move(people, built, to: str, item_id: int | None = None, who=None):
    body = {"to": to} | ({"item_id": item_id} if item_id is not None else {})
    client = (who or people.chair).client
    return await client.post(f"/api/congresses/{built.id}/agenda/move", json=body)


async def test_the_presidium_runs_a_session_and_every_step_is_an_event(people, events):
    from backend.congress.tables import AgendaItemRow, Congress

    built = await staged_congress(people)
    items = built.items[built.sessions[0]]
    before = (await people.delegates[0].client.get(f"/api/congresses/{built.id}/live")).json()
    assert before["session"] is None and before["item"] is None
    assert before["last_event_id"] == 0 and before["stream"] == f"congress:{built.id}"

    opened = await _open(people, built)
    assert opened.status_code == 200, opened.text
    state = opened.json()
    assert state["congress_status"] == "dang_dien_ra"
    assert state["session"]["id"] == built.sessions[0] and state["session"]["status"] == "dang_hop"
    assert state["item"]["id"] == items[0] and state["item"]["title"] == "Nội dung 1.1"
    assert state["item"]["started_at"] is not None
    assert state["attendance"]["session_id"] == built.sessions[0]
    assert state["last_event_id"] == 1

    moved = await _move(people, built, "next")
    assert moved.status_code == 200, moved.text
    assert moved.json()["item"]["id"] == items[1] and moved.json()["last_event_id"] == 2
    jumped = await _move(people, built, "item", items[2])
    assert jumped.json()["item"]["ordinal"] == 3
    back = await _move(people, built, "previous")
    assert back.json()["item"]["id"] == items[1]

    statuses = {
        r["id"]: r["status"]
        for r in await AgendaItemRow.select(AgendaItemRow.id, AgendaItemRow.status).where(
            AgendaItemRow.session == built.sessions[0]
        )
    }
    assert statuses == {items[0]: "da_xong", items[1]: "dang_dien_ra", items[2]: "da_xong"}

    closed = await people.chair.client.post(
        f"/api/congresses/{built.id}/sessions/{built.sessions[0]}/close"
    )
    assert closed.status_code == 200, closed.text
    assert closed.json()["session"] is None and closed.json()["item"] is None
    row = await Congress.select().where(Congress.id == built.id).first()
    assert row["current_session_id"] is None and row["status"] == "dang_dien_ra"

    log = await events.read(f"congress:{built.id}", 0)
    assert [e.kind for e in log] == [
        "session.opened",
        "agenda.moved",
        "agenda.moved",
        "agenda.moved",
        "session.closed",
    ]
    assert [e.id for e in log] == [1, 2, 3, 4, 5]
    # Enough to redraw without another request: the item's title, ordinal, session, start.
    move = log[1].data
    assert move["item"]["title"] == "Nội dung 1.2" and move["item"]["ordinal"] == 2
    assert move["item"]["session_id"] == built.sessions[0] and move["item"]["started_at"]
    assert move["session"]["title"] == "Phiên thứ 1" and move["previous_item_id"] == items[0]
    assert log[4].data["closed_session"]["id"] == built.sessions[0]
    assert log[4].data["item"] is None

    # The next session opens after the first closed; the state names the last event.
    second = await _open(people, built, 1)
    assert second.json()["item"]["id"] == built.items[built.sessions[1]][0]
    live = (await people.delegates[1].client.get(f"/api/congresses/{built.id}/live")).json()
    assert live["last_event_id"] == 6 and live["item"]["title"] == "Nội dung 2.1"


async def test_agenda_moves_by_anyone_but_the_presidium_are_refused(people):
    built = await staged_congress(people)
    for someone in (people.organiser, people.secretary, people.staff, people.delegates[0]):
        refused = await someone.client.post(
            f"/api/congresses/{built.id}/sessions/{built.sessions[0]}/open"
        )
        assert refused.status_code == 403, someone.me["full_name"]
        assert refused.json()["detail"] == (
            "Chỉ Đoàn Chủ tịch được điều hành phiên họp và chương trình."
        )
    assert (await _open(people, built)).status_code == 200
    for someone in (people.organiser, people.secretary, people.staff, people.delegates[0]):
        refused = await _move(people, built, "next", who=someone)
        assert refused.status_code == 403 and "Đoàn Chủ tịch" in refused.json()["detail"]
        closing = await someone.client.post(
            f"/api/congresses/{built.id}/sessions/{built.sessions[0]}/close"
        )
        assert closing.status_code == 403
    outsider = await _move(people, built, "next", who=people.outsider)
    assert outsider.status_code == 404
    anonymous = await people.anonymous.post(
        f"/api/congresses/{built.id}/agenda/move", json={"to": "next"}
    )
    assert anonymous.status_code in (401, 403)
    # Nothing moved.
    live = (await people.chair.client.get(f"/api/congresses/{built.id}/live")).json()
    assert live["item"]["id"] == built.items[built.sessions[0]][0]


async def test_moves_the_state_does_not_allow(people):
    built = await staged_congress(people, items=2)
    items = built.items[built.sessions[0]]
    none_open = await _move(people, built, "next")
    assert none_open.status_code == 409 and "khai mạc phiên" in none_open.json()["detail"]
    await _open(people, built)
    first = await _move(people, built, "previous")
    assert first.status_code == 409 and "đầu tiên" in first.json()["detail"]
    same = await _move(people, built, "item", items[0])
    assert same.status_code == 409 and _type(same) == "item_already_current"
    other_session = await _move(people, built, "item", built.items[built.sessions[1]][0])
    assert other_session.status_code == 409 and "phiên khác" in other_session.json()["detail"]
    missing = await _move(people, built, "item", 2147483647)
    assert missing.status_code == 404
    no_item = await _move(people, built, "item")
    assert no_item.status_code == 422
    bad = await people.chair.client.post(
        f"/api/congresses/{built.id}/agenda/move", json={"to": "sideways"}
    )
    assert bad.status_code == 400
    assert (await _move(people, built, "next")).status_code == 200
    last = await _move(people, built, "next")
    assert last.status_code == 409 and "cuối cùng" in last.json()["detail"]
    twice = await _open(people, built)
    assert twice.status_code == 409 and "đang họp" in twice.json()["detail"]
    other = await _open(people, built, 1)
    assert other.status_code == 409 and _type(other) == "other_session_open"
    assert "bế mạc phiên đó trước" in other.json()["detail"]
    close_other = await people.chair.client.post(
        f"/api/congresses/{built.id}/sessions/{built.sessions[1]}/close"
    )
    assert close_other.status_code == 409 and "không đang họp" in close_other.json()["detail"]
    path = f"/api/congresses/{built.id}/sessions/{built.sessions[0]}"
    assert (await people.chair.client.post(f"{path}/close")).status_code == 200
    reopened = await people.chair.client.post(f"{path}/open")
    assert reopened.status_code == 409 and "không khai mạc lại" in reopened.json()["detail"]


async def test_an_ended_congress_cannot_be_run(people):
    built = await staged_congress(people, status="da_ket_thuc")
    refused = await _open(people, built)
    assert refused.status_code == 409 and "Đã kết thúc" in refused.json()["detail"]


async def test_live_state_is_for_the_congress_s_people_only(people):
    built = await staged_congress(people)
    for someone in (people.delegates[2], people.staff, people.secretary, people.organiser):
        assert (await someone.client.get(f"/api/congresses/{built.id}/live")).status_code == 200
    hidden = await people.outsider.client.get(f"/api/congresses/{built.id}/live")
    assert hidden.status_code == 404 and "không có quyền xem" in hidden.json()["detail"]
    assert (await people.anonymous.get(f"/api/congresses/{built.id}/live")).status_code == 401


async def test_the_stream_is_open_to_the_congress_s_people_only(app, people):
    from backend.core.domain import DomainHooks
    from backend.domains import plugins

    built = await staged_congress(people)
    hooks = DomainHooks(plugins())
    me = await _actor(app, people.delegates[0])
    stranger = await _actor(app, people.outsider)
    assert await hooks.may_read_stream(me, f"congress:{built.id}") is True
    assert await hooks.may_read_stream(stranger, f"congress:{built.id}") is False
    assert await hooks.may_read_stream(me, "congress:2147483640") is False


async def _actor(app, person):
    from backend.accounts.identity import Actor
    from backend.accounts.tables import User
    from shared.accounts import Role

    row = await User.select().where(User.id == person.id).first()
    return Actor(
        id=row["id"],
        username=row["username"],
        full_name=row["full_name"],
        organisation_id=0,
        organisation_code="",
        organisation_name="",
        roles=[Role.DANG_VIEN],
        session_id=0,
    )


async def test_a_delegate_s_phone_follows_the_agenda_live_and_catches_up(app, people):
    """The phone reads ``GET …/live``, subscribes to ``congress:{id}`` from its
    ``last_event_id``, and each move of the presidium reaches it within a second with what it
    needs to redraw; a phone that reconnects with ``Last-Event-ID`` gets what it missed."""
    import time

    from tests.events_support import AsgiStream, cookie_header

    built = await staged_congress(people)
    items = built.items[built.sessions[0]]
    delegate = people.delegates[0]
    headers = {"cookie": cookie_header(delegate.client)}
    state = (await delegate.client.get(f"/api/congresses/{built.id}/live")).json()
    path = f"/api/events/{state['stream']}?after={state['last_event_id']}"
    async with AsgiStream(app, path, headers) as phone:
        assert phone.status == 200
        await _open(people, built)
        started = time.monotonic()
        await _move(people, built, "next")
        opened, moved = await phone.events(2, within=5)
        assert time.monotonic() - started < 1.0
        assert (opened.event, moved.event) == ("session.opened", "agenda.moved")
        item = moved.data["data"]["item"]
        assert (item["id"], item["title"], item["ordinal"]) == (items[1], "Nội dung 1.2", 2)
        last_seen = moved.id
    # Off the network while the presidium moves on twice; back with Last-Event-ID.
    await _move(people, built, "next")
    await _move(people, built, "previous")
    back = {**headers, "Last-Event-ID": str(last_seen)}
    async with AsgiStream(app, f"/api/events/{state['stream']}", back) as phone:
        missed = await phone.events(2, within=5)
        assert [e.id for e in missed] == [last_seen + 1, last_seen + 2]
        assert missed[-1].data["data"]["item"]["id"] == items[1]
    # Someone who is not of this congress cannot follow it.
    outsider = {"cookie": cookie_header(people.outsider.client)}
    async with AsgiStream(app, f"/api/events/{state['stream']}", outsider) as refused:
        assert refused.status == 403, await refused.text()
