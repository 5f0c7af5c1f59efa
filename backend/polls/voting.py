"""Electronic votes in the open mode, and the live turnout.

A vote is checked against the policy (credentials stand, checked in to the open session, has
not taken part), then against the counting rules (an unknown candidate, too many names kept or
none: 422). It is written in one transaction: the participation row — UNIQUE(poll, delegate),
so a double submit or two phones at once leave one vote, the other answered with a 409 — and
the named ballot. The poll's row is held shared meanwhile, so a close waits for the votes in
flight and none lands after the count.

After each vote (or paper ballot handed out) the turnout goes out on ``congress:{id}`` as
``poll.turnout``, at most every :data:`TURNOUT_EVERY` seconds per poll and process, so a
burst of votes does not queue behind one event each.
"""

from __future__ import annotations

import msgspec

from backend import db
from backend.accounts.identity import Actor
from backend.congress.live import event_data, stream_of
from backend.core.clock import now
from backend.core.problems import Problem
from backend.events.coalesce import Coalescer
from backend.events.log import EventLog
from backend.polls import counting
from backend.polls.detail import rules_of, turnout_of
from backend.polls.policy import POLICY
from backend.polls.records import participation_of, poll_row, readable_poll, vote_record
from backend.polls.tables import PollBallot, PollParticipation
from shared.polls import Channel, PollAction, PollKind, PollStatus, PollVote, Turnout, VoteReceipt

TURNOUT_EVERY = 0.25  # seconds: well within the second every screen must see it in


def already_voted(channel: Channel | None) -> Problem:
    if channel is Channel.PAPER:
        return Problem(
            409,
            "Đồng chí đã nhận phiếu giấy cho cuộc bỏ phiếu này, không bỏ phiếu điện tử được.",
            code="paper_ballot_issued",
        )
    return Problem(
        409,
        "Đồng chí đã biểu quyết trong cuộc bỏ phiếu này; mỗi đại biểu chỉ có một phiếu.",
        code="already_voted",
    )


class TurnoutFeed:
    """Sends a poll's turnout shortly after it changes: one event for a burst of votes."""

    def __init__(self, events: EventLog) -> None:
        self.events = events
        self._later = Coalescer(TURNOUT_EVERY, "poll turnout")

    def touch(self, congress_id: int, poll_id: int) -> None:
        self._later.touch(poll_id, lambda: self.send(congress_id, poll_id))

    async def send(self, congress_id: int, poll_id: int) -> Turnout:
        async with db.transaction():
            row = await poll_row(congress_id, poll_id)
            turnout = await turnout_of(row)
            await self.events.append(stream_of(congress_id), "poll.turnout", event_data(turnout))
        await self.events.announce(stream_of(congress_id))
        return turnout

    async def drain(self) -> None:
        """Wait for the events scheduled (tests, shutdown)."""
        await self._later.drain()


# The participation row, only while the poll is open, in one statement: on PostgreSQL its
# SELECT holds the poll's row shared until the commit (closing takes it alone, so a close
# waits for the votes in flight and none lands after the count); SQLite's transaction holds
# the database's write lock. UNIQUE(poll, delegate) leaves one row whatever races.
_PARTICIPATE_SQL = """
INSERT INTO poll_participation (poll, delegate, channel, recorded_by, at)
SELECT p.id, {{}}, {{}}, {{}}, {{}} FROM poll p
WHERE p.id = {{}} AND p.congress = {{}} AND p.status = {{}} {lock}
ON CONFLICT (poll, delegate) DO NOTHING
RETURNING id
"""


class Voting:
    def __init__(self, feed: TurnoutFeed) -> None:
        self.feed = feed

    async def vote(
        self, actor: Actor, congress_id: int, poll_id: int, data: PollVote
    ) -> VoteReceipt:
        row, record, candidates = await vote_record(actor, congress_id, poll_id)
        POLICY.require(PollAction.VOTE, actor, record)
        delegate_id = record.congress.delegate_id
        assert delegate_id is not None  # the policy asked for a delegate
        kind = PollKind(row["kind"])
        problem = counting.ballot_problem(kind, data, candidates, row["seats"], rules_of(row))
        if problem is not None:
            raise Problem(422, problem, code="invalid_ballot")
        stamp = now()
        async with db.transaction():
            inserted = await PollParticipation.raw(
                _PARTICIPATE_SQL.format(lock="FOR SHARE" if db.is_postgres() else ""),
                delegate_id,
                Channel.ELECTRONIC.value,
                actor.id,
                stamp,
                poll_id,
                congress_id,
                PollStatus.OPEN.value,
            )
            if not inserted:
                # Refused: the poll closed meanwhile, or the delegate already took part.
                current = await poll_row(congress_id, poll_id)
                if current["status"] != PollStatus.OPEN.value:
                    raise Problem(
                        409, "Cuộc bỏ phiếu đã kết thúc, không nhận phiếu nữa.", code="poll_closed"
                    )
                raise already_voted(await participation_of(poll_id, delegate_id))
            await PollBallot.insert(
                PollBallot(
                    poll=poll_id,
                    delegate=delegate_id,
                    choices=msgspec.json.encode(counting.ballot_choices(kind, data)).decode(),
                    at=stamp,
                )
            )
        self.feed.touch(congress_id, poll_id)
        return VoteReceipt(poll_id=poll_id, channel=Channel.ELECTRONIC, at=stamp)

    async def turnout(self, actor: Actor, congress_id: int, poll_id: int) -> Turnout:
        row, record = await readable_poll(actor, congress_id, poll_id)
        POLICY.require(PollAction.READ, actor, record)
        return await turnout_of(row)
