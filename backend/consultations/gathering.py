"""What the synthesis, the giải trình table, the charts and the exports read: a consultation
the actor may act on, the units of its draft's current version with the labels an office
reads ("II. 1. Kinh tế"), and the visible comments in the few columns they need."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.accounts.identity import Actor
from backend.consultations.policy import POLICY, ConsultationRecord
from backend.consultations.tables import Comment, Consultation, Draft, DraftUnitRow, DraftVersion
from backend.core.clock import now
from backend.core.problems import Problem
from shared.consultations import CommentStatus, ConsultationAction, ConsultationStatus

NOT_FOUND = "Không tìm thấy đợt lấy ý kiến."
WHOLE_DRAFT = "Toàn văn dự thảo"
LABEL_TITLE_CHARS = 80


def status_of(row: dict, at: datetime | None = None) -> ConsultationStatus:
    """The status from the period unless the editors closed it early."""
    if row["status"] == ConsultationStatus.CLOSED.value or row["closed_at"] is not None:
        return ConsultationStatus.CLOSED
    at = at or now()
    if at < row["opens_at"]:
        return ConsultationStatus.UPCOMING
    if at >= row["closes_at"]:
        return ConsultationStatus.CLOSED
    return ConsultationStatus.OPEN


async def consultation_for(
    actor: Actor, consultation_id: int, action: ConsultationAction
) -> tuple[dict, ConsultationRecord]:
    """The consultation, or 404 when the actor may not read it, then the action's rule."""
    row = await Consultation.select().where(Consultation.id == consultation_id).first()
    if row is None:
        raise Problem(404, NOT_FOUND, code="consultation_not_found")
    record = ConsultationRecord(consultation_id, status_of(row))
    if not POLICY.allows(ConsultationAction.READ, actor, record):
        raise Problem(404, NOT_FOUND, code="consultation_not_found")
    POLICY.require(action, actor, record)
    return row, record


@dataclass(frozen=True)
class UnitLabel:
    key: str
    label: str
    position: int


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= LABEL_TITLE_CHARS else text[: LABEL_TITLE_CHARS - 1] + "…"


async def unit_labels(draft_id: int) -> tuple[str, int, dict[str, UnitLabel]]:
    """The draft's title, its current version's number and its units by key, labelled with
    the labels of their headings ("II. 1. Kinh tế") and their reading order."""
    draft = await Draft.select(Draft.title, Draft.current_version).where(Draft.id == draft_id)
    if not draft:
        return "", 0, {}
    number = draft[0]["current_version"]
    version = (
        await DraftVersion.select(DraftVersion.id)
        .where((DraftVersion.draft == draft_id) & (DraftVersion.number == number))
        .first()
    )
    rows = (
        await DraftUnitRow.select(
            DraftUnitRow.unit_key,
            DraftUnitRow.label,
            DraftUnitRow.title,
            DraftUnitRow.text,
            DraftUnitRow.parent_key,
            DraftUnitRow.position,
        )
        .where(DraftUnitRow.version == version["id"])
        .order_by(DraftUnitRow.position)
        if version
        else []
    )
    by_key = {r["unit_key"]: r for r in rows}
    labels: dict[str, UnitLabel] = {}
    for r in rows:
        chain: list[str] = []
        parent = r["parent_key"]
        seen = 0
        while parent and parent in by_key and seen < 20:
            if by_key[parent]["label"]:
                chain.append(by_key[parent]["label"])
            parent = by_key[parent]["parent_key"]
            seen += 1
        chain.reverse()
        if r["label"]:
            chain.append(r["label"])
        words = r["title"] or r["text"]
        label = " ".join([*chain, _shorten(words)] if words else chain) or r["unit_key"]
        labels[r["unit_key"]] = UnitLabel(r["unit_key"], label, r["position"] + 1)
    return draft[0]["title"], number, labels


def label_of(labels: dict[str, UnitLabel], key: str | None) -> tuple[str, int]:
    """A unit's label and reading position; the whole draft first (0); a unit the current
    version no longer has last, by its key."""
    if key is None:
        return WHOLE_DRAFT, 0
    found = labels.get(key)
    if found is None:
        return f"Đơn vị {key} (không còn trong phiên bản hiện hành)", 10**9
    return found.label, found.position


async def visible_comments(consultation_id: int, *columns) -> list[dict]:
    return (
        await Comment.select(*columns)
        .where(
            (Comment.consultation == consultation_id)
            & (Comment.status == CommentStatus.VISIBLE.value)
        )
        .order_by(Comment.id)
    )
