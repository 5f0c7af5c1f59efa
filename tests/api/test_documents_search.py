"""Search: one box, accent-insensitive (đ → d too), exact diacritics first, permission-filtered,
with the same answers on SQLite (FTS5) and PostgreSQL (tsvector + unaccent)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import pytest

from tests.documents_support import incoming_meta, make_org, pdf_bytes, person, register

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


async def test_accent_insensitive_and_d_folding(desk):
    clerk = desk["clerk"].client
    nq = await _add(clerk, trich_yeu="Nghị quyết về công tác xây dựng Đảng bộ tỉnh")
    other = await _add(clerk, trich_yeu="Thông báo lịch tiếp công dân tháng 12")
    assert _ids(await _search(clerk, "nghi quyet")) == [nq]
    # every test PDF carries the header "ĐẢNG BỘ TỈNH …": both match, the one whose trích
    # yếu says it comes first
    assert _ids(await _search(clerk, "dang bo")) == [nq, other]
    assert _ids(await _search(clerk, "ĐẢNG BỘ")) == [nq, other]
    assert _ids(await _search(clerk, "Nghị quyết")) == [nq]
    assert _ids(await _search(clerk, "tiep cong dan")) == [other]
    # the last word is a prefix, the others whole words
    assert _ids(await _search(clerk, "xay dun")) == [nq]
    assert await _search(clerk, "xay dungg") == []
    assert await _search(clerk, "   ") == []


async def test_exact_diacritics_rank_above_folded_matches(desk):
    clerk = desk["clerk"].client
    exact = await _add(clerk, trich_yeu="Nghị quyết chuyên đề về cán bộ")
    # registered later, so without the exact-match tier it would come first
    folded = await _add(clerk, trich_yeu="Nghỉ quyết định nghỉ phép của cán bộ")
    hits = await _search(clerk, "nghị quyết")
    assert _ids(hits) == [exact, folded]
    assert [h["exact"] for h in hits] == [True, False]
    hits = await _search(clerk, "nghỉ")
    assert _ids(hits)[0] == folded and hits[0]["exact"]


async def test_metadata_ranks_above_body_and_every_field_is_searched(desk):
    clerk = desk["clerk"].client
    in_body = await _add(
        clerk,
        trich_yeu="Báo cáo tình hình tháng 11",
        body="Phụ lục: tiến độ chuyển đổi số ở các huyện ủy.",
    )
    in_title = await _add(clerk, trich_yeu="Hướng dẫn chuyển đổi số trong chi bộ")
    assert _ids(await _search(clerk, "chuyen doi so")) == [in_title, in_body]
    signer = await _add(clerk, trich_yeu="Công văn đôn đốc", nguoi_ky="Huỳnh Thị Hằng")
    issuer = await _add(
        clerk, trich_yeu="Công văn phối hợp", co_quan_ban_hanh="Ủy ban Kiểm tra Tỉnh ủy"
    )
    numbered = await _add(clerk, trich_yeu="Kết luận hội nghị", so_ky_hieu="88-KL/TU")
    assert _ids(await _search(clerk, "huynh thi hang")) == [signer]
    assert _ids(await _search(clerk, "uy ban kiem tra")) == [issuer]
    assert _ids(await _search(clerk, "88-KL/TU")) == [numbered]
    assert _ids(await _search(clerk, "phu luc tien do")) == [in_body]


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
    too_long = await clerk.get("/api/documents/search", params={"q": "a" * 201})
    assert too_long.status_code == 400


async def test_folding_is_the_same_on_both_engines(app):
    """Python's fold (SQLite index) and PostgreSQL's dangbo_unaccent agree on every
    Vietnamese letter, so both engines index the same words."""
    from backend import db
    from backend.core.text import fold
    from backend.documents.tables import Document

    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    letters += letters.upper()
    assert (
        fold(letters) == ("a" * 18 + "e" * 12 + "i" * 6 + "o" * 18 + "u" * 12 + "y" * 6 + "d") * 2
    )
    if db.is_postgres():
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
