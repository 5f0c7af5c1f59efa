"""An outgoing document's way out, in the order of Nghị định 30/2020: submitted for
signature, returned to its drafter or signed by a lãnh đạo with a passkey (an approval that
leaves the số and ngày ban hành open), released by the văn thư, who allocates the number,
writes number and date in and applies the organisation's signature, confirmed with his own
passkey. The number is allocated only then, so a draft that is dropped never takes one.

The signatures themselves (the WebAuthn step-up, the keys, PAdES) are :mod:`backend.signing`'s;
the fields they leave and fill are :mod:`backend.documents.release_form`'s; this module says
which document and file may be signed or released now, what the signer confirms, and keeps
the signed copies.
"""

from __future__ import annotations

from datetime import date

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.problems import Problem
from backend.documents.detail import after_write
from backend.documents.document_files import original_file, record_file
from backend.documents.indexing import reindex
from backend.documents.numbering import allocate_number, last_number
from backend.documents.records import permitted
from backend.documents.tables import Document, DocumentFile
from backend.documents.timeline import TIMELINE
from backend.documents.transitions import move
from backend.files.inspection import FileKind
from backend.files.services import FileStore
from backend.notifications.notifier import Notifier
from backend.orgs.services import leaders_of
from backend.signing.signer import SignedPdf
from shared.documents import (
    DOCUMENT_TYPES,
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


def approval_intent(row: dict) -> str:
    """What the lãnh đạo confirms with his passkey (bound into the WebAuthn challenge, and the
    signature's reason): the draft he approves; its number comes at release."""
    if row["ky_hieu"]:  # numbered at submission, before the number moved to release
        return f"Ký văn bản số {row['ky_hieu']}"
    kind = DOCUMENT_TYPES.get(row["loai"], row["loai"]).lower()
    text = " ".join(f"Ký duyệt {kind}: {row['trich_yeu']}".split())
    return text if len(text) <= 200 else text[:199] + "…"


def release_intent(ky_hieu: str) -> str:
    """What the văn thư confirms with his passkey: the number the document goes out under."""
    return f"Phát hành văn bản số {ky_hieu}"


def _ky_hieu(row: dict, so: int) -> str:
    code = row["organisation_code"]
    return f"{so}-{row['loai']}/{issuer_for_organisation(code) or code}"


async def release_number(row: dict) -> tuple[int, str]:
    """The number the document is released under: its own when it has one, else the next of
    its series, which is only allocated when the release is recorded (and refused then if
    another document took it in between)."""
    if row["so"] is not None:
        return row["so"], row["ky_hieu"]
    so = await last_number(row["org_id"], row["loai"], row["nhiem_ky"]) + 1
    return so, _ky_hieu(row, so)


async def signing_subject(actor: Actor, document_id: int) -> tuple[dict, dict]:
    """The document and its PDF that ``actor``, a lãnh đạo, may sign now (``cho_ky``)."""
    row, _ = await permitted(actor, document_id, DocumentAction.SIGN)
    original = await original_file(document_id)
    if not _is_pdf(original):
        raise Problem(409, "Văn bản chưa có tệp PDF để ký.", code="pdf_required")
    assert original is not None
    return row, original


async def release_subject(actor: Actor, document_id: int) -> tuple[dict, dict]:
    """The document and the lãnh đạo's signed copy that ``actor``, its văn thư, may release
    now (``da_ky``)."""
    row, _ = await permitted(actor, document_id, DocumentAction.RELEASE)
    signed = (
        await DocumentFile.select()
        .where(
            (DocumentFile.document == document_id) & (DocumentFile.role == FileRole.SIGNED.value)
        )
        .order_by(DocumentFile.id, ascending=False)
        .first()
    )
    if not _is_pdf(signed):
        raise Problem(409, "Văn bản chưa có bản đã ký để phát hành.", code="pdf_required")
    assert signed is not None
    return row, signed


class Outgoing:
    """The commands of an outgoing document; the signed copy goes to ``files``, the lãnh đạo
    hear of a draft waiting for them through ``notifier``."""

    def __init__(self, files: FileStore, notifier: Notifier) -> None:
        self.files = files
        self.notifier = notifier

    async def submit(self, actor: Actor, document_id: int) -> DocumentDetail:
        """Trình ký: hand the draft to the leaders (its number comes at release)."""
        row, _ = await permitted(actor, document_id, DocumentAction.SUBMIT)
        if not _is_pdf(await original_file(document_id)):
            raise Problem(
                409,
                "Dự thảo cần có tệp PDF để ký số. Hãy tải lên bản PDF của dự thảo.",
                code="pdf_required",
            )
        async with db.transaction():
            await move(row, S.CHO_KY, actor)
            await self._tell_leaders(row, submitted_by=actor.id)
        return await after_write(actor, document_id)

    async def _tell_leaders(self, row: dict, submitted_by: int) -> None:
        """The leaders of the organisation learn that a draft waits for their signature (the
        notification's subject names it; the text itself names no content)."""
        leaders = [u for u in await leaders_of(row["org_id"]) if u != submitted_by]
        if not leaders:
            return
        await self.notifier.notify(
            leaders,
            kind=NotificationKind.VAN_BAN,
            title="Văn bản chờ ký",
            body="Một dự thảo văn bản đi đã được trình ký.",
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

    async def record_release(
        self,
        actor: Actor,
        row: dict,
        signed_file: dict,
        released: SignedPdf,
        number: tuple[int, str],
        issued: date,
    ) -> DocumentDetail:
        """Phát hành: allocate the number the văn thư confirmed (``release_number``), keep the
        copy with the number, the date and the organisation's signature (``released``) beside
        the lãnh đạo's, and move the document to ``da_phat_hanh`` — all or nothing."""
        document_id = row["id"]
        so, ky_hieu = number
        name = signed_file["filename"].removesuffix(".pdf").removesuffix("-da-ky")
        staged = await self.files.receive(released.data, f"{name}-phat-hanh.pdf")
        async with self.files.placing(staged):
            async with db.transaction():
                if row["so"] is None:
                    allocated = await allocate_number(row["org_id"], row["loai"], row["nhiem_ky"])
                    if allocated != so:
                        # Rolled back with this transaction: no gap, no duplicate.
                        raise Problem(
                            409,
                            f"Số {ky_hieu} vừa được cấp cho văn bản khác; văn bản chưa phát "
                            "hành. Hãy phát hành lại với số mới.",
                            code="number_taken",
                        )
                await Document.update(
                    {
                        Document.so: so,
                        Document.ky_hieu: ky_hieu,
                        Document.ngay_ban_hanh: issued,
                        Document.updated_at: now(),
                    }
                ).where(Document.id == document_id)
                await record_file(self.files, document_id, staged, FileRole.SIGNED, actor.id)
                await TIMELINE.entry(
                    document_id,
                    actor,
                    "signed",
                    {
                        "sha256": staged.sha256,
                        "original_sha256": signed_file["sha256"],
                        "certificate_serial": released.certificate.serial,
                        "signer": released.certificate.subject_name,
                        "organisation": True,
                    },
                )
                await move(row, S.DA_PHAT_HANH, actor, so=so, ky_hieu=ky_hieu)
                await reindex(document_id)
        return await after_write(actor, document_id)
