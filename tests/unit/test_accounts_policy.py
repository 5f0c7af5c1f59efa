"""The accounts permission table, without a database: who may invite, and what ``/api/me``
lists for each role."""

from __future__ import annotations

import pytest

from backend.accounts.identity import Actor
from backend.accounts.policy import ADMINISTRATORS_ONLY, POLICY, global_actions
from backend.core.problems import Problem
from shared.accounts import AccountAction, Role


def _actor(*roles: Role) -> Actor:
    return Actor(
        id=7,
        username="nguoidung",
        full_name="Người Dùng",
        organisation_id=1,
        organisation_code="VPTU",
        organisation_name="Văn phòng Tỉnh ủy",
        roles=list(roles),
        session_id=1,
    )


def test_every_account_action_has_a_rule():
    assert set(POLICY.rules) == set(AccountAction)


@pytest.mark.parametrize("role", list(Role))
def test_only_an_administrator_may_invite(role):
    actor = _actor(role)
    allowed = role is Role.QUAN_TRI
    assert POLICY.allows(AccountAction.INVITE, actor, None) is allowed
    assert global_actions(actor) == ([AccountAction.INVITE] if allowed else [])
    if allowed:
        POLICY.require(AccountAction.INVITE, actor, None)
    else:
        with pytest.raises(Problem) as refused:
            POLICY.require(AccountAction.INVITE, actor, None)
        assert refused.value.status_code == 403
        assert refused.value.code == "forbidden"
        assert refused.value.detail == ADMINISTRATORS_ONLY


def test_an_administrator_with_other_roles_may_still_invite():
    assert global_actions(_actor(Role.CAN_BO, Role.QUAN_TRI)) == [AccountAction.INVITE]
    assert global_actions(_actor()) == []
