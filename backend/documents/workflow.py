"""Processing a document: assigning it, opinions, forwarding, reporting done, reopening,
sharing, and the read receipt an opening leaves.

Each command asks the policy table first (:mod:`backend.documents.policy`), then checks its
input, then writes in one transaction: the change, its timeline line and audit record, the
status move, and the notifications of new assignees.
"""

from __future__ import annotations

from datetime import date

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.core.clock import dmy, now, today
from backend.core.problems import Problem
from backend.documents.assignments import assignees_named, upsert_assignment
from backend.documents.detail import after_write
from backend.documents.records import as_date, permitted, record_of
from backend.documents.tables import Assignment, Document, DocumentShare, Opinion, ReadReceipt
from backend.documents.timeline import TIMELINE
from backend.documents.transitions import AWAITING_ASSIGNMENT, PROCESSING, move
from backend.notifications.notifier import Notifier
from backend.orgs.services import leaders_of
from shared.documents import (
    ASSIGNMENT_ROLE_LABELS,
    DO_KHAN_LABELS,
    AssignmentRole,
    AssignmentStatus,
    AssignRequest,
    Direction,
    DocumentAction,
    DocumentDetail,
    DocumentStatus,
    DoKhan,
    ForwardRequest,
)
from shared.notifications import NotificationKind

S = DocumentStatus
A = DocumentAction


def _invalid(detail: str, code: str = "invalid_metadata") -> Problem:
    return Problem(422, detail, code=code)


async def _start_if_main(row: dict, actor: Actor, own: dict) -> None:
    """A handler's first action starts his assignment; the main handler's also moves the
    document to ``dang_xu_ly``."""
    if own["status"] == AssignmentStatus.CHO_XU_LY.value:
        await Assignment.update({Assignment.status: AssignmentStatus.DANG_XU_LY.value}).where(
            Assignment.id == own["id"]
        )
    if own["role"] == AssignmentRole.XU_LY_CHINH.value and row["status"] == S.DA_PHAN_CONG.value:
        await move(row, S.DANG_XU_LY, actor)


async def record_open(actor: Actor, document_id: int) -> None:
    """The read receipt of an opening; the first one is on the timeline and fulfils a
    reader's ("để biết") assignment."""
    moment = now()
    async with db.transaction():
        updated = await ReadReceipt.raw(
            'UPDATE "read_receipt" SET "last_opened_at" = {}, "open_count" = "open_count" + 1 '
            'WHERE "document" = {} AND "user" = {} RETURNING "id"',
            moment,
            document_id,
            actor.id,
        )
        if updated:
            return
        await ReadReceipt.insert(
            ReadReceipt(
                document=document_id,
                user=actor.id,
                first_opened_at=moment,
                last_opened_at=moment,
                open_count=1,
            )
        )
        await TIMELINE.entry(document_id, actor, "opened", {})
        await Assignment.update(
            {
                Assignment.status: AssignmentStatus.HOAN_THANH.value,
                Assignment.done: 1,
                Assignment.done_at: moment,
            }
        ).where(
            (Assignment.document == document_id)
            & (Assignment.user == actor.id)
            & (Assignment.role == AssignmentRole.DE_BIET.value)
            & (Assignment.done == 0)
        )


class Workflow:
    """The processing commands; new assignees hear of their document through ``notifier``."""

    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def _notify_assigned(
        self, row: dict, assignees: list[tuple[int, AssignmentRole]], deadline: date | None
    ) -> None:
        """Tell each new assignee (inside the caller's transaction). Titles and bodies name no
        document content: they travel through third-party push services."""
        do_khan = DoKhan(row["do_khan"])
        urgent = do_khan is DoKhan.HOA_TOC
        by_role: dict[AssignmentRole, list[int]] = {}
        for user_id, role in assignees:
            by_role.setdefault(role, []).append(user_id)
        for role, user_ids in by_role.items():
            parts = [f"Vai trò: {ASSIGNMENT_ROLE_LABELS[role]}"]
            parts.append(f"Độ khẩn: {DO_KHAN_LABELS[do_khan]}")
            if deadline:
                parts.append(f"Hạn xử lý: {dmy(deadline)}")
            await self.notifier.notify(
                user_ids,
                kind=NotificationKind.VAN_BAN,
                title="Văn bản mới được giao" if not urgent else "Văn bản HỎA TỐC được giao",
                body=". ".join(parts) + ".",
                link=f"/van-ban/{row['id']}",
                urgent=urgent,
            )

    async def send_to_leader(self, actor: Actor, document_id: int, note: str) -> DocumentDetail:
        """Trình: the văn thư puts a registered incoming document before the lãnh đạo of its
        organisation, who are notified and find it in their "Chờ phân công" list."""
        row, _ = await permitted(actor, document_id, A.SEND_TO_LEADER)
        leaders = [u for u in await leaders_of(row["org_id"]) if u != actor.id]
        if not leaders:
            raise Problem(
                409,
                "Đơn vị chưa có lãnh đạo nào để trình văn bản. Hãy báo quản trị.",
                code="no_leader",
            )
        names = await User.select(User.id, User.full_name).where(User.id.is_in(leaders))
        note = note.strip()
        async with db.transaction():
            await TIMELINE.record(
                document_id,
                actor,
                "sent_to_leader",
                {"to": [{"id": r["id"], "name": r["full_name"]} for r in names], "note": note},
            )
            await move(row, S.CHO_PHAN_CONG, actor)
            urgent = DoKhan(row["do_khan"]) is DoKhan.HOA_TOC
            # The push text names no document content; the in-app list shows which document
            # (NotificationItem.subject, filled when the leader reads it).
            await self.notifier.notify(
                leaders,
                kind=NotificationKind.VAN_BAN,
                title="Văn bản HỎA TỐC chờ phân công" if urgent else "Văn bản chờ phân công",
                body=f"Văn thư đã trình một văn bản đến. Độ khẩn: "
                f"{DO_KHAN_LABELS[DoKhan(row['do_khan'])]}.",
                link=f"/van-ban/{row['id']}",
                urgent=urgent,
            )
        return await after_write(actor, document_id)

    async def assign(
        self, actor: Actor, document_id: int, request: AssignRequest
    ) -> DocumentDetail:
        """A lãnh đạo assigns: exactly one main handler, co-handlers, readers, deadline,
        instruction (ý kiến chỉ đạo)."""
        row, _ = await permitted(actor, document_id, A.ASSIGN)
        everyone = [request.main_handler_id, *request.co_handler_ids, *request.reader_ids]
        if len(set(everyone)) != len(everyone):
            raise _invalid("Mỗi người chỉ nhận một vai trò trên một văn bản.", "duplicate_assignee")
        if request.deadline and request.deadline < today():
            raise _invalid("Hạn xử lý không được ở trong quá khứ.")
        names = await assignees_named(row["org_id"], everyone)
        deadline = request.deadline or as_date(row["han_xu_ly"])
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
                if await upsert_assignment(
                    document_id,
                    user_id,
                    role,
                    deadline=deadline,
                    instruction=instruction,
                    assigned_by=actor.id,
                    do_khan=DoKhan(row["do_khan"]),
                    direction=Direction(row["direction"]),
                ):
                    fresh.append((user_id, role))
            updates: dict = {Document.updated_at: now()}
            if deadline:
                updates[Document.han_xu_ly] = deadline
            await Document.update(updates).where(Document.id == document_id)
            await TIMELINE.record(
                document_id,
                actor,
                "assigned",
                {
                    "main": {"id": request.main_handler_id, "name": names[request.main_handler_id]},
                    "co": [{"id": u, "name": names[u]} for u in request.co_handler_ids],
                    "readers": [{"id": u, "name": names[u]} for u in request.reader_ids],
                    "deadline": deadline.isoformat() if deadline else None,
                    "instruction": instruction,
                    "replaced": [o["user"] for o in previous],
                },
            )
            if DocumentStatus(row["status"]) in AWAITING_ASSIGNMENT:
                await move(row, S.DA_PHAN_CONG, actor)
            await self._notify_assigned(row, fresh, deadline)
        return await after_write(actor, document_id)

    async def add_opinion(self, actor: Actor, document_id: int, text: str) -> DocumentDetail:
        row, own = await permitted(actor, document_id, A.OPINION)
        text = text.strip()
        if not text:
            raise _invalid("Ý kiến không được để trống.")
        async with db.transaction():
            opinion = Opinion(document=document_id, user=actor.id, text=text, created_at=now())
            await opinion.save()
            await TIMELINE.record(document_id, actor, "opinion", {"opinion_id": opinion.id})
            processing = DocumentStatus(row["status"]) in PROCESSING
            if own is not None and record_of(row, own).handled and processing:
                await _start_if_main(row, actor, own)
        return await after_write(actor, document_id)

    async def forward(
        self, actor: Actor, document_id: int, request: ForwardRequest
    ) -> DocumentDetail:
        """A handler passes the document to colleagues of his own organisation."""
        row, own = await permitted(actor, document_id, A.FORWARD)
        assert own is not None  # the policy lets only a handler forward
        if request.role is AssignmentRole.XU_LY_CHINH:
            raise _invalid(
                "Chuyển tiếp chỉ để phối hợp hoặc để biết; người xử lý chính do lãnh đạo phân "
                "công.",
                "invalid_role",
            )
        targets = list(dict.fromkeys(request.user_ids))
        if actor.id in targets:
            raise _invalid("Không chuyển tiếp cho chính mình.", "invalid_assignee")
        names = await assignees_named(actor.organisation_id, targets)
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
        deadline = as_date(own["deadline"])
        note = request.note.strip()
        async with db.transaction():
            for target in targets:
                await upsert_assignment(
                    document_id,
                    target,
                    request.role,
                    deadline=deadline,
                    instruction=note,
                    assigned_by=actor.id,
                    do_khan=DoKhan(row["do_khan"]),
                    direction=Direction(row["direction"]),
                )
            await TIMELINE.record(
                document_id,
                actor,
                "forwarded",
                {
                    "to": [{"id": u, "name": names[u]} for u in targets],
                    "role": request.role.value,
                    "note": note,
                },
            )
            await _start_if_main(row, actor, own)
            await self._notify_assigned(row, [(u, request.role) for u in targets], deadline)
        return await after_write(actor, document_id)

    async def mark_done(self, actor: Actor, document_id: int, result: str) -> DocumentDetail:
        row, own = await permitted(actor, document_id, A.DONE)
        assert own is not None  # the policy lets only a handler report done
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
            ).where(Assignment.id == own["id"])
            await TIMELINE.record(
                document_id, actor, "done", {"role": own["role"], "result": result}
            )
            if own["role"] == AssignmentRole.XU_LY_CHINH.value:
                await move(row, S.HOAN_THANH, actor)
        return await after_write(actor, document_id)

    async def reopen(self, actor: Actor, document_id: int, note: str) -> DocumentDetail:
        row, _ = await permitted(actor, document_id, A.REOPEN)
        async with db.transaction():
            await move(row, S.DANG_XU_LY, actor, note=note.strip())
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
        return await after_write(actor, document_id)

    async def share(self, actor: Actor, document_id: int, user_ids: list[int]) -> DocumentDetail:
        """The văn thư or lãnh đạo of the register lets other people read a document."""
        await permitted(actor, document_id, A.SHARE)
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
                        document=document_id, user=target, shared_by=actor.id, created_at=now()
                    )
                )
            if new:
                await TIMELINE.record(
                    document_id,
                    actor,
                    "shared",
                    {"with": [{"id": u, "name": names[u]} for u in new]},
                )
        return await after_write(actor, document_id)
