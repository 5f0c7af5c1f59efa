"""Who handles a document: one assignment row per person and document, and the check that
assignees belong to the document's organisation."""

from __future__ import annotations

from datetime import date

from backend.core.clock import now
from backend.core.problems import Problem
from backend.documents.tables import NO_DEADLINE, Assignment
from backend.orgs.services import members_named
from shared.documents import URGENCY_RANK, AssignmentRole, AssignmentStatus, Direction, DoKhan


async def upsert_assignment(
    document_id: int,
    user_id: int,
    role: AssignmentRole,
    *,
    deadline: date | None,
    instruction: str,
    assigned_by: int,
    do_khan: DoKhan,
    direction: Direction,
) -> bool:
    """Create or update the user's one assignment on the document; True if it is new. The
    document's urgency and direction are copied onto it for the inbox's index."""
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
        Assignment.direction: direction.value,
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


async def assignees_named(organisation_id: int, user_ids: list[int]) -> dict[int, str]:
    """The names of ``user_ids``, who must all belong to the organisation (422 otherwise)."""
    found = await members_named(organisation_id, user_ids)
    missing = [u for u in user_ids if u not in found]
    if missing:
        raise Problem(
            422,
            "Người được giao phải thuộc cùng tổ chức với văn bản "
            f"(không hợp lệ: {', '.join(map(str, missing))}).",
            code="invalid_assignee",
        )
    return found
