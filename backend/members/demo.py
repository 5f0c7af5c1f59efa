"""Demo chi bộ for ``dangbo seed-demo`` (idempotent): positions and member records.

Chi bộ Văn phòng Tỉnh ủy: the demo users ``lanhdao`` (bí thư), ``vanthu`` (phó bí thư),
``canbo`` (chi ủy viên) and ``dangvien``, three members without an account (one exempt from
sinh hoạt, one still dự bị). ``canbo2`` sits on the cấp ủy of the đảng bộ above. The people
and numbers are invented.
"""

from __future__ import annotations

from datetime import date

from backend import db
from backend.accounts.tables import User
from backend.core.clock import now
from backend.core.services import Services
from backend.members.dinh_danh import DinhDanh
from backend.members.tables import MemberEvent, PartyMember
from backend.orgs.positions import assign
from backend.orgs.services import organisation_id
from backend.orgs.tables import OrgPosition
from shared.members import Gender
from shared.orgs import Position, PositionAssign

CHI_BO = "DBCQD.CB01"

# (org, username, position)
POSITIONS = [
    (CHI_BO, "lanhdao", Position.BI_THU),
    (CHI_BO, "vanthu", Position.PHO_BI_THU),
    (CHI_BO, "canbo", Position.CHI_UY_VIEN),
    ("DBCQD", "canbo2", Position.CAP_UY_VIEN),
]

# so_the, chi bộ, username, họ tên, ngày sinh, giới tính, vào Đảng, chính thức, chức vụ, phone,
# số định danh, miễn sinh hoạt (lý do)
MEMBERS = [
    ("52.001201", CHI_BO, "lanhdao", "Nguyễn Văn Hùng", date(1972, 3, 14), Gender.NAM,
     date(1998, 5, 19), date(1999, 5, 19), "Chánh Văn phòng", "0912345601", "027072001201", ""),
    ("52.001202", CHI_BO, "vanthu", "Trần Thị Lan", date(1985, 9, 2), Gender.NU,
     date(2010, 3, 3), date(2011, 3, 3), "Văn thư", "0912345602", "027185001202", ""),
    ("52.001203", CHI_BO, "canbo", "Lê Minh Đức", date(1988, 11, 20), Gender.NAM,
     date(2014, 2, 3), date(2015, 2, 3), "Chuyên viên", "0912345603", "027088001203", ""),
    ("52.001204", CHI_BO, "dangvien", "Hoàng Văn Nam", date(1992, 7, 8), Gender.NAM,
     date(2018, 12, 22), date(2019, 12, 22), "Chuyên viên", "0912345604", "027092001204", ""),
    ("52.001205", CHI_BO, None, "Vũ Thị Hoa", date(1990, 1, 25), Gender.NU,
     date(2016, 6, 10), date(2017, 6, 10), "Kế toán", "0912345605", "", ""),
    ("52.001206", CHI_BO, None, "Đặng Văn Bình", date(1950, 4, 30), Gender.NAM,
     date(1975, 8, 19), date(1976, 8, 19), "Nguyên Phó Chánh Văn phòng", "", "",
     "Tuổi cao, sức khỏe yếu (miễn sinh hoạt theo Điều lệ Đảng)"),
    ("52.001207", CHI_BO, None, "Ngô Quang Huy", date(1998, 10, 5), Gender.NAM,
     date(2026, 5, 19), None, "Chuyên viên", "0912345607", "", ""),
    ("52.001301", "DBCQD.CB02", "canbo2", "Phạm Thu Hà", date(1983, 5, 17), Gender.NU,
     date(2008, 9, 2), date(2009, 9, 2), "Trưởng phòng", "0912345611", "", ""),
]  # fmt: skip


async def _user_id(username: str | None) -> int | None:
    if username is None:
        return None
    row = await User.select(User.id).where(User.username == username).first()
    return row["id"] if row else None


async def seed_members(services: Services) -> dict[str, int]:
    dinh_danh = services.get(DinhDanh)
    positions = members = 0
    for org_code, username, position in POSITIONS:
        org, user = await organisation_id(org_code), await _user_id(username)
        if org is None or user is None:
            continue
        if not await OrgPosition.exists().where(
            (OrgPosition.organisation == org) & (OrgPosition.user == user)
        ):
            await assign(None, org, PositionAssign(user_id=user, position=position))
            positions += 1
    stamp = now()
    async with db.transaction():
        for (so_the, org_code, username, ho_ten, born, gender, joined, official, chuc_vu, phone,
             number, exemption) in MEMBERS:  # fmt: skip
            org = await organisation_id(org_code)
            if org is None or await PartyMember.exists().where(PartyMember.so_the == so_the):
                continue
            [row] = await PartyMember.insert(
                PartyMember(
                    so_the=so_the,
                    organisation=org,
                    user=await _user_id(username),
                    ho_ten=ho_ten,
                    ngay_sinh=born,
                    gioi_tinh=gender.value,
                    ngay_vao_dang=joined,
                    ngay_chinh_thuc=official,
                    chuc_vu=chuc_vu,
                    phone=phone,
                    dinh_danh_hash=dinh_danh.matching_hash(number) if number else None,
                    dinh_danh_sealed=dinh_danh.seal(number, so_the) if number else None,
                    mien_sinh_hoat=bool(exemption),
                    ly_do_mien=exemption,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(PartyMember.id)
            await MemberEvent.insert(
                MemberEvent(member=row["id"], actor=None, action="imported", detail="{}", at=stamp)
            )
            members += 1
    return {"positions": positions, "party_members": members}
