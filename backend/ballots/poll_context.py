"""A secret poll's cryptographic statement (``PollContext``, docs/ballots.md §5) from its row,
its candidates and its election key: the congress's and the poll's ids as the API writes
them, the kind, the title, the seats, the choices in ballot order and the key ``K``."""

from __future__ import annotations

from backend.ballots.crypto.context import PollContext
from backend.ballots.crypto.group import hex_bytes
from backend.ballots.records import json_value
from backend.ballots.tables import BallotKey
from backend.core.problems import Problem
from backend.polls.detail import candidates_of
from shared.polls import PollKind, ResolutionChoice


def choices_of(kind: PollKind, candidates: list) -> tuple[str, ...]:
    """Candidates as ``"{id} {full name}"`` in ballot order; a resolution's three codes."""
    if kind is PollKind.RESOLUTION:
        return tuple(c.value for c in ResolutionChoice)
    return tuple(f"{c.id} {c.name}" for c in candidates)


async def ready_key(poll_id: int) -> dict:
    row = await BallotKey.select().where(BallotKey.poll == poll_id).first()
    if row is None or not row["ready"] or not row["public_key"]:
        raise Problem(
            409,
            "Cuộc bỏ phiếu kín này chưa có khóa của Ban Kiểm phiếu.",
            code="key_not_ready",
        )
    return row


def trustees_of(key: dict) -> list[dict]:
    return list(json_value(key["trustees"]))


async def context_of(poll: dict, key: dict) -> PollContext:
    kind = PollKind(poll["kind"])
    candidates = await candidates_of(poll["id"])
    return PollContext(
        election_id=str(poll["congress"]),
        poll_id=str(poll["id"]),
        kind=kind.value,
        question=poll["title"],
        seats=poll["seats"],
        choices=choices_of(kind, candidates),
        public_key=hex_bytes(key["public_key"]),
    )
