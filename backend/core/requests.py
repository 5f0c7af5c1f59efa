"""Input text the database cannot hold is refused on the way in.

PostgreSQL text cannot contain U+0000 (asyncpg raises, which would be a 500), while SQLite
stores it: refusing it here gives one answer on both, before anything is written.
"""

from __future__ import annotations

from typing import Any

from litestar import Request

from backend.core.problems import Problem

NUL_DETAIL = "Dữ liệu gửi lên chứa ký tự NUL (\\u0000), ký tự không được phép. Hãy xóa rồi gửi lại."


def contains_nul(value: Any) -> bool:
    """True if any string in a decoded JSON value (keys included) holds U+0000. A loop, not
    recursion: a deeply nested body must get its 4xx, not a RecursionError."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
        elif isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def refuse_nul(value: Any) -> None:
    if contains_nul(value):
        raise Problem(400, NUL_DETAIL, code="nul_character")


class AppRequest(Request):
    """Every JSON body the API decodes passes through here (Litestar's ``json()``)."""

    __slots__ = ()  # as Litestar's Request: no per-request instance dict

    async def json(self) -> Any:
        value = await super().json()
        refuse_nul(value)
        return value
