"""The document register and its processing workflow: every rule lives here, no HTTP.

Incoming (đến): the văn thư registers → ``moi``; a lãnh đạo assigns → ``da_phan_cong``; the main
handler starts (an opinion or a forward) → ``dang_xu_ly``; he finishes with a result →
``hoan_thanh``; a lãnh đạo may reopen it.

Outgoing (đi): a cán bộ drafts → ``du_thao``; he (or the văn thư) submits it for signature →
``cho_ky``, which is when the number is allocated (so a number is never handed out for a draft
that is then dropped); a lãnh đạo returns it (keeping its number) or signs it → ``da_ky``; the
văn thư releases it → ``da_phat_hanh``.

Every transition is checked against :data:`TRANSITIONS`, written to the timeline and audited in
the same transaction.
"""

from __future__ import annotations

import base64
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import msgspec

from backend import db
from backend.accounts.identity import Actor, Client
from backend.accounts.tables import User
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.documents.classification import find_marking
from backend.documents.numbering import INCOMING_SERIES, allocate_number
from backend.documents.permissions import (
    Visibility,
    can_read,
    is_clerk,
    is_leader,
    keeps_register,
)
from backend.documents.tables import (
    NO_DEADLINE,
    Assignment,
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentShare,
    Opinion,
    ReadReceipt,
)
from backend.files.inspection import FileKind
from backend.files.services import AsyncReadable, StagedFile, file_store
from backend.orgs.tables import Organisation
from backend.search import services as search
from shared.accounts import Role
from shared.documents import (
    ASSIGNMENT_ROLE_LABELS,
    DO_KHAN_LABELS,
    DOCUMENT_TYPES,
    STATUS_LABELS,
    URGENCY_RANK,
    AssignmentInfo,
    AssignmentRole,
    AssignmentStatus,
    AssignRequest,
    Colleague,
    Direction,
    DocumentDetail,
    DocumentFileInfo,
    DocumentMetadata,
    DocumentPage,
    DocumentStatus,
    DocumentSummary,
    DoKhan,
    DoMat,
    FileRole,
    ForwardRequest,
    InboxItem,
    InboxPage,
    KyHieuError,
    OpinionInfo,
    ReadReceiptInfo,
    SearchHit,
    SearchPage,
    TimelineEntry,
    issuer_for_organisation,
    parse_so_ky_hieu,
    term_for,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
S = DocumentStatus

TRANSITIONS: set[tuple[DocumentStatus, DocumentStatus]] = {
    (S.MOI, S.DA_PHAN_CONG),
    (S.DA_PHAN_CONG, S.DANG_XU_LY),
    (S.DA_PHAN_CONG, S.HOAN_THANH),
    (S.DANG_XU_LY, S.HOAN_THANH),
    (S.HOAN_THANH, S.DANG_XU_LY),
    (S.DU_THAO, S.CHO_KY),
    (S.CHO_KY, S.DU_THAO),
    (S.CHO_KY, S.DA_KY),
    (S.DA_KY, S.DA_PHAT_HANH),
}
PROCESSING = {S.DA_PHAN_CONG, S.DANG_XU_LY}
FINISHED = {S.HOAN_THANH, S.DA_PHAT_HANH}
HANDLER_ROLES = {AssignmentRole.XU_LY_CHINH.value, AssignmentRole.PHOI_HOP.value}

NOT_FOUND = "Không tìm thấy văn bản, hoặc bạn không có quyền xem văn bản này."


def today() -> date:
    return datetime.now(TZ).date()


def _dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def _detail_json(raw: object) -> dict:
    if isinstance(raw, dict):
        return raw
    return json.loads(raw or "{}")


# ---- reading rows -------------------------------------------------------------------------

_SUMMARY_COLUMNS = (
    Document.id,
    Document.direction,
    Document.organisation.id.as_alias("org_id"),
    Document.organisation.code.as_alias("org_code"),
    Document.organisation.name.as_alias("org_name"),
    Document.so,
    Document.ky_hieu,
    Document.loai,
    Document.co_quan_ban_hanh,
    Document.ngay_ban_hanh,
    Document.trich_yeu,
    Document.nguoi_ky,
    Document.do_khan,
    Document.han_xu_ly,
    Document.status,
    Document.nhiem_ky,
    Document.so_den,
    Document.created_by.full_name.as_alias("created_by_name"),
    Document.created_by.id.as_alias("created_by_id"),
    Document.created_at,
    Document.updated_at,
)


MAX_ID = 2_147_483_647


async def _document(document_id: int) -> dict:
    if not 1 <= document_id <= MAX_ID:
        raise Problem(404, NOT_FOUND, code="document_not_found")
    row = await Document.select(*_SUMMARY_COLUMNS).where(Document.id == document_id).first()
    if row is None:
        raise Problem(404, NOT_FOUND, code="document_not_found")
    return row


async def _readable(user: Actor, document_id: int) -> dict:
    """The document row if ``user`` may read it; a 404 otherwise (existence is not revealed)."""
    row = await _document(document_id)
    if not await can_read(user, row["id"], row["org_id"]):
        raise Problem(404, NOT_FOUND, code="document_not_found")
    return row


def _overdue(deadline: date | None, finished: bool) -> bool:
    return deadline is not None and not finished and deadline < today()


def summary(row: dict) -> DocumentSummary:
    status = DocumentStatus(row["status"])
    han = _as_date(row["han_xu_ly"])
    return DocumentSummary(
        id=row["id"],
        direction=Direction(row["direction"]),
        organisation_code=row["org_code"],
        ky_hieu=row["ky_hieu"],
        loai=row["loai"],
        loai_label=DOCUMENT_TYPES.get(row["loai"], row["loai"]),
        co_quan_ban_hanh=row["co_quan_ban_hanh"],
        ngay_ban_hanh=_as_date(row["ngay_ban_hanh"]),
        trich_yeu=row["trich_yeu"],
        do_khan=DoKhan(row["do_khan"]),
        han_xu_ly=han,
        status=status,
        so_den=row["so_den"],
        overdue=_overdue(han, status in FINISHED),
    )


# ---- events and audit ---------------------------------------------------------------------


async def _event(document_id: int, actor_id: int | None, action: str, detail: dict) -> None:
    await DocumentEvent.insert(
        DocumentEvent(
            document=document_id,
            actor=actor_id,
            action=action,
            detail=json.dumps(detail, ensure_ascii=False),
            at=now(),
        )
    )


async def _record(
    document_id: int, user: Actor | None, action: str, caller: Client, detail: dict
) -> None:
    """Timeline entry + audit record, in the caller's transaction."""
    actor = user.id if user else None
    await _event(document_id, actor, action, detail)
    await audit.record(
        f"document.{action}",
        actor_id=actor,
        target=f"document:{document_id}",
        ip=caller.ip,
        detail=detail,
    )


async def _transition(
    row: dict, new: DocumentStatus, user: Actor | None, caller: Client, **extra: object
) -> None:
    old = DocumentStatus(row["status"])
    if (old, new) not in TRANSITIONS:
        raise Problem(
            409,
            f"Không thể chuyển văn bản từ trạng thái “{STATUS_LABELS[old]}” sang "
            f"“{STATUS_LABELS[new]}”.",
            code="invalid_transition",
        )
    # Compare-and-set: a concurrent transition of the same document makes this one fail.
    updated = await Document.raw(
        'UPDATE "document" SET "status" = {}, "updated_at" = {} '
        'WHERE "id" = {} AND "status" = {} RETURNING "id"',
        new.value,
        now(),
        row["id"],
        old.value,
    )
    if not updated:
        raise Problem(409, "Văn bản vừa được người khác cập nhật. Hãy tải lại.", code="conflict")
    row["status"] = new.value
    await _record(row["id"], user, "status", caller, {"from": old.value, "to": new.value, **extra})


# ---- notifications ------------------------------------------------------------------------


async def _notify_assigned(
    document: dict, assignees: list[tuple[int, AssignmentRole]], deadline: date | None
) -> None:
    """Tell each new assignee (inside the caller's transaction). Titles and bodies name no
    document content: they travel through third-party push services."""
    if not assignees:
        return
    from backend.notifications.notifier import Notifier
    from shared.notifications import NotificationKind

    urgent = document["do_khan"] == DoKhan.HOA_TOC.value
    by_role: dict[AssignmentRole, list[int]] = {}
    for user_id, role in assignees:
        by_role.setdefault(role, []).append(user_id)
    for role, user_ids in by_role.items():
        parts = [f"Vai trò: {ASSIGNMENT_ROLE_LABELS[role]}"]
        parts.append(f"Độ khẩn: {DO_KHAN_LABELS[DoKhan(document['do_khan'])]}")
        if deadline:
            parts.append(f"Hạn xử lý: {_dmy(deadline)}")
        await Notifier().notify(
            user_ids,
            kind=NotificationKind.VAN_BAN,
            title="Văn bản mới được giao" if not urgent else "Văn bản HỎA TỐC được giao",
            body=". ".join(parts) + ".",
            link=f"/van-ban/{document['id']}",
            urgent=urgent,
        )


# ---- registering ----------------------------------------------------------------------------


class _Plan(msgspec.Struct):
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


def plan_registration(user: Actor, meta: DocumentMetadata) -> _Plan:
    """Check the metadata and the caller's right to register it; nothing is written."""
    trich_yeu = " ".join(meta.trich_yeu.split())
    if len(trich_yeu) < 3:
        raise _invalid("Trích yếu phải có ít nhất 3 ký tự.")
    if meta.han_xu_ly and meta.han_xu_ly < today() - timedelta(days=1):
        raise _invalid("Hạn xử lý không được ở trong quá khứ.")
    if meta.ngay_ban_hanh and meta.ngay_ban_hanh > today() + timedelta(days=1):
        raise _invalid("Ngày ban hành không được ở trong tương lai.")
    if meta.direction is Direction.DEN:
        if not user.has(Role.VAN_THU):
            raise Problem(403, "Chỉ văn thư được vào sổ văn bản đến.", code="forbidden")
        so, ky_hieu, loai, co_quan = None, "", meta.loai, meta.co_quan_ban_hanh.strip()
        if meta.so_ky_hieu:
            try:
                parsed = parse_so_ky_hieu(meta.so_ky_hieu)
            except KyHieuError as exc:
                raise _invalid(str(exc), "invalid_ky_hieu") from None
            if meta.loai and meta.loai != parsed.loai:
                raise _invalid(
                    f"Loại văn bản “{meta.loai}” không khớp với ký hiệu “{parsed.text}”."
                )
            so, ky_hieu, loai = parsed.so, parsed.text, parsed.loai
        if not loai or loai not in DOCUMENT_TYPES:
            raise _invalid("Cần ghi số và ký hiệu hoặc chọn loại văn bản hợp lệ.")
        if not co_quan:
            raise _invalid("Cần ghi cơ quan ban hành.")
        return _Plan(
            direction=Direction.DEN,
            organisation_id=user.organisation_id,
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
            status=S.MOI,
        )
    # outgoing draft
    if not user.has(Role.CAN_BO, Role.VAN_THU, Role.LANH_DAO):
        raise Problem(403, "Chỉ cán bộ được soạn văn bản đi.", code="forbidden")
    if meta.so_ky_hieu:
        raise _invalid("Số của văn bản đi do hệ thống cấp khi trình ký; không nhập số.")
    if not meta.loai or meta.loai not in DOCUMENT_TYPES:
        raise _invalid("Cần chọn loại văn bản hợp lệ (ví dụ KH, BC, CV).")
    if issuer_for_organisation(user.organisation_code) is None:
        raise _invalid(
            "Tổ chức của bạn chưa có ký hiệu cơ quan ban hành theo Hướng dẫn 36-HD/VPTW, "
            "nên chưa cấp được số văn bản đi."
        )
    return _Plan(
        direction=Direction.DI,
        organisation_id=user.organisation_id,
        so=None,
        ky_hieu="",
        loai=meta.loai,
        co_quan_ban_hanh=user.organisation_name,
        ngay_ban_hanh=None,
        trich_yeu=trich_yeu,
        nguoi_ky=meta.nguoi_ky.strip(),
        do_khan=meta.do_khan,
        han_xu_ly=meta.han_xu_ly,
        nhiem_ky=meta.nhiem_ky or term_for(today()),
        status=S.DU_THAO,
    )


async def _refuse_classified(
    user: Actor, caller: Client, marking: str, where: str, direction: Direction
) -> Problem:
    """Audit the refusal (without any of the document's content) and build the error."""
    await audit.record(
        "document.refused_classified",
        actor_id=user.id,
        target=f"organisation:{user.organisation_code}",
        ip=caller.ip,
        detail={"marking": marking, "where": where, "direction": direction.value},
    )
    return Problem(
        422,
        f"Văn bản có độ mật “{marking.capitalize() if marking != 'MẬT' else 'Mật'}” là bí mật "
        "nhà nước: hệ thống này kết nối Internet nên không được tiếp nhận, lưu trữ hay xử lý "
        "văn bản mật. Văn bản đã bị từ chối và không có gì được lưu. Hãy xử lý theo quy trình "
        "văn bản mật trên giấy hoặc mạng nội bộ riêng.",
        code="classified",
        extra={"marking": marking},
    )


_MARKING_OF = {DoMat.MAT: "MẬT", DoMat.TOI_MAT: "TỐI MẬT", DoMat.TUYET_MAT: "TUYỆT MẬT"}


async def gate_metadata(user: Actor, meta: DocumentMetadata, caller: Client) -> None:
    if meta.do_mat is not DoMat.KHONG:
        raise await _refuse_classified(
            user, caller, _MARKING_OF[meta.do_mat], "do_mat", meta.direction
        )
    for field in ("so_ky_hieu", "trich_yeu", "co_quan_ban_hanh", "nguoi_ky"):
        marking = find_marking(getattr(meta, field) or "")
        if marking:
            raise await _refuse_classified(user, caller, marking, field, meta.direction)


async def gate_file(user: Actor, staged: StagedFile, caller: Client, direction: Direction) -> None:
    marking = find_marking(staged.text)
    if marking:
        file_store().discard(staged)
        raise await _refuse_classified(user, caller, marking, "file", direction)


async def receive_file(
    user: Actor,
    source: AsyncReadable | bytes,
    filename: str,
    caller: Client,
    direction: Direction,
) -> StagedFile:
    """Stream, check type by content, extract text and pass the classification gate."""
    staged = await file_store().receive(source, filename)
    await gate_file(user, staged, caller, direction)
    return staged


def _filename(staged: StagedFile) -> str:
    kind = staged.inspected.kind if staged.inspected else FileKind.PDF
    name = staged.filename
    if not name.lower().endswith(kind.extension):
        name = f"{name.rsplit('.', 1)[0] if '.' in name else name}{kind.extension}"
    return name


def _meta_text(row: dict) -> str:
    loai_label = DOCUMENT_TYPES.get(row["loai"], "")
    parts = [row["ky_hieu"], loai_label, row["co_quan_ban_hanh"], row["trich_yeu"], row["nguoi_ky"]]
    return "\n".join(p for p in parts if p)


async def _reindex(document_id: int) -> None:
    row = (
        await Document.select(
            Document.id,
            Document.ky_hieu,
            Document.loai,
            Document.co_quan_ban_hanh,
            Document.trich_yeu,
            Document.nguoi_ky,
            Document.extracted_text,
            Document.organisation,
        )
        .where(Document.id == document_id)
        .first()
    )
    await search.index_document(
        document_id, row["organisation"], _meta_text(row), row["extracted_text"]
    )


async def _add_file_row(
    document_id: int, staged: StagedFile, role: FileRole, user_id: int | None
) -> None:
    await file_store().record(staged)
    await DocumentFile.insert(
        DocumentFile(
            document=document_id,
            sha256=staged.sha256,
            filename=_filename(staged),
            mime=staged.mime,
            size=staged.size,
            role=role.value,
            uploaded_by=user_id,
            created_at=now(),
        )
    )


async def register_document(
    user: Actor,
    meta: DocumentMetadata,
    source: AsyncReadable | bytes,
    filename: str,
    caller: Client,
) -> DocumentDetail:
    """Vào sổ: validate, gate, store the file and the rows together, or nothing at all."""
    plan = plan_registration(user, meta)
    await gate_metadata(user, meta, caller)
    staged = await receive_file(user, source, filename, caller, plan.direction)
    store = file_store()
    async with store.placing(staged):
        async with db.transaction():
            so_den = None
            if plan.direction is Direction.DEN:
                so_den = await allocate_number(
                    plan.organisation_id, INCOMING_SERIES, str(today().year)
                )
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
                created_by=user.id,
                created_at=created,
                updated_at=created,
                extracted_text=staged.text,
            )
            await document.save()
            await _add_file_row(document.id, staged, FileRole.ORIGINAL, user.id)
            if plan.direction is Direction.DI:
                # The drafter handles his own draft: that is also what lets him read it.
                await _upsert_assignment(
                    document.id,
                    user.id,
                    AssignmentRole.XU_LY_CHINH,
                    plan.han_xu_ly,
                    "",
                    user.id,
                    plan,
                )
            await _reindex(document.id)
            await _record(
                document.id,
                user,
                "registered",
                caller,
                {
                    "direction": plan.direction.value,
                    "so_den": so_den,
                    "ky_hieu": plan.ky_hieu,
                    "sha256": staged.sha256,
                },
            )
    return await detail(user, document.id, record_open=False)


async def add_file(
    user: Actor,
    document_id: int,
    source: AsyncReadable | bytes,
    filename: str,
    caller: Client,
) -> DocumentDetail:
    """Another file for a document: a new draft version (outgoing) or an attachment."""
    row = await _readable(user, document_id)
    status = DocumentStatus(row["status"])
    if row["direction"] == Direction.DI.value:
        allowed = status is S.DU_THAO and (
            await _is_main_handler(user, document_id) or is_clerk(user, row["org_id"])
        )
        role = FileRole.ORIGINAL
    else:
        allowed = is_clerk(user, row["org_id"]) and status not in FINISHED
        role = FileRole.ATTACHMENT
    if not allowed:
        raise Problem(
            403, "Bạn không được thêm tệp vào văn bản ở trạng thái này.", code="forbidden"
        )
    staged = await receive_file(user, source, filename, caller, Direction(row["direction"]))
    async with file_store().placing(staged):
        async with db.transaction():
            if role is FileRole.ORIGINAL:
                # The newest draft replaces the older one as the file to sign.
                await DocumentFile.update({DocumentFile.role: FileRole.ATTACHMENT.value}).where(
                    (DocumentFile.document == document_id)
                    & (DocumentFile.role == FileRole.ORIGINAL.value)
                )
            await _add_file_row(document_id, staged, role, user.id)
            current = (
                await Document.select(Document.extracted_text)
                .where(Document.id == document_id)
                .first()
            )
            text = (current["extracted_text"] + "\n\n" + staged.text).strip()
            await Document.update(
                {Document.extracted_text: text[:4_000_000], Document.updated_at: now()}
            ).where(Document.id == document_id)
            await _reindex(document_id)
            await _record(
                document_id,
                user,
                "file_added",
                caller,
                {"sha256": staged.sha256, "filename": _filename(staged), "role": role.value},
            )
    return await detail(user, document_id, record_open=False)


# ---- assignments --------------------------------------------------------------------------


async def _upsert_assignment(
    document_id: int,
    user_id: int,
    role: AssignmentRole,
    deadline: date | None,
    instruction: str,
    assigned_by: int,
    document: dict | _Plan,
) -> bool:
    """Create or update the user's one assignment on the document; True if it is new."""
    get = document.get if isinstance(document, dict) else lambda k: getattr(document, k)
    do_khan = DoKhan(get("do_khan"))
    direction = get("direction")
    values = {
        Assignment.role: role.value,
        Assignment.deadline: deadline,
        Assignment.instruction: instruction,
        Assignment.assigned_by: assigned_by,
        Assignment.status: AssignmentStatus.CHO_XU_LY.value,
        Assignment.result: "",
        Assignment.done_at: None,
        Assignment.done: 0,
        Assignment.urgency_rank: URGENCY_RANK[do_khan],
        Assignment.sort_deadline: deadline or NO_DEADLINE,
        Assignment.direction: getattr(direction, "value", direction),
    }
    existing = (
        await Assignment.select(Assignment.id)
        .where((Assignment.document == document_id) & (Assignment.user == user_id))
        .first()
    )
    if existing:
        await Assignment.update(values).where(Assignment.id == existing["id"])
        return False
    await Assignment.insert(
        Assignment(
            document=document_id,
            user=user_id,
            created_at=now(),
            **{column._meta.name: value for column, value in values.items()},
        )
    )
    return True


async def _users_in(organisation_id: int, user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(
        User.id.is_in(user_ids) & (User.organisation == organisation_id)
    )
    found = {r["id"]: r["full_name"] for r in rows}
    missing = [u for u in user_ids if u not in found]
    if missing:
        raise _invalid(
            "Người được giao phải thuộc cùng tổ chức với văn bản "
            f"(không hợp lệ: {', '.join(map(str, missing))}).",
            "invalid_assignee",
        )
    return found


async def _my_assignment(user: Actor, document_id: int) -> dict | None:
    return (
        await Assignment.select()
        .where((Assignment.document == document_id) & (Assignment.user == user.id))
        .first()
    )


async def _is_main_handler(user: Actor, document_id: int) -> bool:
    mine = await _my_assignment(user, document_id)
    return bool(mine and mine["role"] == AssignmentRole.XU_LY_CHINH.value)


async def assign(
    user: Actor, document_id: int, request: AssignRequest, caller: Client
) -> DocumentDetail:
    """A lãnh đạo assigns: exactly one main handler, co-handlers, readers, deadline,
    instruction (ý kiến chỉ đạo)."""
    row = await _readable(user, document_id)
    if not is_leader(user, row["org_id"]):
        raise Problem(403, "Chỉ lãnh đạo của đơn vị được phân công xử lý.", code="forbidden")
    if row["direction"] != Direction.DEN.value:
        raise Problem(409, "Chỉ phân công xử lý văn bản đến.", code="invalid_transition")
    status = DocumentStatus(row["status"])
    if status not in {S.MOI, *PROCESSING}:
        raise Problem(
            409,
            f"Văn bản đang ở trạng thái “{STATUS_LABELS[status]}”, không phân công được.",
            code="invalid_transition",
        )
    everyone = [request.main_handler_id, *request.co_handler_ids, *request.reader_ids]
    if len(set(everyone)) != len(everyone):
        raise _invalid("Mỗi người chỉ nhận một vai trò trên một văn bản.", "duplicate_assignee")
    if request.deadline and request.deadline < today():
        raise _invalid("Hạn xử lý không được ở trong quá khứ.")
    names = await _users_in(row["org_id"], everyone)
    deadline = request.deadline or _as_date(row["han_xu_ly"])
    instruction = request.instruction.strip()
    roles = [(request.main_handler_id, AssignmentRole.XU_LY_CHINH)]
    roles += [(u, AssignmentRole.PHOI_HOP) for u in request.co_handler_ids]
    roles += [(u, AssignmentRole.DE_BIET) for u in request.reader_ids]
    async with db.transaction():
        # Exactly one main handler: a previous one stays informed, as a reader.
        previous = await Assignment.select(Assignment.id, Assignment.user).where(
            (Assignment.document == document_id)
            & (Assignment.role == AssignmentRole.XU_LY_CHINH.value)
            & (Assignment.user != request.main_handler_id)
        )
        for old in previous:
            await Assignment.update({Assignment.role: AssignmentRole.DE_BIET.value}).where(
                Assignment.id == old["id"]
            )
        fresh: list[tuple[int, AssignmentRole]] = []
        for user_id, role in roles:
            if await _upsert_assignment(
                document_id, user_id, role, deadline, instruction, user.id, row
            ):
                fresh.append((user_id, role))
        updates: dict = {Document.updated_at: now()}
        if deadline:
            updates[Document.han_xu_ly] = deadline
        await Document.update(updates).where(Document.id == document_id)
        await _record(
            document_id,
            user,
            "assigned",
            caller,
            {
                "main": {"id": request.main_handler_id, "name": names[request.main_handler_id]},
                "co": [{"id": u, "name": names[u]} for u in request.co_handler_ids],
                "readers": [{"id": u, "name": names[u]} for u in request.reader_ids],
                "deadline": deadline.isoformat() if deadline else None,
                "instruction": instruction,
                "replaced": [o["user"] for o in previous],
            },
        )
        if status is S.MOI:
            await _transition(row, S.DA_PHAN_CONG, user, caller)
        await _notify_assigned(row, fresh, deadline)
    return await detail(user, document_id, record_open=False)


async def _start_if_main(row: dict, user: Actor, mine: dict, caller: Client) -> None:
    """The main handler's first action moves the document to ``dang_xu_ly``."""
    if mine["status"] == AssignmentStatus.CHO_XU_LY.value:
        await Assignment.update({Assignment.status: AssignmentStatus.DANG_XU_LY.value}).where(
            Assignment.id == mine["id"]
        )
    if mine["role"] == AssignmentRole.XU_LY_CHINH.value and row["status"] == S.DA_PHAN_CONG.value:
        await _transition(row, S.DANG_XU_LY, user, caller)


async def add_opinion(user: Actor, document_id: int, text: str, caller: Client) -> DocumentDetail:
    row = await _readable(user, document_id)
    mine = await _my_assignment(user, document_id)
    handler = mine is not None and mine["role"] in HANDLER_ROLES
    if not (handler or is_leader(user, row["org_id"])):
        raise Problem(
            403, "Chỉ người xử lý hoặc lãnh đạo đơn vị được ghi ý kiến.", code="forbidden"
        )
    status = DocumentStatus(row["status"])
    if status not in {*PROCESSING, S.DU_THAO, S.CHO_KY}:
        raise Problem(
            409,
            f"Văn bản ở trạng thái “{STATUS_LABELS[status]}” không nhận thêm ý kiến.",
            code="invalid_transition",
        )
    text = text.strip()
    if not text:
        raise _invalid("Ý kiến không được để trống.")
    async with db.transaction():
        opinion = Opinion(document=document_id, user=user.id, text=text, created_at=now())
        await opinion.save()
        await _record(document_id, user, "opinion", caller, {"opinion_id": opinion.id})
        if handler and status in PROCESSING:
            await _start_if_main(row, user, mine, caller)
    return await detail(user, document_id, record_open=False)


async def forward(
    user: Actor, document_id: int, request: ForwardRequest, caller: Client
) -> DocumentDetail:
    """A handler passes the document to colleagues of his own organisation."""
    row = await _readable(user, document_id)
    mine = await _my_assignment(user, document_id)
    if mine is None or mine["role"] not in HANDLER_ROLES or mine["done"]:
        raise Problem(403, "Chỉ người đang xử lý văn bản được chuyển tiếp.", code="forbidden")
    status = DocumentStatus(row["status"])
    if status not in PROCESSING:
        raise Problem(
            409,
            f"Văn bản ở trạng thái “{STATUS_LABELS[status]}” không chuyển tiếp được.",
            code="invalid_transition",
        )
    if request.role is AssignmentRole.XU_LY_CHINH:
        raise _invalid(
            "Chuyển tiếp chỉ để phối hợp hoặc để biết; người xử lý chính do lãnh đạo phân công.",
            "invalid_role",
        )
    targets = list(dict.fromkeys(request.user_ids))
    if user.id in targets:
        raise _invalid("Không chuyển tiếp cho chính mình.", "invalid_assignee")
    names = await _users_in(user.organisation_id, targets)
    existing = {
        r["user"]
        for r in await Assignment.select(Assignment.user).where(
            (Assignment.document == document_id) & Assignment.user.is_in(targets)
        )
    }
    if existing:
        raise _invalid(
            "Văn bản đã được giao cho: "
            + ", ".join(names[u] for u in targets if u in existing)
            + ".",
            "already_assigned",
        )
    deadline = _as_date(mine["deadline"])
    async with db.transaction():
        for target in targets:
            await _upsert_assignment(
                document_id, target, request.role, deadline, request.note.strip(), user.id, row
            )
        await _record(
            document_id,
            user,
            "forwarded",
            caller,
            {
                "to": [{"id": u, "name": names[u]} for u in targets],
                "role": request.role.value,
                "note": request.note.strip(),
            },
        )
        await _start_if_main(row, user, mine, caller)
        await _notify_assigned(row, [(u, request.role) for u in targets], deadline)
    return await detail(user, document_id, record_open=False)


async def mark_done(user: Actor, document_id: int, result: str, caller: Client) -> DocumentDetail:
    row = await _readable(user, document_id)
    mine = await _my_assignment(user, document_id)
    if mine is None or mine["role"] not in HANDLER_ROLES:
        raise Problem(403, "Chỉ người xử lý được báo cáo hoàn thành.", code="forbidden")
    if mine["done"]:
        raise Problem(409, "Bạn đã báo hoàn thành văn bản này.", code="already_done")
    status = DocumentStatus(row["status"])
    if status not in PROCESSING:
        raise Problem(
            409,
            f"Văn bản ở trạng thái “{STATUS_LABELS[status]}”, không báo hoàn thành được.",
            code="invalid_transition",
        )
    result = result.strip()
    if not result:
        raise _invalid("Cần ghi kết quả xử lý.")
    async with db.transaction():
        await Assignment.update(
            {
                Assignment.status: AssignmentStatus.HOAN_THANH.value,
                Assignment.result: result,
                Assignment.done_at: now(),
                Assignment.done: 1,
            }
        ).where(Assignment.id == mine["id"])
        await _record(document_id, user, "done", caller, {"role": mine["role"], "result": result})
        if mine["role"] == AssignmentRole.XU_LY_CHINH.value:
            await _transition(row, S.HOAN_THANH, user, caller)
    return await detail(user, document_id, record_open=False)


async def reopen(user: Actor, document_id: int, note: str, caller: Client) -> DocumentDetail:
    row = await _readable(user, document_id)
    if not is_leader(user, row["org_id"]):
        raise Problem(403, "Chỉ lãnh đạo của đơn vị được mở lại văn bản.", code="forbidden")
    async with db.transaction():
        await _transition(row, S.DANG_XU_LY, user, caller, note=note.strip())
        await Assignment.update(
            {
                Assignment.status: AssignmentStatus.DANG_XU_LY.value,
                Assignment.done: 0,
                Assignment.done_at: None,
            }
        ).where(
            (Assignment.document == document_id)
            & (Assignment.role == AssignmentRole.XU_LY_CHINH.value)
        )
    return await detail(user, document_id, record_open=False)


async def share(
    user: Actor, document_id: int, user_ids: list[int], caller: Client
) -> DocumentDetail:
    """The văn thư or lãnh đạo of the register lets other people read a document."""
    row = await _readable(user, document_id)
    if not keeps_register(user, row["org_id"]):
        raise Problem(
            403, "Chỉ văn thư hoặc lãnh đạo đơn vị được chia sẻ văn bản.", code="forbidden"
        )
    targets = list(dict.fromkeys(user_ids))
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(targets))
    names = {r["id"]: r["full_name"] for r in rows}
    missing = [u for u in targets if u not in names]
    if missing:
        raise _invalid(f"Không có người dùng: {', '.join(map(str, missing))}.", "unknown_user")
    async with db.transaction():
        already = {
            r["user"]
            for r in await DocumentShare.select(DocumentShare.user).where(
                (DocumentShare.document == document_id) & DocumentShare.user.is_in(targets)
            )
        }
        new = [u for u in targets if u not in already]
        for target in new:
            await DocumentShare.insert(
                DocumentShare(
                    document=document_id, user=target, shared_by=user.id, created_at=now()
                )
            )
        if new:
            await _record(
                document_id,
                user,
                "shared",
                caller,
                {"with": [{"id": u, "name": names[u]} for u in new]},
            )
    return await detail(user, document_id, record_open=False)


# ---- outgoing: submit, return, sign, release ----------------------------------------------


async def original_pdf(document_id: int) -> dict | None:
    return (
        await DocumentFile.select()
        .where(
            (DocumentFile.document == document_id) & (DocumentFile.role == FileRole.ORIGINAL.value)
        )
        .order_by(DocumentFile.id, ascending=False)
        .first()
    )


async def submit_for_signing(user: Actor, document_id: int, caller: Client) -> DocumentDetail:
    """Trình ký: allocate the number (once) and hand the draft to the leaders."""
    row = await _readable(user, document_id)
    if row["direction"] != Direction.DI.value:
        raise Problem(409, "Chỉ văn bản đi mới trình ký.", code="invalid_transition")
    if not (await _is_main_handler(user, document_id) or is_clerk(user, row["org_id"])):
        raise Problem(403, "Chỉ người soạn thảo hoặc văn thư được trình ký.", code="forbidden")
    original = await original_pdf(document_id)
    if original is None or original["mime"] != FileKind.PDF.value:
        raise Problem(
            409,
            "Dự thảo cần có tệp PDF để ký số. Hãy tải lên bản PDF của dự thảo.",
            code="pdf_required",
        )
    async with db.transaction():
        so, ky_hieu = row["so"], row["ky_hieu"]
        if so is None:
            so = await allocate_number(row["org_id"], row["loai"], row["nhiem_ky"])
            issuer = issuer_for_organisation(row["org_code"]) or row["org_code"]
            ky_hieu = f"{so}-{row['loai']}/{issuer}"
            await Document.update({Document.so: so, Document.ky_hieu: ky_hieu}).where(
                Document.id == document_id
            )
            row["ky_hieu"] = ky_hieu
            await _reindex(document_id)
        await _transition(row, S.CHO_KY, user, caller, so=so, ky_hieu=ky_hieu)
        await _notify_waiting_for_signature(row, ky_hieu, exclude=user.id)
    return await detail(user, document_id, record_open=False)


async def _leaders_of(organisation_id: int) -> list[int]:
    rows = await User.select(User.id, User.roles).where(User.organisation == organisation_id)
    leaders = []
    for r in rows:
        roles = json.loads(r["roles"]) if isinstance(r["roles"], str) else (r["roles"] or [])
        if Role.LANH_DAO.value in roles:
            leaders.append(r["id"])
    return leaders


async def _notify_waiting_for_signature(row: dict, ky_hieu: str, exclude: int) -> None:
    """The leaders of the organisation learn that a draft waits for their signature."""
    leaders = [u for u in await _leaders_of(row["org_id"]) if u != exclude]
    if not leaders:
        return
    from backend.notifications.notifier import Notifier
    from shared.notifications import NotificationKind

    await Notifier().notify(
        leaders,
        kind=NotificationKind.VAN_BAN,
        title="Văn bản chờ ký",
        body=f"Văn bản số {ky_hieu} đã được trình ký.",
        link=f"/van-ban/{row['id']}",
        urgent=row["do_khan"] == DoKhan.HOA_TOC.value,
    )


async def return_draft(user: Actor, document_id: int, note: str, caller: Client) -> DocumentDetail:
    row = await _readable(user, document_id)
    if not is_leader(user, row["org_id"]):
        raise Problem(403, "Chỉ lãnh đạo được trả lại dự thảo.", code="forbidden")
    async with db.transaction():
        await _transition(row, S.DU_THAO, user, caller, note=note.strip())
    return await detail(user, document_id, record_open=False)


async def signing_subject(user: Actor, document_id: int) -> tuple[dict, dict]:
    """The document and its PDF a lãnh đạo may sign now (status ``cho_ky``)."""
    row = await _readable(user, document_id)
    if not is_leader(user, row["org_id"]):
        raise Problem(403, "Chỉ lãnh đạo của đơn vị được ký văn bản.", code="forbidden")
    if row["status"] != S.CHO_KY.value:
        raise Problem(
            409,
            f"Văn bản đang ở trạng thái “{STATUS_LABELS[DocumentStatus(row['status'])]}”, "
            "không phải chờ ký.",
            code="invalid_transition",
        )
    original = await original_pdf(document_id)
    if original is None or original["mime"] != FileKind.PDF.value:
        raise Problem(409, "Văn bản chưa có tệp PDF để ký.", code="pdf_required")
    return row, original


def signing_intent(row: dict) -> str:
    """What the signer confirms with his passkey (bound into the WebAuthn challenge)."""
    return f"Ký văn bản số {row['ky_hieu']}"


async def record_signed(
    user: Actor,
    document_id: int,
    signed_pdf: bytes,
    caller: Client,
    detail_: dict,
) -> DocumentDetail:
    """Store the signed PDF next to the original and move the document to ``da_ky``."""
    row, original = await signing_subject(user, document_id)
    name = original["filename"].removesuffix(".pdf") + "-da-ky.pdf"
    staged = await file_store().receive(signed_pdf, name)
    async with file_store().placing(staged):
        async with db.transaction():
            await _add_file_row(document_id, staged, FileRole.SIGNED, user.id)
            await Document.update(
                {Document.nguoi_ky: user.full_name, Document.updated_at: now()}
            ).where(Document.id == document_id)
            # The signing service has audited the signature itself; this is the timeline line.
            await _event(
                document_id,
                user.id,
                "signed",
                {"sha256": staged.sha256, "original_sha256": original["sha256"], **detail_},
            )
            await _transition(row, S.DA_KY, user, caller)
            await _reindex(document_id)
    return await detail(user, document_id, record_open=False)


async def release(user: Actor, document_id: int, caller: Client) -> DocumentDetail:
    """Phát hành: the văn thư sends the signed document out; it takes today's date."""
    row = await _readable(user, document_id)
    if not is_clerk(user, row["org_id"]):
        raise Problem(403, "Chỉ văn thư được phát hành văn bản.", code="forbidden")
    async with db.transaction():
        await _transition(row, S.DA_PHAT_HANH, user, caller)
        if row["ngay_ban_hanh"] is None:
            await Document.update({Document.ngay_ban_hanh: today()}).where(
                Document.id == document_id
            )
    return await detail(user, document_id, record_open=False)


# ---- reading ------------------------------------------------------------------------------


async def _record_open(user: Actor, document_id: int) -> None:
    moment = now()
    async with db.transaction():
        updated = await ReadReceipt.raw(
            'UPDATE "read_receipt" SET "last_opened_at" = {}, "open_count" = "open_count" + 1 '
            'WHERE "document" = {} AND "user" = {} RETURNING "id"',
            moment,
            document_id,
            user.id,
        )
        if updated:
            return
        await ReadReceipt.insert(
            ReadReceipt(
                document=document_id,
                user=user.id,
                first_opened_at=moment,
                last_opened_at=moment,
                open_count=1,
            )
        )
        await _event(document_id, user.id, "opened", {})
        # A reader's ("để biết") assignment is fulfilled by reading it.
        await Assignment.update(
            {
                Assignment.status: AssignmentStatus.HOAN_THANH.value,
                Assignment.done: 1,
                Assignment.done_at: moment,
            }
        ).where(
            (Assignment.document == document_id)
            & (Assignment.user == user.id)
            & (Assignment.role == AssignmentRole.DE_BIET.value)
            & (Assignment.done == 0)
        )


async def _actions(user: Actor, row: dict, mine: dict | None) -> list[str]:
    status = DocumentStatus(row["status"])
    org = row["org_id"]
    handler = mine is not None and mine["role"] in HANDLER_ROLES
    main = mine is not None and mine["role"] == AssignmentRole.XU_LY_CHINH.value
    actions: list[str] = []
    if row["direction"] == Direction.DEN.value:
        if is_leader(user, org) and status in {S.MOI, *PROCESSING}:
            actions.append("assign")
        if (handler or is_leader(user, org)) and status in PROCESSING:
            actions.append("opinion")
        if handler and not mine["done"] and status in PROCESSING:
            actions += ["forward", "done"]
        if is_leader(user, org) and status is S.HOAN_THANH:
            actions.append("reopen")
        if is_clerk(user, org) and status not in FINISHED:
            actions.append("add_file")
    else:
        if (handler or is_leader(user, org)) and status in {S.DU_THAO, S.CHO_KY}:
            actions.append("opinion")
        if status is S.DU_THAO and (main or is_clerk(user, org)):
            actions += ["submit", "add_file"]
        if status is S.CHO_KY and is_leader(user, org):
            actions += ["sign", "return"]
        if status is S.DA_KY and is_clerk(user, org):
            actions.append("release")
    if keeps_register(user, org):
        actions.append("share")
    return actions


async def detail(user: Actor, document_id: int, *, record_open: bool = True) -> DocumentDetail:
    row = await _readable(user, document_id)
    if record_open:
        await _record_open(user, document_id)
    files = (
        await DocumentFile.select()
        .where(DocumentFile.document == document_id)
        .order_by(DocumentFile.id)
    )
    assignments = (
        await Assignment.select(
            Assignment.all_columns(),
            Assignment.user.full_name.as_alias("user_name"),
            Assignment.assigned_by.full_name.as_alias("assigned_by_name"),
        )
        .where(Assignment.document == document_id)
        .order_by(Assignment.id)
    )
    opinions = (
        await Opinion.select(Opinion.all_columns(), Opinion.user.full_name.as_alias("user_name"))
        .where(Opinion.document == document_id)
        .order_by(Opinion.id)
    )
    mine = next((a for a in assignments if a["user"] == user.id), None)
    status = DocumentStatus(row["status"])
    han = _as_date(row["han_xu_ly"])
    return DocumentDetail(
        id=row["id"],
        direction=Direction(row["direction"]),
        organisation_code=row["org_code"],
        organisation_name=row["org_name"],
        so=row["so"],
        ky_hieu=row["ky_hieu"],
        loai=row["loai"],
        loai_label=DOCUMENT_TYPES.get(row["loai"], row["loai"]),
        co_quan_ban_hanh=row["co_quan_ban_hanh"],
        ngay_ban_hanh=_as_date(row["ngay_ban_hanh"]),
        trich_yeu=row["trich_yeu"],
        nguoi_ky=row["nguoi_ky"],
        do_khan=DoKhan(row["do_khan"]),
        han_xu_ly=han,
        status=status,
        nhiem_ky=row["nhiem_ky"],
        so_den=row["so_den"],
        created_by_name=row["created_by_name"] or "",
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        files=[
            DocumentFileInfo(
                sha256=f["sha256"],
                filename=f["filename"],
                mime=f["mime"],
                size=f["size"],
                role=FileRole(f["role"]),
                created_at=f["created_at"],
            )
            for f in files
        ],
        assignments=[
            AssignmentInfo(
                id=a["id"],
                user_id=a["user"],
                user_name=a["user_name"] or "",
                role=AssignmentRole(a["role"]),
                status=AssignmentStatus(a["status"]),
                deadline=_as_date(a["deadline"]),
                instruction=a["instruction"],
                assigned_by_name=a["assigned_by_name"] or "",
                result=a["result"],
                done_at=a["done_at"],
                created_at=a["created_at"],
            )
            for a in assignments
        ],
        opinions=[
            OpinionInfo(
                id=o["id"],
                user_id=o["user"],
                user_name=o["user_name"] or "",
                text=o["text"],
                created_at=o["created_at"],
            )
            for o in opinions
        ],
        overdue=_overdue(han, status in FINISHED),
        actions=await _actions(user, row, mine),
    )


async def read_receipts(user: Actor, document_id: int) -> list[ReadReceiptInfo]:
    row = await _readable(user, document_id)
    if not (keeps_register(user, row["org_id"]) or await _is_main_handler(user, document_id)):
        raise Problem(
            403,
            "Chỉ văn thư, lãnh đạo đơn vị hoặc người xử lý chính xem được ai đã đọc.",
            code="forbidden",
        )
    rows = (
        await ReadReceipt.select(
            ReadReceipt.all_columns(), ReadReceipt.user.full_name.as_alias("user_name")
        )
        .where(ReadReceipt.document == document_id)
        .order_by(ReadReceipt.first_opened_at)
    )
    return [
        ReadReceiptInfo(
            user_id=r["user"],
            user_name=r["user_name"] or "",
            first_opened_at=r["first_opened_at"],
            last_opened_at=r["last_opened_at"],
            open_count=r["open_count"],
        )
        for r in rows
    ]


def _names(items: list[dict]) -> str:
    return ", ".join(i.get("name", "") for i in items)


def describe_event(action: str, detail_: dict) -> str:
    """The timeline line, in Vietnamese."""
    if action == "registered":
        if detail_.get("direction") == Direction.DEN.value:
            return f"Vào sổ văn bản đến, số đến {detail_.get('so_den')}"
        return "Tạo dự thảo văn bản đi"
    if action == "assigned":
        text = f"Phân công xử lý chính: {detail_['main']['name']}"
        if detail_.get("co"):
            text += f"; phối hợp: {_names(detail_['co'])}"
        if detail_.get("readers"):
            text += f"; để biết: {_names(detail_['readers'])}"
        if detail_.get("deadline"):
            text += f"; hạn {_dmy(date.fromisoformat(detail_['deadline']))}"
        if detail_.get("instruction"):
            text += f". Ý kiến chỉ đạo: {detail_['instruction']}"
        return text
    if action == "forwarded":
        role = ASSIGNMENT_ROLE_LABELS[AssignmentRole(detail_["role"])].lower()
        text = f"Chuyển tiếp ({role}) cho {_names(detail_['to'])}"
        return text + (f": {detail_['note']}" if detail_.get("note") else "")
    if action == "opinion":
        return "Ghi ý kiến xử lý"
    if action == "done":
        return f"Báo hoàn thành: {detail_.get('result', '')}"
    if action == "status":
        text = (
            f"Chuyển trạng thái: {STATUS_LABELS[DocumentStatus(detail_['from'])]} → "
            f"{STATUS_LABELS[DocumentStatus(detail_['to'])]}"
        )
        if detail_.get("ky_hieu"):
            text += f" (cấp số {detail_['ky_hieu']})"
        if detail_.get("note"):
            text += f": {detail_['note']}"
        return text
    if action == "shared":
        return f"Chia sẻ cho {_names(detail_['with'])}"
    if action == "file_added":
        return f"Thêm tệp {detail_.get('filename', '')}"
    if action == "signed":
        return "Ký số văn bản"
    if action == "opened":
        return "Mở đọc lần đầu"
    return action


async def timeline(user: Actor, document_id: int) -> list[TimelineEntry]:
    await _readable(user, document_id)
    rows = (
        await DocumentEvent.select(
            DocumentEvent.all_columns(), DocumentEvent.actor.full_name.as_alias("actor_name")
        )
        .where(DocumentEvent.document == document_id)
        .order_by(DocumentEvent.id)
    )
    entries = []
    for r in rows:
        detail_ = _detail_json(r["detail"])
        entries.append(
            TimelineEntry(
                id=r["id"],
                at=r["at"],
                actor_name=r["actor_name"] or "",
                action=r["action"],
                text=describe_event(r["action"], detail_),
                detail=detail_,
            )
        )
    return entries


# ---- lists --------------------------------------------------------------------------------


def _encode_cursor(values: list) -> str:
    raw = json.dumps(values, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(cursor: str, shape: tuple[type, ...]) -> list:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        if not isinstance(values, list) or len(values) != len(shape):
            raise ValueError
        out = []
        for value, kind in zip(values, shape, strict=True):
            item = date.fromisoformat(value) if kind is date else kind(value)
            if kind is int and not 0 <= item <= MAX_ID:
                raise ValueError
            out.append(item)
        return out
    except (ValueError, TypeError, json.JSONDecodeError, UnicodeDecodeError):
        raise Problem(400, "Con trỏ phân trang không hợp lệ.", code="invalid_cursor") from None


_INBOX_SELECT = (
    'SELECT a."id" AS assignment_id, a."role", a."status" AS assignment_status, '
    'a."deadline", a."done", a."urgency_rank", a."sort_deadline", '
    'd."id", d."direction", o."code" AS org_code, d."ky_hieu", d."loai", '
    'd."co_quan_ban_hanh", d."ngay_ban_hanh", d."trich_yeu", d."do_khan", d."han_xu_ly", '
    'd."status", d."so_den" '
    'FROM assignment a JOIN document d ON d."id" = a."document" '
    'JOIN organisation o ON o."id" = d."organisation" '
)


async def inbox(
    user: Actor,
    *,
    state: str = "open",
    status: AssignmentStatus | None = None,
    do_khan: DoKhan | None = None,
    direction: Direction | None = None,
    overdue: bool = False,
    cursor: str | None = None,
    limit: int = 20,
    with_total: bool = False,
) -> InboxPage:
    """The user's assignments: open ones first, then hỏa tốc → thường, then nearest deadline.

    One range scan of the ``assignment_inbox`` index (user, done, urgency_rank, sort_deadline,
    id), paged by keyset: the 300th page costs what the first does. ``with_total`` adds the
    count of the whole list (one more index scan; the badge of a tab asks for it, paging not).
    """
    where = ['a."user" = {}']
    args: list = [user.id]
    if state == "open" or overdue:
        done_values = [0]
    elif state == "done":
        done_values = [1]
    elif state == "all":
        done_values = [0, 1]
    else:
        raise Problem(400, "Tham số view phải là open, done hoặc all.", code="invalid_filter")
    if status is not None:
        where.append('a."status" = {}')
        args.append(status.value)
    if do_khan is not None:
        where.append('a."urgency_rank" = {}')
        args.append(URGENCY_RANK[do_khan])
    if direction is not None:
        where.append('a."direction" = {}')
        args.append(direction.value)
    if overdue:
        where.append('a."sort_deadline" < {}')
        args.append(today())
    after: list | None = None
    if cursor:
        after = _decode_cursor(cursor, (int, int, date, int))
    # One query per value of "done", each with "done" fixed: the keyset condition is then a
    # row value over the next index columns, which both engines turn into an index range in
    # index order (with "done" inside the row value SQLite sorted the whole range instead).
    rows: list[dict] = []
    for done in done_values:
        if after is not None and done < after[0]:
            continue
        part_where = [*where, 'a."done" = {}']
        part_args = [*args, done]
        if after is not None and done == after[0]:
            part_where.append('(a."urgency_rank", a."sort_deadline", a."id") > ({}, {}, {})')
            part_args += after[1:]
        rows += await Assignment.raw(
            _INBOX_SELECT
            + "WHERE "
            + " AND ".join(part_where)
            + ' ORDER BY a."urgency_rank", a."sort_deadline", a."id" LIMIT {}',
            *part_args,
            limit + 1 - len(rows),
        )
        if len(rows) > limit:
            break
    more = len(rows) > limit
    rows = rows[:limit]
    items = [
        InboxItem(
            assignment_id=r["assignment_id"],
            role=AssignmentRole(r["role"]),
            assignment_status=AssignmentStatus(r["assignment_status"]),
            deadline=_as_date(r["deadline"]),
            overdue=_overdue(_as_date(r["deadline"]), bool(r["done"])),
            document=summary(r),
        )
        for r in rows
    ]
    next_cursor = None
    if more and rows:
        last = rows[-1]
        next_cursor = _encode_cursor(
            [
                int(last["done"]),
                int(last["urgency_rank"]),
                _as_date(last["sort_deadline"]).isoformat(),
                last["assignment_id"],
            ]
        )
    total = None
    if cursor is None and with_total:
        in_done = " OR ".join('a."done" = {}' for _ in done_values)
        counted = await Assignment.raw(
            f"SELECT COUNT(*) AS n FROM assignment a WHERE {' AND '.join(where)} AND ({in_done})",
            *args,
            *done_values,
        )
        total = int(counted[0]["n"])
    return InboxPage(items=items, next_cursor=next_cursor, total=total)


async def register(
    user: Actor,
    *,
    direction: Direction,
    status: DocumentStatus | None = None,
    cursor: str | None = None,
    limit: int = 30,
) -> DocumentPage:
    """Sổ văn bản of the caller's organisation (văn thư and lãnh đạo only), newest first."""
    if not user.has(Role.VAN_THU, Role.LANH_DAO):
        raise Problem(
            403, "Chỉ văn thư hoặc lãnh đạo đơn vị được xem sổ văn bản.", code="forbidden"
        )
    query = Document.select(*_SUMMARY_COLUMNS).where(
        (Document.organisation == user.organisation_id) & (Document.direction == direction.value)
    )
    if status is not None:
        query = query.where(Document.status == status.value)
    if cursor:
        (last_id,) = _decode_cursor(cursor, (int,))
        query = query.where(Document.id < last_id)
    rows = await query.order_by(Document.id, ascending=False).limit(limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    return DocumentPage(
        items=[summary(r) for r in rows],
        next_cursor=_encode_cursor([rows[-1]["id"]]) if more and rows else None,
    )


async def deadlines(
    user: Actor, *, within_days: int = 3, limit: int = 100
) -> dict[str, list[DocumentSummary]]:
    """Overdue and near-deadline documents the caller handles (and, for a văn thư or lãnh
    đạo, those of his register), nearest deadline first."""
    day = today()
    horizon = day + timedelta(days=within_days)
    ids: set[int] = set()
    mine = (
        await Assignment.select(Assignment.document)
        .where(
            (Assignment.user == user.id)
            & (Assignment.done == 0)
            & (Assignment.sort_deadline <= horizon)
        )
        .limit(limit * 2)
    )
    ids.update(r["document"] for r in mine)
    if user.has(Role.VAN_THU, Role.LANH_DAO):
        org_rows = (
            await Document.select(Document.id)
            .where(
                (Document.organisation == user.organisation_id)
                & Document.status.is_in([S.MOI.value, S.DA_PHAN_CONG.value, S.DANG_XU_LY.value])
                & (Document.han_xu_ly <= horizon)
            )
            .limit(limit * 2)
        )
        ids.update(r["id"] for r in org_rows)
    if not ids:
        return {"overdue": [], "due_soon": []}
    rows = await Document.select(*_SUMMARY_COLUMNS).where(
        Document.id.is_in(list(ids)) & Document.han_xu_ly.is_not_null()
    )
    items = sorted(
        (summary(r) for r in rows if DocumentStatus(r["status"]) not in FINISHED),
        key=lambda s: (s.han_xu_ly, URGENCY_RANK[s.do_khan], s.id),
    )
    return {
        "overdue": [s for s in items if s.han_xu_ly < day][:limit],
        "due_soon": [s for s in items if day <= s.han_xu_ly <= horizon][:limit],
    }


async def search_documents(
    user: Actor, text: str, *, offset: int = 0, limit: int = 20
) -> SearchPage:
    text = text.strip()
    if len(text) > 200:
        raise Problem(400, "Từ khóa tìm kiếm quá dài (tối đa 200 ký tự).", code="query_too_long")
    hits = await search.search_documents(text, Visibility.of(user), limit=limit + 1, offset=offset)
    more = len(hits) > limit
    hits = hits[:limit]
    if not hits:
        return SearchPage(query=text, items=[], offset=offset, has_more=False)
    rows = await Document.select(*_SUMMARY_COLUMNS).where(
        Document.id.is_in([h.document_id for h in hits])
    )
    by_id = {r["id"]: r for r in rows}
    return SearchPage(
        query=text,
        items=[
            SearchHit(
                document=summary(by_id[h.document_id]), exact=h.exact, in_metadata=h.in_metadata
            )
            for h in hits
            if h.document_id in by_id
        ],
        offset=offset,
        has_more=more,
    )


async def colleagues(user: Actor) -> list[Colleague]:
    """People of the caller's organisation (to assign or forward to)."""
    rows = (
        await User.select(
            User.id, User.full_name, User.username, User.organisation.code.as_alias("org_code")
        )
        .where(User.organisation == user.organisation_id)
        .order_by(User.full_name)
    )
    return [
        Colleague(
            id=r["id"],
            full_name=r["full_name"],
            username=r["username"],
            organisation_code=r["org_code"],
        )
        for r in rows
    ]


async def readable_file(user: Actor, sha256: str) -> str | None:
    """The file name under which ``user`` may download blob ``sha256``, or None."""
    rows = await DocumentFile.select(
        DocumentFile.document,
        DocumentFile.filename,
        DocumentFile.document.organisation.as_alias("org_id"),
    ).where(DocumentFile.sha256 == sha256)
    for r in rows:
        if await can_read(user, r["document"], r["org_id"]):
            return r["filename"]
    return None


async def organisation_id(code: str) -> int | None:
    row = await Organisation.select(Organisation.id).where(Organisation.code == code).first()
    return row["id"] if row else None
