"""Demo organisation tree for ``dangbo seed-demo`` (idempotent)."""

from __future__ import annotations

from backend import db
from backend.core.services import Services
from backend.orgs.services import ensure_organisation
from backend.orgs.tables import Organisation
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


async def seed_organisations(services: Services) -> dict[str, int]:
    created = 0
    async with db.transaction():
        for code, name, kind, parent in ORGANISATIONS:
            existed = await Organisation.exists().where(Organisation.code == code)
            await ensure_organisation(code, name, kind, parent)
            created += 0 if existed else 1
    return {"organisations": created}
