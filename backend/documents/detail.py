"""The document's detail answer: metadata, files, assignments, opinions, timeline and what the
caller may do now — what the document screen shows, in one answer.

Built from a row whose readability its caller has already checked: ``GET`` detail checks once,
and every write answers with the detail of the document it checked and changed
(:func:`after_write`), so no answer asks the readability rule twice.
"""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.core.convert import to_struct, to_structs
from backend.documents import timeline
from backend.documents.policy import POLICY
from backend.documents.records import as_date, document_row, is_overdue, record_of
from backend.documents.tables import Assignment, DocumentFile, Opinion
from backend.documents.transitions import FINISHED
from shared.documents import (
    DOCUMENT_TYPES,
    AssignmentInfo,
    DocumentDetail,
    DocumentFileInfo,
    DocumentStatus,
    OpinionInfo,
)


async def _assignments(document_id: int) -> list[dict]:
    return (
        await Assignment.select(
            Assignment.id,
            Assignment.user.as_alias("user_id"),
            Assignment.user.full_name.as_alias("user_name"),
            Assignment.role,
            Assignment.status,
            Assignment.deadline,
            Assignment.instruction,
            Assignment.assigned_by.full_name.as_alias("assigned_by_name"),
            Assignment.result,
            Assignment.done_at,
            Assignment.created_at,
            Assignment.done,
        )
        .where(Assignment.document == document_id)
        .order_by(Assignment.id)
    )


async def _opinions(document_id: int) -> list[OpinionInfo]:
    rows = (
        await Opinion.select(
            Opinion.id,
            Opinion.user.as_alias("user_id"),
            Opinion.user.full_name.as_alias("user_name"),
            Opinion.text,
            Opinion.created_at,
        )
        .where(Opinion.document == document_id)
        .order_by(Opinion.id)
    )
    return [to_struct(o, OpinionInfo, user_name=o["user_name"] or "") for o in rows]


async def detail_of(actor: Actor, row: dict) -> DocumentDetail:
    """The detail of the document of ``row``, which ``actor`` may read."""
    document_id = row["id"]
    files = (
        await DocumentFile.select()
        .where(DocumentFile.document == document_id)
        .order_by(DocumentFile.id)
    )
    assignments = await _assignments(document_id)
    own = next((a for a in assignments if a["user_id"] == actor.id), None)
    status = DocumentStatus(row["status"])
    return to_struct(
        row,
        DocumentDetail,
        loai_label=DOCUMENT_TYPES.get(row["loai"], row["loai"]),
        created_by_name=row["created_by_name"] or "",
        files=to_structs(files, DocumentFileInfo),
        assignments=[
            to_struct(
                a,
                AssignmentInfo,
                user_name=a["user_name"] or "",
                assigned_by_name=a["assigned_by_name"] or "",
            )
            for a in assignments
        ],
        opinions=await _opinions(document_id),
        overdue=is_overdue(as_date(row["han_xu_ly"]), status in FINISHED),
        actions=POLICY.actions(actor, record_of(row, own)),
        timeline=await timeline.entries(document_id),
    )


async def after_write(actor: Actor, document_id: int) -> DocumentDetail:
    """The detail a write answers with: the document's row read again (the write changed it),
    its readability not asked again (the command checked it before writing)."""
    return await detail_of(actor, await document_row(document_id))
