"""Row ids: 32-bit (SERIAL) on both engines, with one answer for a number out of range.

A path or query id beyond the range is a 400 problem naming the field, declared in the OpenAPI
document, on every endpoint alike: the database is never asked about a number it cannot hold.
"""

from __future__ import annotations

from typing import Annotated

from litestar.params import Parameter

MAX_ID = 2**31 - 1

RowId = Annotated[int, Parameter(gt=0, le=MAX_ID, description="mã số (1 … 2147483647)")]


def in_range(value: int) -> bool:
    return 0 < value <= MAX_ID
