"""Loading what the member rules judge: a record, a roll, a correction, each with the actor's
positions and the chi bộ's place in the tree; and a user's own membership."""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.problems import Problem
from backend.members.policy import (
    CorrectionRecord,
    MemberRecord,
    RollRecord,
    may_read,
)
from backend.members.tables import MemberCorrection, PartyMember
from backend.orgs.positions import organisation_row, place_of, standing_of
from shared.members import CorrectionState
from shared.orgs import OrgKind

NOT_FOUND = "Không tìm thấy hồ sơ đảng viên, hoặc bạn không có quyền xem hồ sơ này."


@dataclass(frozen=True)
class Membership:
    """The actor's own record: which chi bộ he belongs to, whether he is exempt."""

    member_id: int
    organisation_id: int
    mien_sinh_hoat: bool
    ho_ten: str


async def membership_of(user_id: int) -> Membership | None:
    row = (
        await PartyMember.select(
            PartyMember.id,
            PartyMember.organisation,
            PartyMember.mien_sinh_hoat,
            PartyMember.ho_ten,
        )
        .where(PartyMember.user == user_id)
        .first()
    )
    if row is None:
        return None
    return Membership(row["id"], row["organisation"], bool(row["mien_sinh_hoat"]), row["ho_ten"])


async def member_record(actor: Actor, row: dict) -> MemberRecord:
    return MemberRecord(
        place=await place_of(row["organisation"]),
        standing=await standing_of(actor.id),
        own=row["user"] == actor.id,
    )


async def readable_member(actor: Actor, member_id: int) -> tuple[dict, MemberRecord]:
    """The member's row and record, or a 404 when the actor may not read it."""
    row = await PartyMember.select().where(PartyMember.id == member_id).first()
    if row is None:
        raise Problem(404, NOT_FOUND, code="member_not_found")
    record = await member_record(actor, row)
    if not may_read(actor, record):
        raise Problem(404, NOT_FOUND, code="member_not_found")
    return row, record


async def roll_record(actor: Actor, organisation_id: int) -> tuple[dict, RollRecord]:
    org = await organisation_row(organisation_id)
    return org, RollRecord(
        place=await place_of(organisation_id),
        standing=await standing_of(actor.id),
        is_chi_bo=org["kind"] == OrgKind.CHI_BO,
    )


async def correction_record(actor: Actor, correction_id: int) -> tuple[dict, CorrectionRecord]:
    row = (
        await MemberCorrection.select(
            MemberCorrection.all_columns(),
            MemberCorrection.member.organisation.as_alias("organisation_id"),
        )
        .where(MemberCorrection.id == correction_id)
        .first()
    )
    if row is None:
        raise Problem(404, "Không tìm thấy đề nghị sửa hồ sơ.", code="correction_not_found")
    return row, CorrectionRecord(
        place=await place_of(row["organisation_id"]),
        standing=await standing_of(actor.id),
        state=CorrectionState(row["state"]),
    )
