"""Protection of private keys at rest.

Every private key (the local CA's and each signer's) is sealed with the installation's secret
key (``DANGBO_SECRET_KEY``, ``backend/core/sealed.py``), so a copy of the database alone does not
give anyone a usable signing key. ``ca_key_passphrase`` opens the CA key file of an installation
from before the keys moved into the database (read once, on import).
"""

from __future__ import annotations

import hashlib

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509 import Certificate

from backend.core.sealed import Sealer, Unsealable

PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

SIGNING_KEY_PURPOSE = "user-signing-key"


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
    """The key's PKCS#8 DER, sealed (``backend/core/sealed.py``). ``binding`` (user and
    certificate) is bound in: a ciphertext copied onto another row no longer opens."""
    plaintext = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return Sealer(secret_key).seal_bytes(plaintext, SIGNING_KEY_PURPOSE, binding)


def open_private_key(secret_key: str, sealed: bytes, binding: str) -> PrivateKey:
    try:
        plaintext = Sealer(secret_key).open_bytes(sealed or b"", SIGNING_KEY_PURPOSE, binding)
    except Unsealable:
        plaintext = _open_first_format(secret_key, bytes(sealed or b""), binding)
    key = serialization.load_der_private_key(plaintext, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise KeyUnavailable("unsupported key type")
    return key


def _open_first_format(secret_key: str, sealed: bytes, binding: str) -> bytes:
    """A key sealed before ``backend/core/sealed.py`` was the one helper (the same AES-256-GCM
    layout, its own HKDF salt): still opens, so no signer has to be issued a new key."""
    if len(sealed) < 1 + 12 + 16:
        raise KeyUnavailable("unknown key format")
    aead = AESGCM(_derive(secret_key, b"user-signing-key v1"))
    try:
        return aead.decrypt(sealed[1:13], sealed[13:], binding.encode())
    except InvalidTag as exc:
        raise KeyUnavailable("key does not open") from exc


def fingerprint(certificate: Certificate) -> str:
    """SHA-256 of the certificate's DER, lower-case hex (what certificate viewers show)."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()


def key_matches_certificate(key: PrivateKey, certificate: Certificate) -> bool:
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    return key.public_key().public_bytes(*spki) == certificate.public_key().public_bytes(*spki)
