"""The encrypted ballots of an open secret poll, page by page, for the key holders' browsers
(docs/ballots.md "Checking as the ballots arrive"): each checks every ballot's proofs as it
lands, so that at close only the last few and the frozen board are left to check.

Ballots come in the order they were stored (``after`` = the last row id seen): that order is
what makes the feed incremental, and it is why only the key holders read it (policy
``follow_ballots``); the published board is sorted by tracker."""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.ballots.board import board_row, tally_record
from backend.ballots.board_tables import SecretBallot
from backend.ballots.policy import POLICY
from backend.ballots.poll_context import context_of, the_key
from backend.ballots.records import json_value
from backend.polls.records import readable_poll
from shared.ballots import BallotAction, BallotFeed, FedBallot

PAGE = 200  # ballots per answer: a few hundred kilobytes at most


async def feed(actor: Actor, congress_id: int, poll_id: int, after: int) -> BallotFeed:
    poll, record = await readable_poll(actor, congress_id, poll_id)
    tally = await tally_record(actor, record.congress, poll)
    POLICY.require(BallotAction.FOLLOW, actor, tally)
    context = await context_of(poll, await the_key(poll_id))
    frozen = await board_row(poll_id) is not None
    # Once frozen, what is checked is the board (…/secret-board): no ballots here any more.
    rows = (
        []
        if frozen
        else await SecretBallot.select(SecretBallot.id, SecretBallot.tracker, SecretBallot.ballot)
        .where((SecretBallot.poll == poll_id) & (SecretBallot.id > after))
        .order_by(SecretBallot.id)
        .limit(PAGE + 1)
    )
    return BallotFeed(
        poll_id=poll_id,
        status=poll["status"],
        context=context.to_json(),
        context_hash=context.hash.hex(),
        ballots=[
            FedBallot(seq=r["id"], tracker=r["tracker"], ballot=json_value(r["ballot"]))
            for r in rows[:PAGE]
        ],
        more=len(rows) > PAGE,
        frozen=frozen,
        actions=POLICY.actions(actor, tally),
    )
