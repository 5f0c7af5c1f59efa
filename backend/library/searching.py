"""Searching the library: published articles through the one search service, with the same
behaviour as document search (accent-insensitive, exact diacritics first, NFC or NFD)."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.library.indexing import body_text
from backend.library.policy import POLICY
from backend.library.tables import LibraryArticle
from backend.search import services as search
from shared.library import LibraryAction, LibrarySearchHit, LibrarySearchPage, NodeKind

EXCERPT = 160


def _excerpt(blocks) -> str:
    text = " ".join(body_text(blocks).split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


async def search_articles(
    actor: Actor,
    text: str,
    *,
    collection_id: int | None = None,
    offset: int = 0,
    limit: int = 20,
) -> LibrarySearchPage:
    """Published articles matching ``text`` (of one collection, if asked), best first."""
    POLICY.require(LibraryAction.SEARCH, actor, None)
    scope = search.Scope.within(collection_id)
    found = await search.page(search.Kind.LIBRARY_ARTICLE, text, scope, limit=limit, offset=offset)
    rows = {r["id"]: r for r in await _articles([h.record for h in found.hits])}
    return LibrarySearchPage(
        query=found.query,
        items=[_hit(rows[h.record], h) for h in found.hits if h.record in rows],
        offset=offset,
        has_more=found.has_more,
    )


async def _articles(ids: list[int]) -> list[dict]:
    if not ids:
        return []
    return await LibraryArticle.select(
        LibraryArticle.id,
        LibraryArticle.document,
        LibraryArticle.kind,
        LibraryArticle.label,
        LibraryArticle.title,
        LibraryArticle.blocks,
        LibraryArticle.document.title.as_alias("document_title"),
        LibraryArticle.document.collection.as_alias("collection"),
    ).where(LibraryArticle.id.is_in(ids))


def _hit(row: dict, hit: search.Hit) -> LibrarySearchHit:
    return LibrarySearchHit(
        article_id=row["id"],
        document_id=row["document"],
        document_title=row["document_title"],
        collection_id=row["collection"],
        kind=NodeKind(row["kind"]),
        label=row["label"],
        title=row["title"],
        excerpt=_excerpt(row["blocks"]),
        exact=hit.exact,
        in_metadata=hit.in_metadata,
    )
