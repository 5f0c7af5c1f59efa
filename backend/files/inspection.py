"""What a file really is, judged by its bytes (never by its name), and every text inside it.

PDF: the ``%PDF-`` header and pypdf must open it; encrypted PDFs are refused. DOCX/XLSX: a ZIP
whose ``[Content_Types].xml`` declares the main part of a Word document or Excel workbook.
An encrypted Office file is not a ZIP at all but an OLE compound file (CFB) holding an
``EncryptedPackage`` stream; legacy .doc/.xls are CFB too. Both are refused.

Inspection works on the bytes in memory: an upload is inspected (and passes the
classification gate) before anything of it is written anywhere. The texts come from
:mod:`backend.files.pdf_text` and :mod:`backend.files.office_text`.
"""

from __future__ import annotations

import enum
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

from pypdf.errors import PyPdfError

from backend.core.problems import Problem
from backend.files import office_text
from backend.files.pdf_text import MAX_TEXT_CHARS, open_pdf, pdf_texts

MAX_XML_PART_BYTES = 200 * 1024 * 1024  # an uncompressed part larger than this is a zip bomb
MAX_ZIP_RATIO = 200  # uncompressed / compressed, the same guard

PDF_MAGIC = b"%PDF-"
CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_LETTER = re.compile(r"[^\W\d_]")


class FileKind(enum.StrEnum):
    PDF = "application/pdf"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    @property
    def extension(self) -> str:
        return {"PDF": ".pdf", "DOCX": ".docx", "XLSX": ".xlsx"}[self.name]


@dataclass
class Inspected:
    kind: FileKind
    text: str  # what search indexes
    pages: int | None = None
    # Every text the file carries, as (where, text): pages, annotations, metadata, notes,
    # properties, sheet names … what the classification gate reads.
    carried: list[tuple[str, str]] = field(default_factory=list)
    # Pages (of a PDF), or a whole document, that show only images: a scan, whose stamp no
    # program here can read.
    image_only_pages: int = 0

    @property
    def has_unreadable_pages(self) -> bool:
        return self.image_only_pages > 0


def _refuse(detail: str, code: str) -> Problem:
    return Problem(422, detail, code=code)


UNSUPPORTED = (
    "Chỉ nhận tệp PDF, Word (.docx) hoặc Excel (.xlsx). Nội dung tệp gửi lên không phải các "
    "định dạng này (hệ thống kiểm tra nội dung, không dựa vào tên tệp)."
)


def inspect_bytes(data: bytes) -> Inspected:
    """Identify the file by content and read its texts; raise a 422 Problem if refused."""
    head = data[:1024]
    if not head:
        raise _refuse("Tệp rỗng.", "file_empty")
    if head.startswith(CFB_MAGIC):
        raise _refuse(
            "Tệp Office được đặt mật khẩu (mã hóa) hoặc ở định dạng cũ (.doc, .xls). "
            "Hãy gỡ mật khẩu và lưu lại dưới dạng .docx, .xlsx hoặc PDF.",
            "file_encrypted",
        )
    if PDF_MAGIC in head:
        return _inspect_pdf(data)
    if head.startswith(ZIP_MAGIC):
        return _inspect_ooxml(data)
    raise _refuse(UNSUPPORTED, "file_type")


# ---- PDF ------------------------------------------------------------------------------------


def _inspect_pdf(data: bytes) -> Inspected:
    from pypdfium2 import PdfiumError

    try:
        reader = open_pdf(data)
        if reader.is_encrypted:
            raise _refuse(
                "Tệp PDF được đặt mật khẩu hoặc mã hóa. Hãy gỡ bảo vệ rồi tải lên lại.",
                "file_encrypted",
            )
        if len(reader.pages) == 0:
            raise _refuse("Tệp PDF không có trang nào.", "file_malformed")
        texts = pdf_texts(data, reader)
    except Problem:
        raise
    except (
        PyPdfError,
        PdfiumError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        OSError,
    ) as exc:
        raise _refuse(
            "Tệp PDF bị hỏng hoặc không đúng chuẩn, không mở được. Hãy xuất lại tệp PDF.",
            "file_malformed",
        ) from exc
    except RecursionError as exc:
        raise _refuse("Tệp PDF có cấu trúc bất thường, không mở được.", "file_malformed") from exc
    return Inspected(
        FileKind.PDF,
        _clean(texts.text),
        texts.pages,
        carried=texts.carried,
        image_only_pages=texts.image_only_pages,
    )


# ---- DOCX / XLSX ----------------------------------------------------------------------------


def _inspect_ooxml(data: bytes) -> Inspected:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _guard_zip(archive)
            kind = _ooxml_kind(archive)
            text = office_text.search_text(archive, "docx" if kind is FileKind.DOCX else "xlsx")
            carried = list(office_text.carried_texts(archive))
            scan = not _LETTER.search(text) and office_text.has_media(archive)
    except Problem:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError, EOFError) as exc:
        raise _refuse(
            "Tệp Word/Excel bị hỏng, không đọc được. Hãy mở bằng phần mềm văn phòng và lưu lại.",
            "file_malformed",
        ) from exc
    return Inspected(kind, _clean(text), carried=carried, image_only_pages=int(scan))


def _guard_zip(archive: zipfile.ZipFile) -> None:
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise _refuse("Tệp nén bên trong được đặt mật khẩu.", "file_encrypted")
        too_big = info.file_size > MAX_XML_PART_BYTES
        ratio = info.file_size / max(info.compress_size, 1)
        if too_big or (info.file_size > 10 * 1024 * 1024 and ratio > MAX_ZIP_RATIO):
            raise _refuse("Tệp có nội dung nén bất thường (nghi “bom nén”).", "file_malformed")


def _ooxml_kind(archive: zipfile.ZipFile) -> FileKind:
    try:
        raw = archive.read("[Content_Types].xml")
    except KeyError:
        raise _refuse(UNSUPPORTED, "file_type") from None
    root = ElementTree.fromstring(raw)
    content_types = {
        element.get("ContentType", "") for element in root.iter(f"{CONTENT_TYPES_NS}Override")
    }
    if DOCX_MAIN in content_types and "word/document.xml" in archive.namelist():
        return FileKind.DOCX
    if XLSX_MAIN in content_types and "xl/workbook.xml" in archive.namelist():
        return FileKind.XLSX
    raise _refuse(UNSUPPORTED, "file_type")


_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n\n", text).strip()[:MAX_TEXT_CHARS]
