"""A citizen's data-subject requests: the download of everything the app holds about him (each
domain's part through its ``citizen_data`` hook) and erasure by crypto-shredding."""

from __future__ import annotations

import pytest

from backend.citizens.keys import CitizenKeys
from backend.citizens.simulator.people import TEST_CITIZENS
from backend.citizens.tables import Citizen
from backend.core.domain import DomainHooks
from backend.core.problems import Problem
from tests.conftest import make_client, prime_csrf
from tests.helpers import new_user
from tests.vneid_support import harness, restore, sign_in


@pytest.fixture
async def h(app):
    found, saved = harness(app)
    yield found
    restore(app, saved)


@pytest.fixture
async def citizen(app, h):
    async with make_client(app) as client:
        await prime_csrf(client)
        done = await sign_in(client, h, "0")
        assert done.status_code == 303, done.text
        yield client


async def test_the_download_holds_his_record_sessions_audit_and_each_domains_part(app, citizen):
    hooks = app.state.services.get(DomainHooks)
    seen = []

    async def comments(actor):
        seen.append(actor.id)
        return {"comments": [{"text": "Đề nghị bổ sung mục 3."}]}

    hooks.citizen_data_hooks.append(("consultations", comments))
    try:
        got = await citizen.get("/api/citizens/me/data")
    finally:
        hooks.citizen_data_hooks.remove(("consultations", comments))
    assert got.status_code == 200, got.text
    assert "attachment" in got.headers["content-disposition"]
    data = got.json()
    me = (await citizen.get("/api/me")).json()
    assert seen == [me["id"]]
    assert data["profile"]["full_name"] == TEST_CITIZENS[0].full_name
    assert data["domains"]["consultations"]["comments"][0]["text"] == "Đề nghị bổ sung mục 3."
    actions = [e["action"] for e in data["audit_events"]]
    assert "citizen.enrolled" in actions and "login.succeeded" in actions
    assert len(data["sessions"]) >= 1 and data["notes"]
    assert TEST_CITIZENS[0].pid not in got.text  # the number is not kept, so not given back


async def test_erasure_shreds_the_key_ends_the_sessions_and_keeps_no_link(app, h, citizen):
    keys = app.state.services.get(CitizenKeys)
    user_id = (await citizen.get("/api/me")).json()["id"]
    token = await keys.author_token(user_id, "consultation:1")
    refused = await citizen.post("/api/citizens/me/erase", json={"confirm": False})
    assert refused.status_code == 400
    erased = await citizen.post("/api/citizens/me/erase", json={"confirm": True})
    assert erased.status_code == 200, erased.text
    body = erased.json()
    assert body["sessions_ended"] >= 1 and body["kept"]
    assert (await citizen.get("/api/me")).status_code == 401
    row = await Citizen.select().where(Citizen.user == user_id).first()
    assert row["person_key_sealed"] is None and row["name_sealed"] is None
    assert row["pid_hash"] is None and row["erased_at"] is not None
    assert (row["province"], row["commune"]) == ("", "")
    with pytest.raises(Problem) as gone:
        await keys.author_token(user_id, "consultation:1")
    assert gone.value.status_code == 410
    # Signing in again is a new account: nothing links it to the erased one or its comments.
    async with make_client(app) as again:
        await prime_csrf(again)
        assert (await sign_in(again, h, "0")).status_code == 303
        new_id = (await again.get("/api/me")).json()["id"]
    assert new_id != user_id
    assert await keys.author_token(new_id, "consultation:1") != token


async def test_others_cannot_use_the_citizens_own_data_routes(app):
    async with make_client(app) as officer:
        await prime_csrf(officer)
        await new_user(officer, "Cán Bộ Dữ Liệu", ["can_bo"], "VPTU")
        for method, path, body in (
            ("GET", "/api/citizens/me", None),
            ("GET", "/api/citizens/me/data", None),
            ("POST", "/api/citizens/me/erase", {"confirm": True}),
            ("POST", "/api/citizens/consent", {"version": "x"}),
        ):
            response = await officer.request(method, path, json=body)
            assert response.status_code == 403, (path, response.text)
        notice = await officer.get("/api/citizens/consent")
        assert notice.status_code == 200 and notice.json()["accepted"] is False
    async with make_client(app) as anonymous:
        assert (await anonymous.get("/api/citizens/me")).status_code == 401
        assert (await anonymous.get("/api/citizens/consent")).status_code == 200


async def test_an_outdated_notice_cannot_be_accepted(citizen):
    refused = await citizen.post("/api/citizens/consent", json={"version": "2020-1"})
    assert refused.status_code == 409
    assert "phiên bản" in refused.json()["detail"]
