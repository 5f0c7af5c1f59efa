"""Setting up a congress: creating it (role ban_to_chuc; the creator joins its organising
committee), sessions and agenda items with their order, documents for the delegates, the
bodies proposed and approved by a show of hands, ending it; and every refusal, in Vietnamese,
to those who are not in the right body."""

from __future__ import annotations

import contextlib

import pytest

from tests.congress_setup_support import (
    add_to_body,
    delegate_row,
    delegates_csv,
    hall,
    import_delegates,
    new_congress,
    refusal,
)
from tests.documents_support import pdf_bytes


@pytest.fixture
async def congress(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await hall(app, stack)


async def _detail(client, congress_id: int):
    return await client.get(f"/api/congresses/{congress_id}")


async def test_the_creator_joins_the_organising_committee_and_others_see_nothing(congress):
    detail = congress.detail
    assert detail["status"] == "chuan_bi" and detail["status_label"] == "Đang chuẩn bị"
    assert detail["my_bodies"] == ["to_chuc"]
    assert {"edit_setup", "assign_bodies", "import_delegates"} <= set(detail["actions"])
    organising = next(b for b in detail["bodies"] if b["body"] == "to_chuc")
    assert [m["user_id"] for m in organising["members"]] == [congress.organiser.id]
    assert organising["needs_approval"] is False

    mine = (await congress.organiser.client.get("/api/congresses")).json()["items"]
    assert congress.id in [c["id"] for c in mine]
    theirs = (await congress.outsider.client.get("/api/congresses")).json()["items"]
    assert congress.id not in [c["id"] for c in theirs]
    refusal(await _detail(congress.outsider.client, congress.id), 404)


async def test_only_ban_to_chuc_creates_and_bad_dates_are_refused(congress):
    response = await congress.outsider.client.post(
        "/api/congresses",
        json={"kind": "dai_hoi", "name": "Đại hội thử", "term": "2025–2030",
              "starts_on": "2026-12-20", "ends_on": "2026-12-21"},
    )  # fmt: skip
    assert "Ban tổ chức" in refusal(response, 403)
    response = await congress.organiser.client.post(
        "/api/congresses",
        json={"kind": "dai_hoi", "name": "Đại hội thử", "term": "2025–2030",
              "starts_on": "2026-12-20", "ends_on": "2026-12-19"},
    )  # fmt: skip
    assert "trước ngày khai mạc" in refusal(response, 422)


async def test_sessions_and_items_in_order(congress):
    client = congress.organiser.client
    base = f"/api/congresses/{congress.id}"
    for title, at in (("Phiên trù bị", "2026-12-20T08:00:00+07:00"),
                      ("Phiên chính thức", "2026-12-21T08:00:00")):  # fmt: skip
        response = await client.post(f"{base}/sessions", json={"title": title, "starts_at": at})
        assert response.status_code == 201, response.text
    sessions = response.json()["sessions"]
    assert [s["title"] for s in sessions] == ["Phiên trù bị", "Phiên chính thức"]
    assert sessions[1]["starts_at"].startswith("2026-12-21T01:00:00")  # 08:00 in Hà Nội
    first = sessions[0]["id"]
    for title in ("Khai mạc", "Bầu Đoàn Chủ tịch", "Thông qua chương trình"):
        response = await client.post(
            f"{base}/sessions/{first}/items",
            json={"title": title, "presenter": "Đồng chí Bí thư", "planned_minutes": 15},
        )
        assert response.status_code == 201, response.text
    items = response.json()["sessions"][0]["items"]
    assert [i["ordinal"] for i in items] == [1, 2, 3]
    assert all(i["status"] == "chua_den" and i["speaking_open"] for i in items)
    ids = [i["id"] for i in items]

    response = await client.post(f"{base}/sessions/{first}/items/order", json={"ids": ids[::-1]})
    assert [i["title"] for i in response.json()["sessions"][0]["items"]] == [
        "Thông qua chương trình", "Bầu Đoàn Chủ tịch", "Khai mạc"]  # fmt: skip
    response = await client.post(f"{base}/sessions/{first}/items/order", json={"ids": ids[:2]})
    assert "đủ" in refusal(response, 422)
    response = await client.post(
        f"{base}/sessions/order", json={"ids": [s["id"] for s in sessions][::-1]}
    )
    assert [s["title"] for s in response.json()["sessions"]] == ["Phiên chính thức", "Phiên trù bị"]

    response = await client.patch(
        f"{base}/items/{ids[0]}", json={"speaking_open": False, "planned_minutes": 30}
    )
    item = next(i for s in response.json()["sessions"] for i in s["items"] if i["id"] == ids[0])
    assert (item["speaking_open"], item["planned_minutes"]) == (False, 30)
    response = await client.patch(f"{base}/items/{ids[0]}", json={"title": "   "})
    assert refusal(response, 422)

    # A member of another body may read the congress but not change its agenda.
    secretary = congress.people[0]
    await add_to_body(congress, "thu_ky", secretary)
    assert (await _detail(secretary.client, congress.id)).status_code == 200
    response = await secretary.client.post(
        f"{base}/sessions/{first}/items", json={"title": "Nội dung lén thêm"}
    )
    assert "Ban Tổ chức" in refusal(response, 403)
    # Someone outside the congress does not learn that it exists.
    refusal(await congress.outsider.client.post(f"{base}/sessions", json={
        "title": "Phiên lạ", "starts_at": "2026-12-20T08:00:00+07:00"}), 404)  # fmt: skip


async def test_bodies_are_proposed_notified_and_approved_by_a_show_of_hands(congress):
    client = congress.organiser.client
    chair = congress.people[0]
    detail = await add_to_body(congress, "chu_tich", chair, "Chủ tịch đoàn")
    presidium = next(b for b in detail["bodies"] if b["body"] == "chu_tich")
    assert [(m["full_name"], m["title"]) for m in presidium["members"]] == [
        (chair.me["full_name"], "Chủ tịch đoàn")]  # fmt: skip
    notes = (await chair.client.get("/api/notifications")).json()["items"]
    assert any("Đoàn Chủ tịch" in n["title"] and n["kind"] == "dai_hoi" for n in notes)
    # The presidium member now reads the congress and sees his body.
    mine = (await _detail(chair.client, congress.id)).json()
    assert mine["my_bodies"] == ["chu_tich"] and "run_sessions" in mine["actions"]

    again = await client.post(
        f"/api/congresses/{congress.id}/bodies/chu_tich/members", json={"user_id": chair.id}
    )
    assert "đã có trong Đoàn Chủ tịch" in refusal(again, 409)
    unknown = await client.post(
        f"/api/congresses/{congress.id}/bodies/chu_tich/members", json={"username": "khong-co-ai"}
    )
    assert refusal(unknown, 422)
    by_member = await chair.client.post(
        f"/api/congresses/{congress.id}/bodies/thu_ky/members", json={"user_id": chair.id}
    )
    assert "Ban Tổ chức" in refusal(by_member, 403)

    approval = f"/api/congresses/{congress.id}/bodies/chu_tich/approval"
    # No delegates yet: no count of hands can be right.
    assert "lớn hơn" in refusal(await client.post(approval, json={"votes_for": 1}), 422)
    rows = [delegate_row(kind="Chính thức") for _ in range(4)] + [delegate_row(kind="Dự khuyết")]
    assert (await import_delegates(client, congress.id, delegates_csv(rows)))["status"] == "xong"
    too_many = await client.post(approval, json={"votes_for": 4, "abstentions": 1})
    assert "(5)" in refusal(too_many, 422) and "(4)" in too_many.json()["detail"]
    response = await client.post(approval, json={"votes_for": 3, "votes_against": 1})
    assert response.status_code == 201, response.text
    presidium = next(b for b in response.json()["bodies"] if b["body"] == "chu_tich")
    record = presidium["approval"]
    assert (record["votes_for"], record["votes_against"], record["abstentions"]) == (3, 1, 0)
    assert record["member_ids"] == [chair.id]
    assert record["proposed_by"] == record["recorded_by"] == congress.organiser.me["full_name"]
    assert presidium["changed_since_approval"] is False
    # The organising committee is not approved by the congress.
    organising = await client.post(
        f"/api/congresses/{congress.id}/bodies/to_chuc/approval", json={"votes_for": 1}
    )
    assert refusal(organising, 422)
    # The last organiser stays.
    last = await client.delete(
        f"/api/congresses/{congress.id}/bodies/to_chuc/members/{congress.organiser.id}"
    )
    assert refusal(last, 409)


async def test_documents_for_the_delegates_and_who_may_download_them(congress):
    client = congress.organiser.client
    draft = pdf_bytes("dự thảo báo cáo chính trị")
    response = await client.post(
        f"/api/congresses/{congress.id}/documents",
        files={"file": ("du-thao-bao-cao", draft, "application/pdf")},
        data={"title": "Dự thảo Báo cáo chính trị"},
    )
    assert response.status_code == 201, response.text
    [document] = response.json()["documents"]
    assert document["title"] == "Dự thảo Báo cáo chính trị"
    assert document["filename"].endswith(".pdf")
    secret = await client.post(
        f"/api/congresses/{congress.id}/documents",
        files={"file": ("mat.pdf", pdf_bytes("báo cáo", stamp="MẬT"), "application/pdf")},
    )
    assert refusal(secret, 422) and secret.json()["type"].endswith("/classified")

    url = f"/api/files/{document['sha256']}"
    assert (await client.get(url)).status_code == 200
    assert (await congress.outsider.client.get(url)).status_code in (403, 404)
    delegate = congress.people[1]
    rows = [delegate_row(username=delegate.me["username"])]
    assert (await import_delegates(client, congress.id, delegates_csv(rows)))["status"] == "xong"
    assert (await delegate.client.get(url)).status_code == 200
    refused = await delegate.client.post(
        f"/api/congresses/{congress.id}/documents",
        files={"file": ("x.pdf", pdf_bytes("khác"), "application/pdf")},
    )
    assert refusal(refused, 403)

    removed = await client.delete(f"/api/congresses/{congress.id}/documents/{document['id']}")
    assert removed.status_code == 200 and removed.json()["documents"] == []


async def test_congress_documents_pass_the_same_gate_as_every_attached_file(congress):
    """A file that is no PDF though named one, every text the file carries, a scan and its
    độ mật answer: refused in Vietnamese with nothing kept, the refusal audited."""
    import json

    from backend.audit.tables import AuditEvent
    from tests.sample_pdfs import scanned_pdf, with_metadata

    client = congress.organiser.client
    path = f"/api/congresses/{congress.id}/documents"

    async def send(name: str, content: bytes, **data):
        return await client.post(
            path, files={"file": (name, content, "application/pdf")}, data=data
        )

    not_pdf = await send("bao-cao.pdf", b"not a pdf at all")
    assert refusal(not_pdf, 422) and "Chỉ nhận tệp PDF" in not_pdf.json()["detail"]
    carried = await send("b.pdf", with_metadata(pdf_bytes("báo cáo"), Title="TUYỆT MẬT"))
    assert refusal(carried, 422) and carried.json()["type"].endswith("/classified")
    [audited] = await AuditEvent.select().where(
        (AuditEvent.action == "congress.refused_classified")
        & (AuditEvent.target == f"congress:{congress.id}")
    )
    detail = audited["detail"]
    detail = json.loads(detail) if isinstance(detail, str) else detail
    assert detail["marking"] == "TUYỆT MẬT" and detail["where"] != "do_mat"
    scan = await send("quet.pdf", scanned_pdf())
    assert refusal(scan, 422) and scan.json()["type"].endswith("/classification_question")
    stated = await send("quet.pdf", scanned_pdf(), do_mat="mat")
    assert refusal(stated, 422) and stated.json()["type"].endswith("/classified")
    assert (await _detail(client, congress.id)).json()["documents"] == []
    answered = await send("quet", scanned_pdf(), do_mat="khong")
    assert answered.status_code == 201, answered.text
    [kept] = answered.json()["documents"]
    assert kept["filename"] == "quet.pdf" and kept["title"] == "quet"


async def test_an_ended_congress_changes_no_more(app):
    async with contextlib.AsyncExitStack() as stack:
        congress = await hall(app, stack, people=1)
        client = congress.organiser.client
        base = f"/api/congresses/{congress.id}"
        chair = congress.people[0]
        await add_to_body(congress, "chu_tich", chair)
        response = await client.post(
            f"{base}/sessions", json={"title": "Phiên thứ nhất", "starts_at": "2026-12-20T08:00:00"}
        )
        [session] = response.json()["sessions"]
        await client.post(f"{base}/sessions/{session['id']}/items", json={"title": "Khai mạc"})
        opened = await chair.client.post(f"{base}/sessions/{session['id']}/open")
        assert opened.status_code == 200, opened.text
        assert (await client.get(base)).json()["status"] == "dang_dien_ra"
        while_open = await client.post(f"{base}/end")
        assert "bế mạc phiên" in refusal(while_open, 409)
        closed = await chair.client.post(f"{base}/sessions/{session['id']}/close")
        assert closed.status_code == 200, closed.text
        response = await client.post(f"{base}/end")
        assert response.status_code == 200 and response.json()["status"] == "da_ket_thuc"
        assert "edit_setup" not in response.json()["actions"]
        late = await client.patch(base, json={"venue": "Nơi khác"})
        assert "Đã kết thúc" in refusal(late, 409)
        again = await client.post(f"{base}/end")
        assert refusal(again, 409)


async def test_editing_the_congress(app):
    async with contextlib.AsyncExitStack() as stack:
        congress = await hall(app, stack, people=0)
        client = congress.organiser.client
        response = await client.patch(
            f"/api/congresses/{congress.id}",
            json={"venue": "  Trung tâm Hội nghị   tỉnh ", "ends_on": "2026-12-23"},
        )
        assert response.status_code == 200, response.text
        assert (response.json()["venue"], response.json()["ends_on"]) == (
            "Trung tâm Hội nghị tỉnh", "2026-12-23")  # fmt: skip
        backwards = await client.patch(
            f"/api/congresses/{congress.id}", json={"starts_on": "2026-12-24"}
        )
        assert refusal(backwards, 422)
        other = await new_congress(client, kind="hoi_nghi", name="Hội nghị Ban Chấp hành lần thứ 5")
        assert other["kind_label"] == "Hội nghị"


async def test_a_register_document_is_linked_only_by_someone_who_may_read_it(app, congress):
    from tests.documents_support import person, registered

    async with contextlib.AsyncExitStack() as stack:
        clerk = await person(
            app, stack, "Văn Thư Đại Hội", ["ban_to_chuc", "van_thu", "can_bo"], "BTCTU"
        )
        document = await registered(clerk.client, trich_yeu="Kế hoạch tổ chức đại hội")
        own = await new_congress(clerk.client)
        linked = await clerk.client.post(
            f"/api/congresses/{own['id']}/documents/links",
            json={"register_document_id": document["id"]},
        )
        assert linked.status_code == 201, linked.text
        [entry] = linked.json()["documents"]
        assert (entry["register_document_id"], entry["title"], entry["sha256"]) == (
            document["id"], "Kế hoạch tổ chức đại hội", None)  # fmt: skip
        twice = await clerk.client.post(
            f"/api/congresses/{own['id']}/documents/links",
            json={"register_document_id": document["id"]},
        )
        assert refusal(twice, 409)
    # The organiser of another congress may not read that document: not linked.
    unreadable = await congress.organiser.client.post(
        f"/api/congresses/{congress.id}/documents/links",
        json={"register_document_id": document["id"]},
    )
    assert "không có quyền xem" in refusal(unreadable, 422)


async def test_a_member_removed_after_the_approval_shows(congress):
    client = congress.organiser.client
    first, second = congress.people[0], congress.people[1]
    await add_to_body(congress, "kiem_phieu", first, "Trưởng ban")
    await add_to_body(congress, "kiem_phieu", second)
    rows = [delegate_row() for _ in range(3)]
    assert (await import_delegates(client, congress.id, delegates_csv(rows)))["status"] == "xong"
    response = await client.post(
        f"/api/congresses/{congress.id}/bodies/kiem_phieu/approval", json={"votes_for": 3}
    )
    assert response.status_code == 201, response.text
    removed = await client.delete(
        f"/api/congresses/{congress.id}/bodies/kiem_phieu/members/{second.id}"
    )
    counting = next(b for b in removed.json()["bodies"] if b["body"] == "kiem_phieu")
    assert [m["user_id"] for m in counting["members"]] == [first.id]
    assert counting["approval"]["member_ids"] == sorted([first.id, second.id])
    assert counting["changed_since_approval"] is True
    # He no longer reads the congress.
    refusal(await second.client.get(f"/api/congresses/{congress.id}"), 404)


async def test_editing_the_current_item_reaches_every_screen(app):
    from backend.events.log import EventLog

    log = app.state.services.get(EventLog)
    async with contextlib.AsyncExitStack() as stack:
        congress = await hall(app, stack, people=1)
        client, chair = congress.organiser.client, congress.people[0]
        base = f"/api/congresses/{congress.id}"
        await add_to_body(congress, "chu_tich", chair)
        response = await client.post(
            f"{base}/sessions", json={"title": "Phiên thứ nhất", "starts_at": "2026-12-20T08:00:00"}
        )
        session = response.json()["sessions"][0]["id"]
        for title in ("Khai mạc", "Thảo luận"):
            response = await client.post(f"{base}/sessions/{session}/items", json={"title": title})
        first, second = [i["id"] for i in response.json()["sessions"][0]["items"]]
        assert (await chair.client.post(f"{base}/sessions/{session}/open")).status_code == 200
        stream = f"congress:{congress.id}"
        before = await log.last_id(stream)

        # Not the current item: nothing to show.
        await client.patch(f"{base}/items/{second}", json={"presenter": "Đoàn Thư ký"})
        assert await log.read(stream, before) == []
        # The current item: its screens follow.
        await client.patch(
            f"{base}/items/{first}", json={"title": "Khai mạc đại hội", "speaking_open": False}
        )
        [event] = await log.read(stream, before)
        assert event.kind == "agenda.moved"
        assert event.data["item"]["id"] == first
        assert event.data["item"]["title"] == "Khai mạc đại hội"
        assert event.data["previous_item_id"] == first
