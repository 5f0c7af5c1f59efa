"""The key ceremony's public arithmetic (docs/ballots.md, "Key ceremony"): the ceremony's id
text, each member's public part, the election key, a revealed share's check, the transcript's
fingerprint and the test ciphertext. No secret enters this module except a share revealed
after a complaint, which is public by then."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from backend.ballots.crypto.elgamal import Ciphertext
from backend.ballots.crypto.group import IDENTITY, ORDER, add, base, mul, scalar_bytes
from backend.ballots.crypto.hashing import challenge, digest, encode
from backend.ballots.crypto.proofs import ScalarProof, verify_decryption

TAG_CEREMONY = "dangbo/ballots/v1/ceremony"
TAG_CEREMONY_TEST = "dangbo/ballots/v1/ceremony-test"
TAG_SHARE = "dangbo/ballots/v1/share"  # the sealed share's associated data (the browser's)


def ceremony_id(congress_id: int, poll_id: int, ceremony: int) -> str:
    """The text every key proof, sealed share and test decryption of the ceremony binds."""
    return f"dangbo/congress/{congress_id}/poll/{poll_id}/ceremony/{ceremony}"


@dataclass(frozen=True)
class MemberEntry:
    """What a member published: his index, account, transport key, commitments and proof."""

    x: int
    user_id: int
    transport_key: bytes
    commitments: tuple[bytes, ...]
    proof: ScalarProof


@dataclass(frozen=True)
class RevealEntry:
    """A complaint answered with a share matching the commitments (public from then on)."""

    accuser: int
    accused: int
    share: int


def evaluate(commitments: Sequence[bytes], x: int) -> bytes:
    """Σ_j x^j·C_j: the public image f(x)·G of a member's polynomial at x."""
    point, power = IDENTITY, 1
    for c in commitments:
        point = add(point, mul(power, c))
        power = power * x % ORDER
    return point


def share_public(members: Sequence[MemberEntry], x: int) -> bytes:
    """K_x = Σ_i f_i(x)·G: the public part of member x's share of the election key."""
    point = IDENTITY
    for member in members:
        point = add(point, evaluate(member.commitments, x))
    return point


def election_key(members: Sequence[MemberEntry]) -> bytes:
    """K = Σ_i C_{i,0} (the product of the members' public parts, written additively)."""
    point = IDENTITY
    for member in members:
        point = add(point, member.commitments[0])
    return point


def share_matches(commitments: Sequence[bytes], x: int, share: int) -> bool:
    """A revealed share f(x) is right iff f(x)·G = Σ_j x^j·C_j."""
    return base(share) == evaluate(commitments, x)


def share_associated_data(
    ceremony: str, sender: int, recipient: int, sender_key: bytes, recipient_key: bytes
) -> bytes:
    """The AEAD associated data a sealed share binds (the browser seals and opens with it)."""
    return encode([TAG_SHARE, ceremony, sender, recipient, sender_key, recipient_key])


def fingerprint(
    ceremony: str,
    threshold: int,
    members: Sequence[MemberEntry],
    sealed: Sequence[tuple[int, int, bytes]],
    reveals: Sequence[RevealEntry],
) -> bytes:
    """H(["dangbo/ballots/v1/ceremony", id, k, n, members, sealed shares, reveals]): 64 bytes,
    every list in its canonical order (members by x, shares by sender then recipient, reveals by
    accuser then accused)."""
    ordered = sorted(members, key=lambda m: m.x)
    return digest(
        [
            TAG_CEREMONY,
            ceremony,
            threshold,
            len(ordered),
            [
                [
                    m.x,
                    m.user_id,
                    m.transport_key,
                    list(m.commitments),
                    scalar_bytes(m.proof.c),
                    scalar_bytes(m.proof.z),
                ]
                for m in ordered
            ],
            [[s, r, blob] for s, r, blob in sorted(sealed, key=lambda t: (t[0], t[1]))],
            [
                [v.accuser, v.accused, scalar_bytes(v.share)]
                for v in sorted(reveals, key=lambda v: (v.accuser, v.accused))
            ],
        ]
    )


def groups(print_: bytes) -> list[str]:
    """The first 32 hex digits of a fingerprint in 8 groups of 4, to read aloud."""
    text = print_.hex()[:32]
    return [text[i : i + 4] for i in range(0, 32, 4)]


def trial_context(ceremony: str) -> bytes:
    """The ``Q`` of the test decryption's proof (its ``board_hash`` is the fingerprint)."""
    return digest([TAG_CEREMONY_TEST, ceremony])


def trial_ciphertext(ceremony: str, print_: bytes, key: bytes) -> Ciphertext:
    """Enc(1; t) under K with t = Hs([test tag, id, fingerprint]): public, known to decrypt to
    1, so that each member proves his share works before any ballot is cast."""
    t = challenge([TAG_CEREMONY_TEST, ceremony, print_])
    return Ciphertext(base(t), add(base(1), mul(t, key)))


def trial_holds(
    ceremony: str,
    print_: bytes,
    x: int,
    public: bytes,
    ct: Ciphertext,
    d: bytes,
    proof: ScalarProof,
) -> bool:
    return verify_decryption(trial_context(ceremony), print_, x, public, 0, ct, d, proof)
