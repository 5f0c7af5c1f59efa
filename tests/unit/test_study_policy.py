"""The study modules' permission table, without a database."""

from __future__ import annotations

import pytest

from backend.study.policy import POLICY, ModuleRecord, global_actions, may_read
from shared.accounts import Role
from shared.study import ModuleState, StudyAction
from tests.policy_support import actor

A = StudyAction


def module(**values) -> ModuleRecord:
    defaults = {
        "state": ModuleState.PUBLISHED,
        "before_deadline": True,
        "has_questions": True,
        "in_scope": False,
        "oversees": False,
    }
    return ModuleRecord(**(defaults | values))


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(StudyAction)


@pytest.mark.parametrize("role", list(Role))
def test_only_tuyen_giao_manage(role):
    assert global_actions(actor(role)) == ([A.MANAGE] if role is Role.TUYEN_GIAO else [])


def test_tuyen_giao_edit_and_publish_a_draft_with_questions_and_a_future_deadline():
    editor = actor(Role.TUYEN_GIAO)
    assert POLICY.actions(editor, module(state=ModuleState.DRAFT)) == [A.EDIT, A.PUBLISH]
    empty = module(state=ModuleState.DRAFT, has_questions=False)
    assert POLICY.rules[A.PUBLISH].refuse(editor, empty).status_code == 422
    late = module(state=ModuleState.DRAFT, before_deadline=False)
    assert POLICY.rules[A.PUBLISH].refuse(editor, late).status_code == 422
    assert POLICY.actions(editor, module()) == [A.VIEW_RESULTS]


def test_members_of_the_scope_take_it_until_the_deadline():
    member = actor(Role.DANG_VIEN)
    assert POLICY.actions(member, module(in_scope=True)) == [A.TAKE]
    late = POLICY.rules[A.TAKE].refuse(member, module(in_scope=True, before_deadline=False))
    assert late.status_code == 409 and "hết hạn" in late.detail
    assert POLICY.rules[A.TAKE].refuse(member, module()).status_code == 403
    assert POLICY.actions(member, module(oversees=True)) == [A.VIEW_RESULTS]


def test_who_reads_a_module():
    member = actor(Role.DANG_VIEN)
    assert may_read(member, module(in_scope=True))
    assert may_read(member, module(oversees=True))
    assert not may_read(member, module())
    assert not may_read(member, module(state=ModuleState.DRAFT, in_scope=True))
    assert may_read(actor(Role.TUYEN_GIAO), module(state=ModuleState.DRAFT))
