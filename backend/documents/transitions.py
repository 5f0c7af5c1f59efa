"""The status machine of a document: which moves exist, and making one.

Incoming (đến): the văn thư registers → ``moi`` and submits it to the lãnh đạo (trình) →
``cho_phan_cong``; a lãnh đạo assigns (from either) → ``da_phan_cong``; the main handler starts
(an opinion or a forward) → ``dang_xu_ly``; he finishes with a result → ``hoan_thanh``; a lãnh
đạo may reopen it.

Outgoing (đi), in the order of Nghị định 30/2020: a cán bộ drafts → ``du_thao``; he (or the
văn thư) submits it for signature → ``cho_ky``; a lãnh đạo returns it or signs it (an approval
that leaves the number and date open) → ``da_ky``; the văn thư releases it →
``da_phat_hanh``, which is when the number is allocated and written in with the date, under
the organisation's signature (so a number is never handed out for a draft that is dropped).

Every move is checked against :data:`TRANSITIONS`, made as a compare-and-set update, written to
the timeline and audited in the caller's transaction.
"""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.problems import Problem
from backend.documents.tables import Document
from backend.documents.timeline import TIMELINE
from shared.documents import STATUS_LABELS, DocumentStatus

S = DocumentStatus

TRANSITIONS: frozenset[tuple[DocumentStatus, DocumentStatus]] = frozenset(
    {
        (S.MOI, S.CHO_PHAN_CONG),
        (S.MOI, S.DA_PHAN_CONG),
        (S.CHO_PHAN_CONG, S.DA_PHAN_CONG),
        (S.DA_PHAN_CONG, S.DANG_XU_LY),
        (S.DA_PHAN_CONG, S.HOAN_THANH),
        (S.DANG_XU_LY, S.HOAN_THANH),
        (S.HOAN_THANH, S.DANG_XU_LY),
        (S.DU_THAO, S.CHO_KY),
        (S.CHO_KY, S.DU_THAO),
        (S.CHO_KY, S.DA_KY),
        (S.DA_KY, S.DA_PHAT_HANH),
    }
)
PROCESSING = frozenset({S.DA_PHAN_CONG, S.DANG_XU_LY})
# Registered, waiting for a lãnh đạo to assign it.
AWAITING_ASSIGNMENT = frozenset({S.MOI, S.CHO_PHAN_CONG})
FINISHED = frozenset({S.HOAN_THANH, S.DA_PHAT_HANH})


def can_move(old: DocumentStatus, new: DocumentStatus) -> bool:
    return (old, new) in TRANSITIONS


def move_refused(old: DocumentStatus, new: DocumentStatus) -> Problem:
    return Problem(
        409,
        f"Không thể chuyển văn bản từ trạng thái “{STATUS_LABELS[old]}” sang "
        f"“{STATUS_LABELS[new]}”.",
        code="invalid_transition",
    )


async def move(row: dict, new: DocumentStatus, actor: Actor | None, **extra: object) -> None:
    """Move the document of ``row`` to ``new`` (and update ``row``), in the caller's
    transaction."""
    old = DocumentStatus(row["status"])
    if not can_move(old, new):
        raise move_refused(old, new)
    # Compare-and-set: a concurrent move of the same document makes this one fail.
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
    await TIMELINE.record(row["id"], actor, "status", {"from": old.value, "to": new.value, **extra})
