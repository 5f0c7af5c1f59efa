"""Actors and positions for the handbook's policy tables, tested without a database: a chi bộ
(10) under a đảng bộ (5) under the Tỉnh ủy (1), and who holds what there."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.orgs.positions import Place, Standing
from shared.accounts import Role
from shared.orgs import Position

CHI_BO, DANG_BO, ROOT, OTHER_CHI_BO = 10, 5, 1, 11
PLACE = Place((CHI_BO, DANG_BO, ROOT))
DANG_BO_PLACE = Place((DANG_BO, ROOT))

P = Position
STANDINGS: dict[str, Standing] = {
    "bi_thu": Standing(frozenset({(CHI_BO, P.BI_THU)})),
    "pho_bi_thu": Standing(frozenset({(CHI_BO, P.PHO_BI_THU)})),
    "chi_uy_vien": Standing(frozenset({(CHI_BO, P.CHI_UY_VIEN)})),
    "cap_uy_above": Standing(frozenset({(DANG_BO, P.CAP_UY_VIEN)})),
    "bi_thu_above": Standing(frozenset({(DANG_BO, P.BI_THU)})),
    "other_bi_thu": Standing(frozenset({(OTHER_CHI_BO, P.BI_THU)})),
    "member": Standing(),
}


def actor(*roles: Role, user_id: int = 7) -> Actor:
    return Actor(
        id=user_id,
        username="u",
        full_name="Người Thử",
        organisation_id=CHI_BO,
        organisation_code="CB",
        organisation_name="Chi bộ",
        roles=list(roles) or [Role.DANG_VIEN],
        session_id=1,
    )
