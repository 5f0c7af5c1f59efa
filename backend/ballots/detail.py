"""The answers of the key ceremony: its progress and transcript for the board and the
presidium, the sealed shares addressed to a member, and the poll's election key."""

from __future__ import annotations

import msgspec

from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.ballots.policy import POLICY, CeremonyRecord
from backend.ballots.records import Loaded, json_value, readable
from backend.ballots.transcript import (
    election_key,
    groups,
    share_public,
    trial_ciphertext,
)
from backend.congress.live import stream_of
from backend.core.problems import Problem
from backend.events.log import EventLog
from backend.polls.records import readable_poll
from shared.ballots import (
    CEREMONY_STATUS_LABELS,
    BallotAction,
    BallotKeyView,
    CeremonyComplaintView,
    CeremonyDetail,
    CeremonyMember,
    CeremonyState,
    CeremonyStatus,
    KeyProof,
    SealedShareList,
    SealedShareOut,
    TestCiphertext,
    Trustee,
)

A = BallotAction
S = CeremonyStatus


async def _names(user_ids: list[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    rows = await User.select(User.id, User.full_name).where(User.id.is_in(user_ids))
    return {r["id"]: r["full_name"] for r in rows}


def _sealed_out(loaded: Loaded, row: dict) -> SealedShareOut:
    sender = loaded.member_at(row["sender"])
    return SealedShareOut(
        sender=row["sender"],
        recipient=row["recipient"],
        sender_transport_key=sender["transport_key"] if sender else "",
        sealed=row["sealed"],
    )


async def ceremony_detail(actor: Actor, loaded: Loaded, record: CeremonyRecord) -> CeremonyDetail:
    ceremony = loaded.ceremony
    assert ceremony is not None
    status = S(ceremony["status"])
    names = await _names([m["user"] for m in loaded.members])
    entries = loaded.entries()
    everyone = len(entries) == len(loaded.members)
    members = []
    for m in loaded.members:
        proof = json_value(m["proof"])
        members.append(
            CeremonyMember(
                x=m["x"],
                user_id=m["user"],
                full_name=names.get(m["user"], ""),
                commitments=list(json_value(m["commitments"])),
                proof=KeyProof(c=proof["c"], z=proof["z"]) if proof else None,
                transport_key=m["transport_key"] or None,
                shares_sent=m["shares_sent_at"] is not None,
                share_public=share_public(entries, m["x"]).hex() if everyone else None,
                confirmed=loaded.confirmed(m),
            )
        )
    key = election_key(entries) if everyone else None
    print_hex = ceremony["fingerprint"]
    trial = None
    if key is not None and print_hex is not None:
        ct = trial_ciphertext(loaded.text_id, bytes.fromhex(print_hex), key)
        trial = TestCiphertext(a=ct.a.hex(), b=ct.b.hex())
    return CeremonyDetail(
        id=ceremony["id"],
        ceremony_id=loaded.text_id,
        congress_id=loaded.congress_id,
        poll_id=loaded.poll["id"],
        status=status,
        status_label=CEREMONY_STATUS_LABELS[status],
        threshold=ceremony["threshold"],
        size=ceremony["size"],
        members=members,
        sealed=[_sealed_out(loaded, s) for s in loaded.sealed],
        complaints=[
            CeremonyComplaintView(
                accuser=c["accuser"],
                accused=c["accused"],
                verdict=c["verdict"],
                share=c["share"],
                made_at=c["made_at"],
                settled_at=c["settled_at"],
            )
            for c in loaded.complaints
        ],
        excluded_users=list(json_value(ceremony["excluded"])),
        me=record.member,
        election_key=key.hex() if key is not None else None,
        fingerprint=print_hex,
        fingerprint_groups=groups(bytes.fromhex(print_hex)) if print_hex else [],
        test_ciphertext=trial,
        started_at=ceremony["started_at"],
        ended_at=ceremony["ended_at"],
        actions=POLICY.actions(actor, record),
    )


async def state(actor: Actor, congress_id: int, poll_id: int) -> CeremonyState:
    loaded, record = await readable(actor, congress_id, poll_id)
    POLICY.require(A.VIEW, actor, record)
    return CeremonyState(
        poll_id=poll_id,
        ceremony=(
            await ceremony_detail(actor, loaded, record) if loaded.ceremony is not None else None
        ),
        key_ready=record.key_ready,
        actions=POLICY.actions(actor, record),
    )


async def read(actor: Actor, events: EventLog, congress_id: int, poll_id: int) -> CeremonyState:
    """The ceremony, and the congress stream's position it was read at (``EventLog.read_at``)."""
    last_event_id, found = await events.read_at(
        stream_of(congress_id), lambda: state(actor, congress_id, poll_id)
    )
    return msgspec.structs.replace(found, last_event_id=last_event_id)


async def sealed_for(actor: Actor, congress_id: int, poll_id: int) -> SealedShareList:
    """The shares sealed to the caller, each with its sender's transport key."""
    loaded, record = await readable(actor, congress_id, poll_id)
    POLICY.require(A.READ_SHARES, actor, record)
    return SealedShareList(
        ceremony_id=loaded.text_id,
        shares=[_sealed_out(loaded, s) for s in loaded.sealed if s["recipient"] == record.member],
    )


async def key_view(actor: Actor, congress_id: int, poll_id: int) -> BallotKeyView:
    """The poll's election key, public to everyone of the congress (404 before a ceremony)."""
    loaded, record = await readable(actor, congress_id, poll_id)
    POLICY.require(A.READ_KEY, actor, record)
    row = loaded.key
    if row is None:
        raise Problem(
            404, "Cuộc bỏ phiếu này chưa có lễ tạo khóa của Ban Kiểm phiếu.", code="no_key"
        )
    return BallotKeyView(
        poll_id=poll_id,
        public_key=row["public_key"] if row["ready"] else None,
        threshold=row["threshold"],
        size=row["size"],
        trustees=[Trustee(**t) for t in json_value(row["trustees"])],
        fingerprint=row["fingerprint"],
        ready=bool(row["ready"]),
        ready_at=row["ready_at"],
        actions=await _key_actions(actor, congress_id, poll_id, bool(row["ready"])),
    )


async def _key_actions(actor: Actor, congress_id: int, poll_id: int, ready: bool) -> list[A]:
    """``cast`` when the policy lets the caller cast in this poll now (the key must be ready)."""
    if not ready:
        return []
    _, record = await readable_poll(actor, congress_id, poll_id)
    return [A.CAST] if POLICY.allows(A.CAST, actor, record) else []
