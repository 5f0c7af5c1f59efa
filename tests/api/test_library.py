"""Thư viện văn kiện over the API: publishing by Tuyên giáo only, the real plan imported and
its structure checked, versions with stable article ids, a reader's bookmarks, highlights,
position and "what changed", and the offline manifest and cacheable payloads."""

from __future__ import annotations

import asyncio
import contextlib

import pytest

from tests.documents_support import person
from tests.unit.test_library_structure import sample_text

TEXT = """I. PHẦN MỘT

1. Điểm thứ nhất

Nội dung điểm thứ nhất.

2. Điểm thứ hai

Nội dung điểm thứ hai.

II. PHẦN HAI

1. Điểm sẽ bị bỏ

Nội dung sẽ bị bỏ.
"""


@pytest.fixture
async def people(app):
    async with contextlib.AsyncExitStack() as stack:
        yield {
            "editor": await person(
                app, stack, "Cán Bộ Tuyên Giáo", ["tuyen_giao", "can_bo"], "BTGTU"
            ),
            "reader": await person(app, stack, "Đảng Viên Đọc", ["dang_vien"], "DBTP.CB01"),
            "other": await person(app, stack, "Đảng Viên Khác", ["dang_vien"], "DBTP.CB01"),
            "admin": await person(app, stack, "Quản Trị Thư Viện", ["quan_tri", "can_bo"], "VPTU"),
            "editor_of_comments": await person(app, stack, "Biên Tập", ["bien_tap"], "VPTU"),
            "citizen": await person(app, stack, "Công Dân", ["cong_dan"], "VPTU"),
        }


async def _collection(editor) -> int:
    created = await editor.post("/api/library/collections", json={"title": "Bộ sưu tập thử"})
    assert created.status_code == 201, created.text
    return created.json()["collection"]["id"]


async def _published(editor, text: str = TEXT, title: str = "Văn kiện thử") -> dict:
    collection = await _collection(editor)
    created = await editor.post(
        "/api/library/documents",
        json={"collection_id": collection, "title": title, "kind": "nghi_quyet", "text": text},
    )
    assert created.status_code == 201, created.text
    assert created.json()["state"] == "du_thao" and created.json()["actions"] == ["edit", "publish"]
    published = await editor.post(f"/api/library/documents/{created.json()['id']}/publish")
    assert published.status_code == 200, published.text
    return published.json()


async def test_only_tuyen_giao_publishes_and_only_members_read(people):
    editor = people["editor"].client
    for name in ("reader", "admin", "editor_of_comments"):
        refused = await people[name].client.post(
            "/api/library/collections", json={"title": "Không được"}
        )
        assert refused.status_code == 403, name
        assert "Tuyên giáo" in refused.json()["detail"]
    assert (await people["citizen"].client.get("/api/library/collections")).status_code == 403
    assert (await people["admin"].client.get("/api/library/manifest")).status_code == 403
    me = (await people["editor"].client.get("/api/me")).json()
    assert me["actions"]["library"] == ["read", "search", "manage"]
    reader_me = (await people["reader"].client.get("/api/me")).json()
    assert reader_me["actions"]["library"] == ["read", "search"]

    collection = await _collection(editor)
    draft = await editor.post(
        "/api/library/documents",
        json={"collection_id": collection, "title": "Bản nháp", "kind": "ke_hoach", "text": TEXT},
    )
    document = draft.json()["id"]
    # A draft is invisible to readers; publishing is Tuyên giáo's.
    reader = people["reader"].client
    assert (await reader.get(f"/api/library/documents/{document}")).status_code == 404
    assert (await reader.post(f"/api/library/documents/{document}/publish")).status_code == 404
    empty = await editor.post(
        "/api/library/documents",
        json={"collection_id": collection, "title": "Trống", "kind": "ke_hoach", "text": "  "},
    )
    assert empty.status_code == 422


async def test_the_real_plan_imported_into_the_library_keeps_its_structure(people):
    detail = await _published(people["editor"].client, sample_text(), "Kế hoạch chuyển đổi số")
    toc = detail["toc"]
    parts = [e for e in toc if e["kind"] == "phan"]
    assert [p["label"] for p in parts] == ["I.", "II.", "III.", "IV."]
    assert [p["title"] for p in parts][1] == "NỘI DUNG"
    points_of = {
        p["label"]: [e["label"] for e in toc if e["parent_id"] == p["article_id"]] for p in parts
    }
    assert points_of["II."] == ["1.", "2.", "3.", "4.", "5.", "6."]
    assert len(points_of["III."]) == 9
    three = next(e for e in toc if e["parent_id"] == parts[2]["article_id"] and e["label"] == "3.")
    assert [e["label"] for e in toc if e["parent_id"] == three["article_id"]] == ["3.1.", "3.2."]
    # Read as formatted text: the reader gets blocks, not a PDF.
    reader = people["reader"].client
    article = (await reader.get(f"/api/library/articles/{three['article_id'] + 1}")).json()
    assert article["content"]["label"] == "3.1."
    assert article["content"]["blocks"][0]["kind"] == "gach"
    assert article["previous_id"] == three["article_id"]
    assert article["actions"] == ["bookmark", "highlight"]


async def test_a_new_version_keeps_article_ids_and_counts_only_real_changes(people):
    editor, reader = people["editor"].client, people["reader"].client
    first = await _published(editor)
    document = first["id"]
    ids = {(e["label"], e["title"]): e["article_id"] for e in first["toc"]}
    unchanged = ids[("1.", "Điểm thứ nhất")]
    changed = ids[("2.", "Điểm thứ hai")]
    removed = ids[("1.", "Điểm sẽ bị bỏ")]
    await reader.post("/api/library/changes/seen")
    highlight = await reader.post(
        f"/api/library/articles/{changed}/highlights",
        json={"block": 0, "start": 0, "end": 8, "note": "Ghi chú riêng của tôi"},
    )
    assert highlight.status_code == 201, highlight.text
    assert highlight.json()["quote"] == "Nội dung"
    assert (await reader.put(f"/api/library/articles/{removed}/bookmark")).status_code == 200

    new_text = TEXT.replace("Nội dung điểm thứ hai.", "Nội dung điểm thứ hai, đã sửa.").replace(
        "1. Điểm sẽ bị bỏ\n\nNội dung sẽ bị bỏ.", "2. Điểm mới\n\nNội dung mới."
    )
    assert (
        await reader.put(f"/api/library/documents/{document}/draft", json={"text": new_text})
    ).status_code == 403
    preview = await editor.put(f"/api/library/documents/{document}/draft", json={"text": new_text})
    assert preview.status_code == 200, preview.text
    changes = {u["label"] + u["title"]: u["change"] for u in preview.json()["units"]}
    assert changes["2.Điểm thứ hai"] == "sua" and changes["1.Điểm thứ nhất"] == "giu"
    assert changes["2.Điểm mới"] == "moi"
    assert preview.json()["removed"] == ["1. Điểm sẽ bị bỏ"]
    pending = (await editor.get(f"/api/library/documents/{document}")).json()
    assert pending["draft_pending"] is True and "publish" in pending["actions"]
    # Readers keep reading version 1 until it is published.
    assert (await reader.get(f"/api/library/documents/{document}")).json()["version"] == 1

    second = (await editor.post(f"/api/library/documents/{document}/publish")).json()
    assert second["version"] == 2
    by_title = {e["title"]: e for e in second["toc"]}
    assert by_title["Điểm thứ nhất"]["article_id"] == unchanged
    assert by_title["Điểm thứ nhất"]["version"] == 1
    assert by_title["Điểm thứ hai"]["article_id"] == changed
    assert by_title["Điểm thứ hai"]["version"] == 2
    assert "Điểm sẽ bị bỏ" not in by_title
    history = (await reader.get(f"/api/library/articles/{changed}/history")).json()
    assert [h["version"] for h in history] == [2, 1]
    # The removed article still opens from an old link, but takes no new marks.
    gone = (await reader.get(f"/api/library/articles/{removed}")).json()
    assert gone["live"] is False and gone["actions"] == []
    assert (await reader.put(f"/api/library/articles/{removed}/bookmark")).status_code == 409
    # The highlight made on version 1 is flagged.
    [mark] = (await reader.get(f"/api/library/articles/{changed}")).json()["highlights"]
    assert mark["stale"] is True and mark["note"] == "Ghi chú riêng của tôi"
    # What changed since the reader's last visit.
    seen = (await reader.get("/api/library/changes")).json()
    mine = {c["title"]: c["new"] for c in seen["changes"] if c["document_id"] == document}
    assert mine == {"Điểm thứ hai": False, "Điểm mới": True}
    nothing_new = await editor.post(f"/api/library/documents/{document}/publish")
    assert nothing_new.status_code == 409


async def test_a_readers_marks_are_his_own(people):
    editor = people["editor"].client
    reader, other = people["reader"].client, people["other"].client
    detail = await _published(editor)
    article = detail["toc"][1]["article_id"]
    first_visit = (await reader.get("/api/library/changes")).json()
    assert first_visit["first_visit"] in (True, False)

    # A double tap: both answer the bookmarked article, one bookmark is kept.
    bookmarked, again = await asyncio.gather(
        reader.put(f"/api/library/articles/{article}/bookmark"),
        reader.put(f"/api/library/articles/{article}/bookmark"),
    )
    assert (bookmarked.status_code, again.status_code) == (200, 200)
    assert bookmarked.json()["bookmarked"] is True
    assert article in [b["article_id"] for b in (await reader.get("/api/library/bookmarks")).json()]
    assert article not in [
        b["article_id"] for b in (await other.get("/api/library/bookmarks")).json()
    ]
    unmarked = await reader.delete(f"/api/library/articles/{article}/bookmark")
    assert unmarked.json()["bookmarked"] is False

    bad = await reader.post(
        f"/api/library/articles/{article}/highlights", json={"block": 0, "start": 5, "end": 999}
    )
    assert bad.status_code == 422
    made = (
        await reader.post(
            f"/api/library/articles/{article}/highlights",
            json={"block": 0, "start": 0, "end": 3, "note": "Nhớ đọc lại"},
        )
    ).json()
    assert (
        await other.patch(f"/api/library/highlights/{made['id']}", json={"note": "x"})
    ).status_code == 404
    assert (await other.delete(f"/api/library/highlights/{made['id']}")).status_code == 404
    edited = await reader.patch(f"/api/library/highlights/{made['id']}", json={"note": "Đã đọc"})
    assert edited.json()["note"] == "Đã đọc"
    listed = (await reader.get("/api/library/highlights")).json()
    assert listed[0]["id"] == made["id"] and listed[0]["document_title"] == "Văn kiện thử"
    assert (await reader.delete(f"/api/library/highlights/{made['id']}")).status_code == 204

    position = await reader.put("/api/library/reading", json={"article_id": article, "block": 2})
    assert position.status_code == 200
    again = detail["toc"][2]["article_id"]
    await reader.put("/api/library/reading", json={"article_id": again, "block": 0})
    [latest, *_] = (await reader.get("/api/library/reading")).json()
    assert (latest["document_id"], latest["article_id"]) == (detail["id"], again)


async def test_offline_manifest_and_cacheable_payloads(people):
    editor, reader = people["editor"].client, people["reader"].client
    detail = await _published(editor)
    document = detail["id"]
    first = await reader.get("/api/library/manifest")
    assert first.status_code == 200
    manifest = first.json()
    [listed] = [d for d in manifest["documents"] if d["id"] == document]
    assert listed["content_hash"] == detail["content_hash"]
    mine = listed["articles"]
    assert len(mine) == len(detail["toc"]) and all(len(a["hash"]) == 12 for a in mine)
    assert first.headers["etag"] == f'"{manifest["hash"]}"'
    unchanged = await reader.get(
        "/api/library/manifest", headers={"if-none-match": first.headers["etag"]}
    )
    assert unchanged.status_code == 304 and unchanged.content == b""

    content = await reader.get(f"/api/library/documents/{document}/content", params={"version": 1})
    assert content.status_code == 200
    assert "immutable" in content.headers["cache-control"]
    assert len(content.json()["articles"]) == len(mine)
    one = mine[1]
    article = await reader.get(
        f"/api/library/articles/{one['id']}/content", params={"version": one["version"]}
    )
    assert article.json()["hash"].startswith(one["hash"])
    assert "immutable" in article.headers["cache-control"]
    again = await reader.get(
        f"/api/library/articles/{one['id']}/content",
        headers={"if-none-match": article.headers["etag"]},
    )
    assert again.status_code == 304

    # A new version changes the manifest; withdrawing the document drops it.
    changed_text = TEXT.replace("Nội dung điểm thứ nhất.", "Nội dung điểm thứ nhất (sửa).")
    await editor.put(f"/api/library/documents/{document}/draft", json={"text": changed_text})
    await editor.post(f"/api/library/documents/{document}/publish")
    after = await reader.get(
        "/api/library/manifest", headers={"if-none-match": first.headers["etag"]}
    )
    assert after.status_code == 200
    before = {a["id"]: a["hash"] for a in mine}
    [listed] = [d for d in after.json()["documents"] if d["id"] == document]
    now = {a["id"]: a["hash"] for a in listed["articles"]}
    assert [i for i in now if now[i] != before.get(i)] == [mine[1]["id"]]
    withdrawn = await editor.post(f"/api/library/documents/{document}/withdraw")
    assert withdrawn.json()["state"] == "thu_hoi"
    final = (await reader.get("/api/library/manifest")).json()
    assert document not in [d["id"] for d in final["documents"]]
    assert (await reader.get(f"/api/library/documents/{document}")).status_code == 404
    assert (await reader.get(f"/api/library/articles/{one['id']}")).status_code == 404
    republished = await editor.post(f"/api/library/documents/{document}/publish")
    assert republished.status_code == 200 and republished.json()["state"] == "da_xuat_ban"


async def test_the_demo_collection_is_published(people):
    # Read as Tuyên giáo: the every-role walk may have withdrawn a demo document by now.
    reader = people["editor"].client
    collections = (await reader.get("/api/library/collections")).json()
    demo = next(c for c in collections if c["title"] == "Sổ tay đảng viên (văn bản mẫu)")
    detail = (await reader.get(f"/api/library/collections/{demo['id']}")).json()
    assert {d["title"] for d in detail["documents"]} == {
        "Quy chế mẫu về sinh hoạt chi bộ",
        "Hướng dẫn sử dụng Sổ tay đảng viên điện tử",
    }
    charter = next(d for d in detail["documents"] if d["kind"] == "quy_dinh")
    toc = (await reader.get(f"/api/library/documents/{charter['id']}")).json()["toc"]
    assert [e["label"] for e in toc if e["kind"] == "chuong"] == [
        "Chương I",
        "Chương II",
        "Chương III",
        "Chương IV",
    ]
    assert len([e for e in toc if e["kind"] == "dieu"]) == 11
