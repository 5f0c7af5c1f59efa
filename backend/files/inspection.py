"""What a file really is, judged by its bytes (never by its name), and the text inside it.

PDF: the ``%PDF-`` header and pypdf must open it; encrypted PDFs are refused. DOCX/XLSX: a ZIP
whose ``[Content_Types].xml`` declares the main part of a Word document or Excel workbook.
An encrypted Office file is not a ZIP at all but an OLE compound file (CFB) holding an
``EncryptedPackage`` stream; legacy .doc/.xls are CFB too. Both are refused.

Office text is read with the standard library (``zipfile`` + ``xml.etree`` iterparse): only the
text runs are needed, so python-docx/openpyxl would add weight without adding anything here.
"""

from __future__ import annotations

import enum
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from backend.core.problems import Problem

MAX_TEXT_CHARS = 2_000_000  # what goes to the search index; a book-length PDF is far below it
MAX_XML_PART_BYTES = 200 * 1024 * 1024  # an uncompressed part larger than this is a zip bomb
MAX_ZIP_RATIO = 200  # uncompressed / compressed, the same guard

PDF_MAGIC = b"%PDF-"
CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"

DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class FileKind(enum.StrEnum):
    PDF = "application/pdf"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    @property
    def extension(self) -> str:
        return {"PDF": ".pdf", "DOCX": ".docx", "XLSX": ".xlsx"}[self.name]


class Inspected:
    __slots__ = ("kind", "text", "pages")

    def __init__(self, kind: FileKind, text: str, pages: int | None = None) -> None:
        self.kind = kind
        self.text = text
        self.pages = pages


def _refuse(detail: str, code: str) -> Problem:
    return Problem(422, detail, code=code)


UNSUPPORTED = (
    "Chỉ nhận tệp PDF, Word (.docx) hoặc Excel (.xlsx). Nội dung tệp gửi lên không phải các "
    "định dạng này (hệ thống kiểm tra nội dung, không dựa vào tên tệp)."
)


def inspect_file(path: Path) -> Inspected:
    """Identify the file by content and extract its text; raise a 422 Problem if refused."""
    with path.open("rb") as handle:
        head = handle.read(1024)
    if not head:
        raise _refuse("Tệp rỗng.", "file_empty")
    if head.startswith(CFB_MAGIC):
        raise _refuse(
            "Tệp Office được đặt mật khẩu (mã hóa) hoặc ở định dạng cũ (.doc, .xls). "
            "Hãy gỡ mật khẩu và lưu lại dưới dạng .docx, .xlsx hoặc PDF.",
            "file_encrypted",
        )
    if PDF_MAGIC in head:
        return _inspect_pdf(path)
    if head.startswith(ZIP_MAGIC):
        return _inspect_ooxml(path)
    raise _refuse(UNSUPPORTED, "file_type")


# ---- PDF ------------------------------------------------------------------------------------


def _inspect_pdf(path: Path) -> Inspected:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            raise _refuse(
                "Tệp PDF được đặt mật khẩu hoặc mã hóa. Hãy gỡ bảo vệ rồi tải lên lại.",
                "file_encrypted",
            )
        pages = len(reader.pages)
        if pages == 0:
            raise _refuse("Tệp PDF không có trang nào.", "file_malformed")
        parts: list[str] = []
        size = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_TEXT_CHARS:
                break
    except Problem:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as exc:
        raise _refuse(
            "Tệp PDF bị hỏng hoặc không đúng chuẩn, không mở được. Hãy xuất lại tệp PDF.",
            "file_malformed",
        ) from exc
    except RecursionError as exc:
        raise _refuse("Tệp PDF có cấu trúc bất thường, không mở được.", "file_malformed") from exc
    return Inspected(FileKind.PDF, _clean("\n".join(parts)), pages)


# ---- DOCX / XLSX ----------------------------------------------------------------------------


def _inspect_ooxml(path: Path) -> Inspected:
    try:
        with zipfile.ZipFile(path) as archive:
            _guard_zip(archive)
            kind = _ooxml_kind(archive)
            if kind is FileKind.DOCX:
                text = _docx_text(archive)
            else:
                text = _xlsx_text(archive)
    except Problem:
        raise
    except (zipfile.BadZipFile, ElementTree.ParseError, KeyError, OSError, EOFError) as exc:
        raise _refuse(
            "Tệp Word/Excel bị hỏng, không đọc được. Hãy mở bằng phần mềm văn phòng và lưu lại.",
            "file_malformed",
        ) from exc
    return Inspected(kind, _clean(text))


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


def _iter_text(archive: zipfile.ZipFile, name: str, text_tag: str, break_tags: set[str]):
    with archive.open(name) as stream:
        for _event, element in ElementTree.iterparse(stream, events=("end",)):
            if element.tag == text_tag and element.text:
                yield element.text
            elif element.tag in break_tags:
                yield "\n"
                element.clear()


def _collect(chunks) -> str:
    parts: list[str] = []
    size = 0
    for chunk in chunks:
        parts.append(chunk)
        size += len(chunk)
        if size > MAX_TEXT_CHARS:
            break
    return "".join(parts)


def _docx_text(archive: zipfile.ZipFile) -> str:
    names = ["word/document.xml"] + sorted(
        n for n in archive.namelist() if re.fullmatch(r"word/(header|footer)\d*\.xml", n)
    )

    def chunks():
        for name in names:
            yield from _iter_text(archive, name, f"{W_NS}t", {f"{W_NS}p"})

    return _collect(chunks())


def _xlsx_text(archive: zipfile.ZipFile) -> str:
    names = [n for n in archive.namelist() if n == "xl/sharedStrings.xml"] + sorted(
        n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n)
    )

    def chunks():
        for name in names:
            # shared strings (<si><t>) and inline strings (<is><t>) both use <t>
            yield from _iter_text(archive, name, f"{S_NS}t", {f"{S_NS}si", f"{S_NS}row"})

    return _collect(chunks())


_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _clean(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = _SPACES.sub(" ", text)
    return _BLANK_LINES.sub("\n\n", text).strip()[:MAX_TEXT_CHARS]
