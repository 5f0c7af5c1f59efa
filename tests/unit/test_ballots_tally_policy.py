"""Casting and the tally in the ballots' permission table, without a database: a present
delegate with standing credentials casts once in an open secret poll; only a key holder of the
counting board decrypts, once, after the board is frozen and until the tally is done; the
board is public to the congress once frozen; only a key holder follows the ballots while the
poll is open."""

from __future__ import annotations

import pytest

from backend.ballots.policy import POLICY, TallyRecord
from backend.congress.policy import CongressRecord
from backend.core.problems import Problem
from backend.polls.policy import PollRecord
from shared.ballots import BallotAction
from shared.congress import CongressBody, CongressStatus, CredentialStatus
from shared.polls import Channel, PollMode, PollStatus
from tests.policy_support import actor

A = BallotAction


def congress(*bodies, delegate=None) -> CongressRecord:
    return CongressRecord(
        congress_id=3,
        status=CongressStatus.IN_SESSION,
        bodies=frozenset(bodies),
        delegate_id=delegate,
        credential_status=CredentialStatus.ACCEPTED if delegate else None,
    )


def poll(mode=PollMode.SECRET, status=PollStatus.OPEN, **extra) -> PollRecord:
    return PollRecord(congress=congress(delegate=5), status=status, mode=mode, **extra)


def refused(action, record) -> Problem:
    with pytest.raises(Problem) as caught:
        POLICY.require(action, actor(), record)
    return caught.value


def test_a_present_delegate_casts_once_in_an_open_secret_poll():
    assert A.CAST in POLICY.actions(actor(), poll(checked_in=True))
    cases = [
        (poll(checked_in=False), 403, "not_checked_in"),
        (poll(checked_in=True, participation=Channel.ELECTRONIC), 409, "already_voted"),
        (poll(checked_in=True, participation=Channel.PAPER), 409, "paper_ballot_issued"),
        (poll(checked_in=True, status=PollStatus.CLOSED), 409, "poll_closed"),
        (poll(checked_in=True, status=PollStatus.PREPARING), 409, "poll_not_open"),
        (poll(checked_in=True, mode=PollMode.OPEN), 409, "not_secret"),
    ]
    for record, status, code in cases:
        problem = refused(A.CAST, record)
        assert (problem.status_code, problem.code) == (status, code)
    outsider = PollRecord(congress=congress(), status=PollStatus.OPEN, mode=PollMode.SECRET)
    assert refused(A.CAST, outsider).status_code == 403


def tally(*bodies, **extra) -> TallyRecord:
    return TallyRecord(congress=congress(*bodies), poll_status=PollStatus.CLOSED, **extra)


def test_only_a_key_holder_decrypts_once_after_the_freeze():
    counting = CongressBody.COUNTING
    assert A.DECRYPT in POLICY.actions(actor(), tally(counting, frozen=True, member=2))
    assert refused(A.DECRYPT, tally(counting, frozen=True)).status_code == 403  # holds no share
    assert refused(A.DECRYPT, tally(frozen=True, member=2)).status_code == 403  # left the board
    assert refused(A.DECRYPT, tally(counting, member=2)).code == "not_frozen"
    again = tally(counting, frozen=True, member=2, decrypted=True)
    assert refused(A.DECRYPT, again).code == "already_decrypted"
    done = tally(counting, frozen=True, member=2, combined=True)
    assert refused(A.DECRYPT, done).code == "combined"


def test_the_board_is_public_to_the_congress_once_frozen():
    delegate = TallyRecord(
        congress=congress(delegate=5), poll_status=PollStatus.CLOSED, frozen=True
    )
    assert POLICY.actions(actor(), delegate) == [A.READ_BOARD]
    early = TallyRecord(congress=congress(delegate=5), poll_status=PollStatus.OPEN)
    assert refused(A.READ_BOARD, early).code == "not_frozen"


def test_only_a_key_holder_follows_the_ballots_once_the_poll_opened():
    counting = CongressBody.COUNTING
    holder = TallyRecord(congress=congress(counting), poll_status=PollStatus.OPEN, member=1)
    assert A.FOLLOW in POLICY.actions(actor(), holder)
    assert A.FOLLOW in POLICY.actions(actor(), tally(counting, frozen=True, member=1))
    preparing = TallyRecord(congress=congress(counting), poll_status=PollStatus.PREPARING, member=1)
    assert refused(A.FOLLOW, preparing).code == "poll_not_open"
    no_share = TallyRecord(congress=congress(counting), poll_status=PollStatus.OPEN)
    assert refused(A.FOLLOW, no_share).status_code == 403
    delegate = TallyRecord(congress=congress(delegate=5), poll_status=PollStatus.OPEN, member=1)
    assert refused(A.FOLLOW, delegate).status_code == 403  # a key holder no longer on the board
