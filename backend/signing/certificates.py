"""Signers' certificates: issuing from the local CA, importing from a real CA, revoking, the
local CA's revocation list, and opening a signer's key.

Each user has at most one active key (``signing_key`` with ``revoked_at`` null). Its private
key is sealed with the server's secret key and erased when the key is retired, either
``revoked`` (it enters the CRL) or ``superseded`` (replaced; not a revocation).
"""

from __future__ import annotations

import hashlib
import logging
import time
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.tables import User
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.settings import Settings
from backend.signing import ca as local_ca
from backend.signing.authority import CertificateAuthority
from backend.signing.keys import (
    KeyUnavailable,
    PrivateKey,
    fingerprint,
    key_matches_certificate,
    open_private_key,
    seal_private_key,
)
from backend.signing.pdf import SigningMaterial
from backend.signing.tables import SigningKey
from backend.signing.trust import check_chain, configured_roots
from shared.signing import CertificateInfo

log = logging.getLogger(__name__)

CRL_REFRESH_SECONDS = 3600


def certificate_info(
    certificate: x509.Certificate,
    source: str,
    revoked_at: datetime | None = None,
) -> CertificateInfo:
    def part(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
        values = name.get_attributes_for_oid(oid)
        return str(values[0].value) if values else ""

    return CertificateInfo(
        subject_name=part(certificate.subject, NameOID.COMMON_NAME),
        organisation=part(certificate.subject, NameOID.ORGANIZATION_NAME),
        issuer=part(certificate.issuer, NameOID.COMMON_NAME)
        or part(certificate.issuer, NameOID.ORGANIZATION_NAME),
        serial=format(certificate.serial_number, "x"),
        fingerprint_sha256=fingerprint(certificate),
        not_before=certificate.not_valid_before_utc,
        not_after=certificate.not_valid_after_utc,
        source=source,  # type: ignore[arg-type]
        revoked_at=revoked_at,
    )


def _is_unique_violation(exc: Exception) -> bool:
    text = f"{type(exc).__name__} {exc}".lower()
    return "unique" in text or "integrity" in text


def _by(actor: Actor | None) -> dict[str, Any]:
    """The audit fields of whoever acted (None: an operator at the command line)."""
    return {"actor_id": actor.id if actor else None, "ip": actor.ip if actor else ""}


class CertificateService:
    def __init__(self, settings: Settings, authority: CertificateAuthority) -> None:
        self.settings = settings
        self.authority = authority
        self._crl_cache: tuple[str, float, x509.CertificateRevocationList] | None = None

    # ---- the local CA's revocation list ---------------------------------------------------

    @property
    def crl_url(self) -> str:
        return f"{self.settings.origin}/api/signing/crl"

    async def local_crl(self) -> x509.CertificateRevocationList | None:
        """The local CA's CRL: every certificate it issued and that was revoked (not those
        merely superseded). Regenerated when the list changes, and hourly."""
        try:
            authority = await self.authority.load()
        except local_ca.CAError:
            log.warning("local CA key unavailable: no CRL")
            return None
        if authority is None:
            return None
        ca_cert = authority.certificate
        issuer_der = ca_cert.subject.public_bytes()
        rows = await SigningKey.select(
            SigningKey.serial, SigningKey.revoked_at, SigningKey.certificate
        ).where((SigningKey.source == "local_ca") & (SigningKey.revocation_reason == "revoked"))
        revoked = []
        for row in rows:
            cert = x509.load_pem_x509_certificate(row["certificate"].encode())
            if cert.issuer.public_bytes() == issuer_der:
                revoked.append((int(row["serial"], 16), row["revoked_at"]))
        revoked.sort()
        digest = hashlib.sha256(fingerprint(ca_cert).encode() + repr(revoked).encode()).hexdigest()
        cached = self._crl_cache
        if cached and cached[0] == digest and time.monotonic() - cached[1] < CRL_REFRESH_SECONDS:
            return cached[2]
        crl = authority.crl(revoked)
        self._crl_cache = (digest, time.monotonic(), crl)
        return crl

    async def trust_roots(self) -> list[x509.Certificate]:
        """Our CA (when initialised) and the roots configured for a real CA."""
        roots = configured_roots(self.settings)
        ours = await self.authority.certificate()
        if ours is not None:
            roots.append(ours)
        return roots

    async def revocation_lists(self) -> list[x509.CertificateRevocationList]:
        crl = await self.local_crl()
        return [crl] if crl is not None else []

    # ---- lookups ---------------------------------------------------------------------------

    async def _active_row(self, user_id: int) -> dict | None:
        return (
            await SigningKey.select()
            .where((SigningKey.user == user_id) & SigningKey.revoked_at.is_null())
            .first()
        )

    async def certificate_of(self, user_id: int) -> CertificateInfo | None:
        row = await self._active_row(user_id)
        if row is None:
            return None
        cert = x509.load_pem_x509_certificate(row["certificate"].encode())
        return certificate_info(cert, row["source"])

    async def _user_identity(self, user_id: int) -> dict:
        row = (
            await User.select(
                User.id,
                User.username,
                User.full_name,
                User.organisation.name.as_alias("org_name"),
            )
            .where(User.id == user_id)
            .first()
        )
        if row is None:
            raise Problem(404, "Không có người dùng này.", code="unknown_user")
        return row

    # ---- keeping and retiring keys --------------------------------------------------------

    async def _retire(self, user_id: int, reason: str) -> dict | None:
        """Stop the active key (erasing the sealed key). Inside the caller's transaction."""
        retired = (
            await SigningKey.update(
                {
                    SigningKey.revoked_at: now(),
                    SigningKey.revocation_reason: reason,
                    SigningKey.sealed_key: b"",
                }
            )
            .where((SigningKey.user == user_id) & SigningKey.revoked_at.is_null())
            .returning(SigningKey.id, SigningKey.serial, SigningKey.fingerprint)
        )
        return retired[0] if retired else None

    async def _store_key(
        self,
        user_id: int,
        certificate: x509.Certificate,
        key: PrivateKey,
        chain: list[x509.Certificate],
        source: str,
    ) -> None:
        fp = fingerprint(certificate)
        await SigningKey.insert(
            SigningKey(
                user=user_id,
                certificate=certificate.public_bytes(serialization.Encoding.PEM).decode(),
                chain="".join(c.public_bytes(serialization.Encoding.PEM).decode() for c in chain),
                sealed_key=seal_private_key(self.settings.secret_key, key, f"{user_id}:{fp}"),
                source=source,
                serial=format(certificate.serial_number, "x"),
                fingerprint=fp,
                not_before=certificate.not_valid_before_utc,
                not_after=certificate.not_valid_after_utc,
                created_at=now(),
            )
        )

    # ---- issue, import, revoke -----------------------------------------------------------

    async def issue_certificate(
        self, user_id: int, *, actor: Actor | None = None, replace: bool = False
    ) -> CertificateInfo:
        """Issue a certificate from the local CA (``dangbo ca issue``, or on demand when an
        authorised signature needs one). An existing key is kept unless ``replace``."""
        try:
            authority = await self.authority.load()
        except local_ca.CAError as exc:
            raise Problem(503, str(exc), code="signing_ca_unavailable") from exc
        if authority is None:
            raise Problem(
                503,
                "Chưa có CA nội bộ để cấp chứng thư số. Quản trị cần chạy `dangbo ca init` "
                "hoặc nhập chứng thư của tổ chức chứng thực (`dangbo ca import-user`).",
                code="signing_ca_missing",
            )
        identity = await self._user_identity(user_id)
        key = ec.generate_private_key(ec.SECP256R1())
        certificate = authority.issue(
            key.public_key(),
            full_name=identity["full_name"],
            organisation_name=identity["org_name"] or authority.name,
            username=identity["username"],
            crl_url=self.crl_url,
        )
        try:
            async with db.transaction():
                existing = await self._active_row(user_id)
                if existing is not None and not replace:
                    cert = x509.load_pem_x509_certificate(existing["certificate"].encode())
                    return certificate_info(cert, existing["source"])
                superseded = await self._retire(user_id, "superseded") if existing else None
                await self._store_key(
                    user_id, certificate, key, [authority.certificate], "local_ca"
                )
                await audit.record(
                    "signing.certificate_issued",
                    target=f"user:{user_id}",
                    detail={
                        "serial": format(certificate.serial_number, "x"),
                        "fingerprint": fingerprint(certificate)[:16],
                        "superseded": superseded["serial"] if superseded else None,
                    },
                    **_by(actor),
                )
        except Exception as exc:
            if not _is_unique_violation(exc):
                raise
            # Another request issued one at the same moment: use that one.
            info = await self.certificate_of(user_id)
            if info is None:
                raise
            return info
        return certificate_info(certificate, "local_ca")

    async def import_certificate(
        self,
        user_id: int,
        certificate: x509.Certificate,
        key: PrivateKey,
        chain: list[x509.Certificate],
        *,
        actor: Actor | None = None,
    ) -> CertificateInfo:
        """Use a certificate from a real CA (``dangbo ca import-user``). The key must match the
        certificate, the certificate must allow signing and chain to a trusted root."""
        if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
            raise Problem(400, "Chỉ hỗ trợ khóa RSA hoặc ECDSA.", code="signing_key_type")
        if not key_matches_certificate(key, certificate):
            raise Problem(
                400, "Khóa bí mật không khớp với chứng thư số.", code="signing_key_mismatch"
            )
        roots = await self.trust_roots()
        if not roots:
            raise Problem(
                400,
                "Chưa cấu hình gốc tin cậy (DANGBO_SIGNING_TRUST_ROOTS) để kiểm tra chứng thư.",
                code="signing_no_trust_roots",
            )
        await check_chain(certificate, chain, roots)
        await self._user_identity(user_id)
        known = (
            await SigningKey.select(SigningKey.user, SigningKey.revoked_at)
            .where(SigningKey.fingerprint == fingerprint(certificate))
            .first()
        )
        if known is not None:
            if known["user"] == user_id and known["revoked_at"] is None:
                return certificate_info(certificate, "imported")  # already in use: no change
            raise Problem(
                409,
                "Chứng thư số này đã được gán cho người dùng khác."
                if known["user"] != user_id
                else "Chứng thư số này đã bị thu hồi hoặc thay thế, không dùng lại được.",
                code="signing_certificate_known",
            )
        async with db.transaction():
            superseded = await self._retire(user_id, "superseded")
            await self._store_key(user_id, certificate, key, chain, "imported")
            await audit.record(
                "signing.certificate_imported",
                target=f"user:{user_id}",
                detail={
                    "serial": format(certificate.serial_number, "x"),
                    "fingerprint": fingerprint(certificate)[:16],
                    "issuer": certificate.issuer.rfc4514_string()[:120],
                    "superseded": superseded["serial"] if superseded else None,
                },
                **_by(actor),
            )
        return certificate_info(certificate, "imported")

    async def revoke_certificate(
        self, user_id: int, *, actor: Actor | None = None
    ) -> CertificateInfo | None:
        """Revoke the active certificate (lost trust, departure): the key is erased and, for
        the local CA, the certificate enters the CRL."""
        async with db.transaction():
            row = await self._active_row(user_id)
            if row is None:
                return None
            await self._retire(user_id, "revoked")
            await audit.record(
                "signing.certificate_revoked",
                target=f"user:{user_id}",
                detail={"serial": row["serial"], "fingerprint": row["fingerprint"][:16]},
                **_by(actor),
            )
        cert = x509.load_pem_x509_certificate(row["certificate"].encode())
        return certificate_info(cert, row["source"], revoked_at=now())

    # ---- the signer's key ------------------------------------------------------------------

    async def signing_material(self, actor: Actor) -> tuple[SigningMaterial, CertificateInfo]:
        """The signer's key, issuing (or renewing an expired) local certificate when needed.
        Only called after the step-up assertion has been verified."""
        row = await self._active_row(actor.id)
        if row is not None and row["not_after"] <= now():
            if row["source"] != "local_ca":
                raise Problem(
                    409,
                    "Chứng thư số của bạn đã hết hạn. Hãy đề nghị quản trị nhập chứng thư mới.",
                    code="signing_certificate_expired",
                )
            await self.issue_certificate(actor.id, actor=actor, replace=True)
            row = await self._active_row(actor.id)
        elif row is None:
            await self.issue_certificate(actor.id, actor=actor)
            row = await self._active_row(actor.id)
        assert row is not None
        certificate = x509.load_pem_x509_certificate(row["certificate"].encode())
        try:
            key = open_private_key(
                self.settings.secret_key,
                bytes(row["sealed_key"]),
                f"{actor.id}:{row['fingerprint']}",
            )
        except KeyUnavailable as exc:
            raise Problem(
                503,
                "Không mở được khóa ký của bạn (khóa bí mật của hệ thống đã thay đổi?). "
                "Hãy đề nghị quản trị cấp lại chứng thư số.",
                code="signing_key_unavailable",
            ) from exc
        chain = tuple(local_ca.load_pem_certificates(row["chain"].encode()))
        return SigningMaterial(certificate, key, chain), certificate_info(
            certificate, row["source"]
        )
