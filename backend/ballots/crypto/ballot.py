"""A ballot per counting rule: its layout, building, verifying, tracker and Benaloh check
(docs/ballots.md §10)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .context import PollContext
from .elgamal import Ciphertext, add_ciphertexts, encrypt
from .errors import BallotCryptoError
from .group import ORDER, ScalarSource, add, base, decode_scalar, encode_scalar, mul, random_scalar
from .hashing import TAG_TRACKER, digest
from .proofs import BIT_VALUES, DisjunctiveProof, prove_bit, prove_range, verify_bit, verify_range


@dataclass(frozen=True)
class RangeGroup:
    positions: tuple[int, ...]
    values: tuple[int, ...]


@dataclass(frozen=True)
class Layout:
    size: int  # number of ciphertexts
    groups: tuple[RangeGroup, ...]


def layout(context: PollContext) -> Layout:
    n = len(context.choices)
    if context.kind == "bau_cu_so_du":
        if n < 1 or context.seats < 1:
            raise ValueError("a strike-out ballot has at least one name and one seat")
        kept = tuple(range(1, min(context.seats, n) + 1))
        return Layout(n, (RangeGroup(tuple(range(n)), kept),))
    if context.kind == "bau_cu_khong_so_du":
        pairs = tuple(RangeGroup((2 * i, 2 * i + 1), (0, 1)) for i in range(n))
        return Layout(2 * n, pairs)
    if n != 3:
        raise ValueError("a resolution has three choices: yes, no, abstain")
    return Layout(3, (RangeGroup((0, 1, 2), (1,)),))


@dataclass(frozen=True)
class Ballot:
    ciphertexts: tuple[Ciphertext, ...]
    bit_proofs: tuple[DisjunctiveProof, ...]
    range_proofs: tuple[DisjunctiveProof, ...]

    def to_json(self) -> dict:
        return {
            "ciphertexts": [ct.to_json() for ct in self.ciphertexts],
            "bit_proofs": [p.to_json() for p in self.bit_proofs],
            "range_proofs": [p.to_json() for p in self.range_proofs],
        }

    @classmethod
    def from_json(cls, context: PollContext, data: object) -> Ballot:
        """Parse strictly against the poll's layout: shape first, then every encoding."""
        shape = layout(context)
        keys = {"ciphertexts", "bit_proofs", "range_proofs"}
        if (
            not isinstance(data, dict)
            or set(data) != keys
            or not all(isinstance(data[k], list) for k in keys)
            or len(data["ciphertexts"]) != shape.size
            or len(data["bit_proofs"]) != shape.size
            or len(data["range_proofs"]) != len(shape.groups)
        ):
            raise BallotCryptoError("wrong_shape", f"{shape.size} ciphertexts expected")
        return cls(
            tuple(Ciphertext.from_json(ct) for ct in data["ciphertexts"]),
            tuple(DisjunctiveProof.from_json(p, len(BIT_VALUES)) for p in data["bit_proofs"]),
            tuple(
                DisjunctiveProof.from_json(p, len(g.values))
                for p, g in zip(data["range_proofs"], shape.groups, strict=True)
            ),
        )


def check_choices(context: PollContext, bits: Sequence[int]) -> None:
    shape = layout(context)
    if len(bits) != shape.size or any(b not in BIT_VALUES for b in bits):
        raise BallotCryptoError("bad_choice", f"{shape.size} bits of 0 or 1 expected")
    for group in shape.groups:
        if sum(bits[p] for p in group.positions) not in group.values:
            raise BallotCryptoError("bad_choice", f"positions {group.positions}")


def build_ballot(
    context: PollContext,
    bits: Sequence[int],
    draw: ScalarSource = random_scalar,
    randomness: Sequence[int] | None = None,
) -> tuple[Ballot, list[int]]:
    """Encrypt and prove a ballot (the browser's job; here for tests, vectors and the CLI).

    Returns the ballot and its per-ciphertext randomness, which only a Benaloh check reveals.
    Draw order: every r_i first (unless given), then each bit proof, then each range proof."""
    check_choices(context, bits)
    shape, key, q = layout(context), context.public_key, context.hash
    rs = list(randomness) if randomness is not None else [draw() for _ in bits]
    cts = [encrypt(key, m, r) for m, r in zip(bits, rs, strict=True)]
    bit_proofs = [prove_bit(q, i, key, cts[i], bits[i], rs[i], draw) for i in range(shape.size)]
    range_proofs = []
    for index, group in enumerate(shape.groups):
        total = add_ciphertexts(cts[p] for p in group.positions)
        m = sum(bits[p] for p in group.positions)
        r = sum(rs[p] for p in group.positions) % ORDER
        proof = prove_range(q, index, group.positions, key, total, group.values, m, r, draw)
        range_proofs.append(proof)
    return Ballot(tuple(cts), tuple(bit_proofs), tuple(range_proofs)), rs


def verify_ballot(context: PollContext, ballot: Ballot) -> None:
    """Raise BallotCryptoError unless every proof of the ballot holds for this poll."""
    shape, key, q = layout(context), context.public_key, context.hash
    if (
        len(ballot.ciphertexts) != shape.size
        or len(ballot.bit_proofs) != shape.size
        or len(ballot.range_proofs) != len(shape.groups)
    ):
        raise BallotCryptoError("wrong_shape")
    for i, (ct, proof) in enumerate(zip(ballot.ciphertexts, ballot.bit_proofs, strict=True)):
        if not verify_bit(q, i, key, ct, proof):
            raise BallotCryptoError("bad_bit_proof", f"position {i}")
    for index, (group, proof) in enumerate(zip(shape.groups, ballot.range_proofs, strict=True)):
        total = add_ciphertexts(ballot.ciphertexts[p] for p in group.positions)
        if not verify_range(q, index, group.positions, key, total, group.values, proof):
            raise BallotCryptoError("bad_range_proof", f"group {index}")


def verify_ballot_json(context: PollContext, data: object) -> Ballot:
    ballot = Ballot.from_json(context, data)
    verify_ballot(context, ballot)
    return ballot


def tracker(context: PollContext, ballot: Ballot) -> str:
    """First 32 bytes of H(tracker tag, Q, ciphertexts, bit proofs, range proofs), in hex."""
    points: list[bytes] = []
    for ct in ballot.ciphertexts:
        points += [ct.a, ct.b]

    def proofs(items: Sequence[DisjunctiveProof]) -> list:
        out: list = []
        for proof in items:
            out += [len(proof.c), *proof.scalars()]
        return out

    # A list item is its count then its items: the ciphertext list counts ciphertexts (each two
    # points follow), a proof list counts proofs (each its branch count then c_i, z_i).
    items = [TAG_TRACKER, context.hash, len(ballot.ciphertexts), *points]
    items += [len(ballot.bit_proofs), *proofs(ballot.bit_proofs)]
    items += [len(ballot.range_proofs), *proofs(ballot.range_proofs)]
    return digest(items)[:32].hex()


def make_reveal(
    context: PollContext, ballot: Ballot, bits: Sequence[int], randomness: Sequence[int]
) -> dict:
    """What a checked (never cast) ballot shows: its choices and every ciphertext's randomness."""
    return {
        "ballot": ballot.to_json(),
        "tracker": tracker(context, ballot),
        "choices": list(bits),
        "randomness": [encode_scalar(r) for r in randomness],
    }


def verify_reveal(context: PollContext, reveal: object) -> list[int]:
    """Check a Benaloh reveal; return the choices it proves the ballot held."""
    if not isinstance(reveal, dict) or set(reveal) != {
        "ballot",
        "tracker",
        "choices",
        "randomness",
    }:
        raise BallotCryptoError("wrong_shape", "a reveal is {ballot, tracker, choices, randomness}")
    ballot = verify_ballot_json(context, reveal["ballot"])
    if reveal["tracker"] != tracker(context, ballot):
        raise BallotCryptoError("bad_reveal", "tracker")
    bits, rs = reveal["choices"], reveal["randomness"]
    size = len(ballot.ciphertexts)
    if (
        not isinstance(bits, list)
        or not isinstance(rs, list)
        or len(bits) != size
        or len(rs) != size
    ):
        raise BallotCryptoError("wrong_shape", "one choice and one randomness per ciphertext")
    key = context.public_key
    for i, (ct, m, r_hex) in enumerate(zip(ballot.ciphertexts, bits, rs, strict=True)):
        r = decode_scalar(r_hex)
        if type(m) is not int or m not in BIT_VALUES or r == 0:
            raise BallotCryptoError("bad_reveal", f"position {i}")
        if ct.a != base(r) or ct.b != add(base(m), mul(r, key)):
            raise BallotCryptoError("bad_reveal", f"position {i}")
    return list(bits)
