"""Library articles and FAQ answers through the one search service: the same cases as
documents (``tests/search_cases.json``, "texts": accent-insensitive, exact diacritics first,
NFD input, the eth Ð), on whichever engine the run uses; each kind's own scope (published
content, for the readers its policy table names); indexed when published or changed, gone
when withdrawn."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys

import pytest

from tests import search_support
from tests.documents_support import person
from tests.handbook_support import chi_bo

CORPUS, CASES = search_support.load("texts")


def _library_text(records: list[dict]) -> str:
    """One Điều per record: its title the Điều's title, its body the Điều's text."""
    return "\n\n".join(
        f"Điều {n}. {r['title']}\n{r['body']}" for n, r in enumerate(records, start=1)
    )


async def _publish(editor, collection: int, text: str, title: str = "Văn kiện tìm kiếm") -> dict:
    created = await editor.post(
        "/api/library/documents",
        json={"collection_id": collection, "title": title, "kind": "quy_dinh", "text": text},
    )
    assert created.status_code == 201, created.text
    published = await editor.post(f"/api/library/documents/{created.json()['id']}/publish")
    assert published.status_code == 200, published.text
    return published.json()


async def _collection(editor, title: str) -> int:
    created = await editor.post("/api/library/collections", json={"title": title})
    assert created.status_code == 201, created.text
    return created.json()["collection"]["id"]


async def _library_search(client, q: str, collection: int | None, status: int = 200) -> list:
    params = {"q": q} | ({"collection_id": collection} if collection else {})
    response = await client.get("/api/library/search", params=params)
    assert response.status_code == status, response.text
    return response.json()["items"] if status == 200 else []


async def _faq_search(client, q: str, organisation: int, status: int = 200) -> list:
    response = await client.get(
        "/api/questions/faq/search", params={"q": q, "organisation_id": organisation}
    )
    assert response.status_code == status, response.text
    return response.json()["items"] if status == 200 else []


@pytest.fixture(scope="module")
async def library(app):
    async with contextlib.AsyncExitStack() as stack:
        editor = await person(app, stack, "Tuyên Giáo Tìm Kiếm", ["tuyen_giao"], "BTGTU")
        reader = await person(app, stack, "Đảng Viên Tìm Kiếm", ["dang_vien"], "DBTP.CB01")
        collection = await _collection(editor.client, "Bộ tìm kiếm")
        document = await _publish(editor.client, collection, _library_text(list(CORPUS.values())))
        ids = {key: entry["article_id"] for key, entry in zip(CORPUS, document["toc"], strict=True)}
        yield {"editor": editor, "reader": reader, "collection": collection, "ids": ids}


@pytest.fixture(scope="module")
async def faq(app):
    async with contextlib.AsyncExitStack() as stack:
        group = await chi_bo(app, stack)
        asker, secretary = group.members[0].client, group.secretary.client
        ids = {}
        for key, record in CORPUS.items():
            asked = await asker.post("/api/questions", json={"text": f"Câu hỏi riêng số {key}"})
            assert asked.status_code == 201, asked.text
            qid = asked.json()["id"]
            await secretary.post(f"/api/questions/{qid}/answer", json={"text": "Trả lời riêng."})
            published = await secretary.post(
                f"/api/questions/{qid}/faq",
                json={"question": record["title"], "answer": record["body"]},
            )
            assert published.status_code == 200, published.text
            ids[key] = qid
        yield {"group": group, "ids": ids}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_library_cases(library, case):
    hits = await _library_search(library["reader"].client, case.query, library["collection"])
    assert [h["article_id"] for h in hits] == [library["ids"][key] for key in case.found]
    if case.exact is not None:
        assert [h["exact"] for h in hits] == case.exact


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_faq_cases(faq, case):
    reader = faq["group"].outsider.client  # any member reads the FAQ
    hits = await _faq_search(reader, case.query, faq["group"].id)
    assert [h["entry"]["id"] for h in hits] == [faq["ids"][key] for key in case.found]
    if case.exact is not None:
        assert [h["exact"] for h in hits] == case.exact


async def test_a_library_hit_says_where_it_is(library):
    [hit] = await _library_search(library["reader"].client, "phu luc tien do", None)
    assert hit["article_id"] == library["ids"]["in_body"]
    assert hit["document_title"] == "Văn kiện tìm kiếm"
    assert hit["collection_id"] == library["collection"]
    assert hit["label"] == "Điều 4." and hit["title"] == "Báo cáo tình hình tháng 11"
    assert hit["excerpt"].startswith("Phụ lục: tiến độ chuyển đổi số")
    assert hit["in_metadata"] is False


async def test_only_published_library_content_is_found_and_only_by_its_readers(app, library):
    editor, reader = library["editor"].client, library["reader"].client
    async with contextlib.AsyncExitStack() as stack:
        citizen = await person(app, stack, "Công Dân Tìm Kiếm", ["cong_dan"], "VPTU")
        admin = await person(app, stack, "Quản Trị Tìm Kiếm", ["quan_tri", "can_bo"], "VPTU")
        for outsider in (citizen, admin):
            await _library_search(outsider.client, "nghi quyet", None, status=403)
        me = (await reader.get("/api/me")).json()
        assert "search" in me["actions"]["library"]
        assert "search" not in (await citizen.client.get("/api/me")).json()["actions"].get(
            "library", []
        )

    collection = await _collection(editor, "Bộ phạm vi tìm kiếm")
    text = (
        "Điều 1. Quy tắc bảo quản kỷ vật\nGiữ gìn cẩn thận.\n\n"
        "Điều 2. Quy tắc mượn sách\nTrả đúng hạn."
    )
    draft = await editor.post(
        "/api/library/documents",
        json={"collection_id": collection, "title": "Bản nháp", "kind": "quy_dinh", "text": text},
    )
    draft_id = draft.json()["id"]
    # A draft is not in the library: nobody finds it, Tuyên giáo included.
    for client in (reader, editor):
        assert await _library_search(client, "bao quan ky vat", collection) == []
    published = await editor.post(f"/api/library/documents/{draft_id}/publish")
    first, second = (e["article_id"] for e in published.json()["toc"])
    assert [h["article_id"] for h in await _library_search(reader, "ky vat", collection)] == [first]

    # A new version: a changed article is found by its new words only, a removed one is gone.
    changed = "Điều 1. Quy tắc bảo quản hiện vật\nGiữ gìn cẩn thận."
    await editor.put(f"/api/library/documents/{draft_id}/draft", json={"text": changed})
    assert (await editor.post(f"/api/library/documents/{draft_id}/publish")).status_code == 200
    assert await _library_search(reader, "ky vat", collection) == []
    assert [h["article_id"] for h in await _library_search(reader, "hien vat", collection)] == [
        first
    ]
    assert await _library_search(reader, "muon sach", collection) == []

    # Withdrawn: gone; published again (unchanged): back.
    await editor.post(f"/api/library/documents/{draft_id}/withdraw")
    assert await _library_search(reader, "hien vat", collection) == []
    assert await _library_search(editor, "hien vat", collection) == []
    assert (await editor.post(f"/api/library/documents/{draft_id}/publish")).status_code == 200
    assert [h["article_id"] for h in await _library_search(reader, "hien vat", collection)] == [
        first
    ]
    assert second not in [h["article_id"] for h in await _library_search(reader, "quy tac", None)]


async def test_only_published_faq_wording_is_found_and_only_by_members(app, faq):
    group = faq["group"]
    member, secretary = group.members[1].client, group.secretary.client
    # The asker's own words and the private answer are never indexed: only the FAQ wording.
    assert await _faq_search(member, "cau hoi rieng", group.id) == []
    assert await _faq_search(member, "tra loi rieng", group.id) == []
    # Answered but not published: not found.
    asked = await group.members[0].client.post(
        "/api/questions", json={"text": "Thủ tục chuyển sinh hoạt đảng tạm thời?"}
    )
    qid = asked.json()["id"]
    await secretary.post(f"/api/questions/{qid}/answer", json={"text": "Nộp giấy giới thiệu."})
    assert await _faq_search(member, "giay gioi thieu", group.id) == []
    await secretary.post(
        f"/api/questions/{qid}/faq",
        json={"question": "Chuyển sinh hoạt tạm thời thế nào?", "answer": "Nộp giấy giới thiệu."},
    )
    hits = await _faq_search(member, "giay gioi thieu", group.id)
    assert [h["entry"]["id"] for h in hits] == [qid] and hits[0]["in_metadata"] is False
    assert hits[0]["entry"]["question"] == "Chuyển sinh hoạt tạm thời thế nào?"
    await secretary.post(f"/api/questions/{qid}/faq/withdraw")
    assert await _faq_search(member, "giay gioi thieu", group.id) == []

    async with contextlib.AsyncExitStack() as stack:
        citizen = await person(app, stack, "Công Dân Hỏi Đáp", ["cong_dan"], "VPTU")
        officer = await person(app, stack, "Cán Bộ Hỏi Đáp", ["can_bo"], "VPTU")
        for outsider in (citizen, officer):
            await _faq_search(outsider.client, "nghi quyet", group.id, status=403)
            assert "search_faq" not in (await outsider.client.get("/api/me")).json()["actions"].get(
                "questions", []
            )
    assert "search_faq" in (await member.get("/api/me")).json()["actions"]["questions"]


@pytest.mark.parametrize("route", ["/api/library/search", "/api/questions/faq/search"])
async def test_the_length_limit_counts_after_trimming(library, route):
    reader = library["reader"].client
    padded = " " * 150 + "a" * 200 + " " * 150
    assert (await reader.get(route, params={"q": padded})).status_code == 200
    too_long = await reader.get(route, params={"q": "a" * 201})
    assert too_long.status_code == 400
    assert too_long.headers["content-type"].startswith("application/problem+json")
    assert "200" in too_long.json()["detail"]


async def test_search_reindex_rebuilds_every_kind_from_the_records(library, faq):
    """``dangbo search-reindex`` empties each kind and indexes what is searchable now: an
    entry lost is back, an entry that should not be there is gone."""
    from backend import db
    from backend.documents.tables import Document
    from backend.search import services as search

    reader = library["reader"].client
    article = library["ids"]["in_body"]
    entry = faq["ids"]["in_body"]
    async with db.transaction():
        await search.remove(search.Kind.LIBRARY_ARTICLE, [article])
        await search.remove(search.Kind.FAQ, [entry])
        # a FAQ entry that was never published
        await search.index(search.Kind.FAQ, 2**31 - 1, "Câu hỏi ma", "", scope=faq["group"].id)
    assert await _library_search(reader, "phu luc tien do", library["collection"]) == []
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "backend.cli",
        "search-reindex",
        env=os.environ.copy(),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, errors = await asyncio.wait_for(process.communicate(), 240)
    assert process.returncode == 0, errors.decode()[-2000:]
    assert f"documents: {await Document.count()}," in out.decode()
    found = await _library_search(reader, "phu luc tien do", library["collection"])
    assert [h["article_id"] for h in found] == [article]
    found = await _faq_search(reader, "phu luc tien do", faq["group"].id)
    assert [h["entry"]["id"] for h in found] == [entry]
    assert await _faq_search(reader, "cau hoi ma", faq["group"].id) == []
    # documents are indexed again too: the register's search still answers
    assert (
        await reader.get("/api/documents/search", params={"q": "nghi quyet"})
    ).status_code == 200


async def test_the_demo_library_and_faq_are_found(library):
    """``dangbo seed-demo`` indexes what it publishes: the library through the app's
    publishing, the FAQ entries it writes directly. (Other tests may have withdrawn some of
    them by now: what is still published must be found.)"""
    reader = library["reader"].client
    collections = (await reader.get("/api/library/collections")).json()
    [demo] = [c["id"] for c in collections if c["title"] == "Sổ tay đảng viên (văn bản mẫu)"]
    documents = (await reader.get(f"/api/library/collections/{demo}")).json()["documents"]
    assert documents
    for document in documents:
        toc = (await reader.get(f"/api/library/documents/{document['id']}")).json()["toc"]
        entry = next(e for e in toc if e["title"])
        params = {"q": f"{entry['label']} {entry['title']}"[:200], "collection_id": demo}
        found = (await reader.get("/api/library/search", params=params | {"limit": 100})).json()
        assert entry["article_id"] in [h["article_id"] for h in found["items"]], entry

    faq = (await reader.get("/api/questions/faq")).json()
    assert faq
    for entry in faq:
        params = {"q": entry["question"][:200], "limit": 100}
        found = (await reader.get("/api/questions/faq/search", params=params)).json()["items"]
        assert entry["id"] in [h["entry"]["id"] for h in found], entry["question"]
