"""The library's permission table, without a database: Tuyên giáo publish (not quản trị, not
biên tập), party members read and keep their own marks on live articles."""

from __future__ import annotations

import pytest

from backend.library.policy import POLICY, ArticleRecord, DocumentRecord, global_actions, may_see
from shared.accounts import Role
from shared.library import DocumentState, LibraryAction
from tests.policy_support import actor

A = LibraryAction


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(LibraryAction)


@pytest.mark.parametrize("role", list(Role))
def test_global_actions_of_every_role(role):
    expected = {
        Role.TUYEN_GIAO: [A.READ, A.SEARCH, A.MANAGE],
        Role.DANG_VIEN: [A.READ, A.SEARCH],
    }.get(role, [])
    assert global_actions(actor(role)) == expected


@pytest.mark.parametrize("role", list(Role))
def test_only_tuyen_giao_edit_publish_and_withdraw(role):
    pending = DocumentRecord(DocumentState.PUBLISHED, draft_pending=True)
    expected = [A.EDIT, A.PUBLISH, A.WITHDRAW] if role is Role.TUYEN_GIAO else []
    assert POLICY.actions(actor(role), pending) == expected
    if role in (Role.QUAN_TRI, Role.BIEN_TAP):
        problem = POLICY.rules[A.PUBLISH].refuse(actor(role), pending)
        assert problem.status_code == 403 and "Tuyên giáo" in problem.detail


def test_publishing_needs_a_draft_and_withdrawing_a_published_document():
    editor = actor(Role.TUYEN_GIAO)
    nothing = DocumentRecord(DocumentState.PUBLISHED, draft_pending=False)
    assert POLICY.rules[A.PUBLISH].refuse(editor, nothing).status_code == 409
    withdrawn = DocumentRecord(DocumentState.WITHDRAWN, draft_pending=False)
    assert POLICY.actions(editor, withdrawn) == [A.EDIT, A.PUBLISH]
    draft = DocumentRecord(DocumentState.DRAFT, draft_pending=True)
    assert POLICY.rules[A.WITHDRAW].refuse(editor, draft).status_code == 409


def test_marks_on_live_articles_and_who_sees_what():
    member = actor(Role.DANG_VIEN)
    assert POLICY.actions(member, ArticleRecord(live=True)) == [A.BOOKMARK, A.HIGHLIGHT]
    assert POLICY.actions(member, ArticleRecord(live=False)) == []
    assert POLICY.actions(actor(Role.CONG_DAN), ArticleRecord(live=True)) == []
    assert may_see(member, DocumentState.PUBLISHED)
    assert not may_see(member, DocumentState.DRAFT)
    assert not may_see(actor(Role.QUAN_TRI), DocumentState.PUBLISHED)
    assert may_see(actor(Role.TUYEN_GIAO), DocumentState.WITHDRAWN)
