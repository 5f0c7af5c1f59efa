"""Casting a secret ballot (docs/ballots.md "Casting, the board and the tally").

The delegate must be allowed to vote now (the policy's ``cast``: credentials stand, checked in
to the open session, not yet taken part, the poll open and secret). The ballot's proofs are
checked in the process pool against the poll's context, so a ballot made for another poll,
a bad point or a bad proof is refused with the core's Vietnamese message (422) before
anything is written. Then one transaction writes the polls' participation mark
(UNIQUE(poll, delegate)), the encrypted ballot (UNIQUE(poll, tracker), no delegate on it) and
the first component of each ciphertext (UNIQUE(poll, a)): a double submit, two phones, a
replayed or copied ballot, or one reusing a single ciphertext already cast, leaves one ballot
and is answered with a 409. The poll's row is held shared, as for an open vote, so a close
waits for the casts in flight."""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.ballots.board_tables import SecretBallot, SecretCiphertext
from backend.ballots.check_pool import BallotChecker
from backend.ballots.crypto.errors import MESSAGES
from backend.ballots.policy import POLICY
from backend.ballots.poll_context import context_of, the_key
from backend.core.clock import now
from backend.core.problems import Problem
from backend.polls.records import participation_of, poll_row, readable_poll
from backend.polls.tables import PollParticipation
from backend.polls.voting import TurnoutFeed, already_voted
from shared.ballots import BallotAction, CastReceipt, SecretBallotCast
from shared.polls import Channel, PollStatus

REPLAYED = Problem(
    409,
    "Phiếu này, hoặc một bản mã trong phiếu, đã có trên bảng phiếu: mỗi phiếu chỉ được bỏ một "
    "lần và không được sao chép phiếu của người khác.",
    code="ballot_replayed",
)


class Casting:
    def __init__(self, checker: BallotChecker, feed: TurnoutFeed) -> None:
        self.checker = checker
        self.feed = feed

    async def cast(
        self, actor: Actor, congress_id: int, poll_id: int, data: SecretBallotCast
    ) -> CastReceipt:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(BallotAction.CAST, actor, record)
        delegate_id = record.congress.delegate_id
        assert delegate_id is not None  # the policy asked for a delegate
        context = await context_of(row, await the_key(poll_id))
        valid, found, firsts = await self.checker.check(context.to_json(), data.ballot)
        if not valid:
            raise Problem(422, f"Phiếu không hợp lệ: {MESSAGES[found]}", code=found)
        tracker = found
        async with db.transaction():
            current = await poll_row(congress_id, poll_id, lock="FOR SHARE")
            if current["status"] != PollStatus.OPEN.value:
                raise Problem(
                    409, "Cuộc bỏ phiếu đã kết thúc, không nhận phiếu nữa.", code="poll_closed"
                )
            marked = (
                await PollParticipation.insert(
                    PollParticipation(
                        poll=poll_id,
                        delegate=delegate_id,
                        channel=Channel.ELECTRONIC.value,
                        recorded_by=actor.id,
                        at=now(),
                    )
                )
                .on_conflict(
                    target=(PollParticipation.poll, PollParticipation.delegate),
                    action="DO NOTHING",
                )
                .returning(PollParticipation.id)
            )
            if not marked:
                raise already_voted(await participation_of(poll_id, delegate_id))
            stored = (
                await SecretBallot.insert(
                    SecretBallot(poll=poll_id, tracker=tracker, ballot=data.ballot)
                )
                .on_conflict(target=(SecretBallot.poll, SecretBallot.tracker), action="DO NOTHING")
                .returning(SecretBallot.id)
            )
            if not stored:
                raise REPLAYED
            ballot_id = stored[0]["id"]
            kept = (
                await SecretCiphertext.insert(
                    *[SecretCiphertext(poll=poll_id, ballot=ballot_id, a=a) for a in firsts]
                )
                .on_conflict(
                    target=(SecretCiphertext.poll, SecretCiphertext.a), action="DO NOTHING"
                )
                .returning(SecretCiphertext.id)
            )
            if len(kept) != len(firsts):
                raise REPLAYED
        self.feed.touch(congress_id, poll_id)
        return CastReceipt(poll_id=poll_id, tracker=tracker)
