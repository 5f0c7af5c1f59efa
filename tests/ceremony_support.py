"""The browser's part of the key ceremony, in Python with the cryptographic core, for the API
tests: a board member's polynomial, commitments and key proof, his X25519 transport key,
sealing and opening shares (X25519 → HKDF-SHA-256 → AES-256-GCM, docs/ballots.md "Key
ceremony"), checking received shares, his own share, the fingerprint computed from what he was
shown, and the proven test decryption. ``run_ceremony`` drives a whole ceremony."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from backend.ballots.crypto.elgamal import Ciphertext
from backend.ballots.crypto.group import ORDER, base, encode_scalar, hex_bytes, random_scalar
from backend.ballots.crypto.proofs import ScalarProof, prove_decryption, prove_key
from backend.ballots.transcript import (
    MemberEntry,
    RevealEntry,
    fingerprint,
    share_associated_data,
    share_matches,
    trial_context,
)

SHARE_KEY_INFO = b"dangbo/ballots/v1/share-key"


def ceremony_url(congress_id: int, poll_id: int) -> str:
    return f"/api/congresses/{congress_id}/polls/{poll_id}/key-ceremony"


def _share_key(own: X25519PrivateKey, their_public: bytes) -> bytes:
    secret = own.exchange(X25519PublicKey.from_public_bytes(their_public))
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=SHARE_KEY_INFO).derive(secret)


def _proof_json(proof: ScalarProof) -> dict:
    return {"c": encode_scalar(proof.c), "z": encode_scalar(proof.z)}


@dataclass
class Member:
    """One board member's device: everything here stays on it (IndexedDB in the browser)."""

    client: object
    x: int = 0
    coefficients: list[int] = field(default_factory=list)
    transport: X25519PrivateKey = field(default_factory=X25519PrivateKey.generate)
    received: dict[int, int] = field(default_factory=dict)  # sender x → f_sender(x)

    @property
    def transport_public(self) -> bytes:
        return self.transport.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    def f(self, t: int) -> int:
        return sum(a * pow(t, j, ORDER) for j, a in enumerate(self.coefficients)) % ORDER

    def commit_body(self, ceremony_id: str, x: int, threshold: int) -> dict:
        self.x = x
        self.coefficients = [random_scalar() for _ in range(threshold)]
        commitments = [base(a).hex() for a in self.coefficients]
        _, proof = prove_key(ceremony_id, x, 0, self.coefficients[0])
        return {
            "commitments": commitments,
            "proof": _proof_json(proof),
            "transport_key": self.transport_public.hex(),
        }

    def seal(self, ceremony_id: str, recipient: int, recipient_key: bytes, value: int) -> str:
        aad = share_associated_data(
            ceremony_id, self.x, recipient, self.transport_public, recipient_key
        )
        nonce = secrets.token_bytes(12)
        box = AESGCM(_share_key(self.transport, recipient_key))
        return (nonce + box.encrypt(nonce, value.to_bytes(32, "little"), aad)).hex()

    def shares_body(self, ceremony_id: str, members: list[dict]) -> dict:
        return {
            "shares": [
                {
                    "recipient": m["x"],
                    "sealed": self.seal(
                        ceremony_id, m["x"], bytes.fromhex(m["transport_key"]), self.f(m["x"])
                    ),
                }
                for m in members
                if m["x"] != self.x
            ]
        }

    def open_shares(self, ceremony_id: str, listing: dict, members: list[dict]) -> list[int]:
        """Open and check every share sealed to him; the senders whose share fails."""
        commitments = {m["x"]: [hex_bytes(c) for c in m["commitments"]] for m in members}
        bad = []
        for item in listing["shares"]:
            sender, sender_key = item["sender"], bytes.fromhex(item["sender_transport_key"])
            blob = bytes.fromhex(item["sealed"])
            aad = share_associated_data(
                ceremony_id, sender, self.x, sender_key, self.transport_public
            )
            try:
                plain = AESGCM(_share_key(self.transport, sender_key)).decrypt(
                    blob[:12], blob[12:], aad
                )
                value = int.from_bytes(plain, "little")
            except Exception:  # noqa: BLE001 - a share that does not open is a complaint
                bad.append(sender)
                continue
            if value >= ORDER or not share_matches(commitments[sender], self.x, value):
                bad.append(sender)
            else:
                self.received[sender] = value
        return bad

    @property
    def share(self) -> int:
        """s_x = Σ_i f_i(x): his share of the election key (never sent anywhere)."""
        return (self.f(self.x) + sum(self.received.values())) % ORDER

    def local_fingerprint(self, detail: dict) -> str:
        """The fingerprint from what this device was shown, not the server's word."""
        members = [
            MemberEntry(
                x=m["x"],
                user_id=m["user_id"],
                transport_key=bytes.fromhex(m["transport_key"]),
                commitments=tuple(hex_bytes(c) for c in m["commitments"]),
                proof=ScalarProof(
                    int.from_bytes(hex_bytes(m["proof"]["c"]), "little"),
                    int.from_bytes(hex_bytes(m["proof"]["z"]), "little"),
                ),
            )
            for m in detail["members"]
        ]
        sealed = [
            (s["sender"], s["recipient"], bytes.fromhex(s["sealed"])) for s in detail["sealed"]
        ]
        reveals = [
            RevealEntry(c["accuser"], c["accused"], int.from_bytes(hex_bytes(c["share"]), "little"))
            for c in detail["complaints"]
            if c["verdict"] == "bac"
        ]
        return fingerprint(
            detail["ceremony_id"], detail["threshold"], members, sealed, reveals
        ).hex()

    def confirm_body(self, detail: dict, *, share: int | None = None) -> dict:
        print_hex = self.local_fingerprint(detail)
        trial = Ciphertext(
            hex_bytes(detail["test_ciphertext"]["a"]), hex_bytes(detail["test_ciphertext"]["b"])
        )
        d, proof = prove_decryption(
            trial_context(detail["ceremony_id"]),
            bytes.fromhex(print_hex),
            self.x,
            self.share if share is None else share,
            0,
            trial,
        )
        return {
            "backup_saved": True,
            "fingerprint": print_hex,
            "test": {"d": d.hex(), "proof": _proof_json(proof)},
        }


async def detail_of(client, url: str) -> dict:
    answer = await client.get(url)
    assert answer.status_code == 200, answer.text
    return answer.json()["ceremony"]


async def post_ok(client, url: str, body: dict) -> dict:
    answer = await client.post(url, json=body)
    assert answer.status_code == 200, answer.text
    return answer.json()


async def commit_all(url: str, members: list[Member]) -> dict:
    """Every member commits (in the order given); the ceremony's detail after."""
    for member in members:
        detail = await detail_of(member.client, url)
        await post_ok(
            member.client,
            f"{url}/commitments",
            member.commit_body(detail["ceremony_id"], detail["me"], detail["threshold"]),
        )
    return await detail_of(members[0].client, url)


async def share_all(url: str, members: list[Member]) -> dict:
    detail = await detail_of(members[0].client, url)
    for member in members:
        await post_ok(
            member.client,
            f"{url}/shares",
            member.shares_body(detail["ceremony_id"], detail["members"]),
        )
    return await detail_of(members[0].client, url)


async def open_all(url: str, members: list[Member]) -> dict[int, list[int]]:
    """Each member fetches and checks his shares: who complains about whom."""
    detail = await detail_of(members[0].client, url)
    bad = {}
    for member in members:
        listing = await member.client.get(f"{url}/shares")
        assert listing.status_code == 200, listing.text
        bad[member.x] = member.open_shares(detail["ceremony_id"], listing.json(), detail["members"])
    return bad


async def run_ceremony(url: str, members: list[Member]) -> dict:
    """A whole honest ceremony, started already: commit, share, check, confirm. Returns the
    last state (the key ready)."""
    await commit_all(url, members)
    await share_all(url, members)
    assert all(not v for v in (await open_all(url, members)).values())
    state = {}
    for member in members:
        detail = await detail_of(member.client, url)
        state = await post_ok(member.client, f"{url}/confirmation", member.confirm_body(detail))
    return state
