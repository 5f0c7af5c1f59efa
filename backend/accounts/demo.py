"""Demo users for ``dangbo seed-demo`` (idempotent). They have no passkey until invited:
``dangbo invite --user NAME``."""

from __future__ import annotations

import json

from backend import db
from backend.accounts.tables import User
from backend.core.clock import now
from backend.core.services import Services
from backend.orgs.tables import Organisation
from shared.accounts import Role

# (username, full name, organisation, roles)
USERS: list[tuple[str, str, str, list[Role]]] = [
    ("quantri", "Quản trị hệ thống", "VPTU", [Role.QUAN_TRI, Role.CAN_BO]),
    ("lanhdao", "Nguyễn Văn Hùng", "VPTU", [Role.LANH_DAO, Role.CAN_BO, Role.DANG_VIEN]),
    ("vanthu", "Trần Thị Lan", "VPTU", [Role.VAN_THU, Role.CAN_BO, Role.DANG_VIEN]),
    ("canbo", "Lê Minh Đức", "VPTU", [Role.CAN_BO, Role.DANG_VIEN]),
    ("canbo2", "Phạm Thu Hà", "BTCTU", [Role.CAN_BO, Role.DANG_VIEN]),
    ("dangvien", "Hoàng Văn Nam", "DBCQD.CB01", [Role.DANG_VIEN]),
]


async def seed_users(services: Services) -> dict[str, int]:
    created = 0
    async with db.transaction():
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
            created += 1
    return {"users": created}
