"""Documents for the delegates: a file uploaded to the one file store, through the same gate
as a meeting's attachments (inspected by its bytes, PDF, DOCX or XLSX only; a file stamped
Mật, Tối mật or Tuyệt mật refused before anything of it is written; a scan needs the độ mật
answer), or a document of the register linked by its id (opened under the register's own
rules). Delegates and the members of the congress's bodies may download the uploaded files
(:func:`readable_file`, the plugin's ``file_access``)."""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.congress.detail import after_write
from backend.congress.policy import POLICY, may_read
from backend.congress.records import congress_record, congress_row, readable_congress
from backend.congress.setup import clean
from backend.congress.tables import CongressDocument
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.documents.gate import gate_attachment
from backend.documents.records import readable
from backend.files.services import AsyncReadable, FileStore
from shared.congress import CongressAction, CongressDetail, DocumentLink
from shared.documents import DoMat

A = CongressAction
MAX_DOCUMENTS = 200
DOCUMENT_NOT_FOUND = "Không tìm thấy tài liệu này của đại hội."


def _refused(marking: str) -> Problem:
    return Problem(
        422,
        f"Tài liệu có dấu độ mật “{marking.capitalize()}”: tài liệu mật là bí mật nhà nước, "
        "không được đưa lên hệ thống kết nối Internet này. Tệp đã bị từ chối, không có gì được "
        "lưu. Hãy phát tài liệu mật cho đại biểu theo quy trình riêng.",
        code="classified",
        extra={"marking": marking},
    )


async def _next_position(congress_id: int) -> int:
    count = await CongressDocument.count().where(CongressDocument.congress == congress_id)
    if count >= MAX_DOCUMENTS:
        raise Problem(
            409, f"Đại hội đã có {MAX_DOCUMENTS} tài liệu, không thêm được nữa.", code="too_many"
        )
    return count + 1


class CongressFiles:
    def __init__(self, files: FileStore) -> None:
        self.files = files

    async def upload(
        self,
        actor: Actor,
        congress_id: int,
        source: AsyncReadable | bytes,
        filename: str,
        title: str = "",
        do_mat: DoMat | None = None,
    ) -> CongressDetail:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        staged = await self.files.receive(source, filename)
        name = await gate_attachment(
            self.files,
            staged,
            do_mat,
            actor=actor,
            audit_action="congress.refused_classified",
            target=f"congress:{congress_id}",
            refused=_refused,
        )
        shown = clean(title)[:300] or name.rsplit(".", 1)[0]
        async with self.files.placing(staged):
            async with db.transaction():
                position = await _next_position(congress_id)
                await self.files.record(staged)
                await CongressDocument.insert(
                    CongressDocument(
                        congress=congress_id,
                        title=shown,
                        sha256=staged.sha256,
                        filename=name,
                        mime=staged.mime,
                        size=staged.size,
                        position=position,
                        uploaded_by=actor.id,
                        created_at=now(),
                    )
                )
                await TIMELINE.record(
                    congress_id,
                    actor,
                    "document_added",
                    {"sha256": staged.sha256, "filename": name},
                )
        return await after_write(actor, congress_id)

    async def link(self, actor: Actor, congress_id: int, data: DocumentLink) -> CongressDetail:
        """A document of the register that the organiser may read himself."""
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        try:
            document = await readable(actor, data.register_document_id)
        except Problem:
            raise Problem(
                422,
                "Không tìm thấy văn bản này trong sổ văn bản, hoặc đồng chí không có quyền xem.",
                code="register_document_not_found",
            ) from None
        if await CongressDocument.exists().where(
            (CongressDocument.congress == congress_id)
            & (CongressDocument.register_document_id == data.register_document_id)
        ):
            raise Problem(409, "Văn bản này đã có trong tài liệu đại hội.", code="already_linked")
        title = clean(data.title) or clean(document.get("trich_yeu") or "")[:300] or "Văn bản"
        async with db.transaction():
            position = await _next_position(congress_id)
            await CongressDocument.insert(
                CongressDocument(
                    congress=congress_id,
                    title=title,
                    register_document_id=data.register_document_id,
                    position=position,
                    uploaded_by=actor.id,
                    created_at=now(),
                )
            )
            await TIMELINE.record(
                congress_id, actor, "document_linked", {"document": data.register_document_id}
            )
        return await after_write(actor, congress_id)

    async def remove(self, actor: Actor, congress_id: int, document_id: int) -> CongressDetail:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        where = (CongressDocument.id == document_id) & (CongressDocument.congress == congress_id)
        if not await CongressDocument.exists().where(where):
            raise Problem(404, DOCUMENT_NOT_FOUND, code="congress_document_not_found")
        async with db.transaction():
            await CongressDocument.delete().where(where)
            await TIMELINE.record(congress_id, actor, "document_removed", {"id": document_id})
        return await after_write(actor, congress_id)


async def readable_file(actor: Actor, sha256: str) -> str | None:
    """The name under which ``actor`` may download the blob as a congress's document (the
    files controller's ``file_access`` hook), or None: its delegates and body members."""
    rows = await CongressDocument.select(
        CongressDocument.congress, CongressDocument.filename
    ).where(CongressDocument.sha256 == sha256)
    for row in rows:
        record = await congress_record(actor, await congress_row(row["congress"]))
        if may_read(record):
            return row["filename"]
    return None
