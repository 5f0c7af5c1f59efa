"""``/api/library``: collections, documents and their versions, the offline payloads.

The content answers (a document's ``content``, an article's ``content``, the manifest) carry
an ETag (their content hash) and answer ``304`` to a phone that already has them. Asked with
the version the manifest gave, an article's or document's content is immutable and cached for
a year (``private``: the library is for signed-in members).
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post, put
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.library import reading
from backend.library.manifest import manifest
from backend.library.publishing import Publishing
from shared.library import (
    CollectionCreate,
    CollectionDetail,
    CollectionInfo,
    DocumentContent,
    DraftPreview,
    DraftText,
    LibraryDocumentCreate,
    LibraryDocumentDetail,
    Manifest,
)

IMMUTABLE = "private, max-age=31536000, immutable"
REVALIDATE = "private, no-cache"


def cached(request: Request, content: Any, etag: str, immutable: bool) -> Response:
    """``content`` with its ETag, or a 304 when the client already holds that ETag."""
    quoted = f'"{etag}"'
    headers = {"etag": quoted, "cache-control": IMMUTABLE if immutable else REVALIDATE}
    if quoted in request.headers.get("if-none-match", ""):
        return Response(content=b"", status_code=304, headers=headers)
    return Response(content=content, headers=headers)


class LibraryController(Controller):
    path = "/api/library"
    tags = ["Thư viện văn kiện"]
    dependencies = {"actor": Provide(provide_actor), "publishing": inject(Publishing)}

    @get("/collections")
    async def collections(self, actor: Actor) -> list[CollectionInfo]:
        return await reading.collections(actor)

    @post("/collections", status_code=201)
    async def create_collection(
        self, actor: Actor, publishing: Publishing, data: CollectionCreate
    ) -> CollectionDetail:
        collection_id = await publishing.create_collection(actor, data)
        return await reading.collection(actor, collection_id)

    @get("/collections/{collection_id:int}")
    async def collection(self, actor: Actor, collection_id: RowId) -> CollectionDetail:
        return await reading.collection(actor, collection_id)

    @post("/documents", status_code=201)
    async def create_document(
        self, actor: Actor, publishing: Publishing, data: LibraryDocumentCreate
    ) -> LibraryDocumentDetail:
        """A new document from plain text, kept as a draft until published."""
        document_id = await publishing.create_document(actor, data)
        return await reading.document_detail(actor, document_id)

    @get("/documents/{document_id:int}")
    async def document(self, actor: Actor, document_id: RowId) -> LibraryDocumentDetail:
        """The document with the table of contents of its published version."""
        return await reading.document_detail(actor, document_id)

    @get("/documents/{document_id:int}/draft")
    async def draft(self, actor: Actor, publishing: Publishing, document_id: RowId) -> DraftPreview:
        """The draft as it would be published: its units and what each changes."""
        return await publishing.preview(actor, document_id)

    @put("/documents/{document_id:int}/draft")
    async def replace_draft(
        self, actor: Actor, publishing: Publishing, document_id: RowId, data: DraftText
    ) -> DraftPreview:
        """Replace the draft text (the document's next version)."""
        await publishing.replace_draft(actor, document_id, data.text)
        return await publishing.preview(actor, document_id)

    @post("/documents/{document_id:int}/publish", status_code=200)
    async def publish(
        self, actor: Actor, publishing: Publishing, document_id: RowId
    ) -> LibraryDocumentDetail:
        """Publish the draft as the next version: articles keep their ids by anchor."""
        await publishing.publish(actor, document_id)
        return await reading.document_detail(actor, document_id)

    @post("/documents/{document_id:int}/withdraw", status_code=200)
    async def withdraw(
        self, actor: Actor, publishing: Publishing, document_id: RowId
    ) -> LibraryDocumentDetail:
        await publishing.withdraw(actor, document_id)
        return await reading.document_detail(actor, document_id)

    @get("/documents/{document_id:int}/content", opt={"problems": (409,), "not_modified": True})
    async def document_content(
        self, request: Request, actor: Actor, document_id: RowId, version: int | None = None
    ) -> Response[DocumentContent]:
        """Every article of the published document in one answer (the first offline
        download of it)."""
        content = await reading.document_content(actor, document_id)
        fresh = version is not None and version == content.document.version
        return cached(request, content, content.content_hash, immutable=fresh)

    @get("/manifest", opt={"not_modified": True})
    async def manifest(
        self, request: Request, actor: Actor, collection_id: RowId | None = None
    ) -> Response[Manifest]:
        """Every published article with its version and hash (of one collection, if asked)."""
        found = await manifest(actor, collection_id)
        return cached(request, found, found.hash, immutable=False)
