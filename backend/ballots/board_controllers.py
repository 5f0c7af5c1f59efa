"""``/api/congresses/{id}/polls/{poll}/secret-…``: casting an encrypted ballot, the tally's
partial decryptions after close, the public board and the tracker lookup."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, get, post
from litestar.di import Provide
from litestar.params import Parameter

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.ballots import board, feed
from backend.ballots.casting import Casting
from backend.ballots.tallying import Tallying
from backend.core.ids import MAX_ID, RowId
from backend.core.inject import inject
from shared.ballots import (
    BallotFeed,
    CastReceipt,
    PartialDecryptionIn,
    SecretBallotCast,
    TallyState,
    TrackerLookup,
)

# The last ballot's row id a browser has seen (0: none yet).
Seen = Annotated[int, Parameter(ge=0, le=MAX_ID, description="mã số phiếu cuối đã nhận")]


class SecretBallotController(Controller):
    path = "/api/congresses/{congress_id:int}/polls/{poll_id:int}"
    tags = ["Phiếu kín điện tử"]
    dependencies = {
        "actor": Provide(provide_actor),
        "casting": inject(Casting),
        "tallying": inject(Tallying),
    }

    @post("/secret-ballots", status_code=201)
    async def cast(
        self,
        actor: Actor,
        casting: Casting,
        congress_id: RowId,
        poll_id: RowId,
        data: SecretBallotCast,
    ) -> CastReceipt:
        """Cast one's encrypted ballot with its proofs; the answer is its tracker."""
        return await casting.cast(actor, congress_id, poll_id, data)

    @get("/secret-ballots")
    async def arriving(
        self, actor: Actor, congress_id: RowId, poll_id: RowId, after: Seen = 0
    ) -> BallotFeed:
        """The encrypted ballots stored after ``after`` (a row id), a page at a time, for a key
        holder's browser to check while the poll is open."""
        return await feed.feed(actor, congress_id, poll_id, after)

    @get("/secret-board")
    async def published(self, actor: Actor, congress_id: RowId, poll_id: RowId) -> dict[str, Any]:
        """The board frozen at close with its hash, the partial decryptions, the counts, the
        paper figures and the result (schema: docs/ballots.md "The board")."""
        return await board.published(actor, congress_id, poll_id)

    @get("/secret-board/trackers/{tracker:str}")
    async def lookup(
        self, actor: Actor, congress_id: RowId, poll_id: RowId, tracker: str
    ) -> TrackerLookup:
        """Whether a ballot with this tracker is on the frozen board."""
        return await board.lookup(actor, congress_id, poll_id, tracker)

    @get("/tally")
    async def tally(
        self, actor: Actor, tallying: Tallying, congress_id: RowId, poll_id: RowId
    ) -> TallyState:
        """The board's hash, who has decrypted, the counts once combined."""
        return await tallying.state(actor, congress_id, poll_id)

    @post("/tally/partials", status_code=201)
    async def partial(
        self,
        actor: Actor,
        tallying: Tallying,
        congress_id: RowId,
        poll_id: RowId,
        data: PartialDecryptionIn,
    ) -> TallyState:
        """A key holder's partial decryption of the frozen sums, checked before it is kept."""
        return await tallying.post(actor, congress_id, poll_id, data)
