"""Organisations: the Party tree (Tỉnh ủy → đảng bộ → chi bộ), MTTQ and mass organisations."""

from __future__ import annotations

import enum

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
