"""Steps shared by the polls tests: a congress in session (its first session open, the
check-in staff also on the counting board), delegates checked in, and polls made over the
API."""

from __future__ import annotations

from tests.congress_support import Built, Hall, add_body, staged_congress


async def in_session(people: Hall, *, extra_delegates: int = 0, **fields) -> Built:
    """A congress in session: bodies as ``staged_congress`` gives them, plus the check-in
    staff on the counting board; its first session open."""
    from backend.congress.tables import Congress, CongressSessionRow
    from backend.core.clock import now

    built = await staged_congress(
        people, extra_delegates=extra_delegates, status="dang_dien_ra", **fields
    )
    await add_body(built.id, "kiem_phieu", people.staff.id)
    session = built.sessions[0]
    await CongressSessionRow.update(
        {CongressSessionRow.status: "dang_hop", CongressSessionRow.opened_at: now()}
    ).where(CongressSessionRow.id == session)
    await Congress.update(
        {Congress.current_session_id: session, Congress.current_item_id: built.items[session][0]}
    ).where(Congress.id == built.id)
    return built


async def check_in(built: Built, *labels: str) -> None:
    from backend.congress.tables import Checkin
    from backend.core.clock import now

    for label in labels:
        await Checkin.insert(
            Checkin(
                congress=built.id,
                session=built.sessions[0],
                delegate=built.delegates[label],
                method="thu_cong",
                at=now(),
            )
        )


def polls_url(built: Built, poll_id: int | None = None) -> str:
    base = f"/api/congresses/{built.id}/polls"
    return base if poll_id is None else f"{base}/{poll_id}"


def item_of(built: Built) -> int:
    return built.items[built.sessions[0]][0]


async def make_poll(people: Hall, built: Built, **body) -> dict:
    payload = {"item_id": item_of(built), "mode": "cong_khai", "title": "Biểu quyết thử"} | body
    payload.setdefault("kind", "bieu_quyet")
    response = await people.chair.client.post(polls_url(built), json=payload)
    assert response.status_code == 201, response.text
    return response.json()


async def open_poll(people: Hall, built: Built, poll_id: int) -> dict:
    response = await people.chair.client.post(f"{polls_url(built, poll_id)}/open")
    assert response.status_code == 200, response.text
    return response.json()


async def close_poll(people: Hall, built: Built, poll_id: int) -> dict:
    response = await people.chair.client.post(f"{polls_url(built, poll_id)}/close")
    assert response.status_code == 200, response.text
    return response.json()


def code_of(response) -> str:
    """The problem's code (the last part of its ``type``)."""
    return response.json()["type"].rsplit("/", 1)[-1]
