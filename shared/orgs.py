"""Organisations: the Party tree (Tỉnh ủy → đảng bộ → chi bộ), MTTQ and mass organisations."""

from __future__ import annotations

import enum
from typing import Annotated

import msgspec


class OrgKind(enum.StrEnum):
    TINH_UY = "tinh_uy"
    CO_QUAN_THAM_MUU = "co_quan_tham_muu"  # Văn phòng, ban của Tỉnh ủy
    DANG_BO = "dang_bo"
    CHI_BO = "chi_bo"
    MTTQ = "mttq"
    TO_CHUC_CTXH = "to_chuc_ctxh"  # tổ chức chính trị - xã hội


ORG_KIND_LABELS: dict[OrgKind, str] = {
    OrgKind.TINH_UY: "Tỉnh ủy",
    OrgKind.CO_QUAN_THAM_MUU: "Cơ quan tham mưu",
    OrgKind.DANG_BO: "Đảng bộ",
    OrgKind.CHI_BO: "Chi bộ",
    OrgKind.MTTQ: "Mặt trận Tổ quốc",
    OrgKind.TO_CHUC_CTXH: "Tổ chức chính trị - xã hội",
}


class Organisation(msgspec.Struct, frozen=True):
    id: int
    code: str  # mã định danh
    name: str
    kind: OrgKind
    parent_code: str | None = None


# ---- positions in an organisation (who manages a chi bộ, who is the cấp ủy) ----------------


class Position(enum.StrEnum):
    """A position held in one organisation. The bí thư and phó bí thư lead it (a chi bộ's
    secretary side); together with the chi ủy viên (in a chi bộ) or cấp ủy viên (in a đảng
    bộ) they are its cấp ủy, the committee its members' questions go to."""

    BI_THU = "bi_thu"
    PHO_BI_THU = "pho_bi_thu"
    CHI_UY_VIEN = "chi_uy_vien"
    CAP_UY_VIEN = "cap_uy_vien"


POSITION_LABELS: dict[Position, str] = {
    Position.BI_THU: "Bí thư",
    Position.PHO_BI_THU: "Phó Bí thư",
    Position.CHI_UY_VIEN: "Chi ủy viên",
    Position.CAP_UY_VIEN: "Cấp ủy viên",
}

# The organisations in which positions are held: the Party's own tree.
PARTY_KINDS = frozenset({OrgKind.TINH_UY, OrgKind.DANG_BO, OrgKind.CHI_BO})


class OrgAction(enum.StrEnum):
    """Global actions of the organisations area (``/api/me``'s ``actions["orgs"]``)."""

    MANAGE_POSITIONS = "manage_positions"  # give and end positions (administrators)


class PositionHolder(msgspec.Struct, frozen=True):
    id: int
    organisation_id: int
    organisation_code: str
    organisation_name: str
    organisation_kind: OrgKind
    user_id: int
    full_name: str
    position: Position
    position_label: str


class PositionAssign(msgspec.Struct, frozen=True):
    user_id: Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
    position: Position


class OrganisationPositions(msgspec.Struct, frozen=True):
    organisation: Organisation
    holders: list[PositionHolder]
    actions: list[OrgAction] = []
