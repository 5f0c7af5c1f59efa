"""Hồ sơ đảng viên over the API: who reads which record, the masked số định danh and the audit
of every read, the roll, correction requests and their resolution."""

from __future__ import annotations

import contextlib

import pytest

from tests.handbook_support import chi_bo, csv_bytes, import_members, member_row


@pytest.fixture
async def group(app):
    async with contextlib.AsyncExitStack() as stack:
        yield await chi_bo(app, stack)


async def _audit_actions(target: str) -> list[str]:
    from backend.audit.tables import AuditEvent

    rows = await AuditEvent.select(AuditEvent.action).where(AuditEvent.target == target)
    return [r["action"] for r in rows]


async def test_a_member_reads_his_own_record_masked_and_every_read_is_audited(group):
    from backend.members.tables import PartyMember

    secretary = group.secretary.client
    number = "001234567889"
    so_the = "TMASK" + group.code.rsplit("CB", 1)[1]
    me = group.members[0]
    row = member_row(so_the, name=me.me["full_name"], number=number)
    job = await import_members(secretary, group.id, csv_bytes([row]))
    assert job["status"] == "xong", job
    # Link the imported record (updated by its số thẻ) to the member's account.
    member_id = group.member_ids[me.me["full_name"]]
    await PartyMember.delete().where(PartyMember.id == member_id)
    await PartyMember.update({PartyMember.user: me.id}).where(PartyMember.so_the == so_the)

    response = await me.client.get("/api/members/me")
    assert response.status_code == 200, response.text
    profile = response.json()
    assert profile["so_the"] == so_the
    assert profile["so_dinh_danh"] == "0012******89"
    assert profile["organisation_code"] == group.code
    assert profile["ngay_sinh"] == "1980-02-01"
    assert profile["actions"] == ["request_correction"]
    # The number is kept only hashed and sealed.
    stored = await PartyMember.select().where(PartyMember.so_the == so_the).first()
    assert number not in str(stored)
    assert stored["dinh_danh_hash"] and len(stored["dinh_danh_hash"]) == 64
    assert await _audit_actions(f"member:{profile['id']}") == ["member.viewed"]
    # The secretary reads it too (audited again); the record offers him no correction request.
    seen = await secretary.get(f"/api/members/{profile['id']}")
    assert seen.status_code == 200 and seen.json()["actions"] == []
    assert await _audit_actions(f"member:{profile['id']}") == ["member.viewed"] * 2


async def test_who_reads_a_record_and_a_roll(group):
    record = group.member_ids[group.members[0].me["full_name"]]
    other = group.members[1].client
    assert (await other.get(f"/api/members/{record}")).status_code == 404
    assert (await group.outsider.client.get(f"/api/members/{record}")).status_code == 404
    assert (await group.committee_above.client.get(f"/api/members/{record}")).status_code == 200
    assert (await group.anonymous.get(f"/api/members/{record}")).status_code == 401
    no_record = await group.outsider.client.get("/api/members/me")
    assert no_record.status_code == 404
    assert "chưa có hồ sơ" in no_record.json()["detail"]

    roll = await group.secretary.client.get(f"/api/members/rolls/{group.id}")
    assert roll.status_code == 200, roll.text
    body = roll.json()
    assert body["actions"] == ["view_roll", "import"]
    assert len(body["members"]) == 4 and body["exempt"] == 1
    assert (
        await group.committee_above.client.get(f"/api/members/rolls/{group.id}")
    ).status_code == 200
    refused = await other.get(f"/api/members/rolls/{group.id}")
    assert refused.status_code == 403
    assert "bí thư" in refused.json()["detail"]
    assert (await group.outsider.client.get(f"/api/members/rolls/{group.id}")).status_code == 403
    # The đảng bộ's own members are not his to keep: he is on its cấp ủy, not above it.
    parent = await group.committee_above.client.get(f"/api/members/rolls/{group.parent_id}")
    assert parent.status_code == 403


async def test_a_correction_is_asked_seen_and_resolved_with_notifications(group):
    me = group.members[0]
    record = group.member_ids[me.me["full_name"]]
    bad = await me.client.post(
        f"/api/members/{record}/corrections",
        json={"field": "ngay_sinh", "proposed_value": "31/02/1985", "reason": "Sai ngày"},
    )
    assert bad.status_code == 422 and "không có thật" in bad.json()["detail"]
    asked = await me.client.post(
        f"/api/members/{record}/corrections",
        json={"field": "ngay_sinh", "proposed_value": "02/01/1985", "reason": "Giấy khai sinh"},
    )
    assert asked.status_code == 201, asked.text
    [pending] = asked.json()["corrections"]
    assert pending["state"] == "cho_xu_ly" and pending["current_value"] == "01/01/1985"
    assert pending["actions"] == []
    again = await me.client.post(
        f"/api/members/{record}/corrections",
        json={"field": "ngay_sinh", "proposed_value": "03/01/1985"},
    )
    assert again.status_code == 409
    # Someone else may not ask for him.
    other = await group.members[1].client.post(
        f"/api/members/{record}/corrections",
        json={"field": "ho_ten", "proposed_value": "Tên Khác"},
    )
    assert other.status_code == 404

    inbox = (await group.secretary.client.get("/api/notifications")).json()["items"]
    assert inbox[0]["title"] == "Đề nghị sửa hồ sơ đảng viên"
    roll = (await group.secretary.client.get(f"/api/members/rolls/{group.id}")).json()
    [seen] = roll["pending_corrections"]
    assert seen["id"] == pending["id"] and seen["actions"] == ["resolve_correction"]

    # The member himself, and the cấp ủy above, may not resolve it.
    for client in (me.client, group.committee_above.client):
        refused = await client.post(
            f"/api/members/corrections/{pending['id']}/resolve", json={"accept": True}
        )
        assert refused.status_code == 403
    no_reason = await group.secretary.client.post(
        f"/api/members/corrections/{pending['id']}/resolve", json={"accept": False}
    )
    assert no_reason.status_code == 422
    done = await group.secretary.client.post(
        f"/api/members/corrections/{pending['id']}/resolve", json={"accept": True}
    )
    assert done.status_code == 200, done.text
    assert done.json()["state"] == "da_chap_nhan" and done.json()["resolved_value"] == "02/01/1985"
    twice = await group.secretary.client.post(
        f"/api/members/corrections/{pending['id']}/resolve", json={"accept": True}
    )
    assert twice.status_code == 409
    profile = (await me.client.get("/api/members/me")).json()
    assert profile["ngay_sinh"] == "1985-01-02"
    told = (await me.client.get("/api/notifications")).json()["items"]
    assert told[0]["title"] == "Đề nghị sửa hồ sơ đã được xử lý"


async def test_a_rejected_correction_keeps_the_record(group):
    me = group.members[1]
    record = group.member_ids[me.me["full_name"]]
    asked = await me.client.post(
        f"/api/members/{record}/corrections",
        json={"field": "gioi_tinh", "proposed_value": "Nữ"},
    )
    [pending] = asked.json()["corrections"]
    rejected = await group.secretary.client.post(
        f"/api/members/corrections/{pending['id']}/resolve",
        json={"accept": False, "note": "Hồ sơ gốc ghi Nam."},
    )
    assert rejected.status_code == 200
    assert rejected.json()["state"] == "tu_choi"
    assert (await me.client.get("/api/members/me")).json()["gioi_tinh"] == "nam"
