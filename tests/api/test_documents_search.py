"""Search: one box, accent-insensitive (đ → d too), exact diacritics first, permission-filtered,
with the same answers on SQLite (FTS5) and PostgreSQL (tsvector + unaccent)."""

from __future__ import annotations

import contextlib
import os
import unicodedata
from pathlib import Path

import pytest

from tests import search_support
from tests.documents_support import (
    docx_bytes,
    incoming_meta,
    make_org,
    pdf_bytes,
    person,
    register,
)

SAMPLE_NAME = "ke-hoach-chuyen-doi-so-co-quan-dang.txt"


@pytest.fixture
async def desk(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        yield {
            "org": org,
            "clerk": await person(app, stack, "Văn Thư Tìm Kiếm", ["van_thu", "can_bo"], org),
            "leader": await person(app, stack, "Lãnh Đạo Tìm Kiếm", ["lanh_dao", "can_bo"], org),
            "member": await person(app, stack, "Cán Bộ Tìm Kiếm", ["can_bo"], org),
            "outsider": await person(
                app, stack, "Người Ngoài Tìm Kiếm", ["can_bo", "van_thu"], await make_org()
            ),
        }


async def _add(client, body: str = "Nội dung.", **meta):
    response = await register(client, incoming_meta(**meta), pdf_bytes(meta["trich_yeu"], body))
    assert response.status_code == 201, response.text
    return response.json()["id"]


async def _search(client, q: str) -> list[dict]:
    response = await client.get("/api/documents/search", params={"q": q})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def _ids(items: list[dict]) -> list[int]:
    return [i["document"]["id"] for i in items]


# The register every case searches (key → metadata and body) and the cases, from the file the
# other kinds of record and the browser's offline search share. Word files, so that no
# letterhead adds words of its own.
CORPUS, CASES = search_support.load("documents")


@pytest.fixture(scope="module")
async def corpus(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        clerk = await person(app, stack, "Văn Thư Bộ Tìm Kiếm", ["van_thu", "can_bo"], org)
        ids = {}
        for key, record in CORPUS.items():
            meta, body = incoming_meta(**record["meta"]), docx_bytes(record["body"])
            response = await register(clerk.client, meta, body, f"{key}.docx")
            assert response.status_code == 201, response.text
            ids[key] = response.json()["id"]
        yield clerk, ids


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
async def test_search_cases(corpus, case):
    """The whole search set, one list of cases, on whichever engine the run uses."""
    clerk, ids = corpus
    hits = await _search(clerk.client, case.query)
    assert _ids(hits) == [ids[key] for key in case.found]
    if case.exact is not None:
        assert [h["exact"] for h in hits] == case.exact


async def test_the_length_limit_counts_after_trimming(corpus):
    clerk, _ = corpus
    padded = " " * 150 + "a" * 200 + " " * 150
    assert (
        await clerk.client.get("/api/documents/search", params={"q": padded})
    ).status_code == 200
    too_long = await clerk.client.get("/api/documents/search", params={"q": "a" * 201})
    assert too_long.status_code == 400
    assert "200" in too_long.json()["detail"]


async def test_nobody_finds_what_he_may_not_read(desk):
    doc = await _add(desk["clerk"].client, trich_yeu="Chương trình kiểm tra giám sát năm 2027")
    assert _ids(await _search(desk["leader"].client, "kiem tra giam sat 2027")) == [doc]
    # a cán bộ of the same organisation, not assigned: nothing
    assert await _search(desk["member"].client, "kiem tra giam sat 2027") == []
    # a văn thư of another organisation: nothing
    assert await _search(desk["outsider"].client, "kiem tra giam sat 2027") == []
    await desk["clerk"].client.post(
        f"/api/documents/{doc}/share", json={"user_ids": [desk["outsider"].id]}
    )
    assert _ids(await _search(desk["outsider"].client, "kiem tra giam sat 2027")) == [doc]
    await desk["leader"].client.post(
        f"/api/documents/{doc}/assign", json={"main_handler_id": desk["member"].id}
    )
    assert _ids(await _search(desk["member"].client, "kiem tra giam sat 2027")) == [doc]


async def test_paging_and_limits(desk):
    clerk = desk["clerk"].client
    ids = [await _add(clerk, trich_yeu=f"Tờ trình phân trang số {n}") for n in range(5)]
    first = (
        await clerk.get("/api/documents/search", params={"q": "phan trang", "limit": 3})
    ).json()
    assert first["has_more"] is True and len(first["items"]) == 3
    second = (
        await clerk.get("/api/documents/search", params={"q": "phan trang", "offset": 3})
    ).json()
    assert sorted(_ids(first["items"]) + _ids(second["items"])) == sorted(ids)


async def test_folding_is_the_same_on_both_engines(app):
    """Python's fold (the SQLite index) and PostgreSQL's dangbo_unaccent agree on every
    character of the one table — every Vietnamese letter, Ð/ð, and the combining marks of
    NFD text — so both engines index the same words."""
    from backend import db
    from backend.core.text import _TABLE, fold
    from backend.documents.tables import Document

    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    letters += letters.upper()
    assert (
        fold(letters) == ("a" * 18 + "e" * 12 + "i" * 6 + "o" * 18 + "u" * 12 + "y" * 6 + "d") * 2
    )
    assert fold("\u00d0\u00f0") == "dd"
    assert fold(unicodedata.normalize("NFD", letters)) == fold(letters)
    if db.is_postgres():
        characters = [chr(code) for code in sorted(_TABLE)]
        rows = await Document.raw(
            "SELECT c, lower(dangbo_unaccent(c)) AS folded FROM unnest({}::text[]) AS c",
            characters,
        )
        wrong = [(r["c"], r["folded"], fold(r["c"])) for r in rows if r["folded"] != fold(r["c"])]
        assert wrong == []
        row = await Document.raw("SELECT lower(dangbo_unaccent({})) AS folded", letters)
        assert row[0]["folded"] == fold(letters)


def _samples_dir() -> Path:
    candidates = []
    if os.environ.get("DANGBO_SAMPLES_DIR"):
        candidates.append(Path(os.environ["DANGBO_SAMPLES_DIR"]))
    repo = Path(__file__).resolve().parents[2]
    candidates += [repo.parent / "shared" / "samples", Path("/work/shared/samples")]
    for candidate in candidates:
        if (candidate / SAMPLE_NAME).is_file():
            return candidate
    pytest.fail(
        f"Không tìm thấy {SAMPLE_NAME}: đặt DANGBO_SAMPLES_DIR hoặc để ../shared/samples "
        f"cạnh kho mã (đã tìm: {', '.join(map(str, candidates))})."
    )


def _plan_metadata(text: str) -> dict:
    """The plan's metadata as the document itself states it: its type, issuing body,
    trích yếu and signer. The copy carries no number and no date, so none is invented."""
    from shared.documents import DOCUMENT_TYPES

    lines = [line.strip().strip("*").strip() for line in text.splitlines() if line.strip()]
    kind, issuer, subject = lines[0], lines[1], lines[2]
    loai = next(code for code, name in DOCUMENT_TYPES.items() if name.upper() == kind)
    assert issuer.startswith("CỦA ")
    return {
        "direction": "den",
        "loai": loai,
        "co_quan_ban_hanh": issuer.removeprefix("CỦA ").capitalize().replace("tỉnh ủy", "Tỉnh ủy"),
        "trich_yeu": f"{kind.capitalize()} {subject}",
        "nguoi_ky": lines[-1],
        "do_khan": "thuong",
    }


async def test_the_real_plan_is_registered_and_found(desk):
    from backend.documents.pdfgen import PartyDocument, paragraphs_of, render
    from backend.documents.tables import Document

    text = (_samples_dir() / SAMPLE_NAME).read_text(encoding="utf-8")
    meta = _plan_metadata(text)
    assert meta["loai"] == "KH"
    assert meta["co_quan_ban_hanh"] == "Ban thường vụ Tỉnh ủy"
    assert meta["nguoi_ky"] == "Huỳnh Thị Hằng"
    paragraphs = paragraphs_of(text)
    pdf = render(
        PartyDocument(
            cap_tren="ĐẢNG BỘ TỈNH",
            co_quan="TỈNH ỦY",
            so_ky_hieu="",
            noi_ban_hanh="",
            ngay=None,
            loai=paragraphs[0],
            trich_yeu=paragraphs[2] if len(paragraphs) > 2 else meta["trich_yeu"],
            paragraphs=paragraphs[3:-2],
            chuc_vu="T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC",
            nguoi_ky=meta["nguoi_ky"],
        )
    )
    response = await register(desk["clerk"].client, meta, pdf, "ke-hoach-chuyen-doi-so.pdf")
    assert response.status_code == 201, response.text
    doc = response.json()
    assert doc["loai_label"] == "Kế hoạch" and doc["status"] == "moi"
    stored = await Document.select(Document.extracted_text).where(Document.id == doc["id"]).first()
    assert "100% văn bản không mật được ký số" in " ".join(stored["extracted_text"].split())

    hits = await _search(desk["clerk"].client, "ke hoach chuyen doi so")
    assert _ids(hits)[0] == doc["id"]
    assert hits[0]["in_metadata"] is True and hits[0]["exact"] is False
    exact = await _search(desk["clerk"].client, "kế hoạch chuyển đổi số")
    assert _ids(exact)[0] == doc["id"] and exact[0]["exact"] is True
    # words only in the body are found too
    assert doc["id"] in _ids(await _search(desk["clerk"].client, "dien toan dam may"))
