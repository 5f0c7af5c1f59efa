"""The API process killed mid-burst of votes and started again: every vote it acknowledged
is in the tally, none twice; a delegate whose answer was lost votes again and is either
counted once or told he has voted.

Runs in the PostgreSQL pass (``DANGBO_TEST_BACKEND=postgres``): ``dangbo serve --api-only``
as in production, killed with SIGKILL (no shutdown, no flush)."""

from __future__ import annotations

import asyncio
import os
import signal

import httpx
import pytest

from tests.api.test_two_machines import Browser, Machine
from tests.conftest import BACKEND
from tests.congress_support import add_body, add_delegate, add_item, add_session, make_congress

pytestmark = [
    pytest.mark.skipif(BACKEND != "postgres", reason="runs in the PostgreSQL pass"),
    pytest.mark.timeout(600),
]
VOTERS = 40


async def _me(browser: Browser, machine: Machine) -> dict:
    response = await browser.client.get(f"{machine.url}/api/me")
    assert response.status_code == 200, response.text
    return response.json()


async def test_every_acknowledged_vote_survives_a_kill(app, tmp_path):
    from backend.congress.tables import Checkin, Congress, CongressSessionRow
    from backend.core.clock import now
    from backend.orgs.services import organisation_id
    from backend.polls.tables import PollBallot, PollParticipation

    machine = Machine("a", tmp_path / "a")
    browsers: list[Browser] = []
    try:
        await machine.start()
        org = "DBTP.CB01"
        chair = Browser()
        browsers.append(chair)
        await chair.enroll(machine, "Chủ Tịch Bỏ Phiếu", ["dang_vien"], org)
        voters = [Browser() for _ in range(VOTERS)]
        browsers += voters
        for i, voter in enumerate(voters):
            await voter.enroll(machine, f"Đại Biểu Bỏ Phiếu {i}", ["dang_vien"], org)

        congress_id = await make_congress(await organisation_id(org) or 0, status="dang_dien_ra")
        await add_body(congress_id, "chu_tich", (await _me(chair, machine))["id"])
        session_id = await add_session(congress_id, 1, "Phiên thứ nhất", status="dang_hop")
        item_id = await add_item(congress_id, session_id, 1, "Biểu quyết")
        await Congress.update({Congress.current_session_id: session_id}).where(
            Congress.id == congress_id
        )
        await CongressSessionRow.update({CongressSessionRow.opened_at: now()}).where(
            CongressSessionRow.id == session_id
        )
        delegate_of = {}
        for i, voter in enumerate(voters):
            me = await _me(voter, machine)
            delegate_of[i] = await add_delegate(
                congress_id, me["full_name"], user_id=me["id"], code=f"B{i:03d}"
            )
            await Checkin.insert(
                Checkin(
                    congress=congress_id,
                    session=session_id,
                    delegate=delegate_of[i],
                    method="thu_cong",
                    at=now(),
                )
            )
        polls = f"/api/congresses/{congress_id}/polls"
        created = await chair.client.post(
            f"{machine.url}{polls}",
            json={"item_id": item_id, "kind": "bieu_quyet", "mode": "cong_khai", "title": "Thử"},
        )
        assert created.status_code == 201, created.text
        poll_id = created.json()["id"]
        opened = await chair.client.post(f"{machine.url}{polls}/{poll_id}/open")
        assert opened.status_code == 200, opened.text
        votes = f"{machine.url}{polls}/{poll_id}/votes"

        acknowledged: set[int] = set()
        first_ack = asyncio.Event()

        async def cast(i: int) -> None:
            try:
                answer = await voters[i].client.post(votes, json={"choice": "tan_thanh"})
            except httpx.TransportError:
                return
            if answer.status_code == 201:
                acknowledged.add(i)
                if len(acknowledged) >= 3:
                    first_ack.set()

        burst = [asyncio.create_task(cast(i)) for i in range(VOTERS)]
        await asyncio.wait_for(first_ack.wait(), 60)
        assert machine.process is not None
        os.killpg(machine.process.pid, signal.SIGKILL)
        machine.process.wait(10)
        await asyncio.gather(*burst)
        assert acknowledged, "no vote was acknowledged before the kill"

        # Every acknowledged vote is in the database, the moment the process is gone.
        stored = {
            r["delegate"]
            for r in await PollBallot.select(PollBallot.delegate).where(PollBallot.poll == poll_id)
        }
        assert {delegate_of[i] for i in acknowledged} <= stored

        await machine.start()
        # Those whose answer never came vote again: counted once, or told they have voted.
        for i in range(VOTERS):
            if i in acknowledged:
                continue
            again = await voters[i].client.post(votes, json={"choice": "tan_thanh"})
            assert again.status_code in (201, 409), again.text
            if again.status_code == 409:
                assert delegate_of[i] in stored
                assert again.json()["detail"].startswith("Đồng chí đã biểu quyết")
        closed = await chair.client.post(f"{machine.url}{polls}/{poll_id}/close")
        assert closed.status_code == 200, closed.text
        result = closed.json()["result"]
        assert result["total"]["valid"] == VOTERS
        yes = next(c for c in result["choices"] if c["choice"] == "tan_thanh")
        assert yes["votes"] == VOTERS
        named = {v["delegate_id"] for v in closed.json()["named_votes"]}
        assert named == set(delegate_of.values())
        assert await PollParticipation.count().where(PollParticipation.poll == poll_id) == VOTERS
        assert await PollBallot.count().where(PollBallot.poll == poll_id) == VOTERS
    finally:
        machine.stop()
        for browser in browsers:
            await browser.client.aclose()
