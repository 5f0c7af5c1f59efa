"""Drafts over the API: the real plan published from its text, a DOCX read with Word's own
numbering, a revised version that keeps each comment on its clause, the diff between versions,
and who may publish."""

from __future__ import annotations

import contextlib
import io
from collections import Counter

import pytest

from tests.consultations_support import (
    SMALL_DRAFT,
    citizen,
    editor,
    open_consultation,
    plan_text,
    publish,
    unit_by_text,
)
from tests.documents_support import person


@pytest.fixture
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield {
            "editor": await editor(app, stack),
            "citizen": await citizen(app, stack),
            "member": await person(app, stack, "Đảng Viên Đọc", ["dang_vien"], "VPTU"),
        }


async def test_the_real_plan_is_split_into_its_parts_points_and_paragraphs(people):
    draft = await publish(people["editor"], plan_text(), "Kế hoạch chuyển đổi số")
    assert draft["version"] == 1 and draft["actions"] == ["revise"]
    version = (await people["editor"].client.get(f"/api/drafts/{draft['id']}/versions/1")).json()
    units = version["units"]
    kinds = Counter(u["kind"] for u in units)
    parts = [(u["label"], u["title"]) for u in units if u["kind"] == "phan"]
    assert parts[:3] == [
        ("I.", "MỤC ĐÍCH, YÊU CẦU"),
        ("II.", "NỘI DUNG"),
        ("III.", "NHIỆM VỤ VÀ GIẢI PHÁP"),
    ]
    assert kinds["diem"] >= 20 and kinds["gach"] >= 60 and kinds["doan"] >= 5
    keys = [u["key"] for u in units]
    assert len(set(keys)) == len(keys) == len(units)
    assert keys[:3] == ["u1", "u2", "u3"]
    # Every unit's parent is an earlier unit; a point sits under its part.
    position = {u["key"]: u["position"] for u in units}
    assert all(u["parent"] is None or position[u["parent"]] < u["position"] for u in units)
    point = unit_by_text({"units": units}, "Đối với hạ tầng số")
    part = next(u for u in units if u["key"] == point["parent"])
    assert (part["label"], point["label"], point["anchor"]) == ("II.", "1.", "II/1")
    bullets = [u for u in units if u["parent"] == point["key"]]
    assert len(bullets) == 4 and bullets[0]["text"].startswith("Hoàn thành việc chuyển hạ tầng")
    # A line broken inside a paragraph in the source is mended.
    assert "đáp ứng tiêu chuẩn trong nước và quốc tế" in bullets[0]["text"]


async def test_only_the_editors_publish_and_an_empty_text_is_refused(people):
    for who in ("citizen", "member"):
        refused = await people[who].client.post(
            "/api/drafts", json={"title": "Dự thảo", "text": SMALL_DRAFT}
        )
        assert refused.status_code == 403
        assert refused.json()["detail"] == "Chỉ tổ biên tập được đăng dự thảo và mở đợt lấy ý kiến."
    empty = await people["editor"].client.post(
        "/api/drafts", json={"title": "Dự thảo", "text": "  \n\n  "}
    )
    assert empty.status_code == 422
    assert empty.json()["detail"] == "Dự thảo trống: không có nội dung nào để đăng."
    blank = await people["editor"].client.post("/api/drafts", json={"title": "   ", "text": "Có"})
    assert blank.status_code == 400


REVISED = (
    SMALL_DRAFT.replace(
        # Edited in place: a figure changed.
        "bình quân 7,5% mỗi năm.",
        "bình quân 7,8% mỗi năm, cao hơn mức bình quân chung.",
    )
    .replace(
        # A new paragraph before the budget one: the budget paragraph's anchor moves (p2 → p3).
        "Thu ngân sách vượt kế hoạch đề ra.",
        "Cơ cấu kinh tế chuyển dịch đúng hướng.\n\nThu ngân sách vượt kế hoạch đề ra.",
    )
    .replace(
        # The two targets swap places.
        "- Tốc độ tăng trưởng kinh tế bình quân 8% mỗi năm.\n\n- Tỷ lệ hộ nghèo giảm 1% mỗi năm.",
        "- Tỷ lệ hộ nghèo giảm 1% mỗi năm.\n\n- Tốc độ tăng trưởng kinh tế bình quân 8% mỗi năm.",
    )
    .replace("2. Về xây dựng Đảng\n\nCông tác xây dựng, chỉnh đốn Đảng được chú trọng.\n\n", "")
)


async def test_a_revised_version_keeps_each_comment_on_its_clause(people):
    ed, me = people["editor"], people["citizen"]
    draft = await publish(ed)
    consultation = await open_consultation(ed, draft["id"])
    cid = consultation["id"]
    commented = {}
    for words in ("Kinh tế của tỉnh", "Thu ngân sách", "Tỷ lệ hộ nghèo", "chỉnh đốn Đảng"):
        unit = unit_by_text(consultation, words)
        made = await me.client.post(
            f"/api/consultations/{cid}/comments",
            json={"target": "don_vi", "unit_key": unit["key"], "text": f"Về: {words}"},
        )
        assert made.status_code == 201
        commented[words] = (unit["key"], made.json()["id"])

    refused = await me.client.post(f"/api/drafts/{draft['id']}/versions", json={"text": REVISED})
    assert refused.status_code == 403
    revised = await ed.client.post(
        f"/api/drafts/{draft['id']}/versions", json={"text": REVISED, "note": "Sau hội nghị"}
    )
    assert revised.status_code == 201, revised.text
    assert revised.json()["version"] == 2
    assert [v["number"] for v in revised.json()["versions"]] == [1, 2]

    now = (await me.client.get(f"/api/consultations/{cid}")).json()
    assert now["version"] == 2
    by_key = {u["key"]: u for u in now["units"]}
    # Edited in place, moved by an inserted paragraph, moved by a swap: same keys, new text.
    assert "7,8%" in by_key[commented["Kinh tế của tỉnh"][0]]["text"]
    assert by_key[commented["Thu ngân sách"][0]]["text"] == "Thu ngân sách vượt kế hoạch đề ra."
    assert by_key[commented["Thu ngân sách"][0]]["anchor"].endswith("/p3")
    assert by_key[commented["Tỷ lệ hộ nghèo"][0]]["text"].startswith("Tỷ lệ hộ nghèo")
    # The removed clause is gone from the version, and a new unit got a new key.
    assert commented["chỉnh đốn Đảng"][0] not in by_key
    added = unit_by_text(now, "Cơ cấu kinh tế")
    assert int(added["key"][1:]) > len(consultation["units"])
    # Each comment is still on its clause, and says it was written on version 1.
    for words in ("Kinh tế của tỉnh", "Thu ngân sách", "Tỷ lệ hộ nghèo"):
        key, comment_id = commented[words]
        page = (
            await me.client.get(f"/api/consultations/{cid}/comments", params={"unit": key})
        ).json()
        assert [(c["id"], c["version"]) for c in page["items"]] == [(comment_id, 1)]
    # A new comment says version 2.
    made = await me.client.post(
        f"/api/consultations/{cid}/comments",
        json={"target": "don_vi", "unit_key": added["key"], "text": "Tốt."},
    )
    assert made.json()["version"] == 2

    diff = await me.client.get(f"/api/drafts/{draft['id']}/diff", params={"from": 1, "to": 2})
    assert diff.status_code == 200, diff.text
    changes = {c["key"]: c for c in diff.json()["changes"]}
    edited = changes[commented["Kinh tế của tỉnh"][0]]
    assert edited["change"] == "sua"
    assert {"op": "xoa", "text": "7,5%"} in edited["words"]
    assert any(p["op"] == "them" and "7,8%" in p["text"] for p in edited["words"])
    assert changes[added["key"]]["change"] == "them"
    assert changes[commented["chỉnh đốn Đảng"][0]]["change"] == "bo"
    swapped = [changes.get(commented["Tỷ lệ hộ nghèo"][0]), changes.get(by_key_text(now, "Tốc độ"))]
    assert any(c is not None and c["change"] == "chuyen" for c in swapped)
    assert diff.json()["unchanged"] > 5
    same = await ed.client.get(f"/api/drafts/{draft['id']}/diff", params={"from": 2, "to": 2})
    assert same.status_code == 400
    missing = await ed.client.get(f"/api/drafts/{draft['id']}/diff", params={"from": 1, "to": 9})
    assert missing.status_code == 404


def by_key_text(consultation: dict, words: str) -> str:
    return unit_by_text(consultation, words)["key"]


def docx_bytes() -> bytes:
    """A DOCX whose points are numbered by Word (the numbers are not in the text)."""
    from docx import Document

    document = Document()
    document.add_heading("DỰ THẢO NGHỊ QUYẾT", level=0)
    document.add_paragraph("I. QUAN ĐIỂM")
    document.add_paragraph("Phát triển nhanh và bền vững là yêu cầu xuyên suốt.")
    document.add_paragraph("II. NHIỆM VỤ")
    document.add_paragraph("Chuyển đổi số toàn diện", style="List Number")
    document.add_paragraph("Trong các cơ quan đảng.", style="List Bullet")
    document.add_paragraph("Phát triển nguồn nhân lực", style="List Number")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def test_a_docx_draft_keeps_words_numbering(people):
    made = await people["editor"].client.post(
        "/api/drafts/docx",
        files={"file": ("du-thao.docx", docx_bytes(), "application/octet-stream")},
        data={"title": "Dự thảo nghị quyết"},
    )
    assert made.status_code == 201, made.text
    assert made.json()["versions"][0]["source"] == "docx"
    version = (
        await people["editor"].client.get(f"/api/drafts/{made.json()['id']}/versions/1")
    ).json()
    labelled = [(u["kind"], u["label"], u["title"] or u["text"]) for u in version["units"]]
    assert ("phan", "II.", "NHIỆM VỤ") in labelled
    assert ("diem", "1.", "Chuyển đổi số toàn diện") in labelled
    assert ("diem", "2.", "Phát triển nguồn nhân lực") in labelled
    assert ("gach", "-", "Trong các cơ quan đảng.") in labelled
    broken = await people["editor"].client.post(
        "/api/drafts/docx",
        files={"file": ("x.docx", b"PK\x03\x04 not a docx", "application/octet-stream")},
        data={"title": "Hỏng"},
    )
    assert broken.status_code == 422
    assert broken.json()["detail"] == "Tệp không phải tài liệu Word (DOCX) đọc được."
