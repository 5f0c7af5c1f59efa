"""Drafts, consultations and comments: the permission table, without a database."""

from __future__ import annotations

import pytest

from backend.consultations.policy import (
    POLICY,
    CommentRecord,
    ConsultationRecord,
    DraftRecord,
    global_actions,
)
from shared.accounts import Role
from shared.consultations import CommentStatus, ConsultationAction, ConsultationStatus
from tests.policy_support import actor

A = ConsultationAction
S = ConsultationStatus


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(ConsultationAction)


@pytest.mark.parametrize("role", list(Role))
def test_global_actions(role):
    expected = {
        Role.BIEN_TAP: [A.MANAGE, A.SEARCH_COMMENTS],
        Role.CONG_DAN: [A.MY_COMMENTS],
    }.get(role, [])
    assert global_actions(actor(role)) == expected


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("status", list(S))
def test_who_does_what_on_a_consultation(role, status):
    found = POLICY.actions(actor(role), ConsultationRecord(1, status))
    readable = status is not S.UPCOMING or role is Role.BIEN_TAP
    expected = [A.READ] if readable else []
    if role is Role.CONG_DAN and status is S.OPEN:
        expected += [A.COMMENT, A.VOTE]
    if role is Role.BIEN_TAP:
        expected += [A.MODERATE, A.EXPORT, A.EXPLAIN]
        if status is not S.CLOSED:
            expected.append(A.CLOSE)
    assert found == expected


def test_a_citizen_is_told_why_he_cannot_comment_now():
    citizen = actor(Role.CONG_DAN)
    for status, detail in (
        (S.UPCOMING, "Đợt lấy ý kiến chưa bắt đầu."),
        (S.CLOSED, "Đợt lấy ý kiến đã kết thúc."),
    ):
        problem = POLICY.rules[A.COMMENT].refuse(citizen, ConsultationRecord(1, status))
        assert (problem.status_code, problem.detail) == (409, detail)
    member = POLICY.rules[A.COMMENT].refuse(actor(Role.DANG_VIEN), ConsultationRecord(1, S.OPEN))
    assert member.status_code == 403


@pytest.mark.parametrize("status", list(CommentStatus))
@pytest.mark.parametrize("consultation", list(S))
def test_comments_withdrawn_by_their_author_while_open_moderated_by_editors(status, consultation):
    own = CommentRecord(consultation, status, own=True, answered=False)
    theirs = CommentRecord(consultation, status, own=False, answered=False)
    may_withdraw = consultation is S.OPEN and status is not CommentStatus.WITHDRAWN
    assert POLICY.actions(actor(Role.CONG_DAN), own) == ([A.WITHDRAW] if may_withdraw else [])
    assert POLICY.actions(actor(Role.CONG_DAN), theirs) == []
    editor = POLICY.actions(actor(Role.BIEN_TAP), theirs)
    expected = {
        CommentStatus.VISIBLE: [A.HIDE, A.ANSWER],
        CommentStatus.HIDDEN: [A.RESTORE, A.ANSWER],
        CommentStatus.WITHDRAWN: [],
    }[status]
    assert editor == expected


@pytest.mark.parametrize("role", list(Role))
def test_only_editors_revise_a_draft(role):
    assert POLICY.actions(actor(role), DraftRecord(1)) == (
        [A.REVISE] if role is Role.BIEN_TAP else []
    )
