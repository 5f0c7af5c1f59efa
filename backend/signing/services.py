"""Remote signing behind a passkey, certificates, and verification.

The rule this module exists to keep: a signer's private key is used only inside
``finish_signing``, after ``AccountService.finish_step_up`` has verified a fresh WebAuthn
assertion whose challenge is SHA-256(nonce ‖ "document.sign:" + intent ‖ SHA-256(document)),
where the document hash is recomputed here from the very bytes about to be signed. A session
cookie alone never reaches the key; neither does an assertion made for another file, another
intent, another user, or one already used.

Callers (the documents domain) do:

    challenge = await signing.begin_signing(user, sha256_hex(pdf), intent)   # → browser
    signed = await signing.finish_signing(user, ceremony, credential, pdf, intent, caller)

with ``intent`` derived on the server both times (e.g. "Ký văn bản số 15-KH/TU"), never taken
from the request at finish.
"""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from datetime import datetime

import anyio
import msgspec
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from backend import db
from backend.accounts.identity import Actor, Client
from backend.accounts.services import CEREMONY_TTL_SECONDS, AccountService
from backend.accounts.tables import Credential, User
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.settings import Settings
from backend.signing import ca as local_ca
from backend.signing.keys import (
    KeyUnavailable,
    PrivateKey,
    fingerprint,
    key_matches_certificate,
    open_private_key,
    seal_private_key,
)
from backend.signing.pdf import (
    PdfRejected,
    SigningMaterial,
    check_pdf,
    sha256_hex,
    sign_pdf_bytes,
    verify_pdf_bytes,
)
from backend.signing.tables import SigningKey
from shared.signing import SHA256_HEX, CertificateInfo, SignatureReport, SigningChallenge

log = logging.getLogger(__name__)

SIGN_PURPOSE_PREFIX = "document.sign:"
CRL_REFRESH_SECONDS = 3600


def sign_purpose(intent: str) -> str:
    return SIGN_PURPOSE_PREFIX + intent


@dataclass(frozen=True)
class SignedPdf:
    data: bytes
    sha256: str  # of the signed file
    original_sha256: str  # of the file the signer authorised
    certificate: CertificateInfo
    signed_at: datetime  # declared by this server (no timestamp authority)


class _Pending(msgspec.Struct, frozen=True):
    """What a signing ceremony was opened for, to explain a refusal precisely."""

    user_id: int
    document_sha256: str
    intent: str


def _clean_intent(intent: str) -> str:
    intent = " ".join((intent or "").split())
    if not 5 <= len(intent) <= 200:
        raise Problem(
            400, "Nội dung xác nhận ký phải từ 5 đến 200 ký tự.", code="signing_intent_invalid"
        )
    return intent


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


class SigningService:
    def __init__(self, settings: Settings, accounts: AccountService) -> None:
        self.settings = settings
        self.accounts = accounts
        self._crl_cache: tuple[str, float, x509.CertificateRevocationList] | None = None

    # ---- trust ---------------------------------------------------------------------------

    @property
    def crl_url(self) -> str:
        return f"{self.settings.origin}/api/signing/crl"

    def configured_roots(self) -> list[x509.Certificate]:
        path = self.settings.signing_trust_roots
        if path is None:
            return []
        try:
            roots = local_ca.load_pem_certificates(path.read_bytes())
        except OSError:
            roots = []
        if not roots:
            log.warning("DANGBO_SIGNING_TRUST_ROOTS has no readable PEM certificate: %s", path)
        return roots

    def trust_roots(self) -> list[x509.Certificate]:
        """Our CA (when initialised) and the roots configured for a real CA."""
        roots = self.configured_roots()
        ours = local_ca.load_ca_certificate(self.settings)
        if ours is not None:
            roots.append(ours)
        return roots

    async def revocation_lists(self) -> list[x509.CertificateRevocationList]:
        crl = await self.local_crl()
        return [crl] if crl is not None else []

    async def local_crl(self) -> x509.CertificateRevocationList | None:
        """The local CA's CRL: every certificate it issued and that was revoked (not those
        merely superseded). Regenerated when the list changes, and hourly."""
        ca_cert = local_ca.load_ca_certificate(self.settings)
        if ca_cert is None:
            return None
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
        try:
            authority = local_ca.load_ca(self.settings)
        except local_ca.CAError:
            log.warning("local CA key unavailable: no CRL")
            return None
        if authority is None:
            return None
        crl = authority.crl(revoked)
        self._crl_cache = (digest, time.monotonic(), crl)
        return crl

    # ---- certificates --------------------------------------------------------------------

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

    async def issue_certificate(
        self,
        user_id: int,
        *,
        actor_id: int | None,
        caller: Client = Client(),
        replace: bool = False,
    ) -> CertificateInfo:
        """Issue a certificate from the local CA (``dangbo ca issue``, or on demand when an
        authorised signature needs one). An existing key is kept unless ``replace``."""
        try:
            authority = local_ca.load_ca(self.settings)
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
                    actor_id=actor_id,
                    target=f"user:{user_id}",
                    ip=caller.ip,
                    detail={
                        "serial": format(certificate.serial_number, "x"),
                        "fingerprint": fingerprint(certificate)[:16],
                        "superseded": superseded["serial"] if superseded else None,
                    },
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
        actor_id: int | None,
        caller: Client = Client(),
    ) -> CertificateInfo:
        """Use a certificate from a real CA (``dangbo ca import-user``). The key must match the
        certificate, the certificate must allow signing and chain to a trusted root."""
        if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
            raise Problem(400, "Chỉ hỗ trợ khóa RSA hoặc ECDSA.", code="signing_key_type")
        if not key_matches_certificate(key, certificate):
            raise Problem(
                400, "Khóa bí mật không khớp với chứng thư số.", code="signing_key_mismatch"
            )
        roots = self.trust_roots()
        if not roots:
            raise Problem(
                400,
                "Chưa cấu hình gốc tin cậy (DANGBO_SIGNING_TRUST_ROOTS) để kiểm tra chứng thư.",
                code="signing_no_trust_roots",
            )
        await self._check_chain(certificate, chain, roots)
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
                actor_id=actor_id,
                target=f"user:{user_id}",
                ip=caller.ip,
                detail={
                    "serial": format(certificate.serial_number, "x"),
                    "fingerprint": fingerprint(certificate)[:16],
                    "issuer": certificate.issuer.rfc4514_string()[:120],
                    "superseded": superseded["serial"] if superseded else None,
                },
            )
        return certificate_info(certificate, "imported")

    async def _check_chain(
        self,
        certificate: x509.Certificate,
        chain: list[x509.Certificate],
        roots: list[x509.Certificate],
    ) -> None:
        from asn1crypto import x509 as asn1_x509

        def asn1(c: x509.Certificate) -> asn1_x509.Certificate:
            return asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))

        context = ValidationContext(
            trust_roots=[asn1(r) for r in roots],
            other_certs=[asn1(c) for c in chain],
            allow_fetching=False,
            revocation_mode="soft-fail",
        )
        validator = CertificateValidator(asn1(certificate), validation_context=context)
        try:
            await validator.async_validate_usage(
                {"non_repudiation", "digital_signature"}, extended_optional=True
            )
        except (PathBuildingError, PathValidationError) as exc:
            raise Problem(
                400,
                "Chứng thư số không dựng được chuỗi hợp lệ đến gốc tin cậy, đã hết hạn, "
                f"bị thu hồi hoặc không dùng để ký: {exc}",
                code="signing_chain_invalid",
            ) from exc
        except Exception as exc:  # noqa: BLE001 - e.g. InvalidCertificateError on key usage
            raise Problem(
                400,
                f"Chứng thư số không dùng được để ký văn bản: {exc}",
                code="signing_certificate_unusable",
            ) from exc

    async def revoke_certificate(
        self, user_id: int, *, actor_id: int | None, caller: Client = Client()
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
                actor_id=actor_id,
                target=f"user:{user_id}",
                ip=caller.ip,
                detail={"serial": row["serial"], "fingerprint": row["fingerprint"][:16]},
            )
        cert = x509.load_pem_x509_certificate(row["certificate"].encode())
        return certificate_info(cert, row["source"], revoked_at=now())

    async def _signing_material(
        self, user: Actor, caller: Client
    ) -> tuple[SigningMaterial, CertificateInfo]:
        """The signer's key, issuing (or renewing an expired) local certificate when needed.
        Only called after the step-up assertion has been verified."""
        row = await self._active_row(user.id)
        if row is not None and row["not_after"] <= now():
            if row["source"] != "local_ca":
                raise Problem(
                    409,
                    "Chứng thư số của bạn đã hết hạn. Hãy đề nghị quản trị nhập chứng thư mới.",
                    code="signing_certificate_expired",
                )
            await self.issue_certificate(user.id, actor_id=user.id, caller=caller, replace=True)
            row = await self._active_row(user.id)
        elif row is None:
            await self.issue_certificate(user.id, actor_id=user.id, caller=caller)
            row = await self._active_row(user.id)
        assert row is not None
        certificate = x509.load_pem_x509_certificate(row["certificate"].encode())
        try:
            key = open_private_key(
                self.settings.secret_key,
                bytes(row["sealed_key"]),
                f"{user.id}:{row['fingerprint']}",
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

    # ---- signing -------------------------------------------------------------------------

    async def begin_signing(
        self, user: Actor, document_sha256: str, intent: str
    ) -> SigningChallenge:
        """WebAuthn options whose challenge commits to this document hash and this intent."""
        document_sha256 = (document_sha256 or "").strip().lower()
        if not SHA256_HEX.match(document_sha256):
            raise Problem(
                400, "Mã băm SHA-256 của văn bản không hợp lệ.", code="signing_hash_invalid"
            )
        intent = _clean_intent(intent)
        has_passkey = await Credential.exists().where(
            (Credential.user == user.id) & Credential.revoked_at.is_null()
        )
        if not has_passkey:
            raise Problem(
                409,
                "Bạn chưa có khóa truy cập còn hiệu lực để xác nhận ký. Hãy đăng ký khóa.",
                code="signing_no_passkey",
            )
        certificate = await self.certificate_of(user.id)
        if certificate is None and not local_ca.ca_exists(self.settings):
            raise Problem(
                503,
                "Bạn chưa có chứng thư số và hệ thống chưa có CA để cấp. Hãy đề nghị quản trị "
                "chạy `dangbo ca init` hoặc nhập chứng thư số của bạn.",
                code="signing_ca_missing",
            )
        ceremony, options = await self.accounts.begin_step_up(
            user, sign_purpose(intent), bytes.fromhex(document_sha256)
        )
        await self.accounts.ceremonies.put(
            f"signing:{ceremony}",
            msgspec.json.encode(_Pending(user.id, document_sha256, intent)),
            CEREMONY_TTL_SECONDS,
        )
        return SigningChallenge(
            ceremony=ceremony,
            options=options,
            document_sha256=document_sha256,
            intent=intent,
            certificate=certificate,
        )

    async def _refuse(
        self,
        user: Actor,
        caller: Client,
        code: str,
        document_sha256: str,
        intent: str,
        document_ref: str,
    ) -> None:
        await audit.record(
            "document.sign_refused",
            actor_id=user.id,
            target=document_ref or f"sha256:{document_sha256[:16]}",
            ip=caller.ip,
            detail={"reason": code, "intent": intent, "document_sha256": document_sha256},
        )

    async def finish_signing(
        self,
        user: Actor,
        ceremony: str,
        credential: dict,
        pdf: bytes,
        intent: str,
        caller: Client,
        *,
        location: str | None = None,
        document_ref: str = "",
    ) -> SignedPdf:
        """Verify the step-up assertion for exactly these bytes and this intent, then sign.

        ``pdf`` is the file as the server holds it (never a fresh upload for the same call);
        its SHA-256 is recomputed here, so an assertion for any other bytes fails."""
        intent = _clean_intent(intent)
        actual_sha256 = sha256_hex(pdf)
        try:
            await anyio.to_thread.run_sync(check_pdf, pdf)
        except PdfRejected as exc:
            await self._refuse(user, caller, "pdf_rejected", actual_sha256, intent, document_ref)
            raise Problem(400, str(exc), code="pdf_rejected") from exc
        raw = await self.accounts.ceremonies.take(f"signing:{ceremony}")
        pending = msgspec.json.decode(raw, type=_Pending) if raw else None
        try:
            # Outside any transaction: a refusal's audit record must survive the refusal.
            await self.accounts.finish_step_up(
                user,
                ceremony,
                credential,
                sign_purpose(intent),
                bytes.fromhex(actual_sha256),
                caller,
            )
        except Problem as problem:
            changed = pending is not None and pending.document_sha256 != actual_sha256
            code = "document_changed" if changed else (problem.code or "step_up_failed")
            await self._refuse(user, caller, code, actual_sha256, intent, document_ref)
            if changed:
                raise Problem(
                    409,
                    "Văn bản đã thay đổi sau khi bạn xác nhận; chữ ký chưa được tạo. "
                    "Hãy mở lại văn bản và xác nhận ký lần nữa.",
                    code="document_changed",
                ) from problem
            raise

        try:
            material, info = await self._signing_material(user, caller)
        except Problem as problem:
            await self._refuse(user, caller, problem.code, actual_sha256, intent, document_ref)
            raise
        trust_roots = self.trust_roots()
        crls = await self.revocation_lists()
        signed_at = now()
        try:
            signed = await anyio.to_thread.run_sync(
                lambda: sign_pdf_bytes(
                    pdf,
                    material,
                    reason=intent,
                    location=location,
                    trust_roots=trust_roots,
                    crls=crls,
                )
            )
        except PdfRejected as exc:
            await self._refuse(user, caller, "signing_failed", actual_sha256, intent, document_ref)
            raise Problem(422, str(exc), code="signing_failed") from exc
        signed_sha256 = sha256_hex(signed)
        async with db.transaction():
            await audit.record(
                "document.signed",
                actor_id=user.id,
                target=document_ref or f"sha256:{actual_sha256[:16]}",
                ip=caller.ip,
                detail={
                    "intent": intent,
                    "document_sha256": actual_sha256,
                    "signed_sha256": signed_sha256,
                    "certificate_serial": info.serial,
                    "certificate_source": info.source,
                },
            )
        return SignedPdf(
            data=signed,
            sha256=signed_sha256,
            original_sha256=actual_sha256,
            certificate=info,
            signed_at=signed_at,
        )

    # ---- verification --------------------------------------------------------------------

    async def verify(self, pdf: bytes) -> SignatureReport:
        """Report on every signature in ``pdf`` (ours or signed elsewhere)."""
        trust_roots = self.trust_roots()
        crls = await self.revocation_lists()
        try:
            return await anyio.to_thread.run_sync(
                lambda: verify_pdf_bytes(pdf, trust_roots=trust_roots, crls=crls)
            )
        except PdfRejected as exc:
            raise Problem(400, str(exc), code="pdf_rejected") from exc
