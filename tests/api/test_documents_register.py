"""Registering documents: Party metadata, the classification gate, files checked by content."""

from __future__ import annotations

import contextlib
import hashlib
import io

import pytest
from pypdf import PdfReader, PdfWriter

from tests.documents_support import (
    docx_bytes,
    incoming_meta,
    make_org,
    pdf_bytes,
    person,
    register,
    registered,
    xlsx_bytes,
)


@pytest.fixture
async def office(app):
    """A fresh organisation with its văn thư and lãnh đạo, signed in."""
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        clerk = await person(app, stack, "Văn Thư Đăng Ký", ["van_thu", "can_bo"], org)
        leader = await person(app, stack, "Lãnh Đạo Đăng Ký", ["lanh_dao", "can_bo"], org)
        yield {"org": org, "clerk": clerk, "leader": leader}


async def _count_rows(org_code: str) -> tuple[int, int]:
    from backend.documents.tables import Document
    from backend.files.tables import StoredFile

    documents = await Document.count().where(Document.organisation.code == org_code)
    return documents, await StoredFile.count()


def _blobs(settings) -> set[str]:
    root = settings.file_store_dir
    if not root.exists():
        return set()
    return {p.name for p in root.glob("??/??/*") if p.is_file()}


async def test_incoming_gets_consecutive_so_den_and_parsed_metadata(office):
    clerk = office["clerk"].client
    first = await registered(clerk, so_ky_hieu="Số 15-KH/TU")
    second = await registered(clerk, so_ky_hieu="03-NQ/ĐU", do_khan="hoa_toc")
    assert first["direction"] == "den" and first["status"] == "moi"
    assert (first["so"], first["loai"], first["ky_hieu"]) == (15, "KH", "15-KH/TU")
    assert first["loai_label"] == "Kế hoạch"
    assert second["so_den"] == first["so_den"] + 1
    assert second["loai"] == "NQ" and second["do_khan"] == "hoa_toc"
    assert first["files"][0]["mime"] == "application/pdf"
    assert first["files"][0]["role"] == "original"
    # the register lists them, newest first
    page = (await clerk.get("/api/documents/register", params={"direction": "den"})).json()
    assert [d["id"] for d in page["items"][:2]] == [second["id"], first["id"]]


@pytest.mark.parametrize(
    ("so_ky_hieu", "fragment"),
    [
        ("15/KH-TU", "không đúng mẫu"),
        ("15-XYZ/TU", "Loại văn bản “XYZ”"),
        ("15-QD/TU", "có phải là “QĐ”"),
        ("15-KH/ABC", "Cơ quan ban hành “ABC”"),
        ("15-KH/DU", "có phải là “ĐU”"),
        ("0-KH/TU", "lớn hơn 0"),
    ],
)
async def test_bad_so_ky_hieu_is_refused_in_vietnamese(office, so_ky_hieu, fragment):
    before = await _count_rows(office["org"])
    response = await register(office["clerk"].client, incoming_meta(so_ky_hieu=so_ky_hieu))
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert fragment in response.json()["detail"]
    assert await _count_rows(office["org"]) == before


async def test_good_ky_hieu_examples_are_accepted(office):
    for value, issuer in [("120-CV/VPTU", "VPTU"), ("03-NQ/ĐU", "ĐU"), ("7-TTr/BTCTU", "BTCTU")]:
        doc = await registered(office["clerk"].client, so_ky_hieu=value)
        assert doc["ky_hieu"].endswith(issuer)


async def test_only_a_clerk_registers_incoming(office):
    response = await register(office["leader"].client, incoming_meta())
    assert response.status_code == 403
    assert "văn thư" in response.json()["detail"]


@pytest.mark.parametrize(
    ("overrides", "where"),
    [
        ({"do_mat": "mat"}, "do_mat"),
        ({"do_mat": "tuyet_mat"}, "do_mat"),
        ({"trich_yeu": "(Tối mật) Báo cáo tình hình an ninh nội bộ"}, "trich_yeu"),
        ({"so_ky_hieu": "15-BC/TU", "trich_yeu": "TUYỆT MẬT - Báo cáo"}, "trich_yeu"),
    ],
)
async def test_classified_metadata_is_refused_audited_and_nothing_stored(
    office, settings, overrides, where
):
    from backend.audit.tables import AuditEvent

    before_rows, before_blobs = await _count_rows(office["org"]), _blobs(settings)
    response = await register(office["clerk"].client, incoming_meta(**overrides))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["type"].endswith("/classified")
    assert "bí mật nhà nước" in body["detail"] and "không có gì được lưu" in body["detail"]
    assert await _count_rows(office["org"]) == before_rows
    assert _blobs(settings) == before_blobs
    event = (
        await AuditEvent.select()
        .where(
            (AuditEvent.action == "document.refused_classified")
            & (AuditEvent.actor_id == office["clerk"].id)
        )
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    assert event is not None
    assert where in str(event["detail"])
    # the refusal keeps no content of the refused document
    assert "an ninh" not in str(event["detail"])


async def test_stamp_inside_the_file_is_refused_and_no_blob_kept(office, settings):
    before_rows, before_blobs = await _count_rows(office["org"]), _blobs(settings)
    content = pdf_bytes("Báo cáo tình hình", stamp="TỐI MẬT")
    response = await register(office["clerk"].client, incoming_meta(), content)
    assert response.status_code == 422, response.text
    assert response.json()["marking"] == "TỐI MẬT"
    assert await _count_rows(office["org"]) == before_rows
    assert _blobs(settings) == before_blobs
    assert hashlib.sha256(content).hexdigest() not in _blobs(settings)
    assert not any((settings.file_store_dir / ".staging").glob("*"))


async def test_the_word_mat_in_running_text_is_not_a_stamp(office):
    body = "100% hồ sơ, tài liệu không mật, hướng tới tất cả các tài liệu mật, tối mật của Đảng."
    doc = await registered(office["clerk"].client, trich_yeu="Quy chế bảo vệ bí mật nhà nước")
    assert doc["status"] == "moi"
    response = await register(office["clerk"].client, incoming_meta(), pdf_bytes(body=body))
    assert response.status_code == 201, response.text


async def test_docx_and_xlsx_are_accepted_and_their_text_extracted(office):
    from backend.documents.tables import Document

    word = await register(
        office["clerk"].client,
        incoming_meta(),
        docx_bytes("Báo cáo kết quả học tập nghị quyết", "Đảng bộ phường Tiền An"),
        "bao-cao.docx",
    )
    assert word.status_code == 201, word.text
    assert word.json()["files"][0]["mime"].endswith("wordprocessingml.document")
    sheet = await register(
        office["clerk"].client, incoming_meta(), xlsx_bytes("Số đảng viên", "Chi bộ số 3"), "x"
    )
    assert sheet.status_code == 201, sheet.text
    assert sheet.json()["files"][0]["filename"] == "x.xlsx"
    texts = await Document.select(Document.extracted_text).where(
        Document.id.is_in([word.json()["id"], sheet.json()["id"]])
    )
    joined = " ".join(t["extracted_text"] for t in texts)
    assert "học tập nghị quyết" in joined and "Chi bộ số 3" in joined


def _encrypted_pdf() -> bytes:
    reader = PdfReader(io.BytesIO(pdf_bytes()))
    writer = PdfWriter()
    writer.append(reader)
    writer.encrypt(user_password="", owner_password="chu-so-huu")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "code"),
    [
        (b"MZ\x90\x00 this is a program, not a PDF" * 10, "van-ban.pdf", "file_type"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF", "hong.pdf", "file_malformed"),
        (b"", "rong.pdf", "file_empty"),
        (
            bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 600,
            "mat-khau.docx",
            "file_encrypted",
        ),
        (b"PK\x03\x04 not really a zip", "a.docx", "file_malformed"),
    ],
)
async def test_bad_files_are_refused_with_no_partial_record(
    office, settings, content, filename, code
):
    before_rows, before_blobs = await _count_rows(office["org"]), _blobs(settings)
    response = await register(office["clerk"].client, incoming_meta(), content, filename)
    assert response.status_code in (400, 422), response.text
    assert response.json()["type"].endswith(code), response.json()
    assert await _count_rows(office["org"]) == before_rows
    assert _blobs(settings) == before_blobs


async def test_encrypted_pdf_is_refused(office):
    response = await register(office["clerk"].client, incoming_meta(), _encrypted_pdf())
    assert response.status_code == 422
    assert "mật khẩu" in response.json()["detail"]


async def test_zip_that_is_not_office_is_refused(office):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    response = await register(office["clerk"].client, incoming_meta(), buffer.getvalue(), "a.xlsx")
    assert response.status_code == 422
    assert response.json()["type"].endswith("file_type")


async def test_oversized_file_is_refused_with_the_limit(office, settings):
    limit = settings.max_upload_mb * 1024 * 1024
    content = pdf_bytes() + b"\n%" + b"0" * (limit + 10)
    before_rows, before_blobs = await _count_rows(office["org"]), _blobs(settings)
    response = await register(office["clerk"].client, incoming_meta(), content)
    assert response.status_code == 413, response.text
    assert f"{settings.max_upload_mb} MB" in response.json()["detail"]
    assert await _count_rows(office["org"]) == before_rows
    assert _blobs(settings) == before_blobs


async def test_download_has_type_disposition_etag_and_verifies_the_checksum(office, settings):
    clerk = office["clerk"].client
    content = pdf_bytes("Tải về thử")
    response = await register(clerk, incoming_meta(), content, "Kế hoạch số 15.pdf")
    doc = response.json()
    sha = doc["files"][0]["sha256"]
    assert sha == hashlib.sha256(content).hexdigest()
    got = await clerk.get(f"/api/files/{sha}")
    assert got.status_code == 200
    assert got.content == content
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["etag"] == f'"{sha}"'
    assert got.headers["content-disposition"].startswith("inline")
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch" in got.headers["content-disposition"]
    again = await clerk.get(f"/api/files/{sha}", headers={"if-none-match": f'"{sha}"'})
    assert again.status_code == 304
    attachment = await clerk.get(f"/api/files/{sha}", params={"download": "true"})
    assert attachment.headers["content-disposition"].startswith("attachment")

    # one flipped byte on disk: an error, never the wrong bytes
    path = settings.file_store_dir / sha[:2] / sha[2:4] / sha
    original = path.read_bytes()
    path.chmod(0o640)
    path.write_bytes(original[:100] + bytes([original[100] ^ 1]) + original[101:])
    try:
        broken = await clerk.get(f"/api/files/{sha}")
        assert broken.status_code == 500
        assert broken.json()["type"].endswith("file_corrupted")
        assert "SHA-256" in broken.json()["detail"]
        assert original[:200] not in broken.content
    finally:
        path.write_bytes(original)


async def test_pdf_pages_render_as_images_for_readers_only(office, app):
    from contextlib import AsyncExitStack

    from tests.documents_support import person

    clerk = office["clerk"].client
    doc = await registered(clerk)
    sha = doc["files"][0]["sha256"]
    info = (await clerk.get(f"/api/files/{sha}/pages")).json()
    assert info["pages"] >= 1 and 720 in info["widths"]
    image = await clerk.get(f"/api/files/{sha}/pages/1", params={"width": 360})
    assert image.status_code == 200
    assert image.headers["content-type"] == "image/webp"
    assert image.content[:4] == b"RIFF" and image.content[8:12] == b"WEBP"
    cached = await clerk.get(
        f"/api/files/{sha}/pages/1",
        params={"width": 360},
        headers={"if-none-match": image.headers["etag"]},
    )
    assert cached.status_code == 304
    assert (await clerk.get(f"/api/files/{sha}/pages/99")).status_code == 404
    assert (await clerk.get(f"/api/files/{sha}/pages/1", params={"width": 999})).status_code == 400
    async with AsyncExitStack() as stack:
        stranger = await person(app, stack, "Người Lạ Xem Trang", ["can_bo"], office["org"])
        assert (await stranger.client.get(f"/api/files/{sha}/pages/1")).status_code == 404
        assert (await stranger.client.get(f"/api/files/{sha}/pages")).status_code == 404


async def test_attachment_is_stored_indexed_and_on_the_timeline(office):
    clerk = office["clerk"].client
    doc = await registered(clerk)
    added = await clerk.post(
        f"/api/documents/{doc['id']}/files",
        files={"file": ("phu-luc", docx_bytes("Phụ lục danh sách tổ chức cơ sở đảng"), "x/y")},
    )
    assert added.status_code == 201, added.text
    roles = [(f["role"], f["filename"]) for f in added.json()["files"]]
    assert roles[1] == ("attachment", "phu-luc.docx")
    hits = (
        await clerk.get("/api/documents/search", params={"q": "danh sach to chuc co so"})
    ).json()
    assert [h["document"]["id"] for h in hits["items"]] == [doc["id"]]
    timeline = (await clerk.get(f"/api/documents/{doc['id']}/timeline")).json()
    assert timeline[-1]["text"] == "Thêm tệp phu-luc.docx"
    # the classification gate applies to attachments too
    secret = await clerk.post(
        f"/api/documents/{doc['id']}/files",
        files={"file": ("mat.pdf", pdf_bytes(stamp="TUYỆT MẬT"), "application/pdf")},
    )
    assert secret.status_code == 422 and secret.json()["marking"] == "TUYỆT MẬT"
    view = (await clerk.get(f"/api/documents/{doc['id']}")).json()
    assert len(view["files"]) == 2


async def test_a_failed_write_removes_the_blob_it_placed_but_not_a_shared_one(app, settings):
    from backend import db
    from backend.files.services import FileStore

    store = app.state.services.get(FileStore)
    content = pdf_bytes("Tệp chỉ dùng cho phép thử hủy giao dịch")
    staged = await store.receive(content, "huy.pdf")
    path = store.path_for(staged.sha256)
    with contextlib.suppress(RuntimeError):
        async with store.placing(staged):
            async with db.transaction():
                await store.record(staged)
                assert path.exists()
                raise RuntimeError("the document row could not be written")
    assert not path.exists()
    # the same bytes uploaded twice at once: the first places the blob, the second finds it
    # and commits its row, then the first fails: the blob stays for the second
    first = await store.receive(content, "mot.pdf")
    second = await store.receive(content, "hai.pdf")
    with contextlib.suppress(RuntimeError):
        async with store.placing(first):
            async with store.placing(second):
                async with db.transaction():
                    await store.record(second)
            raise RuntimeError("the first upload's rows could not be written")
    assert path.exists() and (await store.read(second.sha256)) == content
