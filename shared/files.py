"""The file store's answers."""

from __future__ import annotations

import msgspec


class PageCount(msgspec.Struct, frozen=True):
    """How many pages a stored PDF has, and the widths its page images come in."""

    pages: int
    widths: list[int]
