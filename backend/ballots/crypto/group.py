"""The prime-order subgroup of edwards25519 over libsodium (PyNaCl), written additively.

Points are their 32-byte RFC 8032 encodings; scalars are Python integers in [0, ℓ), exact mod-ℓ
arithmetic. libsodium refuses a zero scalar, an identity input and an identity result in its
multiplications, so ``mul`` and ``base`` handle those cases explicitly (docs/ballots.md §3) and
the JavaScript side does the same."""

from __future__ import annotations

import secrets
from collections.abc import Callable

from nacl import bindings as sodium

from .errors import BallotCryptoError

ORDER = 2**252 + 27742317777372353535851937790883648493
IDENTITY = bytes([1]) + bytes(31)
BASE = bytes.fromhex("58" + "66" * 31)
_HEX_DIGITS = frozenset("0123456789abcdef")

# Draws a secret scalar in [1, ℓ−1]; the default reads the OS generator, the vector script
# passes a deterministic one.
ScalarSource = Callable[[], int]


def is_identity(point: bytes) -> bool:
    return point == IDENTITY


def scalar_bytes(k: int) -> bytes:
    return (k % ORDER).to_bytes(32, "little")


def base(k: int) -> bytes:
    """k·G; the identity for k ≡ 0."""
    k %= ORDER
    if k == 0:
        return IDENTITY
    return sodium.crypto_scalarmult_ed25519_base_noclamp(scalar_bytes(k))


def mul(k: int, point: bytes) -> bytes:
    """k·P for P in the prime-order subgroup (or the identity); the identity for k ≡ 0."""
    k %= ORDER
    if k == 0 or point == IDENTITY:
        return IDENTITY
    return sodium.crypto_scalarmult_ed25519_noclamp(scalar_bytes(k), point)


def add(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_add(p, q)


def sub(p: bytes, q: bytes) -> bytes:
    return sodium.crypto_core_ed25519_sub(p, q)


def reduce_digest(digest: bytes) -> int:
    """A 64-byte digest as a little-endian integer mod ℓ (crypto_core_ed25519_scalar_reduce)."""
    if len(digest) != 64:
        raise ValueError("a 64-byte digest is reduced")
    return int.from_bytes(sodium.crypto_core_ed25519_scalar_reduce(digest), "little")


def random_scalar() -> int:
    """Uniform in [1, ℓ−1]: 64 bytes from the OS generator reduced mod ℓ, drawn again if 0."""
    while True:
        k = reduce_digest(secrets.token_bytes(64))
        if k:
            return k


def hex_bytes(text: object) -> bytes:
    if not isinstance(text, str) or len(text) != 64 or not set(text) <= _HEX_DIGITS:
        raise BallotCryptoError("bad_encoding", repr(text)[:80])
    return bytes.fromhex(text)


def decode_scalar(text: object) -> int:
    """A received scalar: 64 lowercase hex digits, little-endian, strictly below ℓ (0 allowed)."""
    value = int.from_bytes(hex_bytes(text), "little")
    if value >= ORDER:
        raise BallotCryptoError("non_canonical_scalar", str(text))
    return value


def check_point(point: bytes) -> bytes:
    """Canonical, on the curve, not of small order, torsion-free; so never the identity."""
    if len(point) != 32 or not sodium.crypto_core_ed25519_is_valid_point(point):
        raise BallotCryptoError("bad_point", point.hex())
    return point


def decode_point(text: object) -> bytes:
    """A received point (docs/ballots.md §2): the identity is refused."""
    return check_point(hex_bytes(text))


def encode_scalar(k: int) -> str:
    return scalar_bytes(k).hex()
