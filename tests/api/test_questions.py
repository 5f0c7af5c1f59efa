"""Hỏi – đáp over the API: a member asks his cấp ủy privately (oversized questions refused), the
cấp ủy answers and the member is told, an answer published anonymously in the FAQ."""

from __future__ import annotations

import contextlib

import pytest

from tests.handbook_support import chi_bo, give_position, org_id


@pytest.fixture
async def group(app):
    async with contextlib.AsyncExitStack() as stack:
        group = await chi_bo(app, stack)
        # A chi ủy viên sits on the chi bộ's cấp ủy with the bí thư.
        await give_position(group.id, group.members[1].id, "chi_uy_vien")
        yield group


async def test_a_question_goes_privately_to_the_cap_uy_and_its_answer_comes_back(group):
    asker = group.members[0]
    committee = group.members[1]
    asked = await asker.client.post(
        "/api/questions", json={"text": "Khi chuyển nơi cư trú thì sinh hoạt đảng ở đâu?"}
    )
    assert asked.status_code == 201, asked.text
    question = asked.json()
    assert question["organisation_id"] == group.id and question["status"] == "cho_tra_loi"
    assert question["mine"] is True and question["actions"] == []
    qid = question["id"]
    for member in (group.secretary, committee):
        told = (await member.client.get("/api/notifications")).json()["items"][0]
        assert told["title"] == "Câu hỏi mới gửi cấp ủy"
        assert "chuyển nơi cư trú" not in told["body"]  # the text stays in the app
    inbox = (await committee.client.get("/api/questions/inbox")).json()
    assert [q["id"] for q in inbox][:1] == [qid]
    # Private: no other member, and not the cấp ủy above, reads it.
    for other in (group.outsider, group.committee_above):
        assert (await other.client.get(f"/api/questions/{qid}")).status_code == 404
    assert (await group.anonymous.get(f"/api/questions/{qid}")).status_code == 401

    seen = (await committee.client.get(f"/api/questions/{qid}")).json()
    assert seen["asker_name"] == asker.me["full_name"]
    assert seen["actions"] == ["answer"]
    refused = await asker.client.post(f"/api/questions/{qid}/answer", json={"text": "Tự trả lời"})
    assert refused.status_code == 403
    answered = await committee.client.post(
        f"/api/questions/{qid}/answer", json={"text": "Đồng chí sinh hoạt tại nơi cư trú mới."}
    )
    assert answered.status_code == 200
    assert answered.json()["status"] == "da_tra_loi"
    assert answered.json()["actions"] == ["publish_faq"]
    twice = await group.secretary.client.post(f"/api/questions/{qid}/answer", json={"text": "Lại"})
    assert twice.status_code == 409
    told = (await asker.client.get("/api/notifications")).json()["items"][0]
    assert told["title"] == "Cấp ủy đã trả lời câu hỏi của bạn"
    assert told["link"] == f"/so-tay/hoi-dap/{qid}"
    mine = (await asker.client.get("/api/questions/mine")).json()
    assert mine[0]["id"] == qid and mine[0]["status"] == "da_tra_loi"


async def test_an_answer_is_published_anonymously_in_the_faq(group):
    asker = group.members[0]
    qid = (
        await asker.client.post(
            "/api/questions", json={"text": "Tôi là Nguyễn Văn A ở tổ 5, xin hỏi về đảng phí."}
        )
    ).json()["id"]
    early = await group.secretary.client.post(f"/api/questions/{qid}/faq", json={})
    assert early.status_code == 409
    await group.secretary.client.post(
        f"/api/questions/{qid}/answer", json={"text": "Đảng phí đóng hằng tháng tại chi bộ."}
    )
    published = await group.secretary.client.post(
        f"/api/questions/{qid}/faq", json={"question": "Đảng phí đóng ở đâu, khi nào?"}
    )
    assert published.status_code == 200
    faq = published.json()["faq"]
    assert faq["question"] == "Đảng phí đóng ở đâu, khi nào?"
    listed = (await group.outsider.client.get("/api/questions/faq")).json()
    entry = next(e for e in listed if e["id"] == qid)
    assert "Nguyễn Văn A" not in str(entry) and asker.me["full_name"] not in str(entry)
    assert "asker_name" not in entry
    withdrawn = await group.secretary.client.post(f"/api/questions/{qid}/faq/withdraw")
    assert withdrawn.json()["faq"] is None
    listed = (await group.outsider.client.get("/api/questions/faq")).json()
    assert qid not in [e["id"] for e in listed]


async def test_bad_questions_are_refused(group):
    asker = group.members[0].client
    oversized = await asker.post("/api/questions", json={"text": "Câu hỏi rất dài. " * 200})
    assert oversized.status_code == 422
    assert "quá giới hạn 2.000 ký tự" in oversized.json()["detail"]
    huge = await asker.post("/api/questions", json={"text": "x" * 200_000})
    assert huge.status_code == 400
    tiny = await asker.post("/api/questions", json={"text": "?"})
    assert tiny.status_code == 422
    other_chi_bo = await org_id("DBTP.CB01")
    elsewhere = await asker.post(
        "/api/questions", json={"text": "Câu hỏi gửi sai nơi", "organisation_id": other_chi_bo}
    )
    assert elsewhere.status_code == 422
    nobody = await asker.post(
        "/api/questions",
        json={"text": "Câu hỏi gửi cấp trên nữa", "organisation_id": group.grandparent_id},
    )
    assert nobody.status_code == 409  # above him, but no cấp ủy of it is on the system
    above = await asker.post(
        "/api/questions", json={"text": "Câu hỏi gửi cấp trên", "organisation_id": group.parent_id}
    )
    assert above.status_code == 201
    assert above.json()["organisation_id"] == group.parent_id
    no_record = await group.committee_above.client.post(
        "/api/questions", json={"text": "Tôi chưa có hồ sơ"}
    )
    assert no_record.status_code == 422


async def test_the_demo_faq_is_readable(group):
    entries = (await group.members[0].client.get("/api/questions/faq")).json()
    assert any("công tác dài ngày" in e["question"] for e in entries)
