"""A document as every command and query starts from it: its row, loaded only for someone who
may read it, the policy's view of it, and its summary."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from backend.accounts.identity import Actor
from backend.core.clock import today
from backend.core.convert import to_struct
from backend.core.ids import in_range
from backend.core.problems import Problem
from backend.documents.policy import POLICY, DocumentRecord, OwnAssignment
from backend.documents.tables import Assignment, Document
from backend.documents.transitions import FINISHED
from backend.documents.visibility import can_read
from shared.documents import (
    DOCUMENT_TYPES,
    AssignmentRole,
    Direction,
    DocumentAction,
    DocumentStatus,
    DocumentSummary,
)

NOT_FOUND = "Không tìm thấy văn bản, hoặc bạn không có quyền xem văn bản này."

# The columns of a document row, named as the response structs name them.
COLUMNS = (
    Document.id,
    Document.direction,
    Document.organisation.id.as_alias("org_id"),
    Document.organisation.code.as_alias("organisation_code"),
    Document.organisation.name.as_alias("organisation_name"),
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
    Document.created_at,
    Document.updated_at,
)


async def document_row(document_id: int) -> dict:
    """The document's row, whoever asks (404 if there is none)."""
    row = None
    if in_range(document_id):
        row = await Document.select(*COLUMNS).where(Document.id == document_id).first()
    if row is None:
        raise Problem(404, NOT_FOUND, code="document_not_found")
    return row


async def readable(actor: Actor, document_id: int) -> dict:
    """The document's row if ``actor`` may read it; a 404 otherwise (existence is not
    revealed)."""
    row = await document_row(document_id)
    if not await can_read(actor, row["id"], row["org_id"]):
        raise Problem(404, NOT_FOUND, code="document_not_found")
    return row


async def own_assignment(actor: Actor, document_id: int) -> dict | None:
    return (
        await Assignment.select()
        .where((Assignment.document == document_id) & (Assignment.user == actor.id))
        .first()
    )


def record_of(row: Mapping[str, Any], own: Mapping[str, Any] | None) -> DocumentRecord:
    """The policy's view of a document row and the actor's own assignment row."""
    return DocumentRecord(
        direction=Direction(row["direction"]),
        status=DocumentStatus(row["status"]),
        organisation_id=row["org_id"],
        own=OwnAssignment(AssignmentRole(own["role"]), bool(own["done"])) if own else None,
    )


async def permitted(
    actor: Actor, document_id: int, action: DocumentAction
) -> tuple[dict, dict | None]:
    """The document's row and ``actor``'s own assignment on it, once the policy lets him take
    ``action`` now: 404 if he may not read it, else the policy's 403 or 409."""
    row = await readable(actor, document_id)
    own = await own_assignment(actor, document_id)
    POLICY.require(action, actor, record_of(row, own))
    return row, own


def as_date(value: object) -> date | None:
    """A date column's value (raw SQL on SQLite gives ISO text)."""
    if value is None or isinstance(value, date):
        return value  # type: ignore[return-value]
    return date.fromisoformat(str(value)[:10])


def is_overdue(deadline: date | None, finished: bool) -> bool:
    return deadline is not None and not finished and deadline < today()


def summary(row: Mapping[str, Any]) -> DocumentSummary:
    return to_struct(
        row,
        DocumentSummary,
        loai_label=DOCUMENT_TYPES.get(row["loai"], row["loai"]),
        overdue=is_overdue(as_date(row["han_xu_ly"]), DocumentStatus(row["status"]) in FINISHED),
    )
