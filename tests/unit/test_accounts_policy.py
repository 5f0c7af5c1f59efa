"""The accounts permission table, without a database: who may invite, list the users and
confirm an account recovery, and what ``/api/me`` lists for each role."""

from __future__ import annotations

import msgspec
import pytest

from backend.accounts.identity import Actor
from backend.accounts.policy import (
    ADMINISTRATORS_ONLY,
    POLICY,
    SECOND_PERSON_ONLY,
    RecoveryCase,
    global_actions,
)
from backend.core.problems import Problem
from shared.accounts import AccountAction, RecoveryState, Role

ADMIN_ACTIONS = [AccountAction.INVITE, AccountAction.LIST_USERS, AccountAction.CONFIRM_RECOVERY]


def _actor(*roles: Role, id: int = 7, organisation_id: int = 1) -> Actor:
    return Actor(
        id=id,
        username="nguoidung",
        full_name="Người Dùng",
        organisation_id=organisation_id,
        organisation_code="VPTU",
        organisation_name="Văn phòng Tỉnh ủy",
        roles=list(roles),
        session_id=1,
    )


def _case(state: RecoveryState = RecoveryState.HELD, **changes) -> RecoveryCase:
    values = {"id": 3, "user_id": 20, "organisation_id": 1, "issued_by": 30, "state": state}
    return RecoveryCase(**{**values, **changes})


def test_every_account_action_has_a_rule():
    assert set(POLICY.rules) == set(AccountAction)


@pytest.mark.parametrize("role", list(Role))
def test_only_an_administrator_may_invite(role):
    actor = _actor(role)
    allowed = role is Role.QUAN_TRI
    assert POLICY.allows(AccountAction.INVITE, actor, None) is allowed
    assert POLICY.allows(AccountAction.LIST_USERS, actor, None) is allowed
    expected = {
        Role.QUAN_TRI: ADMIN_ACTIONS,
        Role.LANH_DAO: [AccountAction.CONFIRM_RECOVERY],
    }.get(role, [])
    assert global_actions(actor) == expected
    if allowed:
        POLICY.require(AccountAction.INVITE, actor, None)
    else:
        with pytest.raises(Problem) as refused:
            POLICY.require(AccountAction.INVITE, actor, None)
        assert refused.value.status_code == 403
        assert refused.value.code == "forbidden"
        assert refused.value.detail == ADMINISTRATORS_ONLY


def test_an_administrator_with_other_roles_may_still_invite():
    assert global_actions(_actor(Role.CAN_BO, Role.QUAN_TRI)) == ADMIN_ACTIONS
    assert global_actions(_actor()) == []


def test_a_recovery_is_confirmed_by_a_second_person_only():
    confirm = AccountAction.CONFIRM_RECOVERY
    case = _case()
    # Another administrator, or the head of the user's own organisation.
    assert POLICY.allows(confirm, _actor(Role.QUAN_TRI), case)
    assert POLICY.allows(confirm, _actor(Role.LANH_DAO, organisation_id=1), case)
    # Not the issuer, not the user, not a head elsewhere, not an ordinary cadre.
    for refused in (
        _actor(Role.QUAN_TRI, id=30),
        _actor(Role.QUAN_TRI, Role.LANH_DAO, id=20),
        _actor(Role.LANH_DAO, organisation_id=2),
        _actor(Role.CAN_BO, Role.VAN_THU),
    ):
        with pytest.raises(Problem) as problem:
            POLICY.require(confirm, refused, case)
        assert problem.value.status_code == 403 and problem.value.detail == SECOND_PERSON_ONLY
    # A session that a recovery holds confirms nothing, not even another account's.
    held = msgspec.structs.replace(_actor(Role.QUAN_TRI), recovery_held=True)
    assert not POLICY.allows(confirm, held, case)
    assert not POLICY.allows(confirm, held, None)
    # From the command line (no issuer), any administrator.
    assert POLICY.allows(confirm, _actor(Role.QUAN_TRI, id=30), _case(issued_by=None))


@pytest.mark.parametrize(
    "state", [s for s in RecoveryState if s is not RecoveryState.HELD], ids=str
)
def test_only_a_held_recovery_can_be_confirmed(state):
    with pytest.raises(Problem) as problem:
        POLICY.require(AccountAction.CONFIRM_RECOVERY, _actor(Role.QUAN_TRI), _case(state))
    assert problem.value.status_code == 409 and problem.value.code == "recovery_not_held"


def test_the_state_of_a_recovery_changes_with_time():
    from datetime import UTC, datetime, timedelta

    from backend.accounts.recovery_hold import current_state

    at = datetime(2026, 12, 6, 8, tzinfo=UTC)
    hour = timedelta(hours=1)

    def state(stored, release_at=None, link_expires_at=None):
        return current_state(stored, release_at=release_at, link_expires_at=link_expires_at, at=at)

    assert state("dang_giu", release_at=at + hour) is RecoveryState.HELD
    assert state("dang_giu", release_at=at) is RecoveryState.RELEASED
    assert state("cho_dang_ky", link_expires_at=at + hour) is RecoveryState.WAITING_FOR_ENROLMENT
    assert state("cho_dang_ky", link_expires_at=at - hour) is RecoveryState.EXPIRED
    assert state("bi_tu_choi", release_at=at - hour) is RecoveryState.REFUSED
