"""The classification gate on every text a document brings: its metadata, and every text its
file carries (PDF pages, annotations, information and bookmarks; DOCX body, notes, headers,
properties; XLSX cells, sheet names, properties). Stamped forms testers stored are refused and
audited with nothing kept; look-alikes are stored. A scan is accepted only on the clerk's
explicit answer, which is audited; a free-text độ mật is the same classification."""

from __future__ import annotations

import contextlib
import json

import pytest

from tests.documents_support import (
    docx_bytes,
    incoming_meta,
    make_org,
    pdf_bytes,
    person,
    register,
    xlsx_bytes,
)
from tests.sample_pdfs import (
    scanned_pdf,
    text_pdf,
    with_drawn_stamp,
    with_free_text,
    with_metadata,
)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CORE = (
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)


@pytest.fixture
async def office(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        clerk = await person(app, stack, "Văn Thư Độ Mật", ["van_thu", "can_bo"], org)
        yield {"org": org, "clerk": clerk}


def _core(title: str) -> dict[str, str]:
    return {
        "docProps/core.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties {CORE}>'
            f"<dc:title>{title}</dc:title><dc:creator>Văn phòng</dc:creator>"
            "</cp:coreProperties>"
        )
    }


def _footnote(text: str) -> dict[str, str]:
    return {
        "word/footnotes.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:footnotes {W}><w:footnote w:id="1">'
            f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:footnote></w:footnotes>"
        )
    }


def _header_wordart(text: str) -> dict[str, str]:
    return {
        "word/header1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><w:hdr {W} '
            'xmlns:v="urn:schemas-microsoft-com:vml"><w:p><w:r><w:pict>'
            f'<v:shape><v:textpath string="{text}"/></v:shape>'
            "</w:pict></w:r></w:p></w:hdr>"
        )
    }


def _text_box(text: str) -> str:
    """A body paragraph holding a text box whose own paragraph says ``text``, its runs split
    the way Word splits them when the formatting changes."""
    half = len(text) // 2
    return (
        f"Kế hoạch công tác</w:t></w:r><w:r><w:pict><w:txbxContent><w:p>"
        f"<w:r><w:t>{text[:half]}</w:t></w:r><w:r><w:t>{text[half:]}</w:t></w:r>"
        "</w:p></w:txbxContent></w:pict></w:r><w:r><w:t>"
    )


def _sheet_header(text: str) -> dict[str, str]:
    s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    return {
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{s}">'
            '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>'
            f'<headerFooter><oddHeader>&amp;L&amp;"Arial,Bold"&amp;14{text}&amp;RTrang &amp;P'
            "</oddHeader></headerFooter></worksheet>"
        )
    }


# (what, file name, content, marking, where)
STAMPED_FILES = [
    (
        "pdfgen: MẬT HỎA TỐC in the độ khẩn place",
        "a.pdf",
        pdf_bytes(stamp="MẬT HỎA TỐC"),
        "MẬT",
        "page_text",
    ),
    (
        "one line: ĐẢNG CỘNG SẢN VIỆT NAM TUYỆT MẬT",
        "a.pdf",
        pdf_bytes(body="ĐẢNG CỘNG SẢN VIỆT NAM TUYỆT MẬT"),
        "TUYỆT MẬT",
        "page_text",
    ),
    ("a header line", "a.pdf", pdf_bytes(body="TỈNH ỦY BẮC NINH MẬT"), "MẬT", "page_text"),
    ("its own line, title case", "a.pdf", pdf_bytes(body="Tuyệt mật"), "TUYỆT MẬT", "page_text"),
    ("PDF Title", "a.pdf", with_metadata(pdf_bytes(), Title="Tuyệt mật"), "TUYỆT MẬT", "metadata"),
    (
        "PDF Subject",
        "a.pdf",
        with_metadata(pdf_bytes(), Subject="Kế hoạch nhân sự - Tối mật"),
        "TỐI MẬT",
        "metadata",
    ),
    (
        "FreeText annotation",
        "a.pdf",
        with_free_text(pdf_bytes(), "Tối mật"),
        "TỐI MẬT",
        "annotations",
    ),
    (
        "Stamp drawn by its appearance only",
        "a.pdf",
        with_drawn_stamp(text_pdf("Bao cao tinh hinh"), "TOI MAT"),
        "TỐI MẬT",
        "annotations",
    ),
    ("DOCX body", "a.docx", docx_bytes("Báo cáo nhân sự", "Tối mật"), "TỐI MẬT", "body"),
    (
        "DOCX footnote",
        "a.docx",
        docx_bytes("Báo cáo", extra=_footnote("Độ mật: Tuyệt mật")),
        "TUYỆT MẬT",
        "notes",
    ),
    (
        "DOCX core.xml",
        "a.docx",
        docx_bytes("Báo cáo", extra=_core("TỐI MẬT")),
        "TỐI MẬT",
        "properties",
    ),
    (
        "DOCX text box, runs split",
        "a.docx",
        docx_bytes(_text_box("TUYỆT MẬT")),
        "TUYỆT MẬT",
        "body",
    ),
    (
        "DOCX WordArt watermark in the header",
        "a.docx",
        docx_bytes("Báo cáo", extra=_header_wordart("MẬT")),
        "MẬT",
        "headers_footers",
    ),
    (
        "XLSX sheet name",
        "a.xlsx",
        xlsx_bytes("Số liệu", sheet_name="TUYỆT MẬT"),
        "TUYỆT MẬT",
        "sheet_names",
    ),
    (
        "XLSX header row",
        "a.xlsx",
        xlsx_bytes("KẾ HOẠCH NHÂN SỰ TỐI MẬT", "Số liệu"),
        "TỐI MẬT",
        "cells",
    ),
    ("XLSX properties", "a.xlsx", xlsx_bytes("Số liệu", extra=_core("Mật")), "MẬT", "properties"),
    (
        "XLSX page header",
        "a.xlsx",
        xlsx_bytes("Số liệu", extra=_sheet_header("TỐI MẬT")),
        "TỐI MẬT",
        "headers_footers",
    ),
]


async def _last_refusal(clerk_id: int) -> dict | None:
    from backend.audit.tables import AuditEvent

    return (
        await AuditEvent.select()
        .where(
            (AuditEvent.action == "document.refused_classified") & (AuditEvent.actor_id == clerk_id)
        )
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )


async def _documents_of(org: str) -> int:
    from backend.documents.tables import Document

    return await Document.count().where(Document.organisation.code == org)


@pytest.mark.parametrize(
    ("what", "filename", "content", "marking", "where"),
    STAMPED_FILES,
    ids=[case[0] for case in STAMPED_FILES],
)
async def test_a_stamp_anywhere_in_the_file_is_refused(
    office, what, filename, content, marking, where
):
    before = await _documents_of(office["org"])
    response = await register(
        office["clerk"].client,
        incoming_meta(trich_yeu="Báo cáo tình hình công tác"),
        content,
        filename,
    )
    assert response.status_code == 422, (what, response.text)
    assert response.json()["type"].endswith("/classified")
    assert response.json()["marking"] == marking
    assert await _documents_of(office["org"]) == before
    event = await _last_refusal(office["clerk"].id)
    detail = event["detail"] if isinstance(event["detail"], dict) else json.loads(event["detail"])
    assert detail["where"] == f"file:{where}", detail


@pytest.mark.parametrize(
    "trich_yeu",
    [
        "Kế hoạch nhân sự - Tối mật",
        "Báo cáo tình hình an ninh. Mật",
        "KẾ HOẠCH NHÂN SỰ TỐI MẬT",
        "Kế hoạch nhân sự - Toi mat",
        "tuyệt mật",
        "Báo cáo (tối mật) quý IV",
        "Báo cáo - T U Y Ệ T  M Ậ T",
        "Báo cáo - ТỐI МẬТ",  # Cyrillic Т, М, Т
    ],
)
async def test_a_stamp_in_the_trich_yeu_is_refused(office, trich_yeu):
    response = await register(office["clerk"].client, incoming_meta(trich_yeu=trich_yeu))
    assert response.status_code == 422, response.text
    assert response.json()["type"].endswith("/classified")


@pytest.mark.parametrize(
    "text",
    [
        "QUY CHẾ BẢO VỆ BÍ MẬT NHÀ NƯỚC",
        "ỦY BAN MẶT TRẬN TỔ QUỐC",
        "MẬT KHẨU",
        "MẬT MÃ",
        "MẬT ĐỘ DÂN SỐ",
        "QUAN HỆ MẬT THIẾT",
    ],
)
async def test_lookalikes_are_stored(office, text):
    meta = incoming_meta(trich_yeu=f"Văn bản về {text.lower()}")
    as_pdf = await register(office["clerk"].client, meta, pdf_bytes(trich_yeu=text, body=text))
    assert as_pdf.status_code == 201, as_pdf.text
    as_docx = await register(office["clerk"].client, meta, docx_bytes(text, text.title()), "a.docx")
    assert as_docx.status_code == 201, as_docx.text
    title = await register(
        office["clerk"].client,
        incoming_meta(trich_yeu=text),
        with_metadata(pdf_bytes(), Title=text),
    )
    assert title.status_code == 201, title.text


@pytest.mark.parametrize(
    ("written", "marking"), [("MẬT", "MẬT"), ("tuyệt mật", "TUYỆT MẬT"), ("Tối-mật", "TỐI MẬT")]
)
async def test_a_free_text_do_mat_is_the_same_refusal_audited(office, written, marking):
    before = await _documents_of(office["org"])
    response = await register(office["clerk"].client, incoming_meta(do_mat=written))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["type"].endswith("/classified") and body["marking"] == marking
    assert "bí mật nhà nước" in body["detail"]
    assert "Invalid enum" not in response.text
    assert await _documents_of(office["org"]) == before
    event = await _last_refusal(office["clerk"].id)
    assert "do_mat" in str(event["detail"])


async def test_an_unknown_do_mat_is_explained_in_vietnamese(office):
    response = await register(office["clerk"].client, incoming_meta(do_mat="hình như có"))
    assert response.status_code == 422
    assert "không, mật, tối mật hoặc tuyệt mật" in response.json()["detail"]
    stated = await register(office["clerk"].client, incoming_meta(do_mat="Không"))
    assert stated.status_code == 201, stated.text


async def test_a_scan_needs_the_explicit_answer_which_is_audited(office):
    from backend.audit.tables import AuditEvent

    clerk = office["clerk"].client
    before = await _documents_of(office["org"])
    scan = scanned_pdf(pages=2)
    asked = await register(clerk, incoming_meta(), scan, "ban-quet.pdf")
    assert asked.status_code == 422, asked.text
    body = asked.json()
    assert body["type"].endswith("/classification_question")
    assert "bản quét" in body["detail"] and body["question"] == "do_mat"
    assert body["image_only_pages"] == 2
    assert await _documents_of(office["org"]) == before

    refused = await register(clerk, incoming_meta(do_mat="toi_mat"), scan, "ban-quet.pdf")
    assert refused.status_code == 422 and refused.json()["type"].endswith("/classified")

    accepted = await register(clerk, incoming_meta(do_mat="khong"), scan, "ban-quet.pdf")
    assert accepted.status_code == 201, accepted.text
    document = accepted.json()
    assert "bản quét" in document["timeline"][-1]["text"]
    event = (
        await AuditEvent.select()
        .where(
            (AuditEvent.action == "document.classification_declared")
            & (AuditEvent.target == f"document:{document['id']}")
        )
        .first()
    )
    assert event is not None and event["actor_id"] == office["clerk"].id
    assert "khong" in str(event["detail"])

    # an attachment that is a scan asks the same question
    attach = await clerk.post(
        f"/api/documents/{document['id']}/files",
        files={"file": ("phu-luc.pdf", scanned_pdf(), "application/pdf")},
    )
    assert attach.status_code == 422 and attach.json()["type"].endswith("/classification_question")
    answered = await clerk.post(
        f"/api/documents/{document['id']}/files",
        data={"do_mat": "không"},
        files={"file": ("phu-luc.pdf", scanned_pdf(), "application/pdf")},
    )
    assert answered.status_code == 201, answered.text


async def test_a_file_with_text_needs_no_answer(office):
    response = await register(office["clerk"].client, {**incoming_meta()}, pdf_bytes())
    assert response.status_code == 201, response.text
