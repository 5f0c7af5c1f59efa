"""The one hash of the protocol: SHA-512 over a canonical, length-prefixed list of items whose
first item is a domain-separation tag (docs/ballots.md §5)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .group import reduce_digest

TAG_CONTEXT = "dangbo/ballots/v1/context"
TAG_BIT = "dangbo/ballots/v1/bit"
TAG_RANGE = "dangbo/ballots/v1/range"
TAG_DECRYPTION = "dangbo/ballots/v1/decryption"
TAG_KEY = "dangbo/ballots/v1/key"
TAG_TRACKER = "dangbo/ballots/v1/tracker"

# A text, an integer in [0, 2^64), raw bytes (points, scalars, digests), or a list of items.
Item = str | int | bytes | Sequence["Item"]


def _framed(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


def _encode_into(item: Item, out: list[bytes]) -> None:
    if isinstance(item, bool):  # a bool is an int to Python; never a protocol value
        raise TypeError("a bool is not a hash item")
    if isinstance(item, bytes):
        out.append(_framed(item))
    elif isinstance(item, str):
        out.append(_framed(item.encode("utf-8")))
    elif isinstance(item, int):
        if not 0 <= item < 2**64:
            raise ValueError("an integer item is in [0, 2^64)")
        out.append(_framed(item.to_bytes(8, "big")))
    else:
        out.append(_framed(len(item).to_bytes(8, "big")))
        for inner in item:
            _encode_into(inner, out)


def encode(items: Sequence[Item]) -> bytes:
    out: list[bytes] = []
    for item in items:
        _encode_into(item, out)
    return b"".join(out)


def digest(items: Sequence[Item]) -> bytes:
    """H(items): 64 bytes."""
    return hashlib.sha512(encode(items)).digest()


def challenge(items: Sequence[Item]) -> int:
    """Hs(items): the digest as a little-endian integer mod ℓ."""
    return reduce_digest(digest(items))
