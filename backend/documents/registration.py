"""Vào sổ: checking what the văn thư (or the drafter) typed, the classification gates, and
storing a document with its file, or nothing at all; adding a file to a document later.

Incoming documents get the next số đến of the organisation's register for the year; outgoing
ones start as a draft handled by their author (the number comes at submission, see
:mod:`backend.documents.outgoing`).
"""

from __future__ import annotations

from datetime import date, timedelta

import msgspec

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now, today
from backend.core.problems import Problem
from backend.documents.assignments import upsert_assignment
from backend.documents.detail import after_write
from backend.documents.document_files import record_file, stored_name
from backend.documents.gate import (
    MARKING_OF,
    declared_for_scan,
    gate_file,
    gate_metadata,
    refuse_classified,
)
from backend.documents.indexing import reindex
from backend.documents.numbering import INCOMING_SERIES, allocate_number
from backend.documents.policy import POLICY
from backend.documents.records import permitted
from backend.documents.tables import Document, DocumentFile
from backend.documents.timeline import TIMELINE
from backend.files.services import AsyncReadable, FileStore, StagedFile
from shared.documents import (
    DOCUMENT_TYPES,
    URGENCY_RANK,
    AssignmentRole,
    Direction,
    DocumentAction,
    DocumentDetail,
    DocumentMetadata,
    DocumentStatus,
    DoKhan,
    DoMat,
    FileRole,
    KyHieuError,
    issuer_for_organisation,
    parse_so_ky_hieu,
    term_for,
)

MAX_EXTRACTED_TEXT = 4_000_000


class Plan(msgspec.Struct):
    """A checked registration: the document row to write."""

    direction: Direction
    organisation_id: int
    so: int | None
    ky_hieu: str
    loai: str
    co_quan_ban_hanh: str
    ngay_ban_hanh: date | None
    trich_yeu: str
    nguoi_ky: str
    do_khan: DoKhan
    han_xu_ly: date | None
    nhiem_ky: str
    status: DocumentStatus


def _invalid(detail: str, code: str = "invalid_metadata") -> Problem:
    return Problem(422, detail, code=code)


def _incoming_plan(actor: Actor, meta: DocumentMetadata, trich_yeu: str) -> Plan:
    so, ky_hieu, loai, co_quan = None, "", meta.loai, meta.co_quan_ban_hanh.strip()
    if meta.so_ky_hieu:
        try:
            parsed = parse_so_ky_hieu(meta.so_ky_hieu)
        except KyHieuError as exc:
            raise _invalid(str(exc), "invalid_ky_hieu") from None
        if meta.loai and meta.loai != parsed.loai:
            raise _invalid(f"Loại văn bản “{meta.loai}” không khớp với ký hiệu “{parsed.text}”.")
        so, ky_hieu, loai = parsed.so, parsed.text, parsed.loai
    if not loai or loai not in DOCUMENT_TYPES:
        raise _invalid("Cần ghi số và ký hiệu hoặc chọn loại văn bản hợp lệ.")
    if not co_quan:
        raise _invalid("Cần ghi cơ quan ban hành.")
    return Plan(
        direction=Direction.DEN,
        organisation_id=actor.organisation_id,
        so=so,
        ky_hieu=ky_hieu,
        loai=loai,
        co_quan_ban_hanh=co_quan,
        ngay_ban_hanh=meta.ngay_ban_hanh,
        trich_yeu=trich_yeu,
        nguoi_ky=meta.nguoi_ky.strip(),
        do_khan=meta.do_khan,
        han_xu_ly=meta.han_xu_ly,
        nhiem_ky=meta.nhiem_ky or term_for(meta.ngay_ban_hanh or today()),
        status=DocumentStatus.MOI,
    )


def _draft_plan(actor: Actor, meta: DocumentMetadata, trich_yeu: str) -> Plan:
    if meta.so_ky_hieu:
        raise _invalid("Số của văn bản đi do hệ thống cấp khi trình ký; không nhập số.")
    if not meta.loai or meta.loai not in DOCUMENT_TYPES:
        raise _invalid("Cần chọn loại văn bản hợp lệ (ví dụ KH, BC, CV).")
    if issuer_for_organisation(actor.organisation_code) is None:
        raise _invalid(
            "Tổ chức của bạn chưa có ký hiệu cơ quan ban hành theo Hướng dẫn 36-HD/VPTW, "
            "nên chưa cấp được số văn bản đi."
        )
    return Plan(
        direction=Direction.DI,
        organisation_id=actor.organisation_id,
        so=None,
        ky_hieu="",
        loai=meta.loai,
        co_quan_ban_hanh=actor.organisation_name,
        ngay_ban_hanh=None,
        trich_yeu=trich_yeu,
        nguoi_ky=meta.nguoi_ky.strip(),
        do_khan=meta.do_khan,
        han_xu_ly=meta.han_xu_ly,
        nhiem_ky=meta.nhiem_ky or term_for(today()),
        status=DocumentStatus.DU_THAO,
    )


def plan_registration(actor: Actor, meta: DocumentMetadata) -> Plan:
    """Check the metadata and the actor's right to register it; nothing is written."""
    trich_yeu = " ".join(meta.trich_yeu.split())
    if len(trich_yeu) < 3:
        raise _invalid("Trích yếu phải có ít nhất 3 ký tự.")
    if meta.han_xu_ly and meta.han_xu_ly < today() - timedelta(days=1):
        raise _invalid("Hạn xử lý không được ở trong quá khứ.")
    if meta.ngay_ban_hanh and meta.ngay_ban_hanh > today() + timedelta(days=1):
        raise _invalid("Ngày ban hành không được ở trong tương lai.")
    if meta.direction is Direction.DEN:
        POLICY.require(DocumentAction.REGISTER_INCOMING, actor, None)
        return _incoming_plan(actor, meta, trich_yeu)
    POLICY.require(DocumentAction.DRAFT_OUTGOING, actor, None)
    return _draft_plan(actor, meta, trich_yeu)


class Registration:
    """Registering documents and adding files to them, through the app's one file store."""

    def __init__(self, files: FileStore) -> None:
        self.files = files

    async def receive(
        self,
        actor: Actor,
        source: AsyncReadable | bytes,
        filename: str,
        direction: Direction,
        do_mat: DoMat | None = None,
    ) -> StagedFile:
        """Read the upload into memory, check its type by content, read every text it carries
        and pass the classification gate: a stamped file is refused before any of it is
        written anywhere."""
        staged = await self.files.receive(source, filename)
        try:
            await gate_file(actor, staged, direction, do_mat)
        except Problem:
            self.files.discard(staged)
            raise
        return staged

    async def register(
        self,
        actor: Actor,
        meta: DocumentMetadata,
        source: AsyncReadable | bytes,
        filename: str,
    ) -> DocumentDetail:
        """Vào sổ: validate, gate, store the file and the rows together, or nothing at all."""
        plan = plan_registration(actor, meta)
        await gate_metadata(actor, meta)
        staged = await self.receive(actor, source, filename, plan.direction, meta.do_mat)
        async with self.files.placing(staged):
            async with db.transaction():
                document_id = await self._write(actor, plan, staged)
                await self._declared(actor, document_id, staged, meta.do_mat)
        return await after_write(actor, document_id)

    async def _declared(
        self, actor: Actor, document_id: int, staged: StagedFile, do_mat: DoMat | None
    ) -> None:
        """For a scan, the clerk's answer to the độ mật question, on the timeline and in the
        audit log (``document.classification_declared``)."""
        declared = declared_for_scan(staged, do_mat)
        if declared is not None:
            await TIMELINE.record(document_id, actor, "classification_declared", declared)

    async def _write(self, actor: Actor, plan: Plan, staged: StagedFile) -> int:
        """The document's rows, inside the caller's transaction; returns its id."""
        so_den = None
        if plan.direction is Direction.DEN:
            so_den = await allocate_number(plan.organisation_id, INCOMING_SERIES, str(today().year))
        created = now()
        document = Document(
            direction=plan.direction.value,
            organisation=plan.organisation_id,
            so=plan.so,
            ky_hieu=plan.ky_hieu,
            loai=plan.loai,
            co_quan_ban_hanh=plan.co_quan_ban_hanh,
            ngay_ban_hanh=plan.ngay_ban_hanh,
            trich_yeu=plan.trich_yeu,
            nguoi_ky=plan.nguoi_ky,
            do_khan=plan.do_khan.value,
            urgency_rank=URGENCY_RANK[plan.do_khan],
            han_xu_ly=plan.han_xu_ly,
            status=plan.status.value,
            nhiem_ky=plan.nhiem_ky,
            so_den=so_den,
            created_by=actor.id,
            created_at=created,
            updated_at=created,
            extracted_text=staged.text,
        )
        await document.save()
        await record_file(self.files, document.id, staged, FileRole.ORIGINAL, actor.id)
        if plan.direction is Direction.DI:
            # The drafter handles his own draft: that is also what lets him read it.
            await upsert_assignment(
                document.id,
                actor.id,
                AssignmentRole.XU_LY_CHINH,
                deadline=plan.han_xu_ly,
                instruction="",
                assigned_by=actor.id,
                do_khan=plan.do_khan,
                direction=plan.direction,
            )
        await reindex(document.id)
        await TIMELINE.record(
            document.id,
            actor,
            "registered",
            {
                "direction": plan.direction.value,
                "so_den": so_den,
                "ky_hieu": plan.ky_hieu,
                "sha256": staged.sha256,
            },
        )
        return document.id

    async def add_file(
        self,
        actor: Actor,
        document_id: int,
        source: AsyncReadable | bytes,
        filename: str,
        do_mat: DoMat | None = None,
    ) -> DocumentDetail:
        """Another file for a document: a new draft version (outgoing) or an attachment.
        ``do_mat`` answers the độ mật question for a scan."""
        row, _ = await permitted(actor, document_id, DocumentAction.ADD_FILE)
        direction = Direction(row["direction"])
        role = FileRole.ORIGINAL if direction is Direction.DI else FileRole.ATTACHMENT
        if do_mat is not None and do_mat is not DoMat.KHONG:
            raise await refuse_classified(actor, MARKING_OF[do_mat], "do_mat", direction)
        staged = await self.receive(actor, source, filename, direction, do_mat)
        async with self.files.placing(staged):
            async with db.transaction():
                if role is FileRole.ORIGINAL:
                    # The newest draft replaces the older one as the file to sign.
                    await DocumentFile.update({DocumentFile.role: FileRole.ATTACHMENT.value}).where(
                        (DocumentFile.document == document_id)
                        & (DocumentFile.role == FileRole.ORIGINAL.value)
                    )
                await record_file(self.files, document_id, staged, role, actor.id)
                current = (
                    await Document.select(Document.extracted_text)
                    .where(Document.id == document_id)
                    .first()
                )
                text = (current["extracted_text"] + "\n\n" + staged.text).strip()
                await Document.update(
                    {
                        Document.extracted_text: text[:MAX_EXTRACTED_TEXT],
                        Document.updated_at: now(),
                    }
                ).where(Document.id == document_id)
                await reindex(document_id)
                await TIMELINE.record(
                    document_id,
                    actor,
                    "file_added",
                    {"sha256": staged.sha256, "filename": stored_name(staged), "role": role.value},
                )
                await self._declared(actor, document_id, staged, do_mat)
        return await after_write(actor, document_id)
