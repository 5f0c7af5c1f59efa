"""Sinh hoạt chi bộ over the API: scheduling, files through the classification gate, inviting,
replies, attendance, minutes published to the members, attendance statistics."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest

from tests.documents_support import pdf_bytes
from tests.handbook_support import chi_bo


@pytest.fixture
async def group(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await chi_bo(app, stack)


def _meeting(group, **changes) -> dict:
    from backend.core.clock import now

    body = {
        "organisation_id": group.id,
        "kind": "thuong_ky",
        "title": "Sinh hoạt chi bộ thường kỳ",
        "starts_at": now().isoformat(),
        "location": "Hội trường",
        "agenda": ["Thông tin thời sự", "Đánh giá nhiệm vụ tháng"],
    }
    return body | changes


async def _invited(group, **changes) -> dict:
    created = await group.secretary.client.post("/api/meetings", json=_meeting(group, **changes))
    assert created.status_code == 201, created.text
    invited = await group.secretary.client.post(f"/api/meetings/{created.json()['id']}/invite")
    assert invited.status_code == 200, invited.text
    return invited.json()


async def test_scheduling_and_who_may_do_it(group):
    from backend.core.clock import now

    member = group.members[0].client
    refused = await member.post("/api/meetings", json=_meeting(group))
    assert refused.status_code == 403 and "bí thư" in refused.json()["detail"]
    above = await group.committee_above.client.post("/api/meetings", json=_meeting(group))
    assert above.status_code == 403
    thematic = await group.secretary.client.post(
        "/api/meetings", json=_meeting(group, kind="chuyen_de")
    )
    assert thematic.status_code == 422 and "chuyên đề" in thematic.json()["detail"]
    past = await group.secretary.client.post(
        "/api/meetings", json=_meeting(group, starts_at=(now() - timedelta(days=3)).isoformat())
    )
    assert past.status_code == 422
    created = await group.secretary.client.post(
        "/api/meetings", json=_meeting(group, kind="chuyen_de", topic="Học tập nghị quyết")
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "chuan_bi" and body["agenda"][0] == "Thông tin thời sự"
    assert body["actions"] == ["edit", "attach_file", "invite", "cancel"]
    # Preparing: the members do not see it yet offered anything; the chi bộ offers its actions.
    overview = await group.secretary.client.get(f"/api/meetings/chi-bo/{group.id}")
    assert overview.json()["actions"] == ["schedule", "view_statistics"]
    assert [m["id"] for m in overview.json()["meetings"]] == [body["id"]]
    assert (await member.get(f"/api/meetings/chi-bo/{group.id}")).json()["actions"] == []
    edited = await group.secretary.client.patch(
        f"/api/meetings/{body['id']}", json={"location": "Phòng họp số 2"}
    )
    assert edited.status_code == 200 and edited.json()["location"] == "Phòng họp số 2"
    assert (
        await member.patch(f"/api/meetings/{body['id']}", json={"location": "Khác"})
    ).status_code == 403


async def test_files_pass_the_classification_gate_and_reach_those_who_may_read(group):
    created = await group.secretary.client.post("/api/meetings", json=_meeting(group))
    meeting = created.json()["id"]
    attached = await group.secretary.client.post(
        f"/api/meetings/{meeting}/files",
        files={"file": ("tai-lieu", pdf_bytes("về nội dung sinh hoạt chi bộ"), "application/pdf")},
    )
    assert attached.status_code == 201, attached.text
    [file] = attached.json()["files"]
    assert file["filename"] == "tai-lieu.pdf"
    secret = await group.secretary.client.post(
        f"/api/meetings/{meeting}/files",
        files={"file": ("mat.pdf", pdf_bytes("báo cáo", stamp="MẬT"), "application/pdf")},
    )
    assert secret.status_code == 422 and secret.json()["type"].endswith("/classified")
    not_pdf = await group.secretary.client.post(
        f"/api/meetings/{meeting}/files",
        files={"file": ("x.pdf", b"not a pdf at all", "application/pdf")},
    )
    assert not_pdf.status_code == 422
    by_member = await group.members[0].client.post(
        f"/api/meetings/{meeting}/files",
        files={"file": ("y.pdf", pdf_bytes("khác"), "application/pdf")},
    )
    assert by_member.status_code == 403
    # Every text the file carries, not only its page text: the same rule as documents.
    from tests.sample_pdfs import scanned_pdf, with_free_text, with_metadata

    for carried in (
        with_metadata(pdf_bytes("báo cáo"), Title="TUYỆT MẬT"),
        with_free_text(pdf_bytes("báo cáo"), "Tối mật"),
    ):
        refused = await group.secretary.client.post(
            f"/api/meetings/{meeting}/files", files={"file": ("b.pdf", carried, "application/pdf")}
        )
        assert refused.status_code == 422 and refused.json()["type"].endswith("/classified")
    scan = await group.secretary.client.post(
        f"/api/meetings/{meeting}/files",
        files={"file": ("quet.pdf", scanned_pdf(), "application/pdf")},
    )
    assert scan.status_code == 422
    assert scan.json()["type"].endswith("/classification_question")
    answered = await group.secretary.client.post(
        f"/api/meetings/{meeting}/files",
        files={"file": ("quet.pdf", scanned_pdf(), "application/pdf")},
        data={"do_mat": "khong"},
    )
    assert answered.status_code == 201, answered.text
    # A member of the chi bộ downloads it; someone outside does not.
    assert (await group.members[0].client.get(f"/api/files/{file['sha256']}")).status_code == 200
    assert (await group.outsider.client.get(f"/api/files/{file['sha256']}")).status_code == 404


async def test_invitations_replies_attendance_and_minutes(group):
    meeting = await _invited(group)
    mid = meeting["id"]
    assert meeting["status"] == "da_moi"
    assert meeting["counts"]["invited"] == 4  # the secretary, two members, the exempt one
    first, second = group.members
    told = (await first.client.get("/api/notifications")).json()["items"][0]
    assert told["kind"] == "hop_chi_bo" and told["title"] == "Mời họp chi bộ"
    assert told["link"] == f"/so-tay/hop/{mid}"

    view = (await first.client.get(f"/api/meetings/{mid}")).json()
    assert view["my_invitation"]["reply"] == "chua_tra_loi"
    assert view["invitees"] == [] and view["actions"] == ["reply"]
    assert (await group.outsider.client.get(f"/api/meetings/{mid}")).status_code == 404
    assert (await group.anonymous.get(f"/api/meetings/{mid}")).status_code == 401

    confirmed = await first.client.post(f"/api/meetings/{mid}/reply", json={"attending": True})
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["my_invitation"]["reply"] == "tham_du"
    no_reason = await second.client.post(f"/api/meetings/{mid}/reply", json={"attending": False})
    assert no_reason.status_code == 422
    excused = await second.client.post(
        f"/api/meetings/{mid}/reply", json={"attending": False, "reason": "Đi công tác"}
    )
    assert excused.json()["my_invitation"]["reply"] == "xin_vang"
    outsider = await group.outsider.client.post(
        f"/api/meetings/{mid}/reply", json={"attending": True}
    )
    assert outsider.status_code == 404

    full = (await group.secretary.client.get(f"/api/meetings/{mid}")).json()
    assert full["counts"] | {} == full["counts"]
    assert (full["counts"]["attending"], full["counts"]["excused"]) == (1, 1)
    by_name = {i["ho_ten"]: i for i in full["invitees"]}
    assert by_name["Cụ Miễn Sinh Hoạt"]["exempt"] is True

    # Attendance: only those present are sent; the others start from their replies.
    present = [
        {"member_id": group.member_ids["secretary"], "attendance": "co_mat"},
        {"member_id": group.member_ids[first.me["full_name"]], "attendance": "co_mat"},
    ]
    assert (
        await first.client.post(f"/api/meetings/{mid}/attendance", json={"entries": present})
    ).status_code == 403
    outsider_entry = [{"member_id": 2**31 - 1, "attendance": "co_mat"}]
    assert (
        await group.secretary.client.post(
            f"/api/meetings/{mid}/attendance", json={"entries": outsider_entry}
        )
    ).status_code == 422
    taken = await group.secretary.client.post(
        f"/api/meetings/{mid}/attendance", json={"entries": present}
    )
    assert taken.status_code == 200, taken.text
    held = taken.json()
    assert held["status"] == "da_hop"
    by_name = {i["ho_ten"]: i for i in held["invitees"]}
    assert by_name[first.me["full_name"]]["attendance"] == "co_mat"
    assert by_name[second.me["full_name"]]["attendance"] == "vang_co_ly_do"
    assert by_name[second.me["full_name"]]["note"] == "Đi công tác"
    late = await first.client.post(f"/api/meetings/{mid}/reply", json={"attending": True})
    assert late.status_code == 409

    # Minutes: written, then published to the members.
    nothing = await group.secretary.client.post(f"/api/meetings/{mid}/minutes/publish")
    assert nothing.status_code == 409
    recorded = await group.secretary.client.post(
        f"/api/meetings/{mid}/minutes", json={"text": "Biên bản: chi bộ đã họp và thống nhất."}
    )
    assert recorded.status_code == 200
    assert (await first.client.get(f"/api/meetings/{mid}")).json()["minutes"] is None
    published = await group.secretary.client.post(f"/api/meetings/{mid}/minutes/publish")
    assert published.status_code == 200
    assert "publish_minutes" not in published.json()["actions"]
    seen = (await first.client.get(f"/api/meetings/{mid}")).json()
    assert seen["minutes"].startswith("Biên bản")
    told = (await second.client.get("/api/notifications")).json()["items"][0]
    assert told["title"] == "Biên bản họp chi bộ đã được công bố"
    rewrite = await group.secretary.client.post(
        f"/api/meetings/{mid}/minutes", json={"text": "Sửa sau khi công bố"}
    )
    assert rewrite.status_code == 409


async def test_attendance_waits_for_the_meetings_day_and_cancelled_meetings_stop(group):
    from backend.core.clock import now

    meeting = await _invited(group, starts_at=(now() + timedelta(days=3)).isoformat())
    early = await group.secretary.client.post(
        f"/api/meetings/{meeting['id']}/attendance", json={"entries": []}
    )
    assert early.status_code == 409 and "Chưa đến ngày họp" in early.json()["detail"]
    cancelled = await group.secretary.client.post(
        f"/api/meetings/{meeting['id']}/cancel", json={"reason": "Trùng lịch hội nghị"}
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "da_huy"
    told = (await group.members[0].client.get("/api/notifications")).json()["items"][0]
    assert told["title"] == "Cuộc họp chi bộ bị hủy"
    reply = await group.members[0].client.post(
        f"/api/meetings/{meeting['id']}/reply", json={"attending": True}
    )
    assert reply.status_code == 409
    upcoming = (await group.members[0].client.get("/api/meetings")).json()["items"]
    assert meeting["id"] not in [m["id"] for m in upcoming]


async def test_statistics_per_meeting_per_member_and_per_chi_bo(group):
    meeting = await _invited(group)
    first, second = group.members
    entries = [
        {"member_id": group.member_ids["secretary"], "attendance": "co_mat"},
        {"member_id": group.member_ids[first.me["full_name"]], "attendance": "co_mat"},
        {"member_id": group.member_ids["exempt"], "attendance": "vang_khong_ly_do"},
    ]
    taken = await group.secretary.client.post(
        f"/api/meetings/{meeting['id']}/attendance", json={"entries": entries}
    )
    assert taken.status_code == 200
    response = await group.secretary.client.get(
        "/api/meetings/statistics", params={"organisation_id": group.id}
    )
    assert response.status_code == 200, response.text
    stats = response.json()
    # The exempt member's absence is left out: 2 present of 3 expected.
    assert stats["total"] == {
        "expected": 3,
        "present": 2,
        "excused": 0,
        "absent": 1,
        "rate": 66.7,
    }
    assert stats["exempt_left_out"] == 1
    [point] = stats["meetings"]
    assert point["meeting_id"] == meeting["id"] and point["figures"]["rate"] == 66.7
    assert {m["ho_ten"] for m in stats["members"]} == {
        group.secretary.me["full_name"],
        first.me["full_name"],
        second.me["full_name"],
    }
    assert stats["members"][0]["figures"]["rate"] == 0.0  # the lowest first
    # The cấp ủy above sees it, and his đảng bộ's figures per chi bộ.
    above = group.committee_above.client
    assert (
        await above.get("/api/meetings/statistics", params={"organisation_id": group.id})
    ).status_code == 200
    by_chi_bo = (
        await above.get("/api/meetings/statistics", params={"organisation_id": group.parent_id})
    ).json()
    assert [c["organisation_id"] for c in by_chi_bo["chi_bo"]] == [group.id]
    assert by_chi_bo["chi_bo"][0]["figures"]["present"] == 2 and by_chi_bo["members"] == []
    # A member does not see the chi bộ's figures.
    assert (
        await first.client.get("/api/meetings/statistics", params={"organisation_id": group.id})
    ).status_code == 403
    bad = await group.secretary.client.get(
        "/api/meetings/statistics",
        params={"organisation_id": group.id, "date_from": "2026-12-31", "date_to": "2026-01-01"},
    )
    assert bad.status_code == 422
