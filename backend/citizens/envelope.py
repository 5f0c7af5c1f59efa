"""VNeID's encryption of its answers, both ways (the client opens, the simulator seals).

Token and userinfo bodies come as ``{"data": b64, "key": b64}``: ``key`` is a random AES key
encrypted to the client's RSA public key with PKCS#1 v1.5, ``data`` the JSON encrypted with
that AES key in ECB mode with PKCS#7 padding (Java's default ``"AES"`` transformation). The
authorization code may come the same way: ``code`` AES-encrypted, ``encrypt_key`` the RSA-
encrypted AES key. VNeID does not URL-encode ``+`` in those two, so a decoded space is a
``+`` again. ECB and PKCS#1 v1.5 are the provider's choice, not ours: we only open them, with
``cryptography``, and anything that does not open or parse is refused as one failure.
"""

from __future__ import annotations

import base64
import binascii
import os

import msgspec
from cryptography.hazmat.primitives import padding as symmetric_padding
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

AES_KEY_BYTES = 32


class Unreadable(Exception):
    """A VNeID answer that does not decrypt or does not parse."""


def _b64(text: str) -> bytes:
    # A "+" the provider left unencoded arrives as a space (first: it may lead or trail).
    text = text.replace(" ", "+").strip()
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise Unreadable("not base64") from exc


def _aes_ecb_open(key: bytes, data: bytes) -> bytes:
    if len(key) not in (16, 24, 32) or not data or len(data) % 16:
        raise Unreadable("bad AES key or block")
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()  # noqa: S305 (the protocol's)
    padded = decryptor.update(data) + decryptor.finalize()
    unpadder = symmetric_padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as exc:
        raise Unreadable("bad padding") from exc


def _aes_ecb_seal(key: bytes, plaintext: bytes) -> bytes:
    padder = symmetric_padding.PKCS7(128).padder()
    padded = padder.update(plaintext) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 (the protocol's)
    return encryptor.update(padded) + encryptor.finalize()


def _rsa_open(private_key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    try:
        return private_key.decrypt(data, padding.PKCS1v15())
    except ValueError as exc:
        raise Unreadable("RSA does not open") from exc


def open_envelope(private_key: rsa.RSAPrivateKey, body: bytes) -> dict:
    """The JSON object inside a ``{data, key}`` body."""
    try:
        outer = msgspec.json.decode(body)
    except msgspec.DecodeError as exc:
        raise Unreadable("not JSON") from exc
    if not isinstance(outer, dict) or not all(
        isinstance(outer.get(k), str) for k in ("data", "key")
    ):
        raise Unreadable("not an envelope")
    key = _rsa_open(private_key, _b64(outer["key"]))
    plaintext = _aes_ecb_open(key, _b64(outer["data"]))
    try:
        inner = msgspec.json.decode(plaintext)
    except msgspec.DecodeError as exc:
        raise Unreadable("inner not JSON") from exc
    if not isinstance(inner, dict):
        raise Unreadable("inner not an object")
    return inner


def seal_envelope(public_key: rsa.RSAPublicKey, payload: dict) -> dict[str, str]:
    key = os.urandom(AES_KEY_BYTES)
    return {
        "data": base64.b64encode(_aes_ecb_seal(key, msgspec.json.encode(payload))).decode(),
        "key": base64.b64encode(public_key.encrypt(key, padding.PKCS1v15())).decode(),
    }


def open_code(private_key: rsa.RSAPrivateKey, code: str, encrypt_key: str) -> str:
    key = _rsa_open(private_key, _b64(encrypt_key))
    try:
        return _aes_ecb_open(key, _b64(code)).decode()
    except UnicodeDecodeError as exc:
        raise Unreadable("code not text") from exc


def seal_code(public_key: rsa.RSAPublicKey, code: str) -> tuple[str, str]:
    """``(code, encrypt_key)`` as VNeID puts them on the redirect."""
    key = os.urandom(AES_KEY_BYTES)
    sealed = base64.b64encode(_aes_ecb_seal(key, code.encode())).decode()
    return sealed, base64.b64encode(public_key.encrypt(key, padding.PKCS1v15())).decode()
