"""An outgoing document's way out: submitted for signature (when its number is allocated),
returned to its drafter, signed by a lãnh đạo with a passkey, released by the văn thư.

The signature itself (the WebAuthn step-up, the key, PAdES) is :mod:`backend.signing`'s; this
module says which document and file may be signed now, what the signer confirms, and keeps the
signed copy.
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now, today
from backend.core.problems import Problem
from backend.documents.detail import after_write
from backend.documents.document_files import original_file, record_file
from backend.documents.indexing import reindex
from backend.documents.numbering import allocate_number
from backend.documents.records import permitted
from backend.documents.tables import Document
from backend.documents.timeline import TIMELINE
from backend.documents.transitions import move
from backend.files.inspection import FileKind
from backend.files.services import FileStore
from backend.notifications.notifier import Notifier
from backend.orgs.services import leaders_of
from shared.documents import (
    DocumentAction,
    DocumentDetail,
    DocumentStatus,
    DoKhan,
    FileRole,
    issuer_for_organisation,
)
from shared.notifications import NotificationKind

S = DocumentStatus


def _is_pdf(file: dict | None) -> bool:
    return file is not None and file["mime"] == FileKind.PDF.value


def signing_intent(row: dict) -> str:
    """What the signer confirms with his passkey (bound into the WebAuthn challenge)."""
    return f"Ký văn bản số {row['ky_hieu']}"


async def signing_subject(actor: Actor, document_id: int) -> tuple[dict, dict]:
    """The document and its PDF that ``actor``, a lãnh đạo, may sign now (``cho_ky``)."""
    row, _ = await permitted(actor, document_id, DocumentAction.SIGN)
    original = await original_file(document_id)
    if not _is_pdf(original):
        raise Problem(409, "Văn bản chưa có tệp PDF để ký.", code="pdf_required")
    assert original is not None
    return row, original


class Outgoing:
    """The commands of an outgoing document; the signed copy goes to ``files``, the lãnh đạo
    hear of a draft waiting for them through ``notifier``."""

    def __init__(self, files: FileStore, notifier: Notifier) -> None:
        self.files = files
        self.notifier = notifier

    async def submit(self, actor: Actor, document_id: int) -> DocumentDetail:
        """Trình ký: allocate the number (once) and hand the draft to the leaders."""
        row, _ = await permitted(actor, document_id, DocumentAction.SUBMIT)
        if not _is_pdf(await original_file(document_id)):
            raise Problem(
                409,
                "Dự thảo cần có tệp PDF để ký số. Hãy tải lên bản PDF của dự thảo.",
                code="pdf_required",
            )
        async with db.transaction():
            so, ky_hieu = row["so"], row["ky_hieu"]
            if so is None:
                so = await allocate_number(row["org_id"], row["loai"], row["nhiem_ky"])
                code = row["organisation_code"]
                ky_hieu = f"{so}-{row['loai']}/{issuer_for_organisation(code) or code}"
                await Document.update({Document.so: so, Document.ky_hieu: ky_hieu}).where(
                    Document.id == document_id
                )
                await reindex(document_id)
            await move(row, S.CHO_KY, actor, so=so, ky_hieu=ky_hieu)
            await self._tell_leaders(row, ky_hieu, submitted_by=actor.id)
        return await after_write(actor, document_id)

    async def _tell_leaders(self, row: dict, ky_hieu: str, submitted_by: int) -> None:
        """The leaders of the organisation learn that a draft waits for their signature."""
        leaders = [u for u in await leaders_of(row["org_id"]) if u != submitted_by]
        if not leaders:
            return
        await self.notifier.notify(
            leaders,
            kind=NotificationKind.VAN_BAN,
            title="Văn bản chờ ký",
            body=f"Văn bản số {ky_hieu} đã được trình ký.",
            link=f"/van-ban/{row['id']}",
            urgent=row["do_khan"] == DoKhan.HOA_TOC.value,
        )

    async def return_draft(self, actor: Actor, document_id: int, note: str) -> DocumentDetail:
        row, _ = await permitted(actor, document_id, DocumentAction.RETURN)
        async with db.transaction():
            await move(row, S.DU_THAO, actor, note=note.strip())
        return await after_write(actor, document_id)

    async def record_signed(
        self, actor: Actor, row: dict, original: dict, signed_pdf: bytes, signature: dict
    ) -> DocumentDetail:
        """Keep the signed PDF of the document ``signing_subject`` gave (``row``, ``original``)
        next to the original and move the document to ``da_ky``."""
        document_id = row["id"]
        name = original["filename"].removesuffix(".pdf") + "-da-ky.pdf"
        staged = await self.files.receive(signed_pdf, name)
        async with self.files.placing(staged):
            async with db.transaction():
                await record_file(self.files, document_id, staged, FileRole.SIGNED, actor.id)
                await Document.update(
                    {Document.nguoi_ky: actor.full_name, Document.updated_at: now()}
                ).where(Document.id == document_id)
                # The signing service has audited the signature itself; this is the timeline
                # line.
                await TIMELINE.entry(
                    document_id,
                    actor,
                    "signed",
                    {"sha256": staged.sha256, "original_sha256": original["sha256"], **signature},
                )
                await move(row, S.DA_KY, actor)
                await reindex(document_id)
        return await after_write(actor, document_id)

    async def release(self, actor: Actor, document_id: int) -> DocumentDetail:
        """Phát hành: the văn thư sends the signed document out; it takes today's date."""
        row, _ = await permitted(actor, document_id, DocumentAction.RELEASE)
        async with db.transaction():
            await move(row, S.DA_PHAT_HANH, actor)
            if row["ngay_ban_hanh"] is None:
                await Document.update({Document.ngay_ban_hanh: today()}).where(
                    Document.id == document_id
                )
        return await after_write(actor, document_id)
