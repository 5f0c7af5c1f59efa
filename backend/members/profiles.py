"""Reading member records: his own, one of a chi bộ's, a chi bộ's roll.

Each read of personal data is written to the audit log (who read whose record, from where),
as the personal data law asks; the số định danh only ever leaves masked.
"""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.core.convert import to_struct
from backend.core.problems import Problem
from backend.members.corrections import correction_of, corrections_of_member, pending_in
from backend.members.dinh_danh import DinhDanh
from backend.members.policy import POLICY, CorrectionRecord, MemberRecord
from backend.members.records import readable_member, roll_record
from backend.members.tables import PartyMember
from backend.orgs.positions import holders_in
from backend.orgs.services import organisation_struct
from shared.members import (
    GENDER_LABELS,
    CorrectionState,
    Gender,
    MemberAction,
    MemberProfile,
    MemberRoll,
    MemberSummary,
)

NO_RECORD = (
    "Bạn chưa có hồ sơ đảng viên trong hệ thống. Hồ sơ do chi bộ nhập; hãy báo bí thư chi bộ."
)


class Profiles:
    def __init__(self, dinh_danh: DinhDanh) -> None:
        self.dinh_danh = dinh_danh

    async def own(self, actor: Actor) -> MemberProfile:
        row = await PartyMember.select(PartyMember.id).where(PartyMember.user == actor.id).first()
        if row is None:
            raise Problem(404, NO_RECORD, code="no_member_record")
        return await self.profile(actor, row["id"])

    async def profile(self, actor: Actor, member_id: int) -> MemberProfile:
        row, record = await readable_member(actor, member_id)
        await audit.record(
            "member.viewed",
            actor_id=actor.id,
            target=f"member:{member_id}",
            ip=actor.ip,
            detail={"own": record.own},
        )
        return await self.profile_of(actor, row, record)

    async def profile_of(self, actor: Actor, row: dict, record: MemberRecord) -> MemberProfile:
        org = await organisation_struct(row["organisation"])
        held = [h for h in await holders_in(org.id) if h.user_id == row["user"]]
        corrections = [
            correction_of(
                c,
                POLICY.actions(
                    actor,
                    CorrectionRecord(record.place, record.standing, CorrectionState(c["state"])),
                ),
            )
            for c in await corrections_of_member(row["id"])
        ]
        gender = Gender(row["gioi_tinh"])
        return to_struct(
            row,
            MemberProfile,
            gioi_tinh_label=GENDER_LABELS[gender],
            organisation_id=org.id,
            organisation_code=org.code,
            organisation_name=org.name,
            so_dinh_danh=self.dinh_danh.shown(row["dinh_danh_sealed"], row["so_the"]),
            has_account=row["user"] is not None,
            positions=[h.position_label for h in held],
            corrections=corrections,
            actions=POLICY.actions(actor, record),
        )

    async def roll(self, actor: Actor, organisation_id: int) -> MemberRoll:
        org_row, record = await roll_record(actor, organisation_id)
        POLICY.require(MemberAction.VIEW_ROLL, actor, record)
        rows = (
            await PartyMember.select()
            .where(PartyMember.organisation == organisation_id)
            .order_by(PartyMember.ho_ten)
        )
        await audit.record(
            "member.roll_viewed",
            actor_id=actor.id,
            target=f"organisation:{org_row['code']}",
            ip=actor.ip,
            detail={"members": len(rows)},
        )
        pending = await pending_in(organisation_id)
        return MemberRoll(
            organisation=await organisation_struct(organisation_id),
            members=[to_struct(r, MemberSummary, has_account=r["user"] is not None) for r in rows],
            exempt=sum(1 for r in rows if r["mien_sinh_hoat"]),
            pending_corrections=[
                correction_of(
                    c,
                    POLICY.actions(
                        actor,
                        CorrectionRecord(
                            record.place, record.standing, CorrectionState(c["state"])
                        ),
                    ),
                )
                for c in pending
            ],
            actions=POLICY.actions(actor, record),
        )
