"""The step between registering an incoming document and assigning it: the văn thư submits
(trình) it to the lãnh đạo, who are notified and find it in "Chờ phân công"; the in-app
notification says which document, to whoever may still read it."""

from __future__ import annotations

import contextlib

import pytest

from tests.documents_support import make_org, person, registered


@pytest.fixture
async def office(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        yield {
            "org": org,
            "clerk": await person(app, stack, "Văn Thư Trình", ["van_thu", "can_bo"], org),
            "leader": await person(app, stack, "Bí Thư Nhận Trình", ["lanh_dao", "can_bo"], org),
            "deputy": await person(app, stack, "Phó Bí Thư Nhận Trình", ["lanh_dao"], org),
            "cadre": await person(app, stack, "Cán Bộ Nhận Việc", ["can_bo"], org),
            "outsider": await person(app, stack, "Cán Bộ Nơi Khác", ["can_bo"], await make_org()),
        }


async def _awaiting(person) -> list[int]:
    response = await person.client.get("/api/documents/awaiting-assignment")
    assert response.status_code == 200, response.text
    return [d["id"] for d in response.json()["items"]]


async def _notifications(person) -> list[dict]:
    response = await person.client.get("/api/notifications/")
    assert response.status_code == 200, response.text
    return response.json()["items"]


async def test_the_clerk_submits_to_the_leaders_who_assign_from_their_list(office):
    from backend.audit.tables import AuditEvent

    clerk, leader, deputy = office["clerk"], office["leader"], office["deputy"]
    trich_yeu = "Kế hoạch kiểm tra công tác chuyển đổi số quý I"
    doc = await registered(clerk.client, so_ky_hieu="27-KH/TU", trich_yeu=trich_yeu)
    assert doc["status"] == "moi" and "send_to_leader" in doc["actions"]
    # registered and not yet assigned: already in the leader's list
    assert doc["id"] in await _awaiting(leader)
    me = (await leader.client.get("/api/me")).json()
    assert "view_awaiting_assignment" in me["actions"]["documents"]

    sent = await clerk.client.post(f"/api/documents/{doc['id']}/send-to-leader", json={})
    assert sent.status_code == 200, sent.text
    body = sent.json()
    assert body["status"] == "cho_phan_cong"
    assert "send_to_leader" not in body["actions"]
    texts = [t["text"] for t in body["timeline"]]
    assert any(
        t.startswith("Trình lãnh đạo phân công:") and "Bí Thư Nhận Trình" in t for t in texts
    )
    assert "Chuyển trạng thái: Mới đến → Chờ phân công" in texts
    assert await AuditEvent.exists().where(
        (AuditEvent.action == "document.sent_to_leader")
        & (AuditEvent.target == f"document:{doc['id']}")
        & (AuditEvent.actor_id == clerk.id)
    )
    again = await clerk.client.post(f"/api/documents/{doc['id']}/send-to-leader")
    assert again.status_code == 409

    # both leaders are told, and the list in the app says which document
    for who in (leader, deputy):
        items = await _notifications(who)
        item = next(i for i in items if i["link"] == f"/van-ban/{doc['id']}")
        assert item["title"] == "Văn bản chờ phân công"
        assert trich_yeu not in item["title"] + item["body"]  # the push text names no content
        assert item["subject"] == f"Số 27-KH/TU — {trich_yeu}"
        one = await who.client.get(f"/api/notifications/{item['id']}")
        assert one.json()["subject"] == item["subject"]
    assert doc["id"] in await _awaiting(deputy)

    detail = (await leader.client.get(f"/api/documents/{doc['id']}")).json()
    assert "assign" in detail["actions"]
    assigned = await leader.client.post(
        f"/api/documents/{doc['id']}/assign", json={"main_handler_id": office["cadre"].id}
    )
    assert assigned.status_code == 200, assigned.text
    assert assigned.json()["status"] == "da_phan_cong"
    assert doc["id"] not in await _awaiting(leader)
    handed = await _notifications(office["cadre"])
    assert handed[0]["subject"] == f"Số 27-KH/TU — {trich_yeu}"


async def test_only_the_clerk_submits_and_only_leaders_see_the_list(office):
    doc = await registered(office["clerk"].client)
    for who in ("leader", "cadre"):
        response = await office[who].client.post(f"/api/documents/{doc['id']}/send-to-leader")
        assert response.status_code in (403, 404), (who, response.text)
    for who in ("clerk", "cadre", "outsider"):
        response = await office[who].client.get("/api/documents/awaiting-assignment")
        assert response.status_code == 403, (who, response.text)
        assert "lãnh đạo" in response.json()["detail"]


async def test_a_leader_may_still_assign_straight_from_new(office):
    doc = await registered(office["clerk"].client)
    assigned = await office["leader"].client.post(
        f"/api/documents/{doc['id']}/assign", json={"main_handler_id": office["cadre"].id}
    )
    assert assigned.status_code == 200 and assigned.json()["status"] == "da_phan_cong"
    late = await office["clerk"].client.post(f"/api/documents/{doc['id']}/send-to-leader")
    assert late.status_code == 409


async def test_no_leader_to_submit_to_is_said_plainly(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        clerk = await person(app, stack, "Văn Thư Đơn Vị Trống", ["van_thu", "can_bo"], org)
        doc = await registered(clerk.client)
        response = await clerk.client.post(f"/api/documents/{doc['id']}/send-to-leader")
        assert response.status_code == 409 and response.json()["type"].endswith("/no_leader")


async def test_a_subject_only_for_who_may_read_the_document(office):
    """A notification pointing at a document its reader may not read says nothing about it."""
    from backend import db
    from backend.notifications.notifier import Notifier
    from shared.notifications import NotificationKind

    doc = await registered(office["clerk"].client, trich_yeu="Công văn chỉ đơn vị được đọc")
    async with db.transaction():
        await Notifier().notify(
            [office["outsider"].id, office["leader"].id],
            kind=NotificationKind.VAN_BAN,
            title="Văn bản mới",
            link=f"/van-ban/{doc['id']}",
        )
    outsider_item = (await _notifications(office["outsider"]))[0]
    assert outsider_item["link"] == f"/van-ban/{doc['id']}" and outsider_item["subject"] == ""
    leader_item = (await _notifications(office["leader"]))[0]
    assert leader_item["subject"].endswith("Công văn chỉ đơn vị được đọc")
    assert leader_item["subject"].startswith("Số 15-KH/TU")
