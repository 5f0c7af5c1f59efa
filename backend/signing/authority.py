"""Where the local CA lives: in the shared database, its key sealed with the secret key
(:class:`backend.vault.vault.KeyVault`), so every machine of an installation signs under the
same root. ``dangbo ca init`` may run on any machine, any number of times: the first run
creates the CA, later ones find it.

A CA kept by an earlier version in ``var/secrets/ca`` (``DANGBO_CA_DIR``) is imported into
the database the first time it is needed; the files are left where they are.
"""

from __future__ import annotations

import logging

from cryptography import x509

from backend import db
from backend.audit import services as audit
from backend.core.clock import now
from backend.settings import Settings
from backend.signing import ca as local_ca
from backend.signing.keys import fingerprint
from backend.signing.tables import SigningKey
from backend.vault.vault import KeyUnavailable, KeyVault

log = logging.getLogger(__name__)

CA_KEY = "signing.ca"
RETIRED_PREFIX = "signing.ca.retired:"


class CertificateAuthority:
    def __init__(self, settings: Settings, vault: KeyVault) -> None:
        self.settings = settings
        self.vault = vault

    async def _import_legacy(self) -> bool:
        legacy = local_ca.read_legacy_files(self.settings.ca_path, self.settings.secret_key)
        if legacy is None:
            return False
        await self.vault.create(
            CA_KEY, local_ca.private_der(legacy), local_ca.certificate_pem(legacy.certificate)
        )
        log.warning("local CA imported into the database from %s", self.settings.ca_path)
        return True

    async def load(self) -> local_ca.LocalCA | None:
        """The CA with its key, or None when ``dangbo ca init`` has not run anywhere."""
        try:
            stored = await self.vault.get(CA_KEY)
            if stored is None and await self._import_legacy():
                stored = await self.vault.get(CA_KEY)
        except KeyUnavailable as exc:
            raise local_ca.CAError(
                "Không mở được khóa của CA: DANGBO_SECRET_KEY khác với khóa đã dùng khi tạo CA "
                "(hoặc dữ liệu khóa đã bị sửa)."
            ) from exc
        if stored is None:
            return None
        return local_ca.from_storage(stored.private, stored.public)

    async def certificate(self) -> x509.Certificate | None:
        authority = await self.load()
        return authority.certificate if authority else None

    async def exists(self) -> bool:
        try:
            return await self.load() is not None
        except local_ca.CAError:
            return True  # there is one; it does not open (health says so)

    async def check(self) -> str:
        """For ``/api/health``: "ok", "missing" (no CA yet) or "error" (does not open)."""
        try:
            authority = await self.load()
        except local_ca.CAError:
            return "error"
        if authority is None:
            return "missing"
        return "ok" if authority.certificate.not_valid_after_utc > now() else "error"

    async def init(
        self, organisation_name: str, *, force: bool = False
    ) -> tuple[local_ca.LocalCA, bool]:
        """The CA, created now unless one exists (returned with ``False``). ``force`` makes a
        new one: the old certificate is kept as retired, and every key it issued stops (the
        next signature gets a certificate from the new CA)."""
        existing = await self.load()
        if existing is not None and not force:
            return existing, False
        fresh = local_ca.new_ca(organisation_name)
        private, public = local_ca.private_der(fresh), local_ca.certificate_pem(fresh.certificate)
        if existing is None:
            stored = await self.vault.create(CA_KEY, private, public)
            created = local_ca.from_storage(stored.private, stored.public)
            return created, fingerprint(created.certificate) == fingerprint(fresh.certificate)
        old = fingerprint(existing.certificate)
        await self.vault.create(
            RETIRED_PREFIX + old[:16], b"", local_ca.certificate_pem(existing.certificate)
        )
        await self.vault.replace(CA_KEY, private, public)
        await self._supersede_keys_of_the_old_ca(old)
        return fresh, True

    async def _supersede_keys_of_the_old_ca(self, old_fingerprint: str) -> None:
        """Keys issued by a replaced CA no longer chain to a trusted root: stop using them."""
        async with db.transaction():
            retired = (
                await SigningKey.update(
                    {
                        SigningKey.revoked_at: now(),
                        SigningKey.revocation_reason: "superseded",
                        SigningKey.sealed_key: b"",
                    }
                )
                .where((SigningKey.source == "local_ca") & SigningKey.revoked_at.is_null())
                .returning(SigningKey.id)
            )
            await audit.record(
                "signing.ca_replaced",
                detail={"superseded_keys": len(retired), "old_ca": old_fingerprint[:16]},
            )
