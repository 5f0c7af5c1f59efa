"""``/api/documents``: the register, the inbox, processing, signing and search over HTTP.

Reading is :mod:`backend.documents.queries`; the commands are :mod:`registration`,
:mod:`workflow` and :mod:`outgoing` (objects of the app's Services, received with ``inject``).
This module only reads requests and shapes responses. Every endpoint needs a signed-in user;
what he may see or do is decided per document by :mod:`backend.documents.policy` (a document he
may not read is a 404, never a hint that it exists).
"""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, Request, get, post
from litestar.di import Provide
from litestar.params import Parameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.paging import Limit
from backend.documents import queries
from backend.documents.metadata import answered_do_mat, read_metadata
from backend.documents.outgoing import Outgoing
from backend.documents.registration import Registration
from backend.documents.workflow import Workflow
from backend.files.uploads import missing_field, multipart_body, read_upload
from shared.documents import (
    AssignmentStatus,
    AssignRequest,
    Colleague,
    Deadlines,
    Direction,
    DocumentDetail,
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

REGISTER_FORM = multipart_body(
    "Vào sổ: metadata (JSON) và tệp",
    {"metadata": "shared.documents.DocumentMetadata, dạng JSON"},
    {"file": "Tệp PDF, DOCX hoặc XLSX"},
)
FILE_FORM = multipart_body(
    "Thêm tệp",
    {"do_mat": "Trả lời câu hỏi độ mật khi tệp là bản quét (khong, mat, toi_mat, tuyet_mat)"},
    {"file": "Tệp PDF, DOCX hoặc XLSX"},
    optional=frozenset({"do_mat"}),
)


async def _upload(
    request: Request, registration: Registration, fields: set[str]
) -> tuple[dict[str, str], str, bytes]:
    return await read_upload(request, fields=fields, max_file_bytes=registration.files.max_bytes)


class DocumentController(Controller):
    path = "/api/documents"
    tags = ["Văn bản"]
    dependencies = {
        "actor": Provide(provide_actor),
        "registration": inject(Registration),
        "workflow": inject(Workflow),
        "outgoing": inject(Outgoing),
    }

    # ---- register -----------------------------------------------------------------------

    # The form is read here, not by Litestar (it stays in memory): 415 for another body.
    @post("/", status_code=201, operation_class=REGISTER_FORM, opt={"problems": (415,)})
    async def register_document(
        self, request: Request, actor: Actor, registration: Registration
    ) -> DocumentDetail:
        """Vào sổ a document (multipart: ``metadata`` JSON + ``file``). Incoming documents get
        the next số đến; outgoing ones start as a draft handled by their author. The file is
        held in memory until it has passed the classification gate."""
        fields, filename, data = await _upload(request, registration, {"metadata"})
        if "metadata" not in fields:
            raise missing_field("metadata")
        return await registration.register(actor, read_metadata(fields["metadata"]), data, filename)

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
        return await queries.register(
            actor, direction=direction, status=status, cursor=cursor, limit=limit
        )

    # ---- lists --------------------------------------------------------------------------

    @get("/awaiting-assignment")
    async def awaiting_assignment(
        self, actor: Actor, cursor: str | None = None, limit: Limit = 30
    ) -> DocumentPage:
        """ "Chờ phân công" of the caller's organisation (lãnh đạo): incoming documents
        registered or submitted to him, not yet assigned; newest first."""
        return await queries.awaiting_assignment(actor, cursor=cursor, limit=limit)

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
        return await queries.inbox(
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
        return await queries.deadlines(actor, within_days=within_days)

    @get("/search")
    async def search(
        self,
        actor: Actor,
        q: str = "",
        offset: Annotated[int, Parameter(ge=0, le=10_000)] = 0,
        limit: Limit = 20,
    ) -> SearchPage:
        """One box over số/ký hiệu, trích yếu, cơ quan ban hành, người ký and the text;
        accent-insensitive, exact diacritics first; only documents the caller may read. At
        most 200 characters once the spaces around it are trimmed."""
        return await queries.search_documents(actor, q, offset=offset, limit=limit)

    @get("/colleagues")
    async def colleagues(self, actor: Actor) -> list[Colleague]:
        """People of the caller's organisation, to assign or forward to."""
        return await queries.colleagues(actor)

    # ---- one document -------------------------------------------------------------------

    @get("/{document_id:int}")
    async def detail(self, actor: Actor, document_id: RowId) -> DocumentDetail:
        """The document, its files, assignments, opinions and timeline; records the read
        receipt."""
        return await queries.detail(actor, document_id)

    @get("/{document_id:int}/timeline")
    async def timeline(self, actor: Actor, document_id: RowId) -> list[TimelineEntry]:
        return await queries.timeline(actor, document_id)

    @get("/{document_id:int}/receipts")
    async def receipts(self, actor: Actor, document_id: RowId) -> list[ReadReceiptInfo]:
        """Who opened the document, and when."""
        return await queries.read_receipts(actor, document_id)

    @post(
        "/{document_id:int}/files",
        status_code=201,
        operation_class=FILE_FORM,
        opt={"problems": (415,)},
    )
    async def add_file(
        self, document_id: RowId, request: Request, actor: Actor, registration: Registration
    ) -> DocumentDetail:
        """Another file (multipart: ``file``, and ``do_mat`` when it is a scan)."""
        fields, filename, data = await _upload(request, registration, {"do_mat"})
        do_mat = answered_do_mat(fields.get("do_mat"))
        return await registration.add_file(actor, document_id, data, filename, do_mat)

    @post("/{document_id:int}/send-to-leader", status_code=200)
    async def send_to_leader(
        self,
        document_id: RowId,
        actor: Actor,
        workflow: Workflow,
        data: TransitionRequest | None = None,
    ) -> DocumentDetail:
        """Trình: the văn thư submits a registered incoming document to the lãnh đạo
        (``moi`` → ``cho_phan_cong``); they are notified."""
        return await workflow.send_to_leader(actor, document_id, data.note if data else "")

    @post("/{document_id:int}/assign", status_code=200)
    async def assign(
        self, document_id: RowId, data: AssignRequest, actor: Actor, workflow: Workflow
    ) -> DocumentDetail:
        return await workflow.assign(actor, document_id, data)

    @post("/{document_id:int}/opinions", status_code=201)
    async def add_opinion(
        self, document_id: RowId, data: OpinionCreate, actor: Actor, workflow: Workflow
    ) -> DocumentDetail:
        return await workflow.add_opinion(actor, document_id, data.text)

    @post("/{document_id:int}/forward", status_code=200)
    async def forward(
        self, document_id: RowId, data: ForwardRequest, actor: Actor, workflow: Workflow
    ) -> DocumentDetail:
        return await workflow.forward(actor, document_id, data)

    @post("/{document_id:int}/done", status_code=200)
    async def done(
        self, document_id: RowId, data: DoneRequest, actor: Actor, workflow: Workflow
    ) -> DocumentDetail:
        return await workflow.mark_done(actor, document_id, data.result)

    @post("/{document_id:int}/reopen", status_code=200)
    async def reopen(
        self, document_id: RowId, data: TransitionRequest, actor: Actor, workflow: Workflow
    ) -> DocumentDetail:
        return await workflow.reopen(actor, document_id, data.note)

    @post("/{document_id:int}/share", status_code=200)
    async def share(
        self, document_id: RowId, data: ShareRequest, actor: Actor, workflow: Workflow
    ) -> DocumentDetail:
        return await workflow.share(actor, document_id, data.user_ids)

    @post("/{document_id:int}/submit", status_code=200)
    async def submit(self, document_id: RowId, actor: Actor, outgoing: Outgoing) -> DocumentDetail:
        """Trình ký: the draft goes to the lãnh đạo (its number is allocated at release)."""
        return await outgoing.submit(actor, document_id)

    @post("/{document_id:int}/return", status_code=200)
    async def return_draft(
        self, document_id: RowId, data: TransitionRequest, actor: Actor, outgoing: Outgoing
    ) -> DocumentDetail:
        return await outgoing.return_draft(actor, document_id, data.note)
