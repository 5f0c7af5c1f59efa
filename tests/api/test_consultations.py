"""Góp ý dự thảo over the API: an editor publishes a draft and opens a consultation; citizens
comment on a unit, a passage or the whole draft, vote, see their comments; the public sees
pseudonyms only; every bad input refused with a Vietnamese reason."""

from __future__ import annotations

import asyncio
import contextlib
import json
import uuid

import pytest

from tests.consultations_support import (
    citizen,
    editor,
    open_consultation,
    publish,
    unit_by_text,
)


@pytest.fixture
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield {
            "editor": await editor(app, stack),
            "citizen": await citizen(app, stack, "Nguyễn Thị Góp Ý"),
            "other": await citizen(app, stack, "Trần Văn Khác", age_band="18_29"),
            "no_consent": await citizen(app, stack, "Lê Chưa Đồng Ý", consent=False),
            "member": await __import__("tests.documents_support", fromlist=["person"]).person(
                app, stack, "Đảng Viên", ["dang_vien"], "VPTU"
            ),
        }


@pytest.fixture
async def open_one(people):
    draft = await publish(people["editor"])
    consultation = await open_consultation(people["editor"], draft["id"])
    return consultation


async def test_a_citizen_comments_on_a_unit_and_the_public_sees_only_his_pseudonym(
    people, open_one
):
    cid = open_one["id"]
    me = people["citizen"]
    unit = unit_by_text(open_one, "Thu ngân sách")
    made = await me.client.post(
        f"/api/consultations/{cid}/comments",
        json={"target": "don_vi", "unit_key": unit["key"], "text": "Nên nêu rõ số thu."},
    )
    assert made.status_code == 201, made.text
    comment = made.json()
    assert comment["author"].startswith("Người góp ý ") and comment["mine"] is True
    assert comment["version"] == 1 and comment["unit_key"] == unit["key"]
    page = await people["member"].client.get(
        f"/api/consultations/{cid}/comments", params={"unit": unit["key"]}
    )
    assert page.status_code == 200
    [seen] = page.json()["items"]
    assert seen["author"] == comment["author"] and seen["mine"] is False
    assert "Nguyễn" not in page.text and "Góp Ý" not in page.text
    assert not {"user", "user_id", "author_token", "full_name"} & set(seen)
    # The same citizen has the same pseudonym again in this consultation.
    again = await me.client.post(
        f"/api/consultations/{cid}/comments",
        json={"target": "toan_van", "text": "Dự thảo viết dễ hiểu."},
    )
    assert again.json()["author"] == comment["author"]
    other = await people["other"].client.post(
        f"/api/consultations/{cid}/comments",
        json={"target": "toan_van", "text": "Tôi đồng ý."},
    )
    assert other.json()["author"] != comment["author"]
    detail = (await me.client.get(f"/api/consultations/{cid}")).json()
    assert detail["counts"]["comments"] == 3 and detail["counts"]["whole_draft"] == 2
    assert {"comment", "vote"} <= set(detail["actions"])


async def test_a_passage_must_be_the_units_text_between_its_offsets(people, open_one):
    cid = open_one["id"]
    unit = unit_by_text(open_one, "Kinh tế của tỉnh")
    start = unit["text"].index("7,5%")
    good = await people["citizen"].client.post(
        f"/api/consultations/{cid}/comments",
        json={"target": "doan_trich", "unit_key": unit["key"], "quote": "7,5%",
              "start": start, "end": start + 4, "text": "Con số này cần nguồn."},
    )  # fmt: skip
    assert good.status_code == 201, good.text
    assert good.json()["quote"] == "7,5%"
    for bad in (
        {"quote": "7,5%", "start": start + 1, "end": start + 5},
        {"quote": "không có", "start": 0, "end": 8},
        {"quote": "7,5%", "start": start, "end": 10_000},
    ):
        refused = await people["citizen"].client.post(
            f"/api/consultations/{cid}/comments",
            json={"target": "doan_trich", "unit_key": unit["key"], "text": "X", **bad},
        )
        assert refused.status_code == 422, refused.text
        assert (
            refused.json()["detail"] == "Đoạn trích không khớp với nội dung của điều, đoạn đã chọn."
        )
    missing = await people["citizen"].client.post(
        f"/api/consultations/{cid}/comments",
        json={"target": "doan_trich", "unit_key": unit["key"], "text": "X"},
    )
    assert missing.status_code == 400 and "đoạn trích" in missing.json()["detail"]
    unknown = await people["citizen"].client.post(
        f"/api/consultations/{cid}/comments",
        json={"target": "don_vi", "unit_key": "u9999", "text": "X"},
    )
    assert unknown.status_code == 422
    assert unknown.json()["detail"] == "Dự thảo hiện hành không có điều, đoạn này."


async def test_bad_comments_are_refused_in_vietnamese(people, open_one):
    cid = open_one["id"]
    url = f"/api/consultations/{cid}/comments"
    me = people["citizen"].client
    long = await me.post(url, json={"target": "toan_van", "text": "a" * 2001})
    assert long.status_code == 400
    assert long.json()["detail"] == "Góp ý dài 2.001 ký tự, vượt quá 2.000 ký tự cho phép."
    empty = await me.post(url, json={"target": "toan_van", "text": " \u0007\u202e "})
    assert (
        empty.status_code == 400 and empty.json()["detail"] == "Nội dung góp ý không được để trống."
    )
    # HTML is kept as the text it is (never rendered); control characters are dropped.
    html = "<script>alert('x')</script> <b>đậm</b>\u0000"
    html = html.replace("\u0000", "\u0007")
    kept = await me.post(url, json={"target": "toan_van", "text": html})
    assert kept.status_code == 201
    assert kept.json()["text"] == "<script>alert('x')</script> <b>đậm</b>"
    assert kept.headers["content-type"].startswith("application/json")
    # Not a citizen: a party member, an editor.
    for who in ("member", "editor"):
        refused = await people[who].client.post(
            url, json={"target": "toan_van", "text": "Tôi góp ý"}
        )
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Chỉ công dân đăng nhập bằng VNeID được góp ý."
    # No consent yet.
    notice = await people["no_consent"].client.post(
        url, json={"target": "toan_van", "text": "Góp ý"}
    )
    assert notice.status_code == 428
    assert "Thông báo xử lý dữ liệu cá nhân" in notice.json()["detail"]


async def test_a_duplicate_submission_is_one_comment(people, open_one):
    cid = open_one["id"]
    url = f"/api/consultations/{cid}/comments"
    me = people["citizen"].client
    key = str(uuid.uuid4())
    body = {"target": "toan_van", "text": "Gửi một lần thôi."}
    first, second = await asyncio.gather(
        me.post(url, json=body, headers={"Idempotency-Key": key}),
        me.post(url, json=body, headers={"Idempotency-Key": key}),
    )
    assert {first.status_code, second.status_code} == {201}
    assert first.json()["id"] == second.json()["id"]
    page = (await me.get(url, params={"whole_draft": True})).json()
    assert [c["text"] for c in page["items"]].count("Gửi một lần thôi.") == 1
    reused = await me.post(url, json={**body, "text": "Khác"}, headers={"Idempotency-Key": key})
    assert reused.status_code == 422 and "Idempotency-Key" in reused.json()["detail"]


async def test_comments_are_rate_limited_per_citizen(people, open_one):
    cid = open_one["id"]
    url = f"/api/consultations/{cid}/comments"
    me = people["other"].client
    codes = [
        (await me.post(url, json={"target": "toan_van", "text": f"Ý kiến số {n}"})).status_code
        for n in range(11)
    ]
    if codes.count(201) < 10:  # a minute boundary passed between two of them
        codes += [
            (await me.post(url, json={"target": "toan_van", "text": f"Thêm {n}"})).status_code
            for n in range(11)
        ]
    assert 429 in codes
    limited = await me.post(url, json={"target": "toan_van", "text": "Lại nữa"})
    assert limited.status_code == 429
    assert "góp ý trong một phút" in limited.json()["detail"]
    # Another citizen is not held back.
    ok = await people["citizen"].client.post(url, json={"target": "toan_van", "text": "Của tôi"})
    assert ok.status_code == 201


async def test_a_vote_is_one_per_citizen_and_unit_and_can_change(people, open_one):
    cid = open_one["id"]
    unit = unit_by_text(open_one, "Tỷ lệ hộ nghèo")
    url = f"/api/consultations/{cid}/units/{unit['key']}/vote"
    me = people["citizen"].client
    first = await me.put(url, json={"choice": "tan_thanh"})
    assert first.status_code == 200, first.text
    assert first.json() == {
        "unit_key": unit["key"],
        "choice": "tan_thanh",
        "agree": 1,
        "disagree": 0,
    }
    twice = await me.put(url, json={"choice": "tan_thanh"})
    assert (twice.json()["agree"], twice.json()["disagree"]) == (1, 0)
    changed = await me.put(url, json={"choice": "khong_tan_thanh"})
    assert (changed.json()["agree"], changed.json()["disagree"]) == (0, 1)
    await people["other"].client.put(url, json={"choice": "tan_thanh"})
    detail = (await me.get(f"/api/consultations/{cid}")).json()
    assert detail["my_votes"] == {unit["key"]: "khong_tan_thanh"}
    counts = next(u for u in detail["counts"]["units"] if u["key"] == unit["key"])
    assert (counts["agree"], counts["disagree"]) == (1, 1)
    back = await me.delete(url)
    assert back.status_code == 200 and back.json()["choice"] is None
    assert (back.json()["agree"], back.json()["disagree"]) == (1, 0)
    refused = await people["member"].client.put(url, json={"choice": "tan_thanh"})
    assert refused.status_code == 403


async def test_a_closed_or_upcoming_consultation_takes_no_comment(people):
    draft = await publish(people["editor"])
    later = await open_consultation(
        people["editor"], draft["id"], opens_in=__import__("datetime").timedelta(days=2)
    )
    upcoming = await people["citizen"].client.post(
        f"/api/consultations/{later['id']}/comments", json={"target": "toan_van", "text": "Sớm"}
    )
    assert upcoming.status_code == 404  # not yet readable by the public
    now_open = await open_consultation(people["editor"], draft["id"])
    closed = await people["editor"].client.post(f"/api/consultations/{now_open['id']}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "da_dong"
    late = await people["citizen"].client.post(
        f"/api/consultations/{now_open['id']}/comments", json={"target": "toan_van", "text": "Muộn"}
    )
    assert late.status_code == 409
    assert late.json()["detail"] == "Đợt lấy ý kiến đã kết thúc."


async def test_my_comments_withdraw_and_the_answer(people, open_one):
    cid = open_one["id"]
    me = people["citizen"]
    unit = unit_by_text(open_one, "Mục tiêu tổng quát")
    made = (
        await me.client.post(
            f"/api/consultations/{cid}/comments",
            json={"target": "don_vi", "unit_key": unit["key"], "text": "Mục tiêu cần cụ thể hơn."},
        )
    ).json()
    gone = (
        await me.client.post(
            f"/api/consultations/{cid}/comments", json={"target": "toan_van", "text": "Rút lại."}
        )
    ).json()
    someone_else = await people["other"].client.post(
        f"/api/consultations/comments/{made['id']}/withdraw"
    )
    assert someone_else.status_code == 403
    withdrawn = await me.client.post(f"/api/consultations/comments/{gone['id']}/withdraw")
    assert withdrawn.status_code == 200
    again = await me.client.post(f"/api/consultations/comments/{gone['id']}/withdraw")
    assert again.status_code == 409 and again.json()["detail"] == "Góp ý đã được rút."
    answered = await people["editor"].client.post(
        f"/api/consultations/comments/{made['id']}/answer", json={"text": "Xin tiếp thu."}
    )
    assert answered.status_code == 200, answered.text
    assert answered.json()["answer"] == "Xin tiếp thu."
    told = (await me.client.get("/api/notifications")).json()["items"][0]
    assert told["title"] == "Góp ý của bạn đã được trả lời"
    mine = (await me.client.get("/api/consultations/comments/mine")).json()["items"]
    by_id = {c["id"]: c for c in mine}
    assert by_id[gone["id"]]["status"] == "da_rut" and by_id[gone["id"]]["actions"] == []
    assert by_id[made["id"]]["answer"] == "Xin tiếp thu."
    assert by_id[made["id"]]["unit_label"].startswith("1. Mục tiêu tổng quát")
    assert by_id[made["id"]]["actions"] == ["withdraw"]
    others = (await people["other"].client.get("/api/consultations/comments/mine")).json()["items"]
    assert made["id"] not in {c["id"] for c in others}
    assert (
        await people["member"].client.get("/api/consultations/comments/mine")
    ).status_code == 403


async def test_moderation_hides_with_a_reason_and_restores(people, open_one):
    from backend.audit.tables import AuditEvent

    cid = open_one["id"]
    made = (
        await people["citizen"].client.post(
            f"/api/consultations/{cid}/comments",
            json={"target": "toan_van", "text": "Nội dung xấu"},
        )
    ).json()
    ed = people["editor"].client
    refused = await people["citizen"].client.post(
        f"/api/consultations/comments/{made['id']}/hide", json={"reason": "Tự ẩn"}
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Chỉ tổ biên tập được ẩn góp ý."
    assert (
        await people["citizen"].client.get(f"/api/consultations/{cid}/moderation")
    ).status_code == 403
    hidden = await ed.post(
        f"/api/consultations/comments/{made['id']}/hide", json={"reason": "Ngôn từ không phù hợp"}
    )
    assert hidden.status_code == 200 and hidden.json()["status"] == "da_an"
    assert hidden.json()["actions"] == ["restore", "answer"]
    public = (await people["member"].client.get(f"/api/consultations/{cid}/comments")).json()
    assert made["id"] not in {c["id"] for c in public["items"]}
    queue = (
        await ed.get(f"/api/consultations/{cid}/moderation", params={"status": "da_an"})
    ).json()
    assert [c["id"] for c in queue["items"]] == [made["id"]]
    assert queue["items"][0]["hidden_reason"] == "Ngôn từ không phù hợp"
    [read] = (
        await AuditEvent.select()
        .where(
            (AuditEvent.action == "consultations.queue_read")
            & (AuditEvent.target == f"consultation:{cid}")
        )
        .order_by(AuditEvent.id, ascending=False)
        .limit(1)
    )
    assert read["actor_id"] == people["editor"].id
    detail = read["detail"] if isinstance(read["detail"], dict) else json.loads(read["detail"])
    assert detail == {"comments": [made["id"]]} and "Nội dung xấu" not in str(read)
    mine = (await people["citizen"].client.get("/api/consultations/comments/mine")).json()["items"]
    assert (
        next(c for c in mine if c["id"] == made["id"])["hidden_reason"] == "Ngôn từ không phù hợp"
    )
    twice = await ed.post(
        f"/api/consultations/comments/{made['id']}/hide", json={"reason": "Lần nữa"}
    )
    assert twice.status_code == 409
    restored = await ed.post(f"/api/consultations/comments/{made['id']}/restore")
    assert restored.status_code == 200 and restored.json()["status"] == "hien_thi"


async def test_editors_search_comments_and_no_one_else(people, open_one):
    cid = open_one["id"]
    await people["citizen"].client.post(
        f"/api/consultations/{cid}/comments",
        json={"target": "toan_van", "text": "Cần chú trọng chuyển đổi số ở xã vùng cao."},
    )
    found = await people["editor"].client.get(
        "/api/consultations/comments/search", params={"q": "chuyen doi so", "consultation_id": cid}
    )
    assert found.status_code == 200, found.text
    assert [h["comment"]["text"] for h in found.json()["items"]] == [
        "Cần chú trọng chuyển đổi số ở xã vùng cao."
    ]
    for who in ("citizen", "member"):
        refused = await people[who].client.get(
            "/api/consultations/comments/search", params={"q": "số"}
        )
        assert refused.status_code == 403


async def test_each_comment_and_vote_appends_the_live_counts(app, people, open_one):
    from backend.events.log import EventLog

    log = app.state.services.get(EventLog)
    cid = open_one["id"]
    stream = f"consultation:{cid}"
    before = await log.last_id(stream)
    unit = unit_by_text(open_one, "Tỷ lệ hộ nghèo")
    await people["citizen"].client.post(
        f"/api/consultations/{cid}/comments",
        json={"target": "don_vi", "unit_key": unit["key"], "text": "Giảm nghèo bền vững."},
    )
    await people["other"].client.put(
        f"/api/consultations/{cid}/units/{unit['key']}/vote", json={"choice": "khong_tan_thanh"}
    )
    refused = await people["member"].client.post(
        f"/api/consultations/{cid}/comments", json={"target": "toan_van", "text": "Không được"}
    )
    assert refused.status_code == 403
    from backend.consultations.live import Live

    await app.state.services.get(Live).drain()  # sent shortly after the commits
    events = await log.read(stream, before)
    assert events and {e.kind for e in events} == {"counts.changed"}
    assert events[-1].data == {
        "comments": 1, "votes": 1, "unit": unit["key"], "unit_comments": 1, "agree": 0,
        "disagree": 1,
    }  # fmt: skip
    assert "Giảm nghèo" not in str([e.data for e in events])  # counts, never the text


async def test_a_unit_with_5000_comments_pages_by_key_quickly(people, open_one):
    import time
    from datetime import UTC, datetime, timedelta

    from backend import db
    from backend.consultations.tables import Comment

    cid = open_one["id"]
    unit = unit_by_text(open_one, "Mục tiêu tổng quát")
    start = datetime.now(UTC) - timedelta(days=1)
    rows = [
        Comment(
            consultation=cid,
            target="don_vi",
            unit_key=unit["key"],
            version_seen=1,
            author_token=f"{n:064x}",
            text=f"Góp ý số {n}",
            status="hien_thi",
            created_at=start + timedelta(seconds=n),
        )  # fmt: skip
        for n in range(5000)
    ]
    async with db.transaction():
        for chunk in range(0, len(rows), 500):
            await Comment.insert(*rows[chunk : chunk + 500])
    reader = people["member"].client
    url = f"/api/consultations/{cid}/comments"
    seen: list[int] = []
    cursor = None
    timings = []
    for _ in range(5):
        params = {"unit": unit["key"], "limit": 20, **({"cursor": cursor} if cursor else {})}
        began = time.perf_counter()
        page = await reader.get(url, params=params)
        timings.append(time.perf_counter() - began)
        assert page.status_code == 200
        seen += [c["id"] for c in page.json()["items"]]
        cursor = page.json()["next_cursor"]
    assert len(seen) == len(set(seen)) == 100 and seen == sorted(seen, reverse=True)
    assert [c for c in seen] == [c for c in seen if c > 0]
    assert sorted(timings)[2] < 0.25  # the median page, on a shared 2-core machine
    forged = await reader.get(url, params={"unit": unit["key"], "cursor": "!!"})
    assert forged.status_code == 400


async def test_erasure_leaves_anonymous_comments_where_the_rules_keep_them(app, people, open_one):
    import json
    from datetime import UTC, datetime, timedelta

    from backend.audit.tables import AuditEvent
    from backend.citizens.keys import CitizenKeys
    from backend.consultations.tables import Comment
    from backend.core.problems import Problem
    from backend.notifications.tables import Notification

    me = people["other"]
    kept_id = open_one["id"]
    dropping = await people["editor"].client.post(
        "/api/consultations",
        json={
            "draft_id": open_one["draft_id"],
            "title": "Đợt không giữ góp ý sau khi xóa dữ liệu",
            "opens_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
            "closes_at": (datetime.now(UTC) + timedelta(days=3)).isoformat(),
            "keep_after_erasure": False,
        },
    )
    dropped_id = dropping.json()["id"]
    kept = (
        await me.client.post(
            f"/api/consultations/{kept_id}/comments",
            json={"target": "toan_van", "text": "Góp ý sẽ được giữ lại."},
        )
    ).json()
    dropped = (
        await me.client.post(
            f"/api/consultations/{dropped_id}/comments",
            json={"target": "toan_van", "text": "Góp ý sẽ bị xóa."},
        )
    ).json()
    row = await Comment.select(Comment.notice_sealed).where(Comment.id == kept["id"]).first()
    assert row["notice_sealed"] is not None

    erased = await me.client.post("/api/citizens/me/erase", json={"confirm": True})
    assert erased.status_code == 200, erased.text
    unlinked = (
        await AuditEvent.select(AuditEvent.detail)
        .where(AuditEvent.action == "citizen.erased")
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    detail = unlinked["detail"]
    detail = detail if isinstance(detail, dict) else json.loads(detail)
    assert detail["consultations"] == 2
    left = await Comment.select().where(Comment.id.is_in([kept["id"], dropped["id"]]))
    assert [(c["id"], c["text"], c["notice_sealed"]) for c in left] == [
        (kept["id"], "Góp ý sẽ được giữ lại.", None)
    ]
    # Still shown, under the same pseudonym, and no longer his: he cannot find it.
    page = (await people["member"].client.get(f"/api/consultations/{kept_id}/comments")).json()
    assert kept["id"] in {c["id"] for c in page["items"]}
    # His sessions ended with the erasure, and the key that found his comments is gone.
    assert (await me.client.get("/api/consultations/comments/mine")).status_code == 401
    with pytest.raises(Problem) as gone:
        await app.state.services.get(CitizenKeys).author_token(me.id, f"consultation:{kept_id}")
    assert gone.value.status_code == 410
    answered = await people["editor"].client.post(
        f"/api/consultations/comments/{kept['id']}/answer", json={"text": "Cảm ơn."}
    )
    assert answered.status_code == 200
    told = await Notification.select(Notification.title).where(Notification.user == me.id)
    assert all(n["title"] != "Góp ý của bạn đã được trả lời" for n in told)


async def test_who_may_follow_a_consultations_live_counts(app, people, open_one):
    from datetime import timedelta

    from backend.core.domain import DomainHooks
    from shared.accounts import Role
    from tests.policy_support import actor

    hooks = app.state.services.get(DomainHooks)
    upcoming = await open_consultation(
        people["editor"], open_one["draft_id"], opens_in=timedelta(days=3)
    )
    opened, later = f"consultation:{open_one['id']}", f"consultation:{upcoming['id']}"
    for role in (Role.DANG_VIEN, Role.CONG_DAN, Role.BIEN_TAP):
        assert await hooks.may_read_stream(actor(role), opened) is True
        assert await hooks.may_read_stream(actor(role), later) is (role is Role.BIEN_TAP)
    assert await hooks.may_read_stream(actor(Role.BIEN_TAP), "consultation:999999") is False
    # Through the API: refused before any event is sent.
    refused = await people["citizen"].client.get(f"/api/events/{later}")
    assert refused.status_code == 403
