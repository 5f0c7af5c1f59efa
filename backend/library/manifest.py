"""The offline manifest: every published article with its version and content hash.

A phone downloads the library once (``GET /api/library/documents/{id}/content`` per
document), keeps the manifest, and later asks for it again with ``If-None-Match``: unchanged,
it gets a 304 and nothing else; changed, it compares the entries with what it stored and
fetches only the articles whose hash differs (``GET /api/library/articles/{id}/content``),
dropping those no longer listed. Articles are listed under their document, in reading
order. ``benchmarks/library_offline.py`` measures the bytes.
"""

from __future__ import annotations

import hashlib
import json

from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.library.hashes import short
from backend.library.policy import require_reader
from backend.library.tables import LibraryArticle, LibraryCollection, LibraryDocument
from shared.library import (
    CollectionInfo,
    DocumentState,
    Manifest,
    ManifestArticle,
    ManifestDocument,
)


async def manifest(actor: Actor, collection_id: int | None = None) -> Manifest:
    require_reader(actor)
    query = LibraryDocument.select(
        LibraryDocument.id,
        LibraryDocument.collection,
        LibraryDocument.title,
        LibraryDocument.version,
        LibraryDocument.content_hash,
    ).where(LibraryDocument.state == DocumentState.PUBLISHED.value)
    if collection_id is not None:
        query = query.where(LibraryDocument.collection == collection_id)
    documents = await query.order_by(LibraryDocument.id)
    articles = []
    if documents:
        articles = (
            await LibraryArticle.select(
                LibraryArticle.id,
                LibraryArticle.document,
                LibraryArticle.version,
                LibraryArticle.content_hash,
            )
            .where(
                LibraryArticle.document.is_in([d["id"] for d in documents])
                & (LibraryArticle.live == True)  # noqa: E712
            )
            .order_by(LibraryArticle.document, LibraryArticle.position)
        )
    counts: dict[int, int] = {}
    for d in documents:
        counts[d["collection"]] = counts.get(d["collection"], 0) + 1
    collections = [
        CollectionInfo(
            id=c["id"], title=c["title"], description=c["description"], documents=counts[c["id"]]
        )
        for c in await LibraryCollection.select().order_by(LibraryCollection.position)
        if c["id"] in counts
    ]
    by_document: dict[int, list[ManifestArticle]] = {d["id"]: [] for d in documents}
    for a in articles:
        by_document[a["document"]].append(
            ManifestArticle(id=a["id"], version=a["version"], hash=short(a["content_hash"]))
        )
    canonical = json.dumps(
        [
            [[c.id, c.title, c.description] for c in collections],
            [[d["id"], d["version"], d["content_hash"]] for d in documents],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return Manifest(
        hash=hashlib.sha256(canonical.encode()).hexdigest(),
        generated_at=now(),
        collections=collections,
        documents=[
            ManifestDocument(
                id=d["id"],
                collection_id=d["collection"],
                title=d["title"],
                version=d["version"],
                content_hash=d["content_hash"],
                articles=by_document[d["id"]],
            )
            for d in documents
        ],
    )
