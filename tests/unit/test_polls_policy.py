"""The polls' permission table, without a database: who prepares, opens and closes, who
votes and when, what the counting board does, and that results wait for the close."""

from __future__ import annotations

import pytest

from backend.congress.policy import CongressRecord
from backend.core.problems import Problem
from backend.polls.policy import POLICY, PollRecord, congress_actions, require_prepare
from shared.congress import CongressBody, CongressStatus, CredentialStatus
from shared.polls import Channel, PollAction, PollMode, PollStatus
from tests.policy_support import actor

A = PollAction
B = CongressBody
S = PollStatus


def poll(
    *bodies,
    status=S.OPEN,
    mode=PollMode.OPEN,
    delegate=None,
    credential=CredentialStatus.ACCEPTED,
    congress_status=CongressStatus.IN_SESSION,
    **extra,
) -> PollRecord:
    return PollRecord(
        congress=CongressRecord(
            congress_id=3,
            status=congress_status,
            bodies=frozenset(bodies),
            delegate_id=delegate,
            credential_status=credential if delegate else None,
        ),
        status=status,
        mode=mode,
        **extra,
    )


def refusal(action, record) -> Problem:
    with pytest.raises(Problem) as refused:
        POLICY.require(action, actor(), record)
    return refused.value


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(PollAction)


@pytest.mark.parametrize(
    ("body", "status", "expected"),
    [
        (B.PRESIDIUM, S.PREPARING, {A.READ, A.PREPARE, A.OPEN}),
        (B.PRESIDIUM, S.OPEN, {A.READ, A.CLOSE}),
        (B.PRESIDIUM, S.CLOSED, {A.READ, A.VIEW_RESULT}),
        (B.ORGANISING, S.PREPARING, {A.READ, A.PREPARE}),
        (B.ORGANISING, S.OPEN, {A.READ}),
        (B.COUNTING, S.PREPARING, {A.READ}),
        (B.COUNTING, S.OPEN, {A.READ, A.ISSUE_PAPER, A.ENTER_PAPER}),
        (B.COUNTING, S.CLOSED, {A.READ, A.VIEW_RESULT}),
        (B.SECRETARIAT, S.OPEN, {A.READ}),
        (B.CHECK_IN, S.CLOSED, {A.READ, A.VIEW_RESULT}),
    ],
)
def test_each_body_does_its_own_part(body, status, expected):
    assert set(POLICY.actions(actor(), poll(body, status=status))) == expected


def test_only_the_presidium_opens_and_closes():
    assert refusal(A.OPEN, poll(B.ORGANISING, status=S.PREPARING)).status_code == 403
    problem = refusal(A.CLOSE, poll(B.COUNTING))
    assert problem.status_code == 403
    assert "Đoàn Chủ tịch" in problem.detail


def test_a_closed_poll_is_not_opened_again():
    problem = refusal(A.OPEN, poll(B.PRESIDIUM, status=S.CLOSED))
    assert (problem.status_code, problem.code) == (409, "poll_closed")


def test_a_present_delegate_votes_once():
    record = poll(delegate=12, checked_in=True)
    assert POLICY.actions(actor(), record) == [A.READ, A.VOTE]
    voted = poll(delegate=12, checked_in=True, participation=Channel.ELECTRONIC)
    problem = refusal(A.VOTE, voted)
    assert (problem.status_code, problem.code) == (409, "already_voted")
    assert problem.detail.startswith("Đồng chí đã biểu quyết")


def test_a_delegate_with_a_paper_ballot_does_not_vote_electronically():
    problem = refusal(A.VOTE, poll(delegate=12, checked_in=True, participation=Channel.PAPER))
    assert (problem.status_code, problem.code) == (409, "paper_ballot_issued")


def test_an_absent_delegate_does_not_vote():
    problem = refusal(A.VOTE, poll(delegate=12, checked_in=False))
    assert (problem.status_code, problem.code) == (403, "not_checked_in")


@pytest.mark.parametrize("credential", [CredentialStatus.REJECTED, CredentialStatus.REPLACED])
def test_an_ineligible_delegate_does_not_vote(credential):
    problem = refusal(A.VOTE, poll(delegate=12, checked_in=True, credential=credential))
    assert problem.status_code == 403


def test_a_body_member_who_is_no_delegate_does_not_vote():
    assert refusal(A.VOTE, poll(B.PRESIDIUM, checked_in=True)).status_code == 403


@pytest.mark.parametrize(
    ("status", "code"), [(S.PREPARING, "poll_not_open"), (S.CLOSED, "poll_closed")]
)
def test_votes_only_inside_the_open_window(status, code):
    problem = refusal(A.VOTE, poll(delegate=12, checked_in=True, status=status))
    assert (problem.status_code, problem.code) == (409, code)


def test_a_paper_poll_takes_no_electronic_vote():
    problem = refusal(A.VOTE, poll(delegate=12, checked_in=True, mode=PollMode.PAPER))
    assert (problem.status_code, problem.code) == (409, "electronic_not_offered")


def test_a_candidate_on_the_counting_board_does_not_count_his_poll():
    record = poll(B.COUNTING, candidate=True)
    assert POLICY.actions(actor(), record) == [A.READ]
    assert refusal(A.ENTER_PAPER, record).status_code == 403
    closed = poll(B.COUNTING, candidate=True, status=S.CLOSED, minutes_ready=True)
    assert refusal(A.SIGN_MINUTES, closed).status_code == 403


def test_no_paper_ballot_once_the_totals_are_in():
    problem = refusal(A.ISSUE_PAPER, poll(B.COUNTING, paper_entered=True))
    assert (problem.status_code, problem.code) == (409, "paper_entered")
    assert A.ENTER_PAPER in POLICY.actions(actor(), poll(B.COUNTING, paper_entered=True))


def test_results_wait_for_the_close():
    for record in (poll(delegate=12, status=S.OPEN), poll(B.PRESIDIUM, status=S.PREPARING)):
        problem = refusal(A.VIEW_RESULT, record)
        assert (problem.status_code, problem.code) == (409, "poll_not_closed")
    assert A.VIEW_RESULT in POLICY.actions(actor(), poll(delegate=12, status=S.CLOSED))


def test_each_counter_signs_the_minutes_once():
    record = poll(B.COUNTING, status=S.CLOSED, minutes_ready=True)
    assert A.SIGN_MINUTES in POLICY.actions(actor(), record)
    problem = refusal(
        A.SIGN_MINUTES, poll(B.COUNTING, status=S.CLOSED, minutes_ready=True, signed=True)
    )
    assert (problem.status_code, problem.code) == (409, "already_signed")
    problem = refusal(A.SIGN_MINUTES, poll(B.COUNTING, status=S.CLOSED))
    assert problem.code == "minutes_not_ready"


def test_an_ended_congress_changes_nothing():
    record = poll(B.PRESIDIUM, B.COUNTING, congress_status=CongressStatus.ENDED)
    assert set(POLICY.actions(actor(), record)) == {A.READ}
    assert refusal(A.CLOSE, record).code == "congress_ended"


def test_an_outsider_reads_nothing():
    assert POLICY.actions(actor(), poll(status=S.CLOSED)) == []


def test_preparing_on_the_congress():
    presidium = CongressRecord(3, CongressStatus.IN_SESSION, frozenset({B.PRESIDIUM}))
    assert congress_actions(actor(), presidium) == [A.PREPARE]
    require_prepare(actor(), presidium)
    counting = CongressRecord(3, CongressStatus.IN_SESSION, frozenset({B.COUNTING}))
    assert congress_actions(actor(), counting) == []
    with pytest.raises(Problem) as refused:
        require_prepare(actor(), counting)
    assert refused.value.status_code == 403
