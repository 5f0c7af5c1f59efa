"""Input the API cannot take is refused on the way in, before anything is written.

- JSON nested deeper than ``MAX_JSON_DEPTH``: decoding it would exhaust the recursion limit
  (a 500 on every JSON endpoint, reachable without signing in), so the raw bytes are measured
  first.
- Text the database cannot hold: PostgreSQL text cannot contain U+0000 (asyncpg raises, which
  would be a 500), while SQLite stores it; refusing it here gives one answer on both.
"""

from __future__ import annotations

import re
from typing import Any

from litestar import Request

from backend.core.problems import MAX_JSON_DEPTH, TOO_DEEP_DETAIL, Problem

__all__ = ["MAX_JSON_DEPTH", "AppRequest", "json_depth", "refuse_deep_json", "refuse_nul"]

# A whole string (skipped: brackets inside it are text) or one bracket.
_JSON_TOKEN = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}]', re.DOTALL)

NUL_DETAIL = "Dữ liệu gửi lên chứa ký tự NUL (\\u0000), ký tự không được phép. Hãy xóa rồi gửi lại."


def json_depth(raw: bytes, stop_above: int | None = None) -> int:
    """How deeply arrays and objects nest in ``raw`` (scanning stops once past ``stop_above``)."""
    depth = deepest = 0
    for token in _JSON_TOKEN.finditer(raw):
        char = token.group()
        if char in (b"[", b"{"):
            depth += 1
            if depth > deepest:
                deepest = depth
                if stop_above is not None and deepest > stop_above:
                    break
        elif char in (b"]", b"}"):
            depth -= 1
    return deepest


def refuse_deep_json(raw: bytes) -> None:
    """A 400 problem for JSON nested deeper than ``MAX_JSON_DEPTH``; cheap for the usual body
    (fewer brackets than the limit cannot nest deeper than it)."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return
    if json_depth(raw, stop_above=MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise Problem(400, TOO_DEEP_DETAIL, code="too_deep")


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
        refuse_deep_json(await self.body())
        value = await super().json()
        refuse_nul(value)
        return value
