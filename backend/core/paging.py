"""Keyset paging: an opaque cursor holding the sort key of the last row a page showed.

The cursor is the key's values as compact JSON in URL-safe base64. Decoding checks the shape
(how many values and their types) and the id range, so a forged or stale cursor is a clear 400,
never a database error. Paging by key costs the same on the 300th page as on the first.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Annotated

from litestar.params import Parameter

from backend.core.ids import MAX_ID
from backend.core.problems import Problem

Limit = Annotated[int, Parameter(ge=1, le=100, description="số mục mỗi trang")]


def encode_cursor(values: list) -> str:
    raw = json.dumps(
        [v.isoformat() if isinstance(v, date) else v for v in values], separators=(",", ":")
    ).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, shape: tuple[type, ...]) -> list:
    """The values of ``cursor``, each converted to the type ``shape`` names (``int`` values
    must be ids in range, ``date`` values ISO dates)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(shape):
            raise ValueError
        out = []
        for value, kind in zip(values, shape, strict=True):
            item = date.fromisoformat(value) if kind is date else kind(value)
            if kind is int and not 0 <= item <= MAX_ID:
                raise ValueError
            out.append(item)
        return out
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise Problem(400, "Con trỏ phân trang không hợp lệ.", code="invalid_cursor") from None


def page_of(rows: list, limit: int) -> tuple[list, bool]:
    """Rows fetched with ``limit + 1``: the page, and whether another follows."""
    return rows[:limit], len(rows) > limit
