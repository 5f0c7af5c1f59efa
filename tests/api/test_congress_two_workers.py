"""The congress in the production set-up: two API machines (``dangbo serve --api-only``) on
one PostgreSQL and one Redis. A check-in through one shows at once in the quorum the other
answers; the same card scanned through both at the same moment is one check-in; the presidium
opens the session through one and moves the agenda through the other, and a delegate reading
through either sees the same position and the same last event id.

Runs in the PostgreSQL pass (``DANGBO_TEST_BACKEND=postgres``)."""

from __future__ import annotations

import asyncio

import pytest

from tests.api.test_two_machines import Browser, Machine
from tests.conftest import BACKEND
from tests.congress_support import add_body, add_delegate, add_item, add_session, make_congress

pytestmark = [
    pytest.mark.skipif(BACKEND != "postgres", reason="runs in the PostgreSQL pass"),
    pytest.mark.timeout(300),
]


async def _me(browser: Browser, machine: Machine) -> dict:
    response = await browser.client.get(f"{machine.url}/api/me")
    assert response.status_code == 200, response.text
    return response.json()


async def test_two_machines_share_check_ins_quorum_and_the_live_position(app, tmp_path):
    from backend.congress.tables import Checkin
    from backend.orgs.services import organisation_id

    first = Machine("a", tmp_path / "a")
    second = Machine("b", tmp_path / "b")
    browsers: list[Browser] = []
    try:
        await asyncio.gather(first.start(), second.start())
        org = "DBTP.CB01"
        staff, chair, delegate, other = Browser(), Browser(), Browser(), Browser()
        browsers += [staff, chair, delegate, other]
        await staff.enroll(first, "Điểm Danh Hai Máy", ["dang_vien"], org)
        await chair.enroll(second, "Chủ Tịch Hai Máy", ["dang_vien"], org)
        await delegate.enroll(first, "Đại Biểu Hai Máy", ["dang_vien"], org)
        await other.enroll(second, "Đại Biểu Khác Hai Máy", ["dang_vien"], org)

        congress_id = await make_congress(await organisation_id(org) or 0)
        await add_body(congress_id, "diem_danh", (await _me(staff, first))["id"])
        await add_body(congress_id, "chu_tich", (await _me(chair, second))["id"])
        session_id = await add_session(congress_id, 1, "Phiên thứ nhất")
        items = [await add_item(congress_id, session_id, i, f"Nội dung {i}") for i in (1, 2)]
        mine = await add_delegate(
            congress_id, "Đại Biểu Hai Máy", user_id=(await _me(delegate, first))["id"]
        )
        await add_delegate(
            congress_id, "Đại Biểu Khác", user_id=(await _me(other, second))["id"], code="K001"
        )
        await add_delegate(congress_id, "Đại Biểu Thứ Ba", code="K002")
        base = f"/api/congresses/{congress_id}"
        checkins = f"{base}/sessions/{session_id}/checkins"
        attendance = f"{base}/sessions/{session_id}/attendance"

        # The card read through the second machine, scanned through the first and, at the
        # same moment, through the second: one check-in.
        card = await delegate.client.get(f"{second.url}{base}/card")
        assert card.status_code == 200, card.text
        token = card.json()["token"]
        scans = await asyncio.gather(
            *(
                staff.client.post(f"{machine.url}{checkins}", json={"token": token})
                for machine in (first, second) * 4
            )
        )
        assert [s.status_code for s in scans] == [200] * 8, [s.text for s in scans]
        assert sum(1 for s in scans if not s.json()["already"]) == 1
        rows = await Checkin.select().where(
            (Checkin.session == session_id) & (Checkin.delegate == mine)
        )
        assert len(rows) == 1

        # A check-in through the first shows at once in the quorum the second answers.
        seen = (await chair.client.get(f"{second.url}{attendance}")).json()["counts"]
        assert (seen["present"], seen["base"], seen["quorum"]) == (1, 3, False)
        typed = await staff.client.post(f"{first.url}{checkins}", json={"code": "K001"})
        assert typed.status_code == 200 and typed.json()["attendance"]["quorum"] is True
        seen = (await chair.client.get(f"{second.url}{attendance}")).json()["counts"]
        assert (seen["present"], seen["base_present"], seen["quorum"]) == (2, 2, True)

        # Opened through the second, moved through the first: both answer the same position.
        opened = await chair.client.post(f"{second.url}{base}/sessions/{session_id}/open")
        assert opened.status_code == 200, opened.text
        moved = await chair.client.post(f"{first.url}{base}/agenda/move", json={"to": "next"})
        assert moved.status_code == 200, moved.text
        states = [
            (await delegate.client.get(f"{machine.url}{base}/live")).json()
            for machine in (first, second)
        ]
        for state in states:
            assert state["item"]["id"] == items[1]
            assert state["attendance"]["present"] == 2
            # Two check-ins, the opening and the move.
            assert state["last_event_id"] == 4
    finally:
        for browser in browsers:
            await browser.client.aclose()
        for machine in (first, second):
            machine.stop()
