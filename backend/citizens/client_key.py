"""The RSA key VNeID encrypts its answers to: a PEM file (``DANGBO_VNEID_PRIVATE_KEY_PATH``)
or, by default, a key sealed in the vault like the server's other keys (created on first use;
``dangbo vneid key`` prints its public half for the registration with the provider)."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from backend.settings import Settings
from backend.vault.vault import KeyVault

VAULT_NAME = "vneid.client"


def public_pem(key: rsa.RSAPrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


class VneidClientKey:
    def __init__(self, settings: Settings, vault: KeyVault) -> None:
        self.settings = settings
        self.vault = vault
        self._from_file: rsa.RSAPrivateKey | None = None

    async def private_key(self) -> rsa.RSAPrivateKey:
        path = self.settings.vneid_private_key_path
        if path is not None:
            if self._from_file is None:
                loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
                if not isinstance(loaded, rsa.RSAPrivateKey):
                    raise ValueError(f"{path}: không phải khóa RSA")
                self._from_file = loaded
            return self._from_file
        stored = await self.vault.get(VAULT_NAME)
        if stored is None:
            fresh = rsa.generate_private_key(public_exponent=65537, key_size=2048)
            der = fresh.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
            stored = await self.vault.create(VAULT_NAME, der, public_pem(fresh))
        loaded = serialization.load_der_private_key(stored.private, password=None)
        assert isinstance(loaded, rsa.RSAPrivateKey)
        return loaded

    async def public_pem(self) -> str:
        return public_pem(await self.private_key())
