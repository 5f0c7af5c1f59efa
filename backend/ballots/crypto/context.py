"""The statement every proof of a poll hashes: the poll's context hash Q (docs/ballots.md §5)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .group import check_point, decode_point
from .hashing import TAG_CONTEXT, digest

KINDS = ("bieu_quyet", "bau_cu_so_du", "bau_cu_khong_so_du")


@dataclass(frozen=True)
class PollContext:
    election_id: str
    poll_id: str
    kind: str
    question: str
    seats: int
    choices: tuple[str, ...]
    public_key: bytes
    hash: bytes = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown poll kind {self.kind!r}")
        check_point(self.public_key)
        q = digest(
            [
                TAG_CONTEXT,
                self.election_id,
                self.poll_id,
                self.kind,
                self.question,
                self.seats,
                list(self.choices),
                self.public_key,
            ]
        )
        object.__setattr__(self, "hash", q)

    def to_json(self) -> dict:
        return {
            "election_id": self.election_id,
            "poll_id": self.poll_id,
            "kind": self.kind,
            "question": self.question,
            "seats": self.seats,
            "choices": list(self.choices),
            "public_key": self.public_key.hex(),
        }

    @classmethod
    def from_json(cls, data: dict) -> PollContext:
        return cls(
            election_id=data["election_id"],
            poll_id=data["poll_id"],
            kind=data["kind"],
            question=data["question"],
            seats=data["seats"],
            choices=tuple(data["choices"]),
            public_key=decode_point(data["public_key"]),
        )
