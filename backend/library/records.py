"""Loading library records as a reader may see them (a document he may not see is a 404)."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.core.problems import Problem
from backend.library.policy import ArticleRecord, DocumentRecord, may_see, require_reader
from backend.library.tables import LibraryArticle, LibraryDocument
from shared.library import DocumentState

NO_DOCUMENT = "Không tìm thấy văn kiện trong thư viện."
NO_ARTICLE = "Không tìm thấy điều, mục này trong thư viện."


def draft_pending(row: dict) -> bool:
    if not row["draft_updated_at"]:
        return False
    return row["published_at"] is None or row["draft_updated_at"] > row["published_at"]


def document_record(row: dict) -> DocumentRecord:
    return DocumentRecord(state=DocumentState(row["state"]), draft_pending=draft_pending(row))


async def document_row(actor: Actor, document_id: int) -> dict:
    require_reader(actor)
    row = (
        await LibraryDocument.select(
            LibraryDocument.all_columns(),
            LibraryDocument.collection.title.as_alias("collection_title"),
        )
        .where(LibraryDocument.id == document_id)
        .first()
    )
    if row is None or not may_see(actor, DocumentState(row["state"])):
        raise Problem(404, NO_DOCUMENT, code="document_not_found")
    return row


async def article_row(actor: Actor, article_id: int) -> tuple[dict, ArticleRecord]:
    """A published article (live or not, for an old link) of a document the reader may see."""
    require_reader(actor)
    row = (
        await LibraryArticle.select(
            LibraryArticle.all_columns(),
            LibraryArticle.document.state.as_alias("document_state"),
            LibraryArticle.document.title.as_alias("document_title"),
        )
        .where(LibraryArticle.id == article_id)
        .first()
    )
    if row is None or not may_see(actor, DocumentState(row["document_state"])):
        raise Problem(404, NO_ARTICLE, code="article_not_found")
    live = bool(row["live"]) and row["document_state"] == DocumentState.PUBLISHED
    return row, ArticleRecord(live=live)
