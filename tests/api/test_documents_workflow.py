"""Processing: assignment, opinions, forwarding, done, read receipts, timeline, inbox, outgoing
numbering and its transitions — enforced by the API and audited."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest

from tests.documents_support import make_org, person, registered


@pytest.fixture
async def team(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        people = {
            "clerk": await person(app, stack, "Văn Thư Xử Lý", ["van_thu", "can_bo"], org),
            "leader": await person(app, stack, "Lãnh Đạo Xử Lý", ["lanh_dao", "can_bo"], org),
            "main": await person(app, stack, "Cán Bộ Chính", ["can_bo"], org),
            "co": await person(app, stack, "Cán Bộ Phối Hợp", ["can_bo"], org),
            "reader": await person(app, stack, "Cán Bộ Để Biết", ["can_bo"], org),
            "colleague": await person(app, stack, "Cán Bộ Cùng Đơn Vị", ["can_bo"], org),
        }
        outsider_org = await make_org()
        people["outsider"] = await person(
            app, stack, "Cán Bộ Đơn Vị Khác", ["can_bo"], outsider_org
        )
        people["org"] = org
        yield people


def _today():
    from backend.core.clock import today

    return today()


async def _assign(team, doc_id: int, **extra):
    payload = {
        "main_handler_id": team["main"].id,
        "co_handler_ids": [team["co"].id],
        "reader_ids": [team["reader"].id],
        "deadline": (_today() + timedelta(days=5)).isoformat(),
        "instruction": "Đề nghị đồng chí chủ trì tham mưu, báo cáo trước ngày họp.",
    }
    payload.update(extra)
    return await team["leader"].client.post(f"/api/documents/{doc_id}/assign", json=payload)


async def test_incoming_flow_assign_opinion_forward_done(team):
    from backend.audit.tables import AuditEvent
    from backend.notifications.tables import Notification

    doc = await registered(team["clerk"].client, do_khan="khan")
    doc_id = doc["id"]

    # nobody but the register keepers sees it yet
    assert (await team["main"].client.get(f"/api/documents/{doc_id}")).status_code == 404
    # handlers cannot act before assignment; a clerk cannot assign
    early = await team["main"].client.post(f"/api/documents/{doc_id}/done", json={"result": "x"})
    assert early.status_code == 404
    not_leader = await team["clerk"].client.post(
        f"/api/documents/{doc_id}/assign", json={"main_handler_id": team["main"].id}
    )
    assert not_leader.status_code == 403

    assigned = await _assign(team, doc_id)
    assert assigned.status_code == 200, assigned.text
    body = assigned.json()
    assert body["status"] == "da_phan_cong"
    roles = {a["user_id"]: a["role"] for a in body["assignments"]}
    assert roles == {
        team["main"].id: "xu_ly_chinh",
        team["co"].id: "phoi_hop",
        team["reader"].id: "de_biet",
    }
    # each assignee is told, inside the same transaction
    for who in ("main", "co", "reader"):
        note = await Notification.select().where(Notification.user == team[who].id).first()
        assert note is not None and note["link"] == f"/van-ban/{doc_id}"
        assert "Văn bản mới được giao" in note["title"]

    # the main handler sees it in his inbox, opens it (read receipt), gives an opinion
    inbox = (await team["main"].client.get("/api/documents/inbox", params={"total": "true"})).json()
    assert [i["document"]["id"] for i in inbox["items"]] == [doc_id]
    assert inbox["total"] == 1
    opened = (await team["main"].client.get(f"/api/documents/{doc_id}")).json()
    assert set(opened["actions"]) >= {"opinion", "forward", "done"}
    opinion = await team["main"].client.post(
        f"/api/documents/{doc_id}/opinions", json={"text": "Đề xuất giao Phòng Tổng hợp dự thảo."}
    )
    assert opinion.status_code == 201, opinion.text
    assert opinion.json()["status"] == "dang_xu_ly"

    # a reader may read but not give opinions; opening fulfils "để biết"
    reader_view = (await team["reader"].client.get(f"/api/documents/{doc_id}")).json()
    assert "opinion" not in reader_view["actions"]
    refused = await team["reader"].client.post(
        f"/api/documents/{doc_id}/opinions", json={"text": "?"}
    )
    assert refused.status_code == 403
    reader_inbox = (
        await team["reader"].client.get("/api/documents/inbox", params={"view": "done"})
    ).json()
    assert reader_inbox["items"][0]["assignment_status"] == "hoan_thanh"

    # forward within the organisation only, never as main handler
    outside = await team["main"].client.post(
        f"/api/documents/{doc_id}/forward", json={"user_ids": [team["outsider"].id]}
    )
    assert outside.status_code == 422 and "cùng tổ chức" in outside.json()["detail"]
    as_main = await team["main"].client.post(
        f"/api/documents/{doc_id}/forward",
        json={"user_ids": [team["colleague"].id], "role": "xu_ly_chinh"},
    )
    assert as_main.status_code == 422
    forwarded = await team["main"].client.post(
        f"/api/documents/{doc_id}/forward",
        json={"user_ids": [team["colleague"].id], "note": "Nhờ đồng chí rà soát số liệu."},
    )
    assert forwarded.status_code == 200, forwarded.text
    assert (await team["colleague"].client.get(f"/api/documents/{doc_id}")).status_code == 200

    # the co-handler finishing does not finish the document
    co_done = await team["co"].client.post(
        f"/api/documents/{doc_id}/done", json={"result": "Đã cung cấp số liệu."}
    )
    assert co_done.json()["status"] == "dang_xu_ly"
    done = await team["main"].client.post(
        f"/api/documents/{doc_id}/done", json={"result": "Đã tham mưu văn bản trả lời."}
    )
    assert done.status_code == 200
    assert done.json()["status"] == "hoan_thanh"
    again = await team["main"].client.post(f"/api/documents/{doc_id}/done", json={"result": "x"})
    assert again.status_code == 409
    late_opinion = await team["main"].client.post(
        f"/api/documents/{doc_id}/opinions", json={"text": "Bổ sung."}
    )
    assert late_opinion.status_code == 409

    # timeline shows every change, in order, in Vietnamese
    timeline = (await team["leader"].client.get(f"/api/documents/{doc_id}/timeline")).json()
    actions = [e["action"] for e in timeline]
    assert actions[0] == "registered"
    for expected in ("assigned", "status", "opinion", "forwarded", "done", "opened"):
        assert expected in actions
    texts = " | ".join(e["text"] for e in timeline)
    assert "Phân công xử lý chính: Cán Bộ Chính" in texts
    assert "Đã phân công → Đang xử lý" in texts
    assert "Đang xử lý → Hoàn thành" in texts

    # read receipts: who opened it
    receipts = (await team["leader"].client.get(f"/api/documents/{doc_id}/receipts")).json()
    assert {r["user_id"] for r in receipts} >= {team["main"].id, team["reader"].id}
    assert (await team["co"].client.get(f"/api/documents/{doc_id}/receipts")).status_code == 403

    # every transition audited
    audited = await AuditEvent.select(AuditEvent.action).where(
        AuditEvent.target == f"document:{doc_id}"
    )
    audited_actions = [a["action"] for a in audited]
    assert audited_actions.count("document.status") == 3
    assert "document.assigned" in audited_actions and "document.done" in audited_actions

    # a leader may reopen
    reopened = await team["leader"].client.post(f"/api/documents/{doc_id}/reopen", json={})
    assert reopened.json()["status"] == "dang_xu_ly"


async def test_assignment_rules(team):
    doc = await registered(team["clerk"].client)
    two_roles = await _assign(team, doc["id"], co_handler_ids=[team["main"].id])
    assert two_roles.status_code == 422
    outsider = await _assign(team, doc["id"], reader_ids=[team["outsider"].id])
    assert outsider.status_code == 422
    past = await _assign(team, doc["id"], deadline=(_today() - timedelta(days=2)).isoformat())
    assert past.status_code == 422
    ok = await _assign(team, doc["id"])
    assert ok.status_code == 200
    # reassigning the main handler keeps exactly one
    again = await _assign(
        team, doc["id"], main_handler_id=team["colleague"].id, co_handler_ids=[], reader_ids=[]
    )
    roles = [a["role"] for a in again.json()["assignments"]]
    assert roles.count("xu_ly_chinh") == 1


async def test_inbox_orders_by_urgency_then_deadline_and_filters(team):
    clerk = team["clerk"].client
    day = _today()
    plan = [
        ("thuong", 1),
        ("hoa_toc", 9),
        ("khan", 2),
        ("hoa_toc", 3),
        ("thuong_khan", 4),
        ("thuong", None),
    ]
    ids = []
    for do_khan, days in plan:
        doc = await registered(clerk, do_khan=do_khan)
        deadline = (day + timedelta(days=days)).isoformat() if days else None
        response = await _assign(
            team, doc["id"], co_handler_ids=[], reader_ids=[], deadline=deadline
        )
        assert response.status_code == 200
        ids.append(doc["id"])
    main = team["main"].client
    page = (await main.get("/api/documents/inbox", params={"limit": 4, "total": "true"})).json()
    assert page["total"] == 6
    rest = (
        await main.get("/api/documents/inbox", params={"limit": 4, "cursor": page["next_cursor"]})
    ).json()
    assert rest["next_cursor"] is None
    order = [i["document"]["id"] for i in page["items"] + rest["items"]]
    assert order == [ids[3], ids[1], ids[4], ids[2], ids[0], ids[5]]
    urgent = (await main.get("/api/documents/inbox", params={"do_khan": "hoa_toc"})).json()
    assert [i["document"]["id"] for i in urgent["items"]] == [ids[3], ids[1]]
    outgoing = (await main.get("/api/documents/inbox", params={"direction": "di"})).json()
    assert outgoing["items"] == []
    # "all": open ones first, then the done ones, paged across the boundary
    await main.post(f"/api/documents/{ids[3]}/done", json={"result": "Đã xử lý xong."})
    await main.post(f"/api/documents/{ids[4]}/done", json={"result": "Đã xử lý xong."})
    seen, cursor = [], None
    while True:
        params = {"view": "all", "limit": 2, **({"cursor": cursor} if cursor else {})}
        chunk = (await main.get("/api/documents/inbox", params=params)).json()
        seen += [i["document"]["id"] for i in chunk["items"]]
        cursor = chunk["next_cursor"]
        if not cursor:
            break
    assert seen == [ids[1], ids[2], ids[0], ids[5], ids[3], ids[4]]
    done = (await main.get("/api/documents/inbox", params={"view": "done"})).json()
    assert [i["document"]["id"] for i in done["items"]] == [ids[3], ids[4]]
    bad_cursor = await main.get("/api/documents/inbox", params={"cursor": "không-hợp-lệ"})
    assert bad_cursor.status_code == 400


async def test_overdue_and_due_soon(team):
    from backend.documents.tables import Assignment, Document

    clerk = team["clerk"].client
    late = await registered(clerk)
    soon = await registered(clerk)
    later = await registered(clerk)
    for doc, days in ((late, 10), (soon, 2), (later, 30)):
        await _assign(
            team,
            doc["id"],
            co_handler_ids=[],
            reader_ids=[],
            deadline=(_today() + timedelta(days=days)).isoformat(),
        )
    # the deadline of one passes (set directly: the API refuses deadlines in the past)
    yesterday = _today() - timedelta(days=1)
    await Document.update({Document.han_xu_ly: yesterday}).where(Document.id == late["id"])
    await Assignment.update(
        {Assignment.deadline: yesterday, Assignment.sort_deadline: yesterday}
    ).where(Assignment.document == late["id"])

    for who in ("main", "leader"):
        found = (
            await team[who].client.get("/api/documents/deadlines", params={"within_days": 3})
        ).json()
        assert [d["id"] for d in found["overdue"]] == [late["id"]]
        assert found["overdue"][0]["overdue"] is True
        assert [d["id"] for d in found["due_soon"]] == [soon["id"]]
    overdue_inbox = (
        await team["main"].client.get("/api/documents/inbox", params={"overdue": "true"})
    ).json()
    assert [i["document"]["id"] for i in overdue_inbox["items"]] == [late["id"]]
    assert overdue_inbox["items"][0]["overdue"] is True
    # the outsider sees none of it
    nothing = (await team["outsider"].client.get("/api/documents/deadlines")).json()
    assert nothing == {"overdue": [], "due_soon": []}


async def test_outgoing_draft_takes_no_number_before_its_release(team):
    """Nghị định 30/2020: the number is allocated when the văn thư releases the signed
    document (``test_documents_signing``), so submitting, returning and resubmitting a draft
    take none."""
    from backend.documents.numbering import last_number
    from backend.orgs.services import organisation_id
    from tests.documents_support import register

    main = team["main"].client
    meta = {"direction": "di", "loai": "BC", "trich_yeu": "Báo cáo sơ kết công tác quý IV"}
    response = await register(main, meta)
    assert response.status_code == 201, response.text
    draft = response.json()
    assert draft["status"] == "du_thao" and draft["so"] is None and draft["ky_hieu"] == ""
    assert draft["co_quan_ban_hanh"].startswith("Chi bộ thử")
    assert set(draft["actions"]) >= {"submit", "add_file"}
    # a number may not be typed for an outgoing document
    typed = await register(main, {**meta, "so_ky_hieu": "9-BC/CB"})
    assert typed.status_code == 422

    submitted = await main.post(f"/api/documents/{draft['id']}/submit")
    assert submitted.status_code == 200, submitted.text
    first = submitted.json()
    assert first["status"] == "cho_ky"
    assert first["so"] is None and first["ky_hieu"] == ""
    # the leader is told a draft waits for his signature
    from backend.notifications.tables import Notification

    told = await Notification.select().where(
        (Notification.user == team["leader"].id) & (Notification.title == "Văn bản chờ ký")
    )
    assert [n["link"] for n in told] == [f"/van-ban/{draft['id']}"]
    # only a leader returns it; it has no number to keep
    assert (await main.post(f"/api/documents/{draft['id']}/return", json={})).status_code == 403
    returned = await team["leader"].client.post(
        f"/api/documents/{draft['id']}/return", json={"note": "Bổ sung số liệu quý IV."}
    )
    assert returned.json()["status"] == "du_thao"
    resubmitted = (await main.post(f"/api/documents/{draft['id']}/submit")).json()
    assert resubmitted["status"] == "cho_ky" and resubmitted["ky_hieu"] == ""
    second = (await register(main, meta)).json()
    assert (await main.post(f"/api/documents/{second['id']}/submit")).json()["so"] is None
    organisation = await organisation_id(team["org"])
    assert await last_number(organisation, "BC", first["nhiem_ky"]) == 0
    # releasing needs a signature first
    release = await team["clerk"].client.post(f"/api/documents/{draft['id']}/release/begin")
    assert release.status_code == 409
    assert "Chờ ký" in release.json()["detail"]
    # the leader's register shows the drafts; the drafter only his own via inbox
    register_page = (
        await team["leader"].client.get("/api/documents/register", params={"direction": "di"})
    ).json()
    assert {d["id"] for d in register_page["items"]} == {draft["id"], second["id"]}
    assert (
        await main.get("/api/documents/register", params={"direction": "di"})
    ).status_code == 403


async def test_submit_needs_a_pdf(team):
    from tests.documents_support import docx_bytes, register

    response = await register(
        team["main"].client,
        {"direction": "di", "loai": "CV", "trich_yeu": "Công văn về việc cử cán bộ"},
        docx_bytes("Dự thảo công văn"),
        "du-thao.docx",
    )
    assert response.status_code == 201
    submit = await team["main"].client.post(f"/api/documents/{response.json()['id']}/submit")
    assert submit.status_code == 409
    assert "PDF" in submit.json()["detail"]


async def test_share_lets_someone_read_and_only_read(team):
    doc = await registered(team["clerk"].client)
    outsider = team["outsider"].client
    assert (await outsider.get(f"/api/documents/{doc['id']}")).status_code == 404
    shared = await team["clerk"].client.post(
        f"/api/documents/{doc['id']}/share", json={"user_ids": [team["outsider"].id]}
    )
    assert shared.status_code == 200
    view = await outsider.get(f"/api/documents/{doc['id']}")
    assert view.status_code == 200
    assert view.json()["actions"] == []
    sha = view.json()["files"][0]["sha256"]
    assert (await outsider.get(f"/api/files/{sha}")).status_code == 200
    assert (
        await outsider.post(f"/api/documents/{doc['id']}/opinions", json={"text": "x"})
    ).status_code == 403


async def test_out_of_range_ids_and_cursors_are_4xx(team):
    import base64
    import json

    main = team["main"].client
    assert (await main.get(f"/api/documents/{2**70}")).status_code == 400
    huge = base64.urlsafe_b64encode(json.dumps([0, 2**70, "2026-01-01", 1]).encode()).decode()
    assert (await main.get("/api/documents/inbox", params={"cursor": huge})).status_code == 400
    doc = await registered(team["clerk"].client)
    too_big = await team["leader"].client.post(
        f"/api/documents/{doc['id']}/assign", json={"main_handler_id": 2**40}
    )
    assert too_big.status_code == 400
