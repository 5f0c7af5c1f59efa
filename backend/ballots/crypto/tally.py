"""The homomorphic tally: totals per position, members' partial decryptions of the totals only,
their combination with Lagrange coefficients (k of n), and the small discrete log
(docs/ballots.md §8, §11)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .ballot import Ballot
from .elgamal import Ciphertext, add_ciphertexts
from .errors import BallotCryptoError
from .group import (
    IDENTITY,
    ORDER,
    ScalarSource,
    add,
    base,
    check_point,
    hex_bytes,
    mul,
    random_scalar,
    sub,
)
from .proofs import ScalarProof, prove_decryption, verify_decryption


@dataclass(frozen=True)
class Totals:
    """The per-position sums of a frozen board: the only thing a member ever decrypts."""

    ciphertexts: tuple[Ciphertext, ...]
    ballot_count: int


def sum_ballots(size: int, ballots: Sequence[Ballot]) -> Totals:
    sums = tuple(add_ciphertexts(b.ciphertexts[i] for b in ballots) for i in range(size))
    return Totals(sums, len(ballots))


@dataclass(frozen=True)
class PartialDecryption:
    x: int  # the member's index (≥ 1)
    shares: tuple[bytes, ...]  # D_x per position
    proofs: tuple[ScalarProof, ...]

    def to_json(self) -> dict:
        return {
            "x": self.x,
            "d": [d.hex() for d in self.shares],
            "proofs": [p.to_json() for p in self.proofs],
        }

    @classmethod
    def from_json(cls, data: object) -> PartialDecryption:
        """Parse the encodings; ``check_partial`` then checks each D against its total."""
        if (
            not isinstance(data, dict)
            or set(data) != {"x", "d", "proofs"}
            or type(data["x"]) is not int
            or data["x"] < 1
            or not isinstance(data["d"], list)
            or not isinstance(data["proofs"], list)
        ):
            raise BallotCryptoError("wrong_shape", "a partial decryption is {x, d, proofs}")
        return cls(
            data["x"],
            tuple(hex_bytes(d) for d in data["d"]),
            tuple(ScalarProof.from_json(p) for p in data["proofs"]),
        )


def partial_decrypt(
    q: bytes,
    board_hash: bytes,
    x: int,
    share: int,
    totals: Totals,
    draw: ScalarSource = random_scalar,
) -> PartialDecryption:
    """A member's share of the decryption of every total, each with its Chaum–Pedersen proof."""
    made = [
        prove_decryption(q, board_hash, x, share, i, ct, draw)
        for i, ct in enumerate(totals.ciphertexts)
    ]
    return PartialDecryption(x, tuple(d for d, _ in made), tuple(p for _, p in made))


def check_partial(
    q: bytes, board_hash: bytes, share_public: bytes, totals: Totals, partial: PartialDecryption
) -> None:
    if len(partial.shares) != len(totals.ciphertexts) or len(partial.proofs) != len(
        totals.ciphertexts
    ):
        raise BallotCryptoError("wrong_shape", "one partial decryption per total")
    for i, (ct, d, proof) in enumerate(
        zip(totals.ciphertexts, partial.shares, partial.proofs, strict=True)
    ):
        # The identity only as the share of an empty sum (docs/ballots.md §8).
        if ct.a == IDENTITY:
            if d != IDENTITY:
                raise BallotCryptoError("bad_point", "the share of an empty sum is the identity")
        else:
            check_point(d)
        if not verify_decryption(q, board_hash, partial.x, share_public, i, ct, d, proof):
            raise BallotCryptoError("bad_decryption_proof", f"member {partial.x}, position {i}")


def lagrange_at_zero(xs: Sequence[int]) -> dict[int, int]:
    """λ_x = Π_{y≠x} y / (y − x) mod ℓ."""
    if len(set(xs)) != len(xs) or any(x < 1 for x in xs):
        raise ValueError("member indexes are distinct and ≥ 1")
    out = {}
    for x in xs:
        num, den = 1, 1
        for y in xs:
            if y != x:
                num = num * y % ORDER
                den = den * (y - x) % ORDER
        out[x] = num * pow(den, -1, ORDER) % ORDER
    return out


def discrete_log_table(limit: int) -> dict[bytes, int]:
    """m·G → m for m in 0 … limit, by repeated addition from the identity."""
    table, point = {IDENTITY: 0}, IDENTITY
    g = base(1)
    for m in range(1, limit + 1):
        point = add(point, g)
        table[point] = m
    return table


def combine(
    q: bytes,
    board_hash: bytes,
    totals: Totals,
    threshold: int,
    share_publics: Mapping[int, bytes],
    partials: Sequence[PartialDecryption],
) -> list[int]:
    """Check each member's partial decryption, combine k of them and read the counts."""
    if len(partials) < threshold:
        raise BallotCryptoError("not_enough_shares", f"{len(partials)} of {threshold}")
    chosen = list(partials)[:threshold]
    if len({p.x for p in chosen}) != len(chosen):
        raise BallotCryptoError("wrong_shape", "one partial decryption per member")
    for partial in chosen:
        if partial.x not in share_publics:
            raise BallotCryptoError("bad_decryption_proof", f"unknown member {partial.x}")
        check_partial(q, board_hash, share_publics[partial.x], totals, partial)
    weights = lagrange_at_zero([p.x for p in chosen])
    table = discrete_log_table(totals.ballot_count)
    counts = []
    for i, ct in enumerate(totals.ciphertexts):
        point = ct.b
        for partial in chosen:
            point = sub(point, mul(weights[partial.x], partial.shares[i]))
        if point not in table:
            raise BallotCryptoError("no_discrete_log", f"position {i}")
        counts.append(table[point])
    return counts
