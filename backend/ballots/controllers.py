"""``/api/congresses/{id}/polls/{poll}/key-ceremony…``: the counting board's key ceremony for
a secret poll (the browsers do the secret work; the server relays and checks what is public),
and ``…/key``, the poll's election key."""

from __future__ import annotations

from litestar import Controller, get, post
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.ballots import detail
from backend.ballots.ceremony import Ceremony
from backend.ballots.checking import Checking
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.events.log import EventLog
from shared.ballots import (
    BallotKeyView,
    CeremonyCommit,
    CeremonyComplaint,
    CeremonyConfirm,
    CeremonyReveal,
    CeremonyShares,
    CeremonyStart,
    CeremonyState,
    SealedShareList,
)


class KeyCeremonyController(Controller):
    path = "/api/congresses/{congress_id:int}/polls/{poll_id:int}"
    tags = ["Phiếu kín điện tử"]
    dependencies = {
        "actor": Provide(provide_actor),
        "ceremony": inject(Ceremony),
        "checking": inject(Checking),
        "events": inject(EventLog),
    }

    @get("/key-ceremony")
    async def progress(
        self, actor: Actor, events: EventLog, congress_id: RowId, poll_id: RowId
    ) -> CeremonyState:
        """The ceremony's progress and public transcript (the presidium, the secretariat and
        the counting board), and what the caller may do next. Follow its steps on
        ``congress:{id}`` from ``last_event_id``."""
        return await detail.read(actor, events, congress_id, poll_id)

    @post("/key-ceremony", status_code=201)
    async def start(
        self,
        actor: Actor,
        ceremony: Ceremony,
        congress_id: RowId,
        poll_id: RowId,
        data: CeremonyStart,
    ) -> CeremonyState:
        """Start (or start again) the ceremony with the counting board as it is."""
        await ceremony.start(actor, congress_id, poll_id, data)
        return await detail.state(actor, congress_id, poll_id)

    @post("/key-ceremony/commitments", status_code=200)
    async def commit(
        self,
        actor: Actor,
        ceremony: Ceremony,
        congress_id: RowId,
        poll_id: RowId,
        data: CeremonyCommit,
    ) -> CeremonyState:
        """A member's coefficient commitments, the Schnorr proof of the constant term, and his
        ceremony transport key (checked before anything is stored)."""
        await ceremony.commit(actor, congress_id, poll_id, data)
        return await detail.state(actor, congress_id, poll_id)

    @post("/key-ceremony/shares", status_code=200)
    async def send_shares(
        self,
        actor: Actor,
        ceremony: Ceremony,
        congress_id: RowId,
        poll_id: RowId,
        data: CeremonyShares,
    ) -> CeremonyState:
        """A member's shares, each sealed to its recipient (opaque to the server)."""
        await ceremony.send_shares(actor, congress_id, poll_id, data)
        return await detail.state(actor, congress_id, poll_id)

    @get("/key-ceremony/shares")
    async def my_shares(self, actor: Actor, congress_id: RowId, poll_id: RowId) -> SealedShareList:
        """The shares sealed to the caller."""
        return await detail.sealed_for(actor, congress_id, poll_id)

    @post("/key-ceremony/complaints", status_code=200)
    async def complain(
        self,
        actor: Actor,
        checking: Checking,
        congress_id: RowId,
        poll_id: RowId,
        data: CeremonyComplaint,
    ) -> CeremonyState:
        """A recipient accuses the sender of a share that does not match his commitments."""
        await checking.complain(actor, congress_id, poll_id, data)
        return await detail.state(actor, congress_id, poll_id)

    @post("/key-ceremony/reveals", status_code=200)
    async def reveal(
        self,
        actor: Actor,
        checking: Checking,
        congress_id: RowId,
        poll_id: RowId,
        data: CeremonyReveal,
    ) -> CeremonyState:
        """The accused reveals the share in the clear; a share that does not match his
        commitments excludes him and starts the ceremony again."""
        await checking.reveal(actor, congress_id, poll_id, data)
        return await detail.state(actor, congress_id, poll_id)

    @post("/key-ceremony/confirmation", status_code=200)
    async def confirm(
        self,
        actor: Actor,
        checking: Checking,
        congress_id: RowId,
        poll_id: RowId,
        data: CeremonyConfirm,
    ) -> CeremonyState:
        """Backup saved and a proven test decryption under the fingerprint the member saw; the
        last one makes the key ready."""
        await checking.confirm(actor, congress_id, poll_id, data)
        return await detail.state(actor, congress_id, poll_id)

    @get("/key")
    async def key(self, actor: Actor, congress_id: RowId, poll_id: RowId) -> BallotKeyView:
        """The poll's election key: K, k of n, the members' public parts, the fingerprint."""
        return await detail.key_view(actor, congress_id, poll_id)
