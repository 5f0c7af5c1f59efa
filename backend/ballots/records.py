"""Loading a secret poll's key ceremony: the current run with its members, sealed shares and
complaints, the poll's ``ballot_key`` row, and what the rules judge (``CeremonyRecord``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec

from backend.accounts.identity import Actor
from backend.ballots.crypto.group import hex_bytes
from backend.ballots.crypto.proofs import ScalarProof
from backend.ballots.policy import CeremonyRecord
from backend.ballots.tables import (
    BallotCeremony,
    BallotCeremonyMember,
    BallotComplaint,
    BallotKey,
    BallotSealedShare,
)
from backend.ballots.transcript import MemberEntry, RevealEntry, ceremony_id
from backend.congress.policy import CongressRecord
from backend.congress.records import readable_congress
from backend.polls.records import poll_row
from shared.ballots import CeremonyStatus, ComplaintVerdict
from shared.polls import PollMode, PollStatus


def json_value(value: object) -> object:
    """A JSON column as Python (SQLite hands back its text)."""
    return msgspec.json.decode(value) if isinstance(value, str | bytes) else value


@dataclass
class Loaded:
    """A poll's current ceremony as stored (``ceremony`` None: none started yet)."""

    congress_id: int
    poll: dict
    key: dict | None = None
    ceremony: dict | None = None
    members: list[dict] = field(default_factory=list)  # by x
    sealed: list[dict] = field(default_factory=list)
    complaints: list[dict] = field(default_factory=list)

    @property
    def status(self) -> CeremonyStatus | None:
        return CeremonyStatus(self.ceremony["status"]) if self.ceremony else None

    @property
    def text_id(self) -> str:
        assert self.ceremony is not None
        return ceremony_id(self.congress_id, self.poll["id"], self.ceremony["id"])

    def member_of(self, user_id: int) -> dict | None:
        return next((m for m in self.members if m["user"] == user_id), None)

    def member_at(self, x: int) -> dict | None:
        return next((m for m in self.members if m["x"] == x), None)

    def confirmed(self, member: dict) -> bool:
        print_ = self.ceremony["fingerprint"] if self.ceremony else None
        return print_ is not None and member["confirmed_fingerprint"] == print_

    def pending(self) -> list[dict]:
        return [c for c in self.complaints if c["verdict"] == ComplaintVerdict.PENDING.value]

    def entries(self) -> list[MemberEntry]:
        """The published members (all of them, once every member committed)."""
        out = []
        for m in self.members:
            if m["committed_at"] is None:
                continue
            proof = json_value(m["proof"])
            out.append(
                MemberEntry(
                    x=m["x"],
                    user_id=m["user"],
                    transport_key=hex_bytes(m["transport_key"]),
                    commitments=tuple(hex_bytes(c) for c in json_value(m["commitments"])),
                    proof=ScalarProof(
                        int.from_bytes(hex_bytes(proof["c"]), "little"),
                        int.from_bytes(hex_bytes(proof["z"]), "little"),
                    ),
                )
            )
        return out

    def sealed_triples(self) -> list[tuple[int, int, bytes]]:
        return [(s["sender"], s["recipient"], bytes.fromhex(s["sealed"])) for s in self.sealed]

    def reveals(self) -> list[RevealEntry]:
        return [
            RevealEntry(c["accuser"], c["accused"], int.from_bytes(hex_bytes(c["share"]), "little"))
            for c in self.complaints
            if c["verdict"] == ComplaintVerdict.DISMISSED.value
        ]


async def load(congress_id: int, poll: dict) -> Loaded:
    poll_id = poll["id"]
    loaded = Loaded(
        congress_id=congress_id,
        poll=poll,
        key=await BallotKey.select().where(BallotKey.poll == poll_id).first(),
        ceremony=await BallotCeremony.select()
        .where(BallotCeremony.poll == poll_id)
        .order_by(BallotCeremony.id, ascending=False)
        .first(),
    )
    if loaded.ceremony is not None:
        ceremony = loaded.ceremony["id"]
        loaded.members = await (
            BallotCeremonyMember.select()
            .where(BallotCeremonyMember.ceremony == ceremony)
            .order_by(BallotCeremonyMember.x)
        )
        loaded.sealed = await (
            BallotSealedShare.select()
            .where(BallotSealedShare.ceremony == ceremony)
            .order_by(BallotSealedShare.sender)
            .order_by(BallotSealedShare.recipient)
        )
        loaded.complaints = await (
            BallotComplaint.select()
            .where(BallotComplaint.ceremony == ceremony)
            .order_by(BallotComplaint.id)
        )
    return loaded


def record_of(actor: Actor, congress: CongressRecord, loaded: Loaded) -> CeremonyRecord:
    member = loaded.member_of(actor.id) if loaded.status is not None else None
    pending = loaded.pending()
    return CeremonyRecord(
        congress=congress,
        poll_status=PollStatus(loaded.poll["status"]),
        poll_mode=PollMode(loaded.poll["mode"]),
        ceremony=loaded.status,
        key_ready=bool(loaded.key and loaded.key["ready"]),
        member=member["x"] if member else None,
        committed=bool(member and member["committed_at"] is not None),
        shares_sent=bool(member and member["shares_sent_at"] is not None),
        confirmed=bool(member and loaded.confirmed(member)),
        complaint_pending=bool(pending),
        accused_pending=bool(member and any(c["accused"] == member["x"] for c in pending)),
    )


async def readable(
    actor: Actor, congress_id: int, poll_id: int, *, lock: bool = False
) -> tuple[Loaded, CeremonyRecord]:
    """The poll's ceremony and the actor's record (404 for a congress he may not read).
    ``lock`` (inside a transaction) holds the poll's row, so that two steps of one ceremony,
    or a step and the poll's opening, never interleave."""
    _, congress = await readable_congress(actor, congress_id)
    poll = await poll_row(congress_id, poll_id, lock="FOR UPDATE" if lock else "")
    loaded = await load(congress_id, poll)
    return loaded, record_of(actor, congress, loaded)
