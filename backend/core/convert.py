"""Rows to response structs, by field name, with msgspec doing the conversions.

Piccolo hands back dicts; on SQLite some values arrive as text (dates from raw SQL, JSON
columns). ``msgspec.convert`` in lax mode turns ISO text into dates and datetimes and values
into enums, and ignores columns the struct does not have, so a row needs only the right names
(select them with ``as_alias``) and the computed fields added.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

import msgspec

T = TypeVar("T")


def to_struct(row: Mapping[str, Any], kind: type[T], **computed: Any) -> T:
    return msgspec.convert({**row, **computed} if computed else row, kind, strict=False)


def to_structs(rows: Iterable[Mapping[str, Any]], kind: type[T]) -> list[T]:
    return msgspec.convert(list(rows), list[kind], strict=False)  # type: ignore[valid-type]
