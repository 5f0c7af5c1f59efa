"""VAPID (RFC 8292): the application server's key pair, kept outside the repository.

The private key is a PEM file at ``settings.vapid_key_file`` (``var/secrets/`` by default,
mode 0600). Browsers subscribe with the public key; push services accept a message only when
its JWT is signed by the matching private key.
"""

from __future__ import annotations

import base64
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

# A signed JWT may be reused for the same push service until shortly before it expires.
JWT_LIFETIME_SECONDS = 12 * 3600  # RFC 8292 allows up to 24 h
JWT_RENEW_BEFORE_SECONDS = 3600


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def public_key_b64(vapid: Vapid) -> str:
    """The applicationServerKey: the uncompressed P-256 point, base64url without padding."""
    raw = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(raw)


def generate_key_file(path: Path, *, force: bool = False) -> tuple[Vapid, bool]:
    """Create the key file unless it exists (``force`` replaces it). Returns (key, created)."""
    if path.exists() and not force:
        return Vapid.from_file(str(path)), False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.parent.chmod(0o700)
    vapid = Vapid()
    vapid.generate_keys()
    # Written to a temporary file first so a reader never sees half a key.
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(vapid.private_pem())
    os.replace(tmp, path)
    path.chmod(0o600)
    return vapid, True


def load_key(path: Path) -> Vapid | None:
    if not path.is_file():
        return None
    return Vapid.from_pem(path.read_bytes())


@dataclass
class VapidSigner:
    """Signs the VAPID ``Authorization`` header, once per push service origin and lifetime.

    Every signature starts from a fresh claims dict (pywebpush and py_vapid mutate the dict
    they are given), and the signed header is reused for that audience until an hour before
    it expires: a JWT per message would cost an ECDSA signature per message for nothing.
    """

    vapid: Vapid
    contact: str
    _cache: dict[str, tuple[int, dict[str, str]]] = field(default_factory=dict)

    @property
    def public_key(self) -> str:
        return public_key_b64(self.vapid)

    def headers(self, audience: str) -> dict[str, str]:
        now = int(time.time())
        cached = self._cache.get(audience)
        if cached and cached[0] - now > JWT_RENEW_BEFORE_SECONDS:
            return cached[1]
        expires = now + JWT_LIFETIME_SECONDS
        claims = {"sub": self.contact, "aud": audience, "exp": expires}
        signed = self.vapid.sign(claims)
        self._cache[audience] = (expires, signed)
        return signed
