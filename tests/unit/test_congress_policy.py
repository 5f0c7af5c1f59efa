"""The congress's permission table, without a database: what each body and a delegate may do,
what an ended congress and a closed agenda item refuse, and who may create a congress."""

from __future__ import annotations

import pytest

from backend.congress.policy import (
    POLICY,
    CongressRecord,
    ItemRecord,
    SpeakerRecord,
    global_actions,
)
from backend.core.problems import Problem
from shared.accounts import Role
from shared.congress import (
    CongressAction,
    CongressBody,
    CongressStatus,
    CredentialStatus,
    ItemStatus,
    SpeakerKind,
    SpeakerStatus,
)
from tests.policy_support import actor

A = CongressAction
B = CongressBody
OPEN = CongressStatus.IN_SESSION

# What each body alone may do on a congress in session (besides reading it).
BY_BODY = {
    B.ORGANISING: {
        A.EDIT_SETUP,
        A.ASSIGN_BODIES,
        A.RECORD_APPROVAL,
        A.IMPORT_DELEGATES,
        A.PRINT_CARDS,
        A.VIEW_CREDENTIALS_REPORT,
        A.CHECK_IN,
        A.VIEW_CONSOLE,
    },
    B.PRESIDIUM: {
        A.RECORD_APPROVAL,
        A.VIEW_CREDENTIALS_REPORT,
        A.RUN_SESSIONS,
        A.GIVE_FLOOR,
        A.VIEW_CONSOLE,
    },
    B.SECRETARIAT: {A.KEEP_SPEAKERS, A.VIEW_CONSOLE},
    B.CREDENTIALS: {A.REVIEW_CREDENTIALS, A.VIEW_CREDENTIALS_REPORT},
    B.COUNTING: set(),
    B.CHECK_IN: {A.CHECK_IN},
}
EVERY_BODY = {A.READ, A.VIEW_ATTENDANCE, A.VIEW_DELEGATES, A.VIEW_PROJECTOR}


def congress(*bodies, delegate=None, credential=None, status=OPEN) -> CongressRecord:
    return CongressRecord(
        congress_id=3,
        status=status,
        bodies=frozenset(bodies),
        delegate_id=delegate,
        credential_status=credential,
    )


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(CongressAction)


@pytest.mark.parametrize("body", list(CongressBody))
def test_each_body_may_do_its_own_work_and_no_other(body):
    assert set(POLICY.actions(actor(), congress(body))) == BY_BODY[body] | EVERY_BODY


def test_a_global_role_gives_nothing_inside_a_congress():
    for role in Role:
        assert POLICY.actions(actor(role), congress()) == []


def test_a_delegate_reads_shows_his_card_and_nothing_of_the_bodies():
    record = congress(delegate=12, credential=CredentialStatus.ACCEPTED)
    assert POLICY.actions(actor(), record) == [A.READ, A.SHOW_CARD]


@pytest.mark.parametrize("status", [CredentialStatus.REJECTED, CredentialStatus.REPLACED])
def test_a_refused_or_replaced_delegate_has_no_card(status):
    record = congress(delegate=12, credential=status)
    assert A.SHOW_CARD not in POLICY.actions(actor(), record)
    with pytest.raises(Problem) as refused:
        POLICY.require(A.SHOW_CARD, actor(), record)
    assert refused.value.status_code == 409
    assert "không được công nhận" in refused.value.detail


def test_an_ended_congress_refuses_changes_with_409():
    record = congress(B.ORGANISING, B.PRESIDIUM, status=CongressStatus.ENDED)
    for action in (A.EDIT_SETUP, A.RUN_SESSIONS, A.IMPORT_DELEGATES):
        with pytest.raises(Problem) as refused:
            POLICY.require(action, actor(), record)
        assert refused.value.status_code == 409
    assert A.VIEW_CREDENTIALS_REPORT in POLICY.actions(actor(), record)


def test_only_the_presidium_moves_the_agenda():
    with pytest.raises(Problem) as refused:
        POLICY.require(A.RUN_SESSIONS, actor(), congress(B.SECRETARIAT, B.ORGANISING))
    assert refused.value.status_code == 403
    assert "Đoàn Chủ tịch" in refused.value.detail


@pytest.mark.parametrize(
    ("status", "speaking_open", "allowed", "code"),
    [
        (ItemStatus.WAITING, True, True, None),
        (ItemStatus.CURRENT, True, True, None),
        (ItemStatus.CURRENT, False, False, "speaking_closed"),
        (ItemStatus.DONE, True, False, "item_closed"),
    ],
)
def test_speaking_requests_only_on_an_item_still_open(status, speaking_open, allowed, code):
    delegate = congress(delegate=12, credential=CredentialStatus.PENDING)
    item = ItemRecord(congress=delegate, status=status, speaking_open=speaking_open)
    assert (A.REQUEST_TO_SPEAK in POLICY.actions(actor(), item)) is allowed
    if not allowed:
        with pytest.raises(Problem) as refused:
            POLICY.require(A.REQUEST_TO_SPEAK, actor(), item)
        assert refused.value.code == code
    body_member = ItemRecord(congress=congress(B.PRESIDIUM), status=status, speaking_open=True)
    assert A.REQUEST_TO_SPEAK not in POLICY.actions(actor(), body_member)


def test_creating_a_congress_is_for_the_organising_role_only():
    assert global_actions(actor(Role.BAN_TO_CHUC)) == [A.CREATE]
    assert global_actions(actor(Role.QUAN_TRI, Role.LANH_DAO)) == []


@pytest.mark.parametrize("status", list(SpeakerStatus))
def test_a_delegate_withdraws_his_own_request_before_he_speaks(status):
    mine = congress(delegate=12, credential=CredentialStatus.ACCEPTED)
    request = SpeakerRecord(congress=mine, delegate_id=12, status=status)
    allowed = status in (SpeakerStatus.REQUESTED, SpeakerStatus.QUEUED)
    assert POLICY.actions(actor(), request) == ([A.WITHDRAW_SPEECH] if allowed else [])
    if not allowed:
        with pytest.raises(Problem) as refused:
            POLICY.require(A.WITHDRAW_SPEECH, actor(), request)
        assert refused.value.status_code == 409 and "không rút được" in refused.value.detail
    for other in (
        congress(delegate=13, credential=CredentialStatus.ACCEPTED),
        congress(B.PRESIDIUM, B.SECRETARIAT),
    ):
        theirs = SpeakerRecord(congress=other, delegate_id=12, status=status)
        assert POLICY.actions(actor(), theirs) == []
        with pytest.raises(Problem) as refused:
            POLICY.require(A.WITHDRAW_SPEECH, actor(), theirs)
        assert refused.value.status_code == 403 and "chính mình" in refused.value.detail


@pytest.mark.parametrize("kind", list(SpeakerKind))
@pytest.mark.parametrize("status", list(SpeakerStatus))
def test_a_delegate_attaches_the_text_of_his_own_paper_while_it_waits(kind, status):
    mine = congress(delegate=12, credential=CredentialStatus.ACCEPTED)
    paper = SpeakerRecord(congress=mine, delegate_id=12, status=status, kind=kind)
    waiting = kind is SpeakerKind.WRITTEN and status is SpeakerStatus.REQUESTED
    assert (A.ATTACH_PAPER in POLICY.actions(actor(), paper)) is waiting
    if not waiting:
        with pytest.raises(Problem) as refused:
            POLICY.require(A.ATTACH_PAPER, actor(), paper)
        assert refused.value.status_code == 409
    secretariat = SpeakerRecord(
        congress=congress(B.SECRETARIAT), delegate_id=12, status=status, kind=kind
    )
    with pytest.raises(Problem) as refused:
        POLICY.require(A.ATTACH_PAPER, actor(), secretariat)
    assert refused.value.status_code == 403
