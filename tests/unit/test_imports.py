"""The import piece without a database: cell parsers, header matching, row errors with their
lines, duplicates, and the encodings read or refused by name."""

from __future__ import annotations

import codecs
from datetime import date, datetime, timedelta

import pytest

from backend.core.problems import Problem
from backend.imports import cells
from backend.imports.checking import FileRejected, check_table
from backend.imports.encodings import decode_text
from backend.imports.layout import CellError, Column, Layout, Row
from backend.imports.sources import read_table
from tests.legacy_encodings import to_cp1258, to_tcvn3, to_vni


def _no_twins(row: Row) -> list[tuple[str, str]]:
    return [("Tên", "trùng với mã")] if row.values.get("name") == row.values.get("code") else []


LAYOUT = Layout(
    kind="thu",
    title="Mẫu thử",
    natural_key="code",
    columns=[
        Column("Mã", "code", cells.code(10, "Mã")),
        Column("Tên", "name", cells.text(20), aliases=("Họ tên",)),
        Column("Ngày", "day", cells.date_dmy(), required=False),
    ],
    row_checks=[_no_twins],
)


def test_cells():
    assert cells.date_dmy()("3/2/1990") == date(1990, 2, 3)
    assert cells.date_dmy()(datetime(1990, 2, 3, 0, 0)) == date(1990, 2, 3)
    for bad in (
        "31/02/1990",
        "1990-02-03",
        (date.today() + timedelta(days=400)).strftime("%d/%m/%Y"),
    ):
        with pytest.raises(CellError):
            cells.date_dmy()(bad)
    assert cells.phone("+84 912 345 678") == "0912345678"
    assert cells.phone(912345678) == "0912345678"
    assert cells.digits(12, "Số")("0012 3456 7889") == "001234567889"
    with pytest.raises(CellError, match="Văn bản"):
        cells.digits(12, "Số")(12345678901)
    assert cells.choice({"Nam": 1, "Nữ": 2}, "Nam, Nữ")("NỮ") == 2
    assert cells.yes_no("x") is True and cells.yes_no("Không") is False and cells.yes_no("") is None
    assert cells.code(10, "Mã")(" ab-1 ") == "AB-1"
    with pytest.raises(CellError):
        cells.text(20)("có\x00ký tự")


def _csv(text: str):
    return read_table(text.encode("utf-8"), 100)


def test_rows_are_checked_with_their_lines_and_duplicates_named():
    table = _csv("MÃ;Họ tên;Ngày (dd/mm/yyyy);Ghi chú\nA1;An;01/01/2000;x\n\nA2;A2;;\nA1;Bình;;\n")
    checked = check_table(LAYOUT, table)
    assert checked.ignored_columns == ["Ghi chú"]
    assert [r.values["code"] for r in checked.rows] == ["A1"]
    assert [(e.line, e.column) for e in checked.errors] == [(4, "Tên"), (5, "Mã")]
    assert "trùng với dòng 2" in checked.errors[1].reason


def test_a_missing_required_column_rejects_the_file():
    with pytest.raises(FileRejected) as rejected:
        check_table(LAYOUT, _csv("Mã,Ngày\nA1,01/01/2000\n"))
    assert "thiếu cột “Tên”" in rejected.value.message


@pytest.mark.parametrize(
    ("encode", "name"),
    [(to_cp1258, "Windows-1258"), (to_tcvn3, "TCVN3 (ABC)"), (to_vni, "VNI Windows")],
)
def test_legacy_encodings_are_named(encode, name):
    text = "Mã,Tên\nA1,Nguyễn Thị Hương\nA2,Trần Đức Thắng\nA3,Lê Văn Việt\n"
    with pytest.raises(Problem) as refused:
        decode_text(encode(text))
    assert refused.value.extra == {"encoding": name}


def test_unicode_is_read_and_foreign_names_pass():
    text = "Mã,Tên\nA1,Nguyễn Thị Hương\nA2,Müller\n"
    for data in (
        text.encode(),
        codecs.BOM_UTF8 + text.encode(),
        text.encode("utf-16"),
        codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
    ):
        assert decode_text(data) == text


def test_files_that_are_not_tables_are_refused():
    for data in (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 10, b"%PDF-1.7", b"PK\x03\x04xx"):
        with pytest.raises(Problem):
            read_table(data, 100)
    with pytest.raises(Problem):
        read_table(("Mã,Tên\n" + "A,B\n" * 5).encode(), 3)
