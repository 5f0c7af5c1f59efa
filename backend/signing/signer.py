"""Remote signing behind a passkey: the signer's key signs only what he just confirmed.

The rule this module exists to keep: a signer's private key (and an organisation's, applied by
its văn thư) is used only inside ``finish_signing`` (``finish_sealing``), after
:class:`backend.accounts.step_up.StepUpCeremony` has verified a fresh WebAuthn assertion whose
challenge is SHA-256(nonce ‖ "document.sign:" + intent ‖ SHA-256(document)), where the
document hash is recomputed here from the very bytes about to be signed. A session cookie
alone never reaches the key; neither does an assertion made for another file, another intent,
another user, or one already used.

Callers (the documents domain) do:

    challenge = await signing.begin_signing(actor, sha256_hex(pdf), intent)   # → browser
    signed = await signing.finish_signing(actor, ceremony, credential, pdf, intent)
    # or, the văn thư applying the organisation's signature:
    sealed = await signing.finish_sealing(actor, ceremony, credential, pdf, intent,
                                          organisation_id=…, form=Completion(…))

with ``intent`` derived on the server both times (e.g. "Phát hành văn bản số 15-KH/TU"), never
taken from the request at finish.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import anyio
import msgspec

from backend import db
from backend.accounts.identity import Actor
from backend.accounts.step_up import StepUpCeremony
from backend.accounts.tables import Credential
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.settings import Settings
from backend.signing.certificates import CertificateService
from backend.signing.pdf import (
    PdfRejected,
    SignatureForm,
    SigningMaterial,
    check_pdf,
    sha256_hex,
    sign_pdf_bytes,
)
from backend.signing.seals import OrganisationSeals
from shared.signing import SHA256_HEX, CertificateInfo, SigningChallenge

SIGN_PURPOSE_PREFIX = "document.sign:"


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


async def _refuse(
    actor: Actor, code: str, document_sha256: str, intent: str, document_ref: str
) -> None:
    await audit.record(
        "document.sign_refused",
        actor_id=actor.id,
        target=document_ref or f"sha256:{document_sha256[:16]}",
        ip=actor.ip,
        detail={"reason": code, "intent": intent, "document_sha256": document_sha256},
    )


class SigningService:
    def __init__(
        self,
        settings: Settings,
        step_up: StepUpCeremony,
        certificates: CertificateService,
        seals: OrganisationSeals,
    ) -> None:
        self.settings = settings
        self.step_up = step_up
        self.certificates = certificates
        self.seals = seals

    async def begin_signing(
        self, actor: Actor, document_sha256: str, intent: str
    ) -> SigningChallenge:
        """WebAuthn options whose challenge commits to this document hash and this intent; the
        signature will be made with ``actor``'s own key."""
        certificate = await self.certificates.certificate_of(actor.id)
        if certificate is None and not await self.certificates.authority.exists():
            raise Problem(
                503,
                "Bạn chưa có chứng thư số và hệ thống chưa có CA để cấp. Hãy đề nghị quản trị "
                "chạy `dangbo ca init` hoặc nhập chứng thư số của bạn.",
                code="signing_ca_missing",
            )
        return await self._begin(actor, document_sha256, intent, certificate)

    async def begin_sealing(
        self, actor: Actor, document_sha256: str, intent: str, *, organisation_id: int
    ) -> SigningChallenge:
        """The same for the văn thư; the signature will be the organisation's (its certificate
        in the answer, or None before its first release)."""
        certificate = await self.seals.certificate(organisation_id)
        if certificate is None and not await self.certificates.authority.exists():
            raise Problem(
                503,
                "Hệ thống chưa có CA để cấp chứng thư số của cơ quan. Hãy đề nghị quản trị chạy "
                "`dangbo ca init`.",
                code="signing_ca_missing",
            )
        return await self._begin(actor, document_sha256, intent, certificate)

    async def _begin(
        self,
        actor: Actor,
        document_sha256: str,
        intent: str,
        certificate: CertificateInfo | None,
    ) -> SigningChallenge:
        document_sha256 = (document_sha256 or "").strip().lower()
        if not SHA256_HEX.match(document_sha256):
            raise Problem(
                400, "Mã băm SHA-256 của văn bản không hợp lệ.", code="signing_hash_invalid"
            )
        intent = _clean_intent(intent)
        has_passkey = await Credential.exists().where(
            (Credential.user == actor.id) & Credential.revoked_at.is_null()
        )
        if not has_passkey:
            raise Problem(
                409,
                "Bạn chưa có khóa truy cập còn hiệu lực để xác nhận ký. Hãy đăng ký khóa.",
                code="signing_no_passkey",
            )
        ceremony, options = await self.step_up.begin(
            actor,
            sign_purpose(intent),
            bytes.fromhex(document_sha256),
            note=msgspec.json.encode(_Pending(actor.id, document_sha256, intent)),
        )
        return SigningChallenge(
            ceremony=ceremony,
            options=options,
            document_sha256=document_sha256,
            intent=intent,
            certificate=certificate,
        )

    async def finish_signing(
        self,
        actor: Actor,
        ceremony: str,
        credential: dict,
        pdf: bytes,
        intent: str,
        *,
        location: str | None = None,
        document_ref: str = "",
        form: SignatureForm | None = None,
    ) -> SignedPdf:
        """Verify the step-up assertion for exactly these bytes and this intent, then sign with
        the signer's own key.

        ``pdf`` is the file as the server holds it (never a fresh upload for the same call);
        its SHA-256 is recomputed here, so an assertion for any other bytes fails. ``form``:
        what the signature's revision does to the document's form (an approval that leaves the
        số and ngày ban hành open)."""
        intent = _clean_intent(intent)
        sha256 = await self._confirmed(actor, ceremony, credential, pdf, intent, document_ref)
        try:
            material, info = await self.certificates.signing_material(actor)
        except Problem as problem:
            await _refuse(actor, problem.code, sha256, intent, document_ref)
            raise
        return await self._sign(
            actor,
            pdf,
            intent,
            material,
            info,
            location=location,
            document_ref=document_ref,
            form=form,
            audit_action="document.signed",
        )

    async def finish_sealing(
        self,
        actor: Actor,
        ceremony: str,
        credential: dict,
        pdf: bytes,
        intent: str,
        *,
        organisation_id: int,
        form: SignatureForm | None = None,
        location: str | None = None,
        document_ref: str = "",
    ) -> SignedPdf:
        """Verify the văn thư's step-up assertion for exactly these bytes and this intent
        ("Phát hành văn bản số …"), then sign with the organisation's own key
        (:class:`backend.signing.seals.OrganisationSeals`); ``form`` fills the fields the
        approval left open in the same revision."""
        intent = _clean_intent(intent)
        sha256 = await self._confirmed(actor, ceremony, credential, pdf, intent, document_ref)
        try:
            material, info = await self.seals.material(organisation_id, actor)
        except Problem as problem:
            await _refuse(actor, problem.code, sha256, intent, document_ref)
            raise
        return await self._sign(
            actor,
            pdf,
            intent,
            material,
            info,
            location=location,
            document_ref=document_ref,
            form=form,
            audit_action="document.sealed",
            audit_detail={"organisation_id": organisation_id},
        )

    async def _confirmed(
        self,
        actor: Actor,
        ceremony: str,
        credential: dict,
        pdf: bytes,
        intent: str,
        document_ref: str,
    ) -> str:
        """The SHA-256 of ``pdf`` once ``actor``'s fresh assertion for it and for ``intent``
        has been verified; every refusal is audited (outside any transaction, so that the
        record survives the refusal)."""
        actual_sha256 = sha256_hex(pdf)
        try:
            await anyio.to_thread.run_sync(check_pdf, pdf)
        except PdfRejected as exc:
            await _refuse(actor, "pdf_rejected", actual_sha256, intent, document_ref)
            raise Problem(400, str(exc), code="pdf_rejected") from exc
        raw = await self.step_up.take_note(ceremony)
        pending = msgspec.json.decode(raw, type=_Pending) if raw else None
        try:
            await self.step_up.finish(
                actor, ceremony, credential, sign_purpose(intent), bytes.fromhex(actual_sha256)
            )
        except Problem as problem:
            changed = pending is not None and pending.document_sha256 != actual_sha256
            restated = pending is not None and not changed and pending.intent != intent
            code = (
                "document_changed"
                if changed
                else "intent_changed"
                if restated
                else (problem.code or "step_up_failed")
            )
            await _refuse(actor, code, actual_sha256, intent, document_ref)
            if changed:
                raise Problem(
                    409,
                    "Văn bản đã thay đổi sau khi bạn xác nhận; chữ ký chưa được tạo. "
                    "Hãy mở lại văn bản và xác nhận ký lần nữa.",
                    code="document_changed",
                ) from problem
            if restated:
                assert pending is not None
                raise Problem(
                    403,
                    f"Bạn đã xác nhận “{pending.intent}”, không phải “{intent}”; chưa ký. "
                    "Hãy xác nhận lại.",
                    code="intent_changed",
                ) from problem
            raise
        return actual_sha256

    async def _sign(
        self,
        actor: Actor,
        pdf: bytes,
        intent: str,
        material: SigningMaterial,
        info: CertificateInfo,
        *,
        location: str | None,
        document_ref: str,
        form: SignatureForm | None,
        audit_action: str,
        audit_detail: dict | None = None,
    ) -> SignedPdf:
        actual_sha256 = sha256_hex(pdf)
        roots = await self.certificates.trust_roots()
        crls = await self.certificates.revocation_lists()
        signed_at = now()
        try:
            signed = await anyio.to_thread.run_sync(
                lambda: sign_pdf_bytes(
                    pdf,
                    material,
                    reason=intent,
                    location=location,
                    trust_roots=roots,
                    crls=crls,
                    form=form,
                )
            )
        except PdfRejected as exc:
            await _refuse(actor, "signing_failed", actual_sha256, intent, document_ref)
            raise Problem(422, str(exc), code="signing_failed") from exc
        signed_sha256 = sha256_hex(signed)
        async with db.transaction():
            await audit.record(
                audit_action,
                actor_id=actor.id,
                target=document_ref or f"sha256:{actual_sha256[:16]}",
                ip=actor.ip,
                detail={
                    "intent": intent,
                    "document_sha256": actual_sha256,
                    "signed_sha256": signed_sha256,
                    "certificate_serial": info.serial,
                    "certificate_source": info.source,
                    **(audit_detail or {}),
                },
            )
        return SignedPdf(
            data=signed,
            sha256=signed_sha256,
            original_sha256=actual_sha256,
            certificate=info,
            signed_at=signed_at,
        )
