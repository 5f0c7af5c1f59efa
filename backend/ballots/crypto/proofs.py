"""Chaum–Pedersen and Schnorr proofs made non-interactive with strong Fiat–Shamir
(docs/ballots.md §7–§9).

Proofs are sent as challenges and responses only; the verifier recomputes the commitments and
checks that the challenges add up to the hash of the whole statement with those commitments.
A zero challenge or response (legal in a simulated branch) goes through ``group.mul``/``base``,
which give the identity, exactly as the JavaScript verifier does."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .elgamal import Ciphertext
from .errors import BallotCryptoError
from .group import ORDER, ScalarSource, base, decode_scalar, encode_scalar, mul, random_scalar, sub
from .hashing import TAG_BIT, TAG_DECRYPTION, TAG_KEY, TAG_RANGE, Item, challenge


@dataclass(frozen=True)
class DisjunctiveProof:
    """One (challenge, response) pair per allowed value."""

    c: tuple[int, ...]
    z: tuple[int, ...]

    def to_json(self) -> dict:
        return {"c": [encode_scalar(x) for x in self.c], "z": [encode_scalar(x) for x in self.z]}

    @classmethod
    def from_json(cls, data: object, branches: int) -> DisjunctiveProof:
        if (
            not isinstance(data, dict)
            or set(data) != {"c", "z"}
            or not isinstance(data["c"], list)
            or not isinstance(data["z"], list)
            or len(data["c"]) != branches
            or len(data["z"]) != branches
        ):
            raise BallotCryptoError(
                "wrong_shape", f"a proof has {branches} challenges and responses"
            )
        return cls(tuple(map(decode_scalar, data["c"])), tuple(map(decode_scalar, data["z"])))

    def scalars(self) -> list[bytes]:
        """c_0, z_0, c_1, z_1, … as 32-byte strings (the tracker hashes them in this order)."""
        out = []
        for c, z in zip(self.c, self.z, strict=True):
            out += [c.to_bytes(32, "little"), z.to_bytes(32, "little")]
        return out


@dataclass(frozen=True)
class ScalarProof:
    """A single (challenge, response): the decryption and key proofs."""

    c: int
    z: int

    def to_json(self) -> dict:
        return {"c": encode_scalar(self.c), "z": encode_scalar(self.z)}

    @classmethod
    def from_json(cls, data: object) -> ScalarProof:
        if not isinstance(data, dict) or set(data) != {"c", "z"}:
            raise BallotCryptoError("wrong_shape", "a proof is {c, z}")
        return cls(decode_scalar(data["c"]), decode_scalar(data["z"]))


def _branch_commitments(key: bytes, ct: Ciphertext, value: int, c: int, z: int) -> list[bytes]:
    """a_i = z·G − c·A, b_i = z·K − c·(B − v·G)."""
    shifted = sub(ct.b, base(value))
    return [sub(base(z), mul(c, ct.a)), sub(mul(z, key), mul(c, shifted))]


def _prove_disjunctive(
    prefix: list[Item],
    key: bytes,
    ct: Ciphertext,
    values: Sequence[int],
    m: int,
    r: int,
    draw: ScalarSource,
) -> DisjunctiveProof:
    real = values.index(m)  # ValueError: the plaintext is not allowed, nothing to prove
    cs = [0] * len(values)
    zs = [0] * len(values)
    commitments: list[bytes] = []
    w = 0
    for i, value in enumerate(values):  # draw order: c_i then z_i if simulated, w if real
        if i == real:
            w = draw()
            commitments += [base(w), mul(w, key)]
        else:
            cs[i], zs[i] = draw(), draw()
            commitments += _branch_commitments(key, ct, value, cs[i], zs[i])
    total = challenge([*prefix, ct.a, ct.b, list(values), *commitments])
    cs[real] = (total - sum(cs)) % ORDER
    zs[real] = (w + cs[real] * r) % ORDER
    return DisjunctiveProof(tuple(cs), tuple(zs))


def _verify_disjunctive(
    prefix: list[Item], key: bytes, ct: Ciphertext, values: Sequence[int], proof: DisjunctiveProof
) -> bool:
    if len(proof.c) != len(values) or len(proof.z) != len(values):
        return False
    commitments: list[bytes] = []
    for value, c, z in zip(values, proof.c, proof.z, strict=True):
        commitments += _branch_commitments(key, ct, value, c, z)
    return sum(proof.c) % ORDER == challenge([*prefix, ct.a, ct.b, list(values), *commitments])


BIT_VALUES = (0, 1)


def prove_bit(
    q: bytes,
    position: int,
    key: bytes,
    ct: Ciphertext,
    m: int,
    r: int,
    draw: ScalarSource = random_scalar,
) -> DisjunctiveProof:
    return _prove_disjunctive([TAG_BIT, q, position], key, ct, BIT_VALUES, m, r, draw)


def verify_bit(
    q: bytes, position: int, key: bytes, ct: Ciphertext, proof: DisjunctiveProof
) -> bool:
    return _verify_disjunctive([TAG_BIT, q, position], key, ct, BIT_VALUES, proof)


def prove_range(
    q: bytes,
    group: int,
    positions: Sequence[int],
    key: bytes,
    total: Ciphertext,
    values: Sequence[int],
    m: int,
    r: int,
    draw: ScalarSource = random_scalar,
) -> DisjunctiveProof:
    prefix: list[Item] = [TAG_RANGE, q, group, list(positions)]
    return _prove_disjunctive(prefix, key, total, values, m, r, draw)


def verify_range(
    q: bytes,
    group: int,
    positions: Sequence[int],
    key: bytes,
    total: Ciphertext,
    values: Sequence[int],
    proof: DisjunctiveProof,
) -> bool:
    prefix: list[Item] = [TAG_RANGE, q, group, list(positions)]
    return _verify_disjunctive(prefix, key, total, values, proof)


def _decryption_items(
    q: bytes,
    board_hash: bytes,
    x: int,
    share_public: bytes,
    position: int,
    ct: Ciphertext,
    d: bytes,
) -> list[Item]:
    return [TAG_DECRYPTION, q, board_hash, x, share_public, position, ct.a, ct.b, d]


def prove_decryption(
    q: bytes,
    board_hash: bytes,
    x: int,
    share: int,
    position: int,
    ct: Ciphertext,
    draw: ScalarSource = random_scalar,
) -> tuple[bytes, ScalarProof]:
    """D = s_x·A with a proof that log_G K_x = log_A D."""
    share_public = base(share)
    d = mul(share, ct.a)
    w = draw()
    items = _decryption_items(q, board_hash, x, share_public, position, ct, d)
    c = challenge([*items, base(w), mul(w, ct.a)])
    return d, ScalarProof(c, (w + c * share) % ORDER)


def verify_decryption(
    q: bytes,
    board_hash: bytes,
    x: int,
    share_public: bytes,
    position: int,
    ct: Ciphertext,
    d: bytes,
    proof: ScalarProof,
) -> bool:
    a = sub(base(proof.z), mul(proof.c, share_public))
    b = sub(mul(proof.z, ct.a), mul(proof.c, d))
    items = _decryption_items(q, board_hash, x, share_public, position, ct, d)
    return proof.c == challenge([*items, a, b])


def prove_key(
    ceremony_id: str, x: int, j: int, secret: int, draw: ScalarSource = random_scalar
) -> tuple[bytes, ScalarProof]:
    """Schnorr proof of knowledge of s for P = s·G."""
    point = base(secret)
    w = draw()
    c = challenge([TAG_KEY, ceremony_id, x, j, point, base(w)])
    return point, ScalarProof(c, (w + c * secret) % ORDER)


def verify_key(ceremony_id: str, x: int, j: int, point: bytes, proof: ScalarProof) -> bool:
    a = sub(base(proof.z), mul(proof.c, point))
    return proof.c == challenge([TAG_KEY, ceremony_id, x, j, point, a])


def check_key(ceremony_id: str, x: int, j: int, point: bytes, proof: ScalarProof) -> None:
    """Raise ``bad_key_proof`` unless the proof holds (the key ceremony checks every one)."""
    if not verify_key(ceremony_id, x, j, point, proof):
        raise BallotCryptoError("bad_key_proof", f"member {x}, coefficient {j}")
