"""Sealing a secret with the installation's secret key (``DANGBO_SECRET_KEY``).

AES-256-GCM under a key derived from the secret key by HKDF-SHA256; the secret's purpose (its
name, e.g. ``signing.ca``) is the associated data, so a sealed value copied under another name
does not open. A copy of the database alone therefore gives no usable key; with the secret key
lost, nothing sealed can be opened again.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_FORMAT_V1 = b"\x01"
_NONCE = 12
_TAG = 16


class SealBroken(Exception):
    """The sealed value does not open: another secret key, or the bytes were changed."""


def _aead(secret_key: str) -> AESGCM:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"dangbo-vault", info=b"server keys v1"
    ).derive(secret_key.encode())
    return AESGCM(key)


def seal(secret_key: str, purpose: str, plaintext: bytes) -> bytes:
    nonce = os.urandom(_NONCE)
    return _FORMAT_V1 + nonce + _aead(secret_key).encrypt(nonce, plaintext, purpose.encode())


def unseal(secret_key: str, purpose: str, sealed: bytes) -> bytes:
    if sealed[:1] != _FORMAT_V1 or len(sealed) < 1 + _NONCE + _TAG:
        raise SealBroken("unknown format")
    nonce, body = sealed[1 : 1 + _NONCE], sealed[1 + _NONCE :]
    try:
        return _aead(secret_key).decrypt(nonce, body, purpose.encode())
    except InvalidTag as exc:
        raise SealBroken("does not open with this secret key") from exc
