"""Positions read as a standing (pure): who leads a chi bộ, who sits on which cấp ủy; and the
organisations policy (only administrators give positions)."""

from __future__ import annotations

from backend.orgs.policy import POLICY, global_actions
from backend.orgs.positions import committee_above, led_by
from shared.accounts import Role
from shared.orgs import OrgAction
from tests.policy_support import CHI_BO, DANG_BO, PLACE, STANDINGS, actor


def test_who_leads_and_who_sits_on_a_cap_uy():
    leads = {name for name, s in STANDINGS.items() if led_by(s, PLACE)}
    assert leads == {"bi_thu", "pho_bi_thu"}
    on_chi_uy = {name for name, s in STANDINGS.items() if s.on_committee(CHI_BO)}
    assert on_chi_uy == {"bi_thu", "pho_bi_thu", "chi_uy_vien"}
    above = {name for name, s in STANDINGS.items() if committee_above(s, PLACE)}
    assert above == {"cap_uy_above", "bi_thu_above"}
    assert STANDINGS["bi_thu_above"].led() == {DANG_BO}


def test_only_administrators_manage_positions():
    assert global_actions(actor(Role.QUAN_TRI)) == [OrgAction.MANAGE_POSITIONS]
    for role in Role:
        if role is not Role.QUAN_TRI:
            assert global_actions(actor(role)) == []
    problem = POLICY.rules[OrgAction.MANAGE_POSITIONS].refuse(actor(Role.LANH_DAO), None)
    assert problem is not None and problem.status_code == 403
