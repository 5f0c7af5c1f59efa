"""Vietnamese full-text search: one service for every kind of record, one tokeniser and
folding (:mod:`backend.search.words`), one ranking, on both engines
(:mod:`backend.search.engines`).

A domain indexes its records inside the transaction that changes what is searchable
(``index``/``remove``) and searches with its own permission scope (``search``):

- documents (``backend/documents/indexing.py``): metadata and the files' text; scope: the
  documents the caller may read (``backend.documents.visibility``);
- library articles (``backend/library/indexing.py``): the label and title, and the text;
  published articles only, for the library's readers;
- FAQ answers (``backend/questions/indexing.py``): the published question and answer, for
  the FAQ's readers.

Results come best first: every word with its exact diacritics, then every word in the
metadata, then the newest record (see :mod:`backend.search.engines`).
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.core.paging import page_of
from backend.search.engines import engine
from backend.search.entries import Hit, Kind, Scope
from backend.search.words import Query, query_text

__all__ = [
    "Hit",
    "Kind",
    "Page",
    "Scope",
    "clear",
    "index",
    "page",
    "remove",
    "search",
    "query_text",
]


async def index(kind: Kind, record: int, meta: str, body: str, *, scope: int | None) -> None:
    """(Re)index one record; call it inside the transaction that changed it."""
    await engine().index(kind, record, scope, meta, body)


async def remove(kind: Kind, records: list[int]) -> None:
    """Take records out of the index (withdrawn, no longer published); unknown ones are
    ignored."""
    await engine().remove(kind, records)


async def clear(kind: Kind) -> None:
    """Empty the index of one kind, before indexing all of it again (``dangbo
    search-reindex``)."""
    await engine().clear(kind)


async def search(
    kind: Kind, text: str, scope: Scope, *, limit: int = 20, offset: int = 0
) -> list[Hit]:
    """The records of ``kind`` in ``scope`` matching ``text``, best first. ``text`` is
    checked by :func:`query_text` first (refused beyond 200 characters after trimming)."""
    query = Query.parse(query_text(text))
    if query is None:
        return []
    return await engine().search(kind, query, scope, limit, offset)


@dataclass(frozen=True)
class Page:
    query: str  # as searched: trimmed
    hits: list[Hit]
    offset: int
    has_more: bool


async def page(kind: Kind, text: str, scope: Scope, *, limit: int = 20, offset: int = 0) -> Page:
    """One page of :func:`search`, and whether another follows: what every kind's search
    answer is made of."""
    text = query_text(text)
    hits, more = page_of(await search(kind, text, scope, limit=limit + 1, offset=offset), limit)
    return Page(query=text, hits=hits, offset=offset, has_more=more)
