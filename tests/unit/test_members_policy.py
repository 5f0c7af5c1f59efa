"""The member records' permission table, without a database: every action for every standing,
the read rule, and the refusals with their Vietnamese details."""

from __future__ import annotations

import pytest

from backend.members.policy import POLICY, CorrectionRecord, MemberRecord, RollRecord, may_read
from shared.members import CorrectionState, MemberAction
from tests.policy_support import DANG_BO_PLACE, PLACE, STANDINGS, actor

A = MemberAction


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(MemberAction)


@pytest.mark.parametrize("name", list(STANDINGS))
def test_a_record_is_read_by_its_member_and_those_who_keep_the_roll(name):
    standing = STANDINGS[name]
    own = MemberRecord(PLACE, standing, own=True)
    other = MemberRecord(PLACE, standing, own=False)
    assert may_read(actor(), own)
    keeps = name in {"bi_thu", "pho_bi_thu", "cap_uy_above", "bi_thu_above"}
    assert may_read(actor(), other) is keeps
    assert POLICY.actions(actor(), own) == [A.REQUEST_CORRECTION]
    assert POLICY.actions(actor(), other) == []


@pytest.mark.parametrize("name", list(STANDINGS))
def test_the_roll_and_its_import(name):
    roll = RollRecord(PLACE, STANDINGS[name], is_chi_bo=True)
    keeps = name in {"bi_thu", "pho_bi_thu", "cap_uy_above", "bi_thu_above"}
    assert POLICY.actions(actor(), roll) == ([A.VIEW_ROLL, A.IMPORT] if keeps else [])
    if not keeps:
        problem = POLICY.rules[A.IMPORT].refuse(actor(), roll)
        assert problem.status_code == 403 and "bí thư" in problem.detail


def test_a_dang_bo_has_no_roll_of_its_own():
    roll = RollRecord(DANG_BO_PLACE, STANDINGS["bi_thu_above"], is_chi_bo=False)
    problem = POLICY.rules[A.IMPORT].refuse(actor(), roll)
    assert problem.status_code == 422


@pytest.mark.parametrize("name", list(STANDINGS))
def test_corrections_are_resolved_by_the_chi_bo_s_secretaries_only(name):
    pending = CorrectionRecord(PLACE, STANDINGS[name], CorrectionState.PENDING)
    resolves = name in {"bi_thu", "pho_bi_thu"}
    assert POLICY.actions(actor(), pending) == ([A.RESOLVE_CORRECTION] if resolves else [])
    if resolves:
        done = CorrectionRecord(PLACE, STANDINGS[name], CorrectionState.ACCEPTED)
        problem = POLICY.rules[A.RESOLVE_CORRECTION].refuse(actor(), done)
        assert problem.status_code == 409


def test_no_action_without_a_record():
    assert POLICY.actions(actor(), None) == []
