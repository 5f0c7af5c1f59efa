"""What of the library the search box finds: each published article's label and title (the
metadata) and its text (the body), handed to the one search service whenever publishing
changes them. Only live articles of published documents are in the index, so finding one
needs nothing but the right to read the library; the entry's scope is the article's
collection, so a search can stay inside one."""

from __future__ import annotations

import json

from backend.library.tables import LibraryArticle
from backend.search import services as search
from shared.library import DocumentState

COLUMNS = (
    LibraryArticle.id,
    LibraryArticle.label,
    LibraryArticle.title,
    LibraryArticle.blocks,
    LibraryArticle.document.collection.as_alias("collection"),
)


def body_text(blocks) -> str:
    values = json.loads(blocks) if isinstance(blocks, str) else blocks
    return "\n".join(b["text"] for b in values)


async def _index(rows: list[dict]) -> None:
    for row in rows:
        await search.index(
            search.Kind.LIBRARY_ARTICLE,
            row["id"],
            f"{row['label']} {row['title']}",
            body_text(row["blocks"]),
            scope=row["collection"],
        )


async def index_articles(article_ids: list[int]) -> None:
    """(Re)index these articles as they are now; inside the publishing transaction."""
    if article_ids:
        await _index(
            await LibraryArticle.select(*COLUMNS).where(LibraryArticle.id.is_in(article_ids))
        )


async def remove_articles(article_ids: list[int]) -> None:
    await search.remove(search.Kind.LIBRARY_ARTICLE, article_ids)


async def remove_document(document_id: int) -> None:
    """Take every article of a withdrawn document out of the index."""
    rows = await LibraryArticle.select(LibraryArticle.id).where(
        LibraryArticle.document == document_id
    )
    await remove_articles([r["id"] for r in rows])


async def reindex_all() -> int:
    """Index every live article of every published document (``dangbo search-reindex``, and
    the migration that brought the library into the index)."""
    await search.clear(search.Kind.LIBRARY_ARTICLE)
    rows = (
        await LibraryArticle.select(*COLUMNS)
        .where(
            (LibraryArticle.live == True)  # noqa: E712
            & (LibraryArticle.document.state == DocumentState.PUBLISHED.value)
        )
        .order_by(LibraryArticle.id)
    )
    await _index(rows)
    return len(rows)
