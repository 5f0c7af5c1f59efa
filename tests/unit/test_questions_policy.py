"""Questions to the cấp ủy: the permission table, without a database."""

from __future__ import annotations

import pytest

from backend.questions.policy import POLICY, QuestionRecord, global_actions, may_read
from shared.accounts import Role
from shared.questions import QuestionAction, QuestionStatus
from tests.policy_support import PLACE, STANDINGS, actor

A = QuestionAction
ON_CAP_UY = {"bi_thu", "pho_bi_thu", "chi_uy_vien"}


def question(name: str, status=QuestionStatus.WAITING, own=False, faq=False) -> QuestionRecord:
    return QuestionRecord(PLACE, STANDINGS[name], own, status, faq)


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(QuestionAction)


@pytest.mark.parametrize("role", list(Role))
def test_members_ask_and_read_the_faq(role):
    expected = []
    if role is Role.DANG_VIEN:
        expected = [A.ASK, A.READ_FAQ, A.SEARCH_FAQ]
    elif role is Role.TUYEN_GIAO:
        expected = [A.READ_FAQ, A.SEARCH_FAQ]
    assert global_actions(actor(role)) == expected


@pytest.mark.parametrize("name", list(STANDINGS))
def test_only_the_cap_uy_asked_answers_and_publishes(name):
    waiting = question(name)
    answered = question(name, QuestionStatus.ANSWERED)
    published = question(name, QuestionStatus.ANSWERED, faq=True)
    if name in ON_CAP_UY:
        assert POLICY.actions(actor(), waiting) == [A.ANSWER]
        assert POLICY.actions(actor(), answered) == [A.PUBLISH_FAQ]
        assert POLICY.actions(actor(), published) == [A.WITHDRAW_FAQ]
        assert POLICY.rules[A.ANSWER].refuse(actor(), answered).status_code == 409
    else:
        assert POLICY.actions(actor(), waiting) == []
        assert POLICY.rules[A.ANSWER].refuse(actor(), waiting).status_code == 403
    assert may_read(actor(), waiting) is (name in ON_CAP_UY)
    assert may_read(actor(), question(name, own=True))
