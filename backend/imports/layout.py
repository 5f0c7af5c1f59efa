"""A declared column layout: what an import expects, column by column.

A domain declares its layout once (headers in Vietnamese, required or optional, a parser per
column, the natural key a re-import updates by, checks across the columns of a row); the
import piece reads any CSV or XLSX against it. Nothing here knows a domain.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from backend.core.text import fold
from shared.imports import ImportColumn, ImportLayout


class CellError(ValueError):
    """A cell that does not parse; the message is the Vietnamese reason."""


# A cell's raw value (text from CSV; text, number, date or None from XLSX) to its value.
Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class Column:
    header: str  # as the file should name it ("Ngày sinh")
    key: str  # the name the domain reads the value by ("ngay_sinh")
    parse: Parser
    required: bool = True  # the column must be in the file and the cell not blank
    description: str = ""
    aliases: Sequence[str] = ()  # other headers accepted for it ("Họ tên" for "Họ và tên")


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, Any]  # by column key; only the columns present in the file


# Checks across a row's columns: (column header or "", reason) for each problem found.
RowCheck = Callable[[Row], list[tuple[str, str]]]


@dataclass(frozen=True)
class Layout:
    kind: str
    title: str
    columns: Sequence[Column]
    natural_key: str  # a column key: rows with the same value are the same record
    row_checks: Sequence[RowCheck] = field(default_factory=tuple)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def describe(self) -> ImportLayout:
        return ImportLayout(
            kind=self.kind,
            title=self.title,
            natural_key=self.column(self.natural_key).header,
            columns=[
                ImportColumn(header=c.header, required=c.required, description=c.description)
                for c in self.columns
            ],
        )


def header_key(text: str) -> str:
    """A header as compared: folded, without a trailing note in brackets or a ``*`` mark
    ("Ngày sinh (dd/mm/yyyy) *" → "ngay sinh")."""
    text = str(text or "").replace("*", " ")
    if "(" in text:
        text = text.split("(", 1)[0]
    return " ".join(fold(text).split())
