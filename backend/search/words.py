"""The one tokeniser of search: what a text's words are, and what a query asks for.

Text is tokenised here, in Python, before it reaches either engine, so SQLite and PostgreSQL
index the very same words: NFC, lower case, runs of letters and digits. A query is the same
words, each also folded by :func:`backend.core.text.fold` (the one folding table, which
PostgreSQL's ``unaccent`` agrees with and ``pwa/public/vi-fold.json`` carries to the browser).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from backend.core.problems import Problem
from backend.core.text import fold

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as both engines index them: NFC, lower case, letters/digits."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def normalised(text: str) -> str:
    return " ".join(words(text))


def query_text(text: str) -> str:
    """The query as typed, trimmed; refused (400) beyond 200 characters, counted after
    trimming, for every kind of record alike."""
    text = text.strip()
    if len(text) > MAX_QUERY_CHARS:
        raise Problem(
            400,
            f"Từ khóa tìm kiếm quá dài (tối đa {MAX_QUERY_CHARS} ký tự).",
            code="query_too_long",
        )
    return text


@dataclass(frozen=True)
class Query:
    exact: list[str]
    folded: list[str]

    @classmethod
    def parse(cls, text: str) -> Query | None:
        exact = words(text)[:MAX_QUERY_WORDS]
        if not exact:
            return None
        return cls(exact=exact, folded=[fold(w) for w in exact])
