"""Checking a table against a layout: every bad row, with its line and a Vietnamese reason.

Nothing here writes. The header is matched to the layout's columns (folded, so "NGÀY SINH",
"Ngày sinh (dd/mm/yyyy)" and "ngay sinh" are the same column); a required column missing from
the file is an error of the whole file. Then each row is parsed cell by cell, the layout's row
checks run, and a natural key met twice in the file is reported on the later line, naming the
first.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from backend.imports.cells import blank
from backend.imports.layout import CellError, Column, Layout, Row, header_key
from backend.imports.sources import Table
from shared.imports import RowError


class FileRejected(Exception):
    """The file as a whole does not fit the layout (missing or repeated columns)."""

    def __init__(self, message: str, errors: list[RowError]) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors


@dataclass
class Checked:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    present: set[str] = field(default_factory=set)  # keys of the layout's columns in the file


def match_header(layout: Layout, table: Table) -> tuple[dict[int, Column], list[str]]:
    """Which file column is which layout column, and the file's columns the layout ignores."""
    wanted: dict[str, Column] = {}
    for column in layout.columns:
        for name in (column.header, *column.aliases):
            wanted[header_key(name)] = column
    found: dict[int, Column] = {}
    seen: dict[str, int] = {}
    ignored: list[str] = []
    errors: list[RowError] = []
    for index, title in enumerate(table.header):
        if not title.strip():
            continue
        column = wanted.get(header_key(title))
        if column is None:
            ignored.append(title)
            continue
        if column.key in seen:
            errors.append(
                RowError(
                    line=table.header_line,
                    column=column.header,
                    reason=f"cột “{column.header}” xuất hiện hai lần ({title})",
                )
            )
            continue
        seen[column.key] = index
        found[index] = column
    missing = [c.header for c in layout.columns if c.required and c.key not in seen]
    for header in missing:
        errors.append(
            RowError(line=table.header_line, column=header, reason="thiếu cột bắt buộc này")
        )
    if errors:
        message = "Dòng tiêu đề không khớp mẫu cột"
        if missing:
            message += ": thiếu cột " + ", ".join(f"“{h}”" for h in missing)
        raise FileRejected(message + ". Chưa nhập gì.", errors)
    return found, ignored


def _parse_row(line: int, cells: list[Any], columns: dict[int, Column]) -> tuple[Row, list]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for index, column in columns.items():
        raw = cells[index] if index < len(cells) else None
        if blank(raw):
            if column.required:
                errors.append(RowError(line, column.header, "ô bắt buộc đang để trống"))
            values[column.key] = None
            continue
        try:
            values[column.key] = column.parse(raw)
        except CellError as exc:
            errors.append(RowError(line, column.header, str(exc)))
    return Row(line=line, values=values), errors


def check_table(
    layout: Layout,
    table: Table,
    progress: Callable[[int], None] | None = None,
) -> Checked:
    """Every row of ``table`` parsed against ``layout``; ``progress(rows_done)`` is called
    every few hundred rows."""
    columns, ignored = match_header(layout, table)
    checked = Checked(ignored_columns=ignored, present={c.key for c in columns.values()})
    key_header = layout.column(layout.natural_key).header
    first_line_of: dict[Any, int] = {}
    for done, (line, cells) in enumerate(table.rows, start=1):
        row, errors = _parse_row(line, cells, columns)
        if not errors:
            for check in layout.row_checks:
                errors += [RowError(line, header, reason) for header, reason in check(row)]
        key = row.values.get(layout.natural_key)
        if key is not None:
            if key in first_line_of:
                errors.append(
                    RowError(
                        line,
                        key_header,
                        f"“{key}” trùng với dòng {first_line_of[key]} trong cùng tệp",
                    )
                )
            else:
                first_line_of[key] = line
        if errors:
            checked.errors += errors
        else:
            checked.rows.append(row)
        if progress is not None and done % 250 == 0:
            progress(done)
    if progress is not None:
        progress(len(table.rows))
    return checked
