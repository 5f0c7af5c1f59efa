"""``/api/congresses/{id}/polls…``: preparing, opening and closing polls, electronic votes,
paper ballots and their totals, live turnout and the results after close."""

from __future__ import annotations

from litestar import Controller, delete, get, patch, post, put
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.events.log import EventLog
from backend.polls import detail
from backend.polls.minutes import Minutes
from backend.polls.paper import Paper
from backend.polls.preparing import Preparing
from backend.polls.signoff import SignOff
from backend.polls.voting import Voting
from backend.polls.window import Window
from shared.polls import (
    MinutesChallenge,
    MinutesSignFinish,
    PaperBallots,
    PaperIssue,
    PaperTotals,
    PollCreate,
    PollDetail,
    PollList,
    PollResult,
    PollUpdate,
    PollVote,
    Turnout,
    VoteReceipt,
)


class PollController(Controller):
    path = "/api/congresses/{congress_id:int}/polls"
    tags = ["Biểu quyết và bầu cử"]
    dependencies = {
        "actor": Provide(provide_actor),
        "preparing": inject(Preparing),
        "window": inject(Window),
        "voting": inject(Voting),
        "paper": inject(Paper),
        "signoff": inject(SignOff),
        "minutes": inject(Minutes),
        "events": inject(EventLog),
    }

    @get("/")
    async def polls(self, actor: Actor, events: EventLog, congress_id: RowId) -> PollList:
        """The congress's polls; ``actions`` says whether the caller may prepare one; follow
        their turnout on ``congress:{id}`` from ``last_event_id``."""
        return await detail.list_of(actor, events, congress_id)

    @post("/", status_code=201)
    async def create(
        self, actor: Actor, preparing: Preparing, congress_id: RowId, data: PollCreate
    ) -> PollDetail:
        """A poll on an agenda item (the presidium or the organising committee)."""
        return await preparing.create(actor, congress_id, data)

    @get("/{poll_id:int}")
    async def poll(
        self, actor: Actor, events: EventLog, minutes: Minutes, congress_id: RowId, poll_id: RowId
    ) -> PollDetail:
        """The poll, its candidates, rules and live turnout, what the caller may do; after
        close its result, who voted how (open mode) and the minutes' sign-offs. Follow its
        turnout on ``congress:{id}`` from ``last_event_id``."""
        found = await detail.read(actor, events, congress_id, poll_id)
        if found.minutes is not None and found.minutes.sha256 is None:
            # Closed, but the minutes' generation failed at the close: make them now.
            if await minutes.ensure(congress_id, poll_id):
                found = await detail.read(actor, events, congress_id, poll_id)
        return found

    @patch("/{poll_id:int}")
    async def update(
        self,
        actor: Actor,
        preparing: Preparing,
        congress_id: RowId,
        poll_id: RowId,
        data: PollUpdate,
    ) -> PollDetail:
        return await preparing.update(actor, congress_id, poll_id, data)

    @delete("/{poll_id:int}", status_code=204)
    async def remove(
        self, actor: Actor, preparing: Preparing, congress_id: RowId, poll_id: RowId
    ) -> None:
        """Only while in preparation."""
        await preparing.delete(actor, congress_id, poll_id)

    @post("/{poll_id:int}/open", status_code=200)
    async def open(
        self, actor: Actor, window: Window, congress_id: RowId, poll_id: RowId
    ) -> PollDetail:
        """The presidium opens the poll: the base is fixed, the delegates are notified."""
        return await window.open(actor, congress_id, poll_id)

    @post("/{poll_id:int}/close", status_code=200)
    async def close(
        self, actor: Actor, window: Window, congress_id: RowId, poll_id: RowId
    ) -> PollDetail:
        """The presidium closes the poll: the electronic ballots are counted and the result
        is the sum of the sources."""
        return await window.close(actor, congress_id, poll_id)

    @post("/{poll_id:int}/votes", status_code=201)
    async def vote(
        self, actor: Actor, voting: Voting, congress_id: RowId, poll_id: RowId, data: PollVote
    ) -> VoteReceipt:
        """The caller's electronic vote: once, while the poll is open, checked in to the open
        session; a second vote (or one after a paper ballot) is a 409."""
        return await voting.vote(actor, congress_id, poll_id, data)

    @get("/{poll_id:int}/turnout")
    async def turnout(
        self, actor: Actor, voting: Voting, congress_id: RowId, poll_id: RowId
    ) -> Turnout:
        return await voting.turnout(actor, congress_id, poll_id)

    @get("/{poll_id:int}/result", opt={"problems": (409,)})
    async def result(self, actor: Actor, congress_id: RowId, poll_id: RowId) -> PollResult:
        """Only after close: 409 before."""
        return await detail.result(actor, congress_id, poll_id)

    @get("/{poll_id:int}/paper-ballots")
    async def paper_ballots(
        self, actor: Actor, paper: Paper, congress_id: RowId, poll_id: RowId
    ) -> PaperBallots:
        return await paper.ballots(actor, congress_id, poll_id)

    @post("/{poll_id:int}/paper-ballots", status_code=201)
    async def issue_paper(
        self, actor: Actor, paper: Paper, congress_id: RowId, poll_id: RowId, data: PaperIssue
    ) -> PaperBallots:
        """The counting board hands a paper ballot to a present delegate who has not voted."""
        return await paper.issue(actor, congress_id, poll_id, data)

    @put("/{poll_id:int}/paper-totals")
    async def paper_totals(
        self, actor: Actor, paper: Paper, congress_id: RowId, poll_id: RowId, data: PaperTotals
    ) -> PollDetail:
        """The counting board's paper figures; refused, naming the sum, unless they add up."""
        return await paper.enter(actor, congress_id, poll_id, data)

    @post("/{poll_id:int}/minutes/sign/begin", status_code=200)
    async def sign_minutes_begin(
        self, actor: Actor, signoff: SignOff, congress_id: RowId, poll_id: RowId
    ) -> MinutesChallenge:
        """A counting-board member's sign-off, step one: WebAuthn options bound to the
        current minutes' SHA-256."""
        return await signoff.begin(actor, congress_id, poll_id)

    @post("/{poll_id:int}/minutes/sign/finish", status_code=200)
    async def sign_minutes_finish(
        self,
        actor: Actor,
        signoff: SignOff,
        congress_id: RowId,
        poll_id: RowId,
        data: MinutesSignFinish,
    ) -> PollDetail:
        """Step two: the fresh assertion; the sign-off recorded once (a second is a 409) and
        the minutes regenerated with it."""
        return await signoff.finish(actor, congress_id, poll_id, data)
