"""Học tập nghị quyết over the API: Tuyên giáo publish a module, members of its scope take the
quiz until the deadline (after it: refused), results to the member and, aggregated, to the chi
bộ's cấp ủy, completion per chi bộ with exempt members left out."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest

from tests.documents_support import person
from tests.handbook_support import chi_bo

QUESTIONS = [
    {
        "text": "Chi bộ sinh hoạt thường kỳ bao lâu một lần?",
        "choices": ["Mỗi tuần", "Mỗi tháng", "Mỗi quý"],
        "correct": 1,
        "explanation": "Mỗi tháng một lần.",
    },
    {
        "text": "Đảng viên miễn sinh hoạt có tính vào tỷ lệ dự họp không?",
        "choices": ["Có", "Không"],
        "correct": 1,
        "explanation": "Không tính.",
    },
]


@pytest.fixture
async def world(app):
    async with contextlib.AsyncExitStack() as stack:
        group = await chi_bo(app, stack)
        editor = await person(app, stack, "Tuyên Giáo Học Tập", ["tuyen_giao", "can_bo"], "BTGTU")
        yield group, editor


def _module(group, **changes) -> dict:
    from backend.core.clock import now

    body = {
        "title": "Học tập chuyên đề thử",
        "organisation_id": group.parent_id,
        "deadline": (now() + timedelta(days=7)).isoformat(),
        "summary": "Đọc và trả lời.",
        "questions": QUESTIONS,
    }
    return body | changes


async def _published(editor, group, **changes) -> dict:
    created = await editor.client.post("/api/study/modules", json=_module(group, **changes))
    assert created.status_code == 201, created.text
    published = await editor.client.post(f"/api/study/modules/{created.json()['id']}/publish")
    assert published.status_code == 200, published.text
    return published.json()


async def test_authoring_is_tuyen_giao_s_and_a_draft_stays_hidden(world):
    group, editor = world
    refused = await group.secretary.client.post("/api/study/modules", json=_module(group))
    assert refused.status_code == 403
    assert (await editor.client.get("/api/me")).json()["actions"]["study"] == ["manage"]
    bad_answer = _module(group, questions=[{**QUESTIONS[0], "correct": 5}])
    assert (await editor.client.post("/api/study/modules", json=bad_answer)).status_code == 422
    from backend.core.clock import now

    past = _module(group, deadline=(now() - timedelta(hours=1)).isoformat())
    assert (await editor.client.post("/api/study/modules", json=past)).status_code == 422
    missing = _module(group, readings=[2**31 - 1])
    assert (await editor.client.post("/api/study/modules", json=missing)).status_code == 422

    empty = await editor.client.post("/api/study/modules", json=_module(group, questions=[]))
    draft = empty.json()
    assert draft["actions"] == ["edit"]  # no question yet: nothing to publish
    member = group.members[0].client
    assert (await member.get(f"/api/study/modules/{draft['id']}")).status_code == 404
    no_questions = await editor.client.post(f"/api/study/modules/{draft['id']}/publish")
    assert no_questions.status_code == 422
    edited = await editor.client.patch(
        f"/api/study/modules/{draft['id']}", json={"questions": QUESTIONS}
    )
    assert edited.status_code == 200 and len(edited.json()["questions"]) == 2
    published = await editor.client.post(f"/api/study/modules/{draft['id']}/publish")
    assert published.json()["state"] == "da_xuat_ban"
    late_edit = await editor.client.patch(
        f"/api/study/modules/{draft['id']}", json={"title": "Khác"}
    )
    assert late_edit.status_code == 409
    told = (await member.get("/api/notifications")).json()["items"][0]
    assert told["title"] == "Chuyên đề học tập nghị quyết mới"


async def test_members_take_it_see_their_result_and_the_cap_uy_sees_the_aggregate(world):
    group, editor = world
    module = await _published(editor, group)
    mid = module["id"]
    first, second = group.members
    view = (await first.client.get(f"/api/study/modules/{mid}")).json()
    assert view["actions"] == ["take"]
    assert view["questions"][0]["correct"] is None and view["questions"][0]["explanation"] is None
    assert mid in [m["id"] for m in (await first.client.get("/api/study/modules")).json()]
    # Outside the scope: not offered, not taken.
    assert (await group.outsider.client.get(f"/api/study/modules/{mid}")).status_code == 404
    outsider = await group.outsider.client.post(
        f"/api/study/modules/{mid}/answers", json={"answers": [1, 1]}
    )
    assert outsider.status_code == 404

    short = await first.client.post(f"/api/study/modules/{mid}/answers", json={"answers": [1]})
    assert short.status_code == 422
    answered = await first.client.post(
        f"/api/study/modules/{mid}/answers", json={"answers": [1, 0]}
    )
    assert answered.status_code == 201, answered.text
    result = answered.json()
    assert (result["score"], result["total"]) == (1, 2)
    assert result["questions"][1]["is_correct"] is False
    assert result["questions"][1]["explanation"] == "Không tính."
    after = (await first.client.get(f"/api/study/modules/{mid}")).json()
    assert after["my_result"]["score"] == 1 and after["questions"][0]["correct"] == 1
    again = await first.client.post(f"/api/study/modules/{mid}/answers", json={"answers": [1, 1]})
    assert again.json()["score"] == 2
    await group.secretary.client.post(f"/api/study/modules/{mid}/answers", json={"answers": [0, 1]})

    # The chi bộ's bí thư: aggregate and who completed, no individual scores.
    results = await group.secretary.client.get(
        f"/api/study/modules/{mid}/results", params={"organisation_id": group.id}
    )
    assert results.status_code == 200, results.text
    body = results.json()
    # Required: the secretary and two members; the exempt member is left out.
    assert body["completion"] == {"required": 3, "completed": 2, "rate": 66.7}
    assert body["average_score"] == 75.0
    assert [q["correct_rate"] for q in body["questions"]] == [50.0, 100.0]
    done = {m["ho_ten"]: m["completed"] for m in body["members"]}
    assert done == {
        group.secretary.me["full_name"]: True,
        first.me["full_name"]: True,
        second.me["full_name"]: False,
    }
    assert "score" not in body["members"][0]
    # A plain member does not see them; the cấp ủy above sees completion per chi bộ.
    assert (
        await second.client.get(
            f"/api/study/modules/{mid}/results", params={"organisation_id": group.id}
        )
    ).status_code == 403
    above = await group.committee_above.client.get(f"/api/study/modules/{mid}/results")
    assert above.status_code == 200
    assert [c["organisation_id"] for c in above.json()["chi_bo"]] == [group.id]
    assert above.json()["chi_bo"][0]["completion"]["completed"] == 2
    everything = await editor.client.get(f"/api/study/modules/{mid}/results")
    assert everything.json()["completion"]["required"] == 3 and everything.json()["members"] == []


async def test_answers_after_the_deadline_are_refused(world):
    from backend.core.clock import now
    from backend.study.tables import StudyModule

    group, editor = world
    module = await _published(editor, group)
    await StudyModule.update({StudyModule.deadline: now() - timedelta(minutes=1)}).where(
        StudyModule.id == module["id"]
    )
    member = group.members[0].client
    late = await member.post(f"/api/study/modules/{module['id']}/answers", json={"answers": [1, 1]})
    assert late.status_code == 409
    assert "hết hạn" in late.json()["detail"]
    view = (await member.get(f"/api/study/modules/{module['id']}")).json()
    assert view["overdue"] is True and view["actions"] == []


async def test_the_demo_module_is_published(world):
    group, _ = world
    titles = [m["title"] for m in (await group.members[0].client.get("/api/study/modules")).json()]
    assert "Học tập Quy chế mẫu về sinh hoạt chi bộ" in titles
