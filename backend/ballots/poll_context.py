"""A secret poll's cryptographic statement (``PollContext``, docs/ballots.md §5) from its row,
its candidates and its election key: the congress's and the poll's ids as the API writes
them, the kind, the title, the seats, the choices in ballot order and the key ``K``."""

from __future__ import annotations

from backend.ballots.crypto.context import PollContext
from backend.ballots.keys import ReadyKey, ready_key
from backend.core.problems import Problem
from backend.polls.detail import candidates_of
from shared.polls import PollKind, ResolutionChoice


def choices_of(kind: PollKind, candidates: list) -> tuple[str, ...]:
    """Candidates as ``"{id} {full name}"`` in ballot order; a resolution's three codes."""
    if kind is PollKind.RESOLUTION:
        return tuple(c.value for c in ResolutionChoice)
    return tuple(f"{c.id} {c.name}" for c in candidates)


async def the_key(poll_id: int) -> ReadyKey:
    key = await ready_key(poll_id)
    if key is None:
        raise Problem(
            409,
            "Cuộc bỏ phiếu kín này chưa có khóa của Ban Kiểm phiếu.",
            code="key_not_ready",
        )
    return key


def trustee_parts(key: ReadyKey) -> dict[int, bytes]:
    """x → K_x, the members' public parts."""
    return {x: public for x, (_, public) in key.trustees.items()}


async def context_of(poll: dict, key: ReadyKey) -> PollContext:
    kind = PollKind(poll["kind"])
    candidates = await candidates_of(poll["id"])
    return PollContext(
        election_id=str(poll["congress"]),
        poll_id=str(poll["id"]),
        kind=kind.value,
        question=poll["title"],
        seats=poll["seats"],
        choices=choices_of(kind, candidates),
        public_key=key.public_key,
    )
