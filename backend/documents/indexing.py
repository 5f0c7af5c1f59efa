"""What of a document the search box finds: its metadata and the text of its files, handed to
the one search service (:mod:`backend.search.services`) whenever they change."""

from __future__ import annotations

from backend.documents.tables import Document
from backend.search import services as search
from shared.documents import DOCUMENT_TYPES

COLUMNS = (
    Document.id,
    Document.ky_hieu,
    Document.loai,
    Document.co_quan_ban_hanh,
    Document.trich_yeu,
    Document.nguoi_ky,
    Document.extracted_text,
    Document.organisation,
)


def metadata_text(row: dict) -> str:
    loai_label = DOCUMENT_TYPES.get(row["loai"], "")
    parts = [row["ky_hieu"], loai_label, row["co_quan_ban_hanh"], row["trich_yeu"], row["nguoi_ky"]]
    return "\n".join(p for p in parts if p)


async def _index(row: dict) -> None:
    await search.index(
        search.Kind.DOCUMENT,
        row["id"],
        metadata_text(row),
        row["extracted_text"],
        scope=row["organisation"],
    )


async def reindex(document_id: int) -> None:
    """Index the document as it is now; call it inside the transaction that changed it."""
    row = await Document.select(*COLUMNS).where(Document.id == document_id).first()
    await _index(row)


async def reindex_all() -> int:
    """Index every document again (``dangbo search-reindex``)."""
    await search.clear(search.Kind.DOCUMENT)
    rows = await Document.select(*COLUMNS).order_by(Document.id)
    for row in rows:
        await _index(row)
    return len(rows)
