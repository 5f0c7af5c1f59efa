"""Exponential ElGamal: Enc(m; r) = (r·G, m·G + r·K) (docs/ballots.md §6).

There is deliberately no decryption here: a total is decrypted only by the counting board's
members, each with a share, through ``tally.partial_decrypt`` (no one holds the whole key)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .errors import BallotCryptoError
from .group import IDENTITY, add, base, decode_point, mul, random_scalar


@dataclass(frozen=True)
class Ciphertext:
    a: bytes  # r·G
    b: bytes  # m·G + r·K

    def to_json(self) -> dict:
        return {"a": self.a.hex(), "b": self.b.hex()}

    @classmethod
    def from_json(cls, data: object) -> Ciphertext:
        """A received ciphertext: both components valid points, neither the identity."""
        if not isinstance(data, dict) or set(data) != {"a", "b"}:
            raise BallotCryptoError("wrong_shape", "a ciphertext is {a, b}")
        return cls(decode_point(data["a"]), decode_point(data["b"]))


EMPTY_SUM = Ciphertext(IDENTITY, IDENTITY)


def public_key(secret: int) -> bytes:
    return base(secret)


def encrypt(key: bytes, m: int, r: int) -> Ciphertext:
    """Encryption of m ≥ 0 with randomness r in [1, ℓ−1]; m = 0 gives B = r·K."""
    if m < 0:
        raise ValueError("a plaintext is a count ≥ 0")
    if not r:
        raise ValueError("encryption randomness is never zero")
    return Ciphertext(base(r), add(base(m), mul(r, key)))


def encrypt_random(key: bytes, m: int) -> tuple[Ciphertext, int]:
    r = random_scalar()
    return encrypt(key, m, r), r


def add_ciphertexts(ciphertexts: Iterable[Ciphertext]) -> Ciphertext:
    """The homomorphic sum; (O, O) for none."""
    a, b = IDENTITY, IDENTITY
    for ciphertext in ciphertexts:
        a, b = add(a, ciphertext.a), add(b, ciphertext.b)
    return Ciphertext(a, b)
