# ruff: noqa: E501  (OOXML namespace URIs are long)
"""Steps shared by the documents tests: an organisation of their own, signed-in people with
roles in it, real PDF/DOCX/XLSX files, and registering through the API."""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from datetime import date

from tests.conftest import make_client, prime_csrf
from tests.helpers import new_user


async def make_org(parent: str = "DBCQD", name: str = "") -> str:
    """A fresh chi bộ (issuer ký hiệu "CB"): its registers and counters start empty."""
    from backend.orgs.services import ensure_organisation
    from shared.orgs import OrgKind

    code = f"{parent}.CB{secrets.token_hex(3).upper()}"
    await ensure_organisation(code, name or f"Chi bộ thử {code}", OrgKind.CHI_BO, parent)
    return code


class Person:
    """A signed-in user with his own API client (own cookie jar)."""

    def __init__(self, client, me: dict, authenticator) -> None:
        self.client = client
        self.me = me
        self.authenticator = authenticator

    @property
    def id(self) -> int:
        return self.me["id"]


async def person(app, stack, name: str, roles: list[str], org: str) -> Person:
    client = await stack.enter_async_context(make_client(app))
    await prime_csrf(client)
    authenticator = await new_user(client, name, roles, org)
    me = (await client.get("/api/me")).json()
    return Person(client, me, authenticator)


def pdf_bytes(
    trich_yeu: str = "về việc tổ chức hội nghị",
    body: str = "Nội dung văn bản thử nghiệm.",
    so_ky_hieu: str = "",
    loai: str = "CÔNG VĂN",
    stamp: str = "",
    issued: date | None = date(2026, 11, 20),
) -> bytes:
    """``issued=None`` with no ``so_ky_hieu``: a draft in the app's own layout, its number and
    date left as form fields for the release."""
    from backend.documents.pdfgen import PartyDocument, paragraphs_of, render

    return render(
        PartyDocument(
            cap_tren="ĐẢNG BỘ TỈNH BẮC NINH",
            co_quan="TỈNH ỦY",
            so_ky_hieu=so_ky_hieu,
            noi_ban_hanh="Bắc Ninh",
            ngay=issued,
            loai=loai,
            trich_yeu=trich_yeu,
            paragraphs=paragraphs_of(body),
            chuc_vu="T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ",
            nguoi_ky="Nguyễn Văn A",
            do_khan=stamp,
        )
    )


def _zip(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes(*paragraphs: str, extra: dict[str, str] | None = None) -> bytes:
    """A minimal, valid Word document (what Word needs to open it); ``extra`` adds parts
    (footnotes, headers, properties) by name."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return _zip(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
                "</Relationships>"
            ),
            "word/document.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}">'
                f"<w:body>{body}</w:body></w:document>"
            ),
            **(extra or {}),
        }
    )


def xlsx_bytes(
    *cells: str, sheet_name: str = "Sheet1", extra: dict[str, str] | None = None
) -> bytes:
    s = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    shared = "".join(f"<si><t>{c}</t></si>" for c in cells)
    rows = "".join(
        f'<row r="{i + 1}"><c r="A{i + 1}" t="s"><v>{i}</v></c></row>' for i in range(len(cells))
    )
    return _zip(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                "</Relationships>"
            ),
            "xl/workbook.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{s}" xmlns:r="{r}">'
                f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
            ),
            "xl/_rels/workbook.xml.rels": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                "</Relationships>"
            ),
            "xl/sharedStrings.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{s}">{shared}</sst>'
            ),
            "xl/worksheets/sheet1.xml": (
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{s}">'
                f"<sheetData>{rows}</sheetData></worksheet>"
            ),
            **(extra or {}),
        }
    )


def incoming_meta(**overrides) -> dict:
    meta = {
        "direction": "den",
        "so_ky_hieu": "15-KH/TU",
        "co_quan_ban_hanh": "Tỉnh ủy Bắc Ninh",
        "ngay_ban_hanh": "2026-11-20",
        "trich_yeu": "Kế hoạch tổ chức hội nghị sơ kết công tác xây dựng Đảng",
        "nguoi_ky": "Nguyễn Văn A",
        "do_khan": "thuong",
    }
    meta.update(overrides)
    return meta


async def register(client, meta: dict, content: bytes | None = None, filename: str = "van-ban.pdf"):
    content = pdf_bytes(meta.get("trich_yeu", "")) if content is None else content
    return await client.post(
        "/api/documents/",
        data={"metadata": json.dumps(meta, ensure_ascii=False)},
        files={"file": (filename, content, "application/octet-stream")},
    )


async def registered(client, **overrides) -> dict:
    response = await register(client, incoming_meta(**overrides))
    assert response.status_code == 201, response.text
    return response.json()
