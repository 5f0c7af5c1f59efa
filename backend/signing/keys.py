"""Protection of private keys at rest.

Every private key (the local CA's and each signer's) is encrypted with a key derived from the
installation's secret key (``DANGBO_SECRET_KEY``) by HKDF-SHA256, so a copy of the database or of
``var/secrets/ca`` alone does not give anyone a usable signing key.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509 import Certificate

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

_FORMAT_V1 = b"\x01"


class KeyUnavailable(Exception):
    """The stored key cannot be decrypted (wrong secret key, or the row was tampered with)."""


def _derive(secret_key: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"dangbo-signing", info=purpose).derive(
        secret_key.encode()
    )


def ca_key_passphrase(secret_key: str) -> bytes:
    """The passphrase of the CA's PKCS#8 key file (``ca.key``)."""
    return _derive(secret_key, b"ca-key-file v1").hex().encode()


def seal_private_key(secret_key: str, key: PrivateKey, binding: str) -> bytes:
    """AES-256-GCM over the key's PKCS#8 DER. ``binding`` (user and certificate) is the
    associated data: a ciphertext copied onto another row no longer decrypts."""
    plaintext = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    nonce = os.urandom(12)
    aead = AESGCM(_derive(secret_key, b"user-signing-key v1"))
    return _FORMAT_V1 + nonce + aead.encrypt(nonce, plaintext, binding.encode())


def open_private_key(secret_key: str, sealed: bytes, binding: str) -> PrivateKey:
    if not sealed or sealed[:1] != _FORMAT_V1 or len(sealed) < 1 + 12 + 16:
        raise KeyUnavailable("unknown key format")
    aead = AESGCM(_derive(secret_key, b"user-signing-key v1"))
    try:
        plaintext = aead.decrypt(sealed[1:13], sealed[13:], binding.encode())
    except InvalidTag as exc:
        raise KeyUnavailable("key does not decrypt") from exc
    key = serialization.load_der_private_key(plaintext, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise KeyUnavailable("unsupported key type")
    return key


def fingerprint(certificate: Certificate) -> str:
    """SHA-256 of the certificate's DER, lower-case hex (what certificate viewers show)."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def key_matches_certificate(key: PrivateKey, certificate: Certificate) -> bool:
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return key.public_key().public_bytes(*spki) == certificate.public_key().public_bytes(*spki)
