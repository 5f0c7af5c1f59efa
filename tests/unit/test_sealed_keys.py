"""Signers' private keys sealed with the one helper, and those sealed before it still open."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.signing.keys import KeyUnavailable, _derive, open_private_key, seal_private_key

SECRET = "khóa bí mật của bản cài đặt"


def _der(key) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def test_a_sealed_key_opens_only_on_its_row_with_its_secret():
    key = ec.generate_private_key(ec.SECP256R1())
    sealed = seal_private_key(SECRET, key, "12:abcd")
    assert _der(open_private_key(SECRET, sealed, "12:abcd")) == _der(key)
    with pytest.raises(KeyUnavailable):
        open_private_key(SECRET, sealed, "13:abcd")
    with pytest.raises(KeyUnavailable):
        open_private_key("khóa khác", sealed, "12:abcd")


def test_a_key_sealed_in_the_first_format_still_opens():
    key = ec.generate_private_key(ec.SECP256R1())
    nonce = os.urandom(12)
    aead = AESGCM(_derive(SECRET, b"user-signing-key v1"))
    first = b"\x01" + nonce + aead.encrypt(nonce, _der(key), b"12:abcd")
    assert _der(open_private_key(SECRET, first, "12:abcd")) == _der(key)
    with pytest.raises(KeyUnavailable):
        open_private_key(SECRET, first, "13:abcd")
