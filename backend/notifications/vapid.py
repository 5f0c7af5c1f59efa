"""VAPID (RFC 8292): the application server's key pair.

The private key lives in the shared database, sealed with the secret key
(:class:`VapidKeys`, :mod:`backend.vault`). Browsers subscribe with the public key; push
services accept a message only when its JWT is signed by the matching private key.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import structlog
from cryptography.hazmat.primitives import serialization
from py_vapid import Vapid

from backend.settings import Settings
from backend.vault.vault import KeyUnavailable, KeyVault, StoredKey

_log = structlog.get_logger("dangbo.notifications")

VAPID_KEY = "notifications.vapid"

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


def new_key() -> Vapid:
    vapid = Vapid()
    vapid.generate_keys()
    return vapid


def read_legacy_file(path: Path) -> Vapid | None:
    """The key an earlier version kept in ``path`` (``var/secrets/vapid_private.pem``)."""
    if not path.is_file():
        return None
    return Vapid.from_pem(path.read_bytes())


class VapidKeys:
    """The one VAPID key of the installation, in the shared database (sealed with the secret
    key), so every machine signs pushes with the key the browsers subscribed to. Created once
    by ``dangbo vapid init`` on any machine; a key file of an earlier version is imported the
    first time the key is needed."""

    def __init__(self, settings: Settings, vault: KeyVault) -> None:
        self.settings = settings
        self.vault = vault
        self._signer: VapidSigner | None = None
        self._version: tuple[int, datetime] | None = None
        self._warned_at = 0.0

    async def _stored(self) -> StoredKey | None:
        stored = await self.vault.get(VAPID_KEY)
        if stored is None:
            legacy = read_legacy_file(self.settings.vapid_key_file)
            if legacy is not None:
                stored = await self.vault.create(
                    VAPID_KEY, legacy.private_pem(), public_key_b64(legacy)
                )
                _log.warning(
                    "VAPID key imported into the database", path=str(self.settings.vapid_key_file)
                )
        return stored

    async def signer(self) -> VapidSigner | None:
        """The signer of the current key, or None (no key yet, or it does not open)."""
        try:
            stored = await self._stored()
        except KeyUnavailable:
            stored = None
        if stored is None:
            if time.monotonic() - self._warned_at > 300:
                self._warned_at = time.monotonic()
                _log.warning("no usable VAPID key: push delivery paused (run: dangbo vapid init)")
            self._signer, self._version = None, None
            return None
        version = (stored.version, stored.created_at)
        if self._signer is None or self._version != version:
            self._signer = VapidSigner(Vapid.from_pem(stored.private), self.settings.vapid_contact)
            self._version = version
        return self._signer

    async def init(self, *, force: bool = False) -> tuple[Vapid, bool]:
        """The key, created now unless there is one (returned with ``False``); ``force``
        replaces it (every subscription made with the old one stops working)."""
        existing = await self._stored()
        if existing is not None and not force:
            return Vapid.from_pem(existing.private), False
        fresh = new_key()
        if existing is None:
            stored = await self.vault.create(VAPID_KEY, fresh.private_pem(), public_key_b64(fresh))
            return Vapid.from_pem(stored.private), stored.public == public_key_b64(fresh)
        await self.vault.replace(VAPID_KEY, fresh.private_pem(), public_key_b64(fresh))
        return fresh, True

    async def check(self) -> str:
        """For ``/api/health``: "ok", "missing" or "error" (the key does not open)."""
        try:
            stored = await self._stored()
        except KeyUnavailable:
            return "error"
        return "ok" if stored is not None else "missing"


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
