"""Consultations: opening a draft to comments for a period, reading one, its live counts.

The status is read from the period (opens, closes; shown in Asia/Ho_Chi_Minh) unless the
editors closed it early. Counts are the visible comments and the votes, per unit; they are
also what the ``counts.changed`` event of the stream ``consultation:{id}`` carries.
"""

from __future__ import annotations

from datetime import datetime

from backend import db
from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.citizens.keys import CitizenKeys
from backend.consultations import tally
from backend.consultations.drafting import DRAFT_NOT_FOUND, current_units, draft_row, unit_view
from backend.consultations.policy import POLICY, ConsultationRecord
from backend.consultations.tables import Consultation, UnitVote
from backend.core.clock import now
from backend.core.problems import Problem
from shared.accounts import Role
from shared.consultations import (
    ConsultationAction,
    ConsultationCounts,
    ConsultationCreate,
    ConsultationDetail,
    ConsultationStatus,
    ConsultationSummary,
    UnitCounts,
    VoteChoice,
)

NOT_FOUND = "Không tìm thấy đợt lấy ý kiến."


def status_of(row: dict, at: datetime | None = None) -> ConsultationStatus:
    if row["status"] == ConsultationStatus.CLOSED.value or row["closed_at"] is not None:
        return ConsultationStatus.CLOSED
    at = at or now()
    if at < row["opens_at"]:
        return ConsultationStatus.UPCOMING
    if at >= row["closes_at"]:
        return ConsultationStatus.CLOSED
    return ConsultationStatus.OPEN


async def consultation_row(consultation_id: int) -> dict:
    row = await Consultation.select().where(Consultation.id == consultation_id).first()
    if row is None:
        raise Problem(404, NOT_FOUND, code="consultation_not_found")
    return row


async def readable(actor: Actor, consultation_id: int) -> tuple[dict, ConsultationRecord]:
    """The consultation and its record, or 404 for one the actor may not read (yet)."""
    row = await consultation_row(consultation_id)
    return row, _record_readable_by(actor, row)


def _record_readable_by(actor: Actor, row: dict) -> ConsultationRecord:
    record = ConsultationRecord(row["id"], status_of(row))
    if not POLICY.allows(ConsultationAction.READ, actor, record):
        raise Problem(404, NOT_FOUND, code="consultation_not_found")
    return record


async def readable_with_unit(
    actor: Actor, consultation_id: int, unit_key: str | None
) -> tuple[dict, ConsultationRecord, int, dict | None]:
    """:func:`readable` and :func:`backend.consultations.drafting.current_unit` of its draft
    in one statement (what a comment or a vote reads first): the consultation, its record,
    the current version's number and that version's unit ``unit_key`` (None if it has none)."""
    rows = await Consultation.raw(
        'SELECT c.*, v."number" AS "current_number", u."unit_key" AS "current_unit_key", '
        'u."title" AS "current_title", u."text" AS "current_text" FROM "consultation" c '
        'JOIN "draft" d ON d."id" = c."draft" '
        'LEFT JOIN "draft_version" v ON v."draft" = d."id" AND v."number" = d."current_version" '
        'LEFT JOIN "draft_unit" u ON u."version" = v."id" AND u."unit_key" = {} '
        'WHERE c."id" = {}',
        unit_key or "",
        consultation_id,
    )
    if not rows:
        raise Problem(404, NOT_FOUND, code="consultation_not_found")
    row = rows[0]
    record = _record_readable_by(actor, row)
    if row["current_number"] is None:
        raise Problem(404, DRAFT_NOT_FOUND, code="draft_not_found")
    unit = None
    if row["current_unit_key"] is not None:
        unit = {
            "unit_key": row["current_unit_key"],
            "title": row["current_title"],
            "text": row["current_text"],
        }
    return row, record, row["current_number"], unit


async def counts(consultation_id: int) -> ConsultationCounts:
    """From the tally rows (kept by triggers): the same cost whatever the number of comments."""
    comments = votes = whole = 0
    units = []
    for r in await tally.rows_of(consultation_id):
        comments += r["comments"]
        votes += r["agree"] + r["disagree"]
        if r["unit_key"] == tally.WHOLE_DRAFT:
            whole = r["comments"]
        elif r["comments"] or r["agree"] or r["disagree"]:
            units.append(
                UnitCounts(
                    key=r["unit_key"],
                    comments=r["comments"],
                    agree=r["agree"],
                    disagree=r["disagree"],
                )
            )
    return ConsultationCounts(
        consultation_id=consultation_id,
        comments=comments,
        whole_draft=whole,
        votes=votes,
        units=sorted(units, key=lambda u: _key_order(u.key)),
    )


def _key_order(key: str) -> tuple[int, str]:
    digits = key[1:]
    return (int(digits), key) if digits.isdigit() else (0, key)


def _check_period(opens_at: datetime, closes_at: datetime) -> None:
    if opens_at.tzinfo is None or closes_at.tzinfo is None:
        raise Problem(
            400, "Thời điểm mở và đóng phải kèm múi giờ (ví dụ +07:00).", code="naive_time"
        )
    if closes_at <= opens_at:
        raise Problem(400, "Thời điểm kết thúc phải sau thời điểm bắt đầu.", code="bad_period")


class Consultations:
    def __init__(self, keys: CitizenKeys) -> None:
        self.keys = keys

    async def create(self, actor: Actor, data: ConsultationCreate) -> ConsultationDetail:
        POLICY.require(ConsultationAction.MANAGE, actor, None)
        await draft_row(data.draft_id)
        _check_period(data.opens_at, data.closes_at)
        title = " ".join(data.title.split())
        if not title:
            raise Problem(400, "Tên đợt lấy ý kiến không được để trống.", code="empty_title")
        async with db.transaction():
            [row] = await Consultation.insert(
                Consultation(
                    draft=data.draft_id,
                    title=title,
                    description=data.description.strip(),
                    opens_at=data.opens_at,
                    closes_at=data.closes_at,
                    status="",
                    keep_after_erasure=data.keep_after_erasure,
                    created_by=actor.id,
                    created_at=now(),
                )
            ).returning(Consultation.id)
            await audit.record(
                "consultations.opened",
                actor_id=actor.id,
                target=f"consultation:{row['id']}",
                ip=actor.ip,
                detail={"draft": data.draft_id},
            )
        return await self.detail(actor, row["id"])

    async def close(self, actor: Actor, consultation_id: int) -> ConsultationDetail:
        row, record = await readable(actor, consultation_id)
        POLICY.require(ConsultationAction.CLOSE, actor, record)
        async with db.transaction():
            await Consultation.update(
                {
                    Consultation.status: ConsultationStatus.CLOSED.value,
                    Consultation.closed_at: now(),
                }
            ).where(Consultation.id == consultation_id)
            await audit.record(
                "consultations.closed",
                actor_id=actor.id,
                target=f"consultation:{consultation_id}",
                ip=actor.ip,
            )
        return await self.detail(actor, consultation_id)

    async def list(self, actor: Actor) -> list[ConsultationSummary]:
        rows = await Consultation.select(
            Consultation.all_columns(),
            Consultation.draft.current_version.as_alias("version"),
        ).order_by(Consultation.opens_at, ascending=False)
        visible = await tally.visible_comments()
        found = []
        for r in rows:
            record = ConsultationRecord(r["id"], status_of(r))
            if not POLICY.allows(ConsultationAction.READ, actor, record):
                continue
            found.append(
                ConsultationSummary(
                    id=r["id"],
                    draft_id=r["draft"],
                    title=r["title"],
                    status=record.status,
                    opens_at=r["opens_at"],
                    closes_at=r["closes_at"],
                    comments=visible.get(r["id"], 0),
                    version=r["version"],
                )
            )
        return found

    async def my_votes(self, actor: Actor, consultation_id: int) -> dict[str, VoteChoice]:
        if not actor.has(Role.CONG_DAN):
            return {}
        try:
            token = await self.keys.author_token(actor.id, f"consultation:{consultation_id}")
        except Problem:
            return {}
        rows = await UnitVote.select(UnitVote.unit_key, UnitVote.choice).where(
            (UnitVote.consultation == consultation_id) & (UnitVote.author_token == token)
        )
        return {r["unit_key"]: VoteChoice(r["choice"]) for r in rows}

    async def detail(self, actor: Actor, consultation_id: int) -> ConsultationDetail:
        row, record = await readable(actor, consultation_id)
        version, units = await current_units(row["draft"])
        return ConsultationDetail(
            id=row["id"],
            draft_id=row["draft"],
            title=row["title"],
            description=row["description"],
            status=record.status,
            opens_at=row["opens_at"],
            closes_at=row["closes_at"],
            keep_after_erasure=row["keep_after_erasure"],
            version=version,
            units=[unit_view(u) for u in units],
            counts=await counts(consultation_id),
            my_votes=await self.my_votes(actor, consultation_id),
            actions=POLICY.actions(actor, record),
        )
