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
    """True if any string in a decoded JSON value (keys included) holds U+0000."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(contains_nul(k) or contains_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(contains_nul(item) for item in value)
    return False


def refuse_nul(value: Any) -> None:
    if contains_nul(value):
        raise Problem(400, NUL_DETAIL, code="nul_character")


class AppRequest(Request):
    """Every JSON body the API decodes passes through here (Litestar's ``json()``)."""

    async def json(self) -> Any:
        value = await super().json()
        refuse_nul(value)
        return value
