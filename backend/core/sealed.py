"""Secrets and personal data at rest: a keyed hash to match a value, a sealed copy to read it.

The one helper for everything the app keeps encrypted with the installation's secret key: the
server's own keys (``backend/vault``), the signers' private keys (``backend/signing/keys.py``)
and personal data such as the số định danh (``backend/members``). Both keys are derived from
the installation's secret key (``DANGBO_SECRET_KEY``) with HKDF-SHA256, one key per purpose, so
a copy of the database alone reveals nothing and a value hashed or sealed for one purpose is
useless for another:

- :meth:`Sealer.keyed_hash` is HMAC-SHA256: equal inputs give equal hashes (one person, one
  record) without the number being stored; without the secret key the hash cannot be tested
  against the few billion possible numbers.
- :meth:`Sealer.seal` is AES-256-GCM with a random nonce. The purpose and ``binding`` (the row
  it belongs to) are the associated data: a sealed value copied onto another row, or read for
  another purpose, does not open.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_FORMAT_V1 = b"\x01"
_NONCE = 12
_TAG = 16


class Unsealable(Exception):
    """The sealed value does not open: another secret key, purpose or row, or tampering."""


class Sealer:
    def __init__(self, secret_key: str) -> None:
        self._secret = secret_key.encode()
        self._keys: dict[bytes, bytes] = {}  # derived once per use and purpose (imports hash many)

    def _key(self, use: bytes, purpose: str) -> bytes:
        info = use + purpose.encode()
        if info not in self._keys:
            self._keys[info] = HKDF(
                algorithm=hashes.SHA256(), length=32, salt=b"dangbo-sealed", info=info
            ).derive(self._secret)
        return self._keys[info]

    def keyed_hash(self, value: str, purpose: str) -> str:
        """HMAC-SHA256 of ``value`` under the purpose's key, as hex."""
        key = self._key(b"hmac:", purpose)
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()

    def _aad(self, purpose: str, binding: str) -> bytes:
        return purpose.encode() + b"\x00" + binding.encode()

    def seal_bytes(self, plaintext: bytes, purpose: str, binding: str) -> bytes:
        nonce = os.urandom(_NONCE)
        aead = AESGCM(self._key(b"aead:", purpose))
        return _FORMAT_V1 + nonce + aead.encrypt(nonce, plaintext, self._aad(purpose, binding))

    def open_bytes(self, sealed: bytes, purpose: str, binding: str) -> bytes:
        sealed = bytes(sealed)
        if sealed[:1] != _FORMAT_V1 or len(sealed) < 1 + _NONCE + _TAG:
            raise Unsealable("unknown format")
        aead = AESGCM(self._key(b"aead:", purpose))
        try:
            return aead.decrypt(
                sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :], self._aad(purpose, binding)
            )
        except InvalidTag as exc:
            raise Unsealable("does not open") from exc

    def seal(self, plaintext: str, purpose: str, binding: str) -> bytes:
        return self.seal_bytes(plaintext.encode(), purpose, binding)

    def open(self, sealed: bytes, purpose: str, binding: str) -> str:
        return self.open_bytes(sealed, purpose, binding).decode()


def masked(value: str, head: int = 4, tail: int = 2) -> str:
    """``001234567889`` → ``0012******89``: enough to recognise, not enough to use."""
    if len(value) <= head + tail:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]
