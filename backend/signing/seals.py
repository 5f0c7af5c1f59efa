"""An organisation's own signature (chữ ký số của cơ quan, the seal its văn thư applies when a
document is released, after the lãnh đạo's signature: Nghị định 30/2020).

Each organisation has one key and certificate from the local CA, kept like the CA's own key:
in the shared database (``server_key`` under ``signing.seal:<organisation id>``), the private
key sealed with the secret key, so every machine applies the same seal. It is issued the first
time the organisation releases a document (two machines at the same moment still end with
one), and issued again when it has expired or when the CA that issued it was replaced.

The key is opened only by :meth:`backend.signing.signer.SigningService.finish_sealing`, after
the văn thư's passkey has confirmed the document.
"""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec

from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.orgs.tables import Organisation
from backend.settings import Settings
from backend.signing import ca as local_ca
from backend.signing.authority import CertificateAuthority
from backend.signing.certificates import certificate_info
from backend.signing.keys import fingerprint
from backend.signing.pdf import SigningMaterial
from backend.vault.vault import KeyUnavailable, KeyVault, StoredKey
from shared.signing import CertificateInfo

SEAL_PREFIX = "signing.seal:"


def _usable(stored: StoredKey | None, authority: local_ca.LocalCA) -> local_ca.LocalCA | None:
    """The stored seal (as a certificate and key) if the current CA issued it and it is in
    its validity; else None."""
    if stored is None:
        return None
    seal = local_ca.from_storage(stored.private, stored.public)
    try:
        seal.certificate.verify_directly_issued_by(authority.certificate)
    except (ValueError, TypeError, InvalidSignature):
        return None
    return seal if seal.certificate.not_valid_after_utc > now() else None


class OrganisationSeals:
    def __init__(self, settings: Settings, authority: CertificateAuthority, vault: KeyVault):
        self.settings = settings
        self.authority = authority
        self.vault = vault

    async def _authority(self) -> local_ca.LocalCA:
        try:
            authority = await self.authority.load()
        except local_ca.CAError as exc:
            raise Problem(503, str(exc), code="signing_ca_unavailable") from exc
        if authority is None:
            raise Problem(
                503,
                "Chưa có CA nội bộ để cấp chứng thư số của cơ quan. Quản trị cần chạy "
                "`dangbo ca init`.",
                code="signing_ca_missing",
            )
        return authority

    async def certificate(self, organisation_id: int) -> CertificateInfo | None:
        """The organisation's current certificate, if it has a usable one (nothing is
        issued here)."""
        try:
            authority = await self.authority.load()
            stored = await self.vault.get(f"{SEAL_PREFIX}{organisation_id}")
        except (local_ca.CAError, KeyUnavailable):
            return None
        seal = _usable(stored, authority) if authority is not None else None
        return certificate_info(seal.certificate, "local_ca") if seal else None

    async def material(
        self, organisation_id: int, actor: Actor
    ) -> tuple[SigningMaterial, CertificateInfo]:
        """The organisation's key and certificate, issued now when there is no usable one.
        Only called after the văn thư's step-up assertion has been verified."""
        authority = await self._authority()
        name = f"{SEAL_PREFIX}{organisation_id}"
        try:
            stored = await self.vault.get(name)
        except KeyUnavailable:
            stored = None  # altered: a new seal replaces it
            replace = True
        else:
            replace = stored is not None
        seal = _usable(stored, authority)
        if seal is None:
            seal = await self._issue(organisation_id, name, authority, actor, replace=replace)
        return (
            SigningMaterial(seal.certificate, seal.key, (authority.certificate,)),
            certificate_info(seal.certificate, "local_ca"),
        )

    async def _issue(
        self,
        organisation_id: int,
        name: str,
        authority: local_ca.LocalCA,
        actor: Actor,
        *,
        replace: bool,
    ) -> local_ca.LocalCA:
        organisation = (
            await Organisation.select(Organisation.name, Organisation.code)
            .where(Organisation.id == organisation_id)
            .first()
        )
        if organisation is None:
            raise Problem(404, "Không có đơn vị này.", code="unknown_organisation")
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = authority.issue_seal(
            key.public_key(),
            organisation_name=organisation["name"],
            organisation_code=organisation["code"],
            crl_url=f"{self.settings.origin}/api/signing/crl",
        )
        fresh = local_ca.LocalCA(certificate, key)
        private, public = local_ca.private_der(fresh), local_ca.certificate_pem(certificate)
        if replace:
            stored = await self.vault.replace(name, private, public)
        else:
            # Another machine may have issued one at the same moment: the stored one wins.
            stored = await self.vault.create(name, private, public)
        kept = local_ca.from_storage(stored.private, stored.public)
        if fingerprint(kept.certificate) == fingerprint(certificate):
            await audit.record(
                "signing.seal_issued",
                actor_id=actor.id,
                target=f"organisation:{organisation_id}",
                ip=actor.ip,
                detail={
                    "serial": format(certificate.serial_number, "x"),
                    "fingerprint": fingerprint(certificate)[:16],
                    "replaced": replace,
                },
            )
        return kept
