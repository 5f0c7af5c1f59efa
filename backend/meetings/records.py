"""Loading what the meeting rules judge: a meeting or a chi bộ, with the actor's positions,
the chi bộ's place in the tree, his membership and his invitation."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.core.clock import LOCAL_TZ, today
from backend.core.problems import Problem
from backend.meetings.policy import ChiBoRecord, MeetingRecord, may_read
from backend.meetings.tables import Meeting, MeetingInvitation
from backend.members.records import Membership, membership_of
from backend.orgs.positions import organisation_row, place_of, standing_of
from shared.meetings import MeetingStatus
from shared.orgs import OrgKind

NOT_FOUND = "Không tìm thấy cuộc họp, hoặc bạn không có quyền xem."


async def meeting_row(meeting_id: int) -> dict:
    row = (
        await Meeting.select(
            Meeting.all_columns(),
            Meeting.organisation.name.as_alias("organisation_name"),
            Meeting.created_by.full_name.as_alias("created_by_name"),
        )
        .where(Meeting.id == meeting_id)
        .first()
    )
    if row is None:
        raise Problem(404, NOT_FOUND, code="meeting_not_found")
    return row


async def invitation_of(meeting_id: int, membership: Membership | None) -> dict | None:
    if membership is None:
        return None
    return (
        await MeetingInvitation.select()
        .where(
            (MeetingInvitation.meeting == meeting_id)
            & (MeetingInvitation.member == membership.member_id)
        )
        .first()
    )


async def meeting_record(actor: Actor, row: dict) -> tuple[MeetingRecord, dict | None]:
    """The record the rules judge, and the actor's invitation row (or None)."""
    membership = await membership_of(actor.id)
    invitation = await invitation_of(row["id"], membership)
    record = MeetingRecord(
        place=await place_of(row["organisation"]),
        standing=await standing_of(actor.id),
        status=MeetingStatus(row["status"]),
        member_of=membership is not None and membership.organisation_id == row["organisation"],
        invited=invitation is not None,
        day_reached=today() >= row["starts_at"].astimezone(LOCAL_TZ).date(),
        minutes_recorded=row["minutes_recorded_at"] is not None,
        minutes_published=row["minutes_published_at"] is not None,
    )
    return record, invitation


async def readable_meeting(actor: Actor, meeting_id: int) -> tuple[dict, MeetingRecord]:
    row = await meeting_row(meeting_id)
    record, _ = await meeting_record(actor, row)
    if not may_read(actor, record):
        raise Problem(404, NOT_FOUND, code="meeting_not_found")
    return row, record


async def chi_bo_record(actor: Actor, organisation_id: int) -> tuple[dict, ChiBoRecord]:
    org = await organisation_row(organisation_id)
    return org, ChiBoRecord(
        place=await place_of(organisation_id),
        standing=await standing_of(actor.id),
        is_chi_bo=org["kind"] == OrgKind.CHI_BO,
    )
