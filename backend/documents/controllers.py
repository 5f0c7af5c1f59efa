"""``/api/documents``: the register, the inbox, processing, signing and search over HTTP.

Rules live in :mod:`backend.documents.services`; this module only reads requests and shapes
responses. Every endpoint needs a signed-in user; what he may see or do is decided per
document by the services (a document he may not read is a 404, never a hint that it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import msgspec
from litestar import Controller, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body, Parameter

from backend.accounts.deps import provide_actor, provide_client
from backend.accounts.identity import Actor, Client
from backend.core.problems import Problem
from backend.core.requests import refuse_nul
from backend.documents import services
from shared.documents import (
    AssignmentStatus,
    AssignRequest,
    Colleague,
    Deadlines,
    Direction,
    DocumentDetail,
    DocumentMetadata,
    DocumentPage,
    DocumentStatus,
    DoKhan,
    DoneRequest,
    ForwardRequest,
    InboxPage,
    OpinionCreate,
    ReadReceiptInfo,
    SearchPage,
    ShareRequest,
    TimelineEntry,
    TransitionRequest,
)

Limit = Annotated[int, Parameter(ge=1, le=100)]


@dataclass
class RegisterForm:
    """``metadata``: :class:`shared.documents.DocumentMetadata` as JSON; ``file``: the PDF,
    DOCX or XLSX."""

    metadata: str
    file: UploadFile


@dataclass
class FileForm:
    file: UploadFile


def _metadata(raw: str) -> DocumentMetadata:
    try:
        meta = msgspec.json.decode(raw.encode(), type=DocumentMetadata)
    except msgspec.ValidationError as exc:
        raise Problem(
            422, f"Thông tin văn bản không hợp lệ: {exc}", code="invalid_metadata"
        ) from None
    except msgspec.DecodeError:
        raise Problem(
            400, "Trường metadata phải là JSON hợp lệ.", code="invalid_metadata"
        ) from None
    refuse_nul(msgspec.to_builtins(meta))  # multipart forms bypass the JSON body check
    return meta


class DocumentController(Controller):
    path = "/api/documents"
    tags = ["Văn bản"]
    dependencies = {
        "actor": Provide(provide_actor),
        "client": Provide(provide_client, sync_to_thread=False),
    }

    # ---- register -----------------------------------------------------------------------

    @post("/", status_code=201)
    async def register_document(
        self,
        data: Annotated[RegisterForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        actor: Actor,
        client: Client,
    ) -> DocumentDetail:
        """Vào sổ a document (multipart: ``metadata`` JSON + ``file``). Incoming documents get
        the next số đến; outgoing ones start as a draft handled by their author."""
        try:
            meta = _metadata(data.metadata)
            return await services.register_document(
                actor, meta, data.file, data.file.filename or "", client
            )
        finally:
            await data.file.close()

    @get("/register")
    async def register(
        self,
        actor: Actor,
        direction: Direction = Direction.DEN,
        status: DocumentStatus | None = None,
        cursor: str | None = None,
        limit: Limit = 30,
    ) -> DocumentPage:
        """Sổ văn bản đến/đi of the caller's organisation (văn thư, lãnh đạo)."""
        return await services.register(
            actor, direction=direction, status=status, cursor=cursor, limit=limit
        )

    # ---- lists --------------------------------------------------------------------------

    @get("/inbox")
    async def inbox(
        self,
        actor: Actor,
        view: Annotated[str, Parameter(pattern="^(open|done|all)$")] = "open",
        status: AssignmentStatus | None = None,
        do_khan: DoKhan | None = None,
        direction: Direction | None = None,
        overdue: bool = False,
        cursor: str | None = None,
        limit: Limit = 20,
        total: bool = False,
    ) -> InboxPage:
        """The caller's assignments (``view``: open, done or all): open first, hỏa tốc first,
        then the nearest deadline; keyset-paged by ``cursor``."""
        return await services.inbox(
            actor,
            state=view,
            status=status,
            do_khan=do_khan,
            direction=direction,
            overdue=overdue,
            cursor=cursor,
            limit=limit,
            with_total=total,
        )

    @get("/deadlines")
    async def deadlines(
        self, actor: Actor, within_days: Annotated[int, Parameter(ge=0, le=60)] = 3
    ) -> Deadlines:
        """Overdue documents and those due within ``within_days`` days."""
        found = await services.deadlines(actor, within_days=within_days)
        return Deadlines(overdue=found["overdue"], due_soon=found["due_soon"])

    @get("/search")
    async def search(
        self,
        actor: Actor,
        q: Annotated[str, Parameter(max_length=200)] = "",
        offset: Annotated[int, Parameter(ge=0, le=10_000)] = 0,
        limit: Limit = 20,
    ) -> SearchPage:
        """One box over số/ký hiệu, trích yếu, cơ quan ban hành, người ký and the text;
        accent-insensitive, exact diacritics first; only documents the caller may read."""
        return await services.search_documents(actor, q, offset=offset, limit=limit)

    @get("/colleagues")
    async def colleagues(self, actor: Actor) -> list[Colleague]:
        """People of the caller's organisation, to assign or forward to."""
        return await services.colleagues(actor)

    # ---- one document -------------------------------------------------------------------

    @get("/{document_id:int}")
    async def detail(self, actor: Actor, document_id: int) -> DocumentDetail:
        """The document, its files, assignments and opinions; records the read receipt."""
        return await services.detail(actor, document_id)

    @get("/{document_id:int}/timeline")
    async def timeline(self, actor: Actor, document_id: int) -> list[TimelineEntry]:
        return await services.timeline(actor, document_id)

    @get("/{document_id:int}/receipts")
    async def receipts(self, actor: Actor, document_id: int) -> list[ReadReceiptInfo]:
        """Who opened the document, and when."""
        return await services.read_receipts(actor, document_id)

    @post("/{document_id:int}/files", status_code=201)
    async def add_file(
        self,
        document_id: int,
        data: Annotated[FileForm, Body(media_type=RequestEncodingType.MULTI_PART)],
        actor: Actor,
        client: Client,
    ) -> DocumentDetail:
        try:
            return await services.add_file(
                actor, document_id, data.file, data.file.filename or "", client
            )
        finally:
            await data.file.close()

    @post("/{document_id:int}/assign", status_code=200)
    async def assign(
        self, document_id: int, data: AssignRequest, actor: Actor, client: Client
    ) -> DocumentDetail:
        return await services.assign(actor, document_id, data, client)

    @post("/{document_id:int}/opinions", status_code=201)
    async def add_opinion(
        self, document_id: int, data: OpinionCreate, actor: Actor, client: Client
    ) -> DocumentDetail:
        return await services.add_opinion(actor, document_id, data.text, client)

    @post("/{document_id:int}/forward", status_code=200)
    async def forward(
        self, document_id: int, data: ForwardRequest, actor: Actor, client: Client
    ) -> DocumentDetail:
        return await services.forward(actor, document_id, data, client)

    @post("/{document_id:int}/done", status_code=200)
    async def done(
        self, document_id: int, data: DoneRequest, actor: Actor, client: Client
    ) -> DocumentDetail:
        return await services.mark_done(actor, document_id, data.result, client)

    @post("/{document_id:int}/reopen", status_code=200)
    async def reopen(
        self, document_id: int, data: TransitionRequest, actor: Actor, client: Client
    ) -> DocumentDetail:
        return await services.reopen(actor, document_id, data.note, client)

    @post("/{document_id:int}/share", status_code=200)
    async def share(
        self, document_id: int, data: ShareRequest, actor: Actor, client: Client
    ) -> DocumentDetail:
        return await services.share(actor, document_id, data.user_ids, client)

    @post("/{document_id:int}/submit", status_code=200)
    async def submit(self, document_id: int, actor: Actor, client: Client) -> DocumentDetail:
        """Trình ký: allocates the outgoing number."""
        return await services.submit_for_signing(actor, document_id, client)

    @post("/{document_id:int}/return", status_code=200)
    async def return_draft(
        self, document_id: int, data: TransitionRequest, actor: Actor, client: Client
    ) -> DocumentDetail:
        return await services.return_draft(actor, document_id, data.note, client)

    @post("/{document_id:int}/release", status_code=200)
    async def release(self, document_id: int, actor: Actor, client: Client) -> DocumentDetail:
        """Phát hành a signed outgoing document."""
        return await services.release(actor, document_id, client)
