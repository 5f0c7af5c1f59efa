"""The rows of an uploaded table, CSV or XLSX, told apart by their bytes (never the name).

Both give the header row and then ``(line, cells)`` for every data row, ``line`` being what
the user sees: the CSV file's line, or Excel's row number. Blank rows are skipped.

XLSX is read with openpyxl in read-only mode (rows are streamed from the sheet's XML, so memory
stays flat for a large file) and ``data_only`` (a formula's cached value, not the formula).
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook

from backend.core.problems import Problem
from backend.imports.encodings import decode_text, refuse_legacy_text

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024  # a sheet larger than this unpacked is a zip bomb
_DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[Any]]]


def _blank(cells: list[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _unreadable(detail: str) -> Problem:
    return Problem(422, detail + " Chưa nhập gì.", code="unreadable_file")


def _table(rows: Iterator[tuple[int, list[Any]]], max_rows: int) -> Table:
    header: list[str] | None = None
    header_line = 0
    found: list[tuple[int, list[Any]]] = []
    for line, cells in rows:
        if _blank(cells):
            continue
        if header is None:
            header = ["" if c is None else str(c).strip() for c in cells]
            header_line = line
            continue
        found.append((line, cells))
        if len(found) > max_rows:
            shown = f"{max_rows:,}".replace(",", ".")
            raise Problem(
                413,
                f"Tệp có hơn {shown} dòng dữ liệu; hãy tách thành nhiều tệp. Chưa nhập gì.",
                code="too_many_rows",
            )
    if header is None:
        raise _unreadable("Tệp trống: không có dòng tiêu đề nào.")
    return Table(header=header, header_line=header_line, rows=found)


def _csv_rows(text: str) -> Iterator[tuple[int, list[Any]]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(_DELIMITERS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for cells in reader:
            yield start, cells
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _unreadable(f"Dòng {reader.line_num} của tệp CSV sai định dạng ({exc}).") from None


def read_csv(data: bytes, max_rows: int) -> Table:
    return _table(_csv_rows(decode_text(data)), max_rows)


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
                raise _unreadable("Tệp nén này không phải bảng tính Excel (.xlsx).")
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNCOMPRESSED:
                raise _unreadable("Bảng tính giải nén ra quá lớn.")
    except zipfile.BadZipFile:
        raise _unreadable("Tệp .xlsx bị hỏng, không mở được.") from None


def _xlsx_rows(data: bytes) -> Iterator[tuple[int, list[Any]]]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001  (openpyxl raises many kinds on a damaged workbook)
        raise _unreadable("Không đọc được bảng tính .xlsx (tệp hỏng hoặc có mật khẩu).") from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise _unreadable("Bảng tính không có trang nào.")
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [c.strip() if isinstance(c, str) else c for c in values]
    finally:
        workbook.close()


def read_xlsx(data: bytes, max_rows: int) -> Table:
    _check_zip(data)
    table = _table(_xlsx_rows(data), max_rows)
    # Excel files typed with the .Vn fonts hold TCVN3 bytes shown as Latin-1 letters.
    texts = [str(c) for c in table.header] + [
        c for _, cells in table.rows[:2000] for c in cells if isinstance(c, str)
    ]
    refuse_legacy_text("\n".join(texts))
    return table


def read_table(data: bytes, max_rows: int) -> Table:
    """The file's rows, whether it is an XLSX workbook or CSV text."""
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(data, max_rows)
    if data.startswith(CFB_MAGIC):
        raise _unreadable(
            "Tệp Excel đời cũ (.xls) hoặc có mật khẩu không được hỗ trợ. Hãy lưu lại thành "
            ".xlsx hoặc “CSV UTF-8”."
        )
    if data.startswith(b"%PDF"):
        raise _unreadable("Đây là tệp PDF; hãy nhập bảng tính .xlsx hoặc tệp CSV.")
    return read_csv(data, max_rows)
