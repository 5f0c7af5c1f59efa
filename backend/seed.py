"""Demo data: an organisation tree and demo users. Idempotent: running it twice adds nothing."""

from __future__ import annotations

import json

from backend import db
from backend.accounts.tables import User
from backend.core.clock import now
from backend.orgs.services import ensure_organisation
from backend.orgs.tables import Organisation
from shared.accounts import Role
from shared.orgs import OrgKind

ROOT_CODE = "TU"

# (code, name, kind, parent)
ORGANISATIONS: list[tuple[str, str, OrgKind, str | None]] = [
    (ROOT_CODE, "Tỉnh ủy Bắc Ninh", OrgKind.TINH_UY, None),
    ("VPTU", "Văn phòng Tỉnh ủy", OrgKind.CO_QUAN_THAM_MUU, ROOT_CODE),
    ("BTCTU", "Ban Tổ chức Tỉnh ủy", OrgKind.CO_QUAN_THAM_MUU, ROOT_CODE),
    ("BTGTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy", OrgKind.CO_QUAN_THAM_MUU, ROOT_CODE),
    ("DBCQD", "Đảng bộ các cơ quan Đảng tỉnh", OrgKind.DANG_BO, ROOT_CODE),
    ("DBCQD.CB01", "Chi bộ Văn phòng Tỉnh ủy", OrgKind.CHI_BO, "DBCQD"),
    ("DBCQD.CB02", "Chi bộ Ban Tổ chức Tỉnh ủy", OrgKind.CHI_BO, "DBCQD"),
    ("DBTP", "Đảng bộ thành phố Bắc Ninh", OrgKind.DANG_BO, ROOT_CODE),
    ("DBTP.CB01", "Chi bộ phường Tiền An", OrgKind.CHI_BO, "DBTP"),
    ("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", OrgKind.MTTQ, ROOT_CODE),
    ("HCCB", "Hội Cựu chiến binh tỉnh", OrgKind.TO_CHUC_CTXH, "MTTQ"),
    ("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", OrgKind.TO_CHUC_CTXH, "MTTQ"),
    ("DTN", "Tỉnh đoàn Thanh niên", OrgKind.TO_CHUC_CTXH, "MTTQ"),
    ("HND", "Hội Nông dân tỉnh", OrgKind.TO_CHUC_CTXH, "MTTQ"),
    ("LDLD", "Liên đoàn Lao động tỉnh", OrgKind.TO_CHUC_CTXH, "MTTQ"),
]

# (username, full name, organisation, roles)
USERS: list[tuple[str, str, str, list[Role]]] = [
    ("quantri", "Quản trị hệ thống", "VPTU", [Role.QUAN_TRI, Role.CAN_BO]),
    ("lanhdao", "Nguyễn Văn Hùng", "VPTU", [Role.LANH_DAO, Role.CAN_BO, Role.DANG_VIEN]),
    ("vanthu", "Trần Thị Lan", "VPTU", [Role.VAN_THU, Role.CAN_BO, Role.DANG_VIEN]),
    ("canbo", "Lê Minh Đức", "VPTU", [Role.CAN_BO, Role.DANG_VIEN]),
    ("canbo2", "Phạm Thu Hà", "BTCTU", [Role.CAN_BO, Role.DANG_VIEN]),
    ("dangvien", "Hoàng Văn Nam", "DBCQD.CB01", [Role.DANG_VIEN]),
]


async def seed_demo() -> dict[str, int]:
    created_orgs = created_users = 0
    async with db.transaction():
        for code, name, kind, parent in ORGANISATIONS:
            existed = await Organisation.exists().where(Organisation.code == code)
            await ensure_organisation(code, name, kind, parent)
            created_orgs += 0 if existed else 1
        for username, full_name, org_code, roles in USERS:
            if await User.exists().where(User.username == username):
                continue
            org = (
                await Organisation.select(Organisation.id)
                .where(Organisation.code == org_code)
                .first()
            )
            await User.insert(
                User(
                    username=username,
                    full_name=full_name,
                    organisation=org["id"],
                    roles=json.dumps(sorted(r.value for r in roles)),
                    is_active=False,
                    created_at=now(),
                )
            )
            created_users += 1
    from backend.seed_hooks import run_seed_hooks

    extra = await run_seed_hooks()
    return {"organisations": created_orgs, "users": created_users, **extra}
