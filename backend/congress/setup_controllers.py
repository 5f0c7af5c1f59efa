"""``/api/congresses``: the caller's congresses, setting one up (sessions, agenda, documents),
its bodies and their approval, ending it."""

from __future__ import annotations

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.congress.bodies import Bodies
from backend.congress.detail import detail_of, my_congresses
from backend.congress.documents import CongressFiles
from backend.congress.records import readable_congress
from backend.congress.setup import Setup
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.documents.metadata import answered_do_mat
from backend.files.uploads import multipart_body, read_upload
from shared.congress import (
    AgendaItemCreate,
    AgendaItemUpdate,
    ApprovalCount,
    BodyMemberAdd,
    CongressBody,
    CongressCreate,
    CongressDetail,
    CongressList,
    CongressUpdate,
    DocumentLink,
    Reorder,
    SessionCreate,
    SessionUpdate,
)

FILE_FORM = multipart_body(
    "Tài liệu đại hội",
    {
        "title": "Tên tài liệu (mặc định: tên tệp)",
        "do_mat": "Trả lời câu hỏi độ mật khi tệp là bản quét (khong, mat, toi_mat, tuyet_mat)",
    },
    {"file": "Tệp PDF, DOCX hoặc XLSX"},
    optional=frozenset({"title", "do_mat"}),
)


class CongressSetupController(Controller):
    path = "/api/congresses"
    tags = ["Đại hội"]
    dependencies = {
        "actor": Provide(provide_actor),
        "setup": inject(Setup),
        "bodies": inject(Bodies),
        "documents": inject(CongressFiles),
    }

    @get("/")
    async def mine(self, actor: Actor) -> CongressList:
        """The congresses the caller is a delegate of or sits on a body of."""
        return await my_congresses(actor)

    @post("/", status_code=201)
    async def create(self, actor: Actor, setup: Setup, data: CongressCreate) -> CongressDetail:
        """Create a congress or conference (role ``ban_to_chuc``); the creator joins its
        organising committee."""
        return await setup.create(actor, data)

    @get("/{congress_id:int}")
    async def detail(self, actor: Actor, congress_id: RowId) -> CongressDetail:
        """The congress: sessions and agenda, documents, bodies, and what the caller may do
        (``actions``). 404 for a congress the caller is neither a delegate nor a body member
        of."""
        _, record = await readable_congress(actor, congress_id)
        return await detail_of(actor, congress_id, record)

    @patch("/{congress_id:int}")
    async def edit(
        self, actor: Actor, setup: Setup, congress_id: RowId, data: CongressUpdate
    ) -> CongressDetail:
        return await setup.edit(actor, congress_id, data)

    @post("/{congress_id:int}/end", status_code=200)
    async def end(self, actor: Actor, setup: Setup, congress_id: RowId) -> CongressDetail:
        """The congress has ended (bế mạc): nothing of it changes afterwards."""
        return await setup.end(actor, congress_id)

    # ---- sessions and agenda ----------------------------------------------------------

    @post("/{congress_id:int}/sessions", status_code=201)
    async def add_session(
        self, actor: Actor, setup: Setup, congress_id: RowId, data: SessionCreate
    ) -> CongressDetail:
        return await setup.add_session(actor, congress_id, data)

    @post("/{congress_id:int}/sessions/order", status_code=200)
    async def reorder_sessions(
        self, actor: Actor, setup: Setup, congress_id: RowId, data: Reorder
    ) -> CongressDetail:
        """Every session's id, in the new order."""
        return await setup.reorder_sessions(actor, congress_id, data)

    @patch("/{congress_id:int}/sessions/{session_id:int}")
    async def edit_session(
        self, actor: Actor, setup: Setup, congress_id: RowId, session_id: RowId, data: SessionUpdate
    ) -> CongressDetail:
        return await setup.edit_session(actor, congress_id, session_id, data)

    @post("/{congress_id:int}/sessions/{session_id:int}/items", status_code=201)
    async def add_item(
        self,
        actor: Actor,
        setup: Setup,
        congress_id: RowId,
        session_id: RowId,
        data: AgendaItemCreate,
    ) -> CongressDetail:
        return await setup.add_item(actor, congress_id, session_id, data)

    @post("/{congress_id:int}/sessions/{session_id:int}/items/order", status_code=200)
    async def reorder_items(
        self, actor: Actor, setup: Setup, congress_id: RowId, session_id: RowId, data: Reorder
    ) -> CongressDetail:
        """Every item's id of the session, in the new order."""
        return await setup.reorder_items(actor, congress_id, session_id, data)

    @patch("/{congress_id:int}/items/{item_id:int}")
    async def edit_item(
        self, actor: Actor, setup: Setup, congress_id: RowId, item_id: RowId, data: AgendaItemUpdate
    ) -> CongressDetail:
        return await setup.edit_item(actor, congress_id, item_id, data)

    # ---- documents --------------------------------------------------------------------

    @post(
        "/{congress_id:int}/documents",
        status_code=201,
        operation_class=FILE_FORM,
        opt={"problems": (415,)},
    )
    async def upload_document(
        self, request: Request, actor: Actor, documents: CongressFiles, congress_id: RowId
    ) -> CongressDetail:
        """Upload a document for the delegates (multipart: ``file``, ``title``, and
        ``do_mat`` when it is a scan); a file stamped Mật is refused before anything of it is
        stored."""
        fields, filename, data = await read_upload(
            request, fields={"title", "do_mat"}, max_file_bytes=documents.files.max_bytes
        )
        do_mat = answered_do_mat(fields.get("do_mat"))
        return await documents.upload(
            actor, congress_id, data, filename, fields.get("title", ""), do_mat
        )

    @post("/{congress_id:int}/documents/links", status_code=201)
    async def link_document(
        self, actor: Actor, documents: CongressFiles, congress_id: RowId, data: DocumentLink
    ) -> CongressDetail:
        """Link a document of the register (the organiser must be able to read it)."""
        return await documents.link(actor, congress_id, data)

    @delete("/{congress_id:int}/documents/{document_id:int}", status_code=200)
    async def remove_document(
        self, actor: Actor, documents: CongressFiles, congress_id: RowId, document_id: RowId
    ) -> CongressDetail:
        return await documents.remove(actor, congress_id, document_id)

    # ---- bodies -----------------------------------------------------------------------

    @post("/{congress_id:int}/bodies/{body_kind:str}/members", status_code=201)
    async def add_body_member(
        self,
        actor: Actor,
        bodies: Bodies,
        congress_id: RowId,
        body_kind: CongressBody,
        data: BodyMemberAdd,
    ) -> CongressDetail:
        """Propose a member of a body (the organising committee); he is notified."""
        return await bodies.add_member(actor, congress_id, body_kind, data)

    @delete("/{congress_id:int}/bodies/{body_kind:str}/members/{user_id:int}", status_code=200)
    async def remove_body_member(
        self,
        actor: Actor,
        bodies: Bodies,
        congress_id: RowId,
        body_kind: CongressBody,
        user_id: RowId,
    ) -> CongressDetail:
        return await bodies.remove_member(actor, congress_id, body_kind, user_id)

    @post("/{congress_id:int}/bodies/{body_kind:str}/approval", status_code=201)
    async def record_approval(
        self,
        actor: Actor,
        bodies: Bodies,
        congress_id: RowId,
        body_kind: CongressBody,
        data: ApprovalCount,
    ) -> CongressDetail:
        """Record the congress's show of hands approving the body's members as proposed."""
        return await bodies.record_approval(actor, congress_id, body_kind, data)
