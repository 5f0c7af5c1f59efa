"""A secret poll's election key as casting and the tally read it: ``ballot_key`` once ready."""

from __future__ import annotations

from dataclasses import dataclass

from backend.ballots.crypto.group import decode_point
from backend.ballots.records import json_value
from backend.ballots.tables import BallotKey


@dataclass(frozen=True)
class ReadyKey:
    public_key: bytes  # K
    threshold: int  # k: any k trustees decrypt a total
    trustees: dict[int, tuple[int, bytes]]  # x → (user id, K_x)
    fingerprint: str  # the ceremony transcript's, as the members compared it


async def key_ready(poll_id: int) -> bool:
    """What the polls domain asks before it opens a secret poll."""
    row = await BallotKey.select(BallotKey.ready).where(BallotKey.poll == poll_id).first()
    return bool(row and row["ready"])


async def ready_key(poll_id: int) -> ReadyKey | None:
    """The poll's key, or None until its ceremony has ended."""
    row = await BallotKey.select().where(BallotKey.poll == poll_id).first()
    if row is None or not row["ready"]:
        return None
    return ReadyKey(
        public_key=decode_point(row["public_key"]),
        threshold=row["threshold"],
        trustees={
            t["x"]: (t["user_id"], decode_point(t["public"])) for t in json_value(row["trustees"])
        },
        fingerprint=row["fingerprint"],
    )
