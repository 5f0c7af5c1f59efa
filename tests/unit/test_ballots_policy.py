"""The key ceremony's permission table, without a database: the presidium or the secretariat
starts it for a secret poll in preparation; only the ceremony's counting-board members take
part, each step in its phase; nobody else sees it; the key is public to the congress."""

from __future__ import annotations

import pytest

from backend.ballots.policy import POLICY, CeremonyRecord
from backend.congress.policy import CongressRecord
from backend.core.problems import Problem
from shared.ballots import BallotAction, CeremonyStatus
from shared.congress import CongressBody, CongressStatus, CredentialStatus
from shared.polls import PollMode, PollStatus
from tests.policy_support import actor

A = BallotAction
B = CongressBody
C = CeremonyStatus


def record(
    *bodies,
    ceremony=None,
    member=None,
    mode=PollMode.SECRET,
    poll=PollStatus.PREPARING,
    delegate=None,
    congress_status=CongressStatus.IN_SESSION,
    **extra,
) -> CeremonyRecord:
    return CeremonyRecord(
        congress=CongressRecord(
            congress_id=3,
            status=congress_status,
            bodies=frozenset(bodies),
            delegate_id=delegate,
            credential_status=CredentialStatus.ACCEPTED if delegate else None,
        ),
        poll_status=poll,
        poll_mode=mode,
        ceremony=ceremony,
        member=member,
        **extra,
    )


def actions(r: CeremonyRecord) -> set[BallotAction]:
    return set(POLICY.actions(actor(), r))


def refusal(action, r) -> Problem:
    with pytest.raises(Problem) as refused:
        POLICY.require(action, actor(), r)
    return refused.value


def test_every_action_has_one_rule():
    assert set(POLICY.rules) == set(BallotAction)


@pytest.mark.parametrize("body", [B.PRESIDIUM, B.SECRETARIAT])
def test_the_presidium_and_the_secretariat_start_and_follow(body):
    assert actions(record(body)) == {A.VIEW, A.START, A.READ_KEY}
    # Started again while it runs, not once the key is ready, nor for another mode.
    assert A.START in actions(record(body, ceremony=C.SHARING))
    assert refusal(A.START, record(body, key_ready=True)).code == "key_ready"
    assert refusal(A.START, record(body, mode=PollMode.OPEN)).code == "not_secret"
    assert refusal(A.START, record(body, poll=PollStatus.OPEN)).code == "poll_not_preparing"
    ended = record(body, congress_status=CongressStatus.ENDED)
    assert refusal(A.START, ended).code == "congress_ended"
    # Following is not taking part.
    assert refusal(A.COMMIT, record(body, ceremony=C.COMMITTING)).status_code == 403


@pytest.mark.parametrize(
    ("phase", "extra", "expected"),
    [
        (C.COMMITTING, {}, {A.COMMIT}),
        (C.COMMITTING, {"committed": True}, set()),
        (C.SHARING, {"committed": True}, {A.SEND_SHARES, A.READ_SHARES}),
        (C.SHARING, {"shares_sent": True}, {A.READ_SHARES}),
        (C.CHECKING, {}, {A.READ_SHARES, A.COMPLAIN, A.CONFIRM}),
        (C.CHECKING, {"confirmed": True}, {A.READ_SHARES}),
        (C.CHECKING, {"complaint_pending": True}, {A.READ_SHARES, A.COMPLAIN}),
        (
            C.CHECKING,
            {"complaint_pending": True, "accused_pending": True},
            {A.READ_SHARES, A.COMPLAIN, A.REVEAL},
        ),
        (C.DONE, {"confirmed": True}, set()),
        (C.SUPERSEDED, {}, set()),
    ],
)
def test_a_member_takes_each_step_in_its_phase(phase, extra, expected):
    r = record(B.COUNTING, ceremony=phase, member=2, **extra)
    assert actions(r) == {A.VIEW, A.READ_KEY} | expected


def test_the_counting_board_takes_part_only_when_counted():
    # On the board but not in this ceremony (added later, or excluded).
    r = record(B.COUNTING, ceremony=C.COMMITTING)
    assert actions(r) == {A.VIEW, A.READ_KEY}
    assert refusal(A.COMMIT, r).status_code == 403
    # In the ceremony's members but no longer on the board.
    assert refusal(A.COMMIT, record(ceremony=C.COMMITTING, member=1)).status_code == 403
    assert refusal(A.START, record(B.COUNTING)).status_code == 403


def test_refusals_name_the_phase():
    member = {"member": 1}
    assert refusal(A.COMMIT, record(B.COUNTING, **member)).code == "no_ceremony"
    assert refusal(A.CONFIRM, record(B.COUNTING, ceremony=C.SHARING, **member)).code == (
        "wrong_phase"
    )
    done = record(B.COUNTING, ceremony=C.COMMITTING, committed=True, **member)
    assert refusal(A.COMMIT, done).code == "already_committed"
    waiting = record(B.COUNTING, ceremony=C.CHECKING, complaint_pending=True, **member)
    assert refusal(A.CONFIRM, waiting).code == "complaint_pending"
    assert refusal(A.REVEAL, waiting).code == "no_complaint"


def test_a_delegate_sees_only_the_key():
    r = record(delegate=5, ceremony=C.CHECKING)
    assert actions(r) == {A.READ_KEY}
    assert refusal(A.VIEW, r).status_code == 403
    assert refusal(A.READ_KEY, record()).status_code == 403  # not of the congress
