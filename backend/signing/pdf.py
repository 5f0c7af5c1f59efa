"""PAdES signing and signature verification with pyHanko: pure functions on bytes, no database.

These are CPU-bound; the service runs them in a worker thread (each call owns its event loop).
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from dataclasses import dataclass

from asn1crypto import crl as asn1_crl
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm
from pyhanko.sign.general import SigningError
from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from backend.signing.form_fields import (
    TextField,
    add_text_fields,
    fill_text_fields,
    restate_appearances,
)
from backend.signing.keys import PrivateKey
from shared.signing import SignatureCheck, SignatureReport

PDF_MAGIC = b"%PDF-"
# Either usage marks a certificate meant for signatures; a document signature needs one of them.
SIGNER_KEY_USAGE = {"non_repudiation", "digital_signature"}
ACCEPTED_LATER_CHANGES = {ModificationLevel.NONE, ModificationLevel.LTA_UPDATES,
                          ModificationLevel.FORM_FILLING}  # fmt: skip


class PdfRejected(Exception):
    """The bytes are not a PDF we can work on; ``str(exc)`` is the Vietnamese reason."""


def _damaged(data: bytes, what: str) -> PdfRejected:
    if b"/ByteRange" in data:
        # A signed file that no longer parses has most likely been altered after signing.
        return PdfRejected(
            f"Tệp PDF bị hỏng, không đọc được {what}. Tệp có chữ ký số nhưng cấu trúc đã bị "
            "sửa đổi, nên chữ ký không còn giá trị."
        )
    return PdfRejected(f"Tệp PDF bị hỏng, không đọc được {what}.")


@dataclass(frozen=True)
class SigningMaterial:
    certificate: x509.Certificate
    key: PrivateKey
    chain: tuple[x509.Certificate, ...] = ()  # intermediates and root, for the CMS and DSS


@dataclass(frozen=True)
class Approval:
    """A first signature that a later signer completes (the lãnh đạo's, before the văn thư
    writes the số and ngày ban hành in). Its revision adds ``add`` (the fields to fill, when
    the document has none) and the empty signature field ``completed_by`` for the later
    signer, and its lock keeps every other field as it is (FieldMDP ``/Exclude``
    ``open_fields`` and ``completed_by``) and allows nothing afterwards but filling forms and
    signing (``/P 2``)."""

    open_fields: tuple[str, ...]
    completed_by: str
    add: tuple[TextField, ...] = ()


@dataclass(frozen=True)
class Completion:
    """The later signature: its revision fills ``fill`` (the fields the approval left open)
    and signs ``signature_field``, whose lock allows no change afterwards. A document signed
    without an approval (no such fields) is signed in a new field, nothing filled."""

    fill: tuple[TextField, ...]
    signature_field: str


SignatureForm = Approval | Completion


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _asn1_cert(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def _validation_context(
    trust_roots: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList],
    other_certs: list[x509.Certificate] = (),  # type: ignore[assignment]
) -> ValidationContext:
    # No network here: revocation comes from the CRLs we hold (our CA's); "soft-fail" lets a
    # foreign certificate without reachable revocation data still be judged on its chain.
    return ValidationContext(
        trust_roots=[_asn1_cert(c) for c in trust_roots],
        other_certs=[_asn1_cert(c) for c in other_certs],
        crls=[
            asn1_crl.CertificateList.load(c.public_bytes(serialization.Encoding.DER)) for c in crls
        ],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )


def check_pdf(data: bytes) -> None:
    """Refuse what is not a readable, unencrypted PDF, before anything else happens."""
    # The header may follow a little junk (the PDF specification allows it in the first KB).
    if PDF_MAGIC not in data[:1024]:
        raise PdfRejected("Tệp tải lên không phải là tệp PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        reader.root  # noqa: B018 - forces the document catalog to be parsed
    except Exception as exc:  # noqa: BLE001 - a parser meets any kind of broken input
        raise _damaged(data, "cấu trúc tài liệu") from exc
    if reader.encrypted:
        raise PdfRejected("Tệp PDF được mã hóa bằng mật khẩu; hãy gỡ mật khẩu rồi thử lại.")


def _signature_fields(reader: PdfFileReader, *, filled: bool | None = None) -> set[str]:
    return {name for name, _, _ in fields.enumerate_sig_fields(reader, filled_status=filled)}


def _next_field_name(reader: PdfFileReader) -> str:
    existing = _signature_fields(reader)
    n = 1
    while f"ChuKy{n}" in existing:
        n += 1
    return f"ChuKy{n}"


def _prepare_form(
    writer: IncrementalPdfFileWriter, form: SignatureForm | None
) -> tuple[str, MDPPerm]:
    """Apply ``form``'s changes to the revision being signed: the signature field to sign and
    the permission the signature declares."""
    field_name = _next_field_name(writer.prev)
    if isinstance(form, Approval):
        restate_appearances(writer, form.open_fields)
        add_text_fields(writer, form.add)
        if form.completed_by not in _signature_fields(writer.prev):
            fields.append_signature_field(
                writer,
                fields.SigFieldSpec(
                    form.completed_by,
                    field_mdp_spec=fields.FieldMDPSpec(fields.FieldMDPAction.ALL),
                    doc_mdp_update_value=MDPPerm.NO_CHANGES,
                ),
            )
        fields.append_signature_field(
            writer,
            fields.SigFieldSpec(
                field_name,
                field_mdp_spec=fields.FieldMDPSpec(
                    fields.FieldMDPAction.EXCLUDE, [*form.open_fields, form.completed_by]
                ),
                doc_mdp_update_value=MDPPerm.FILL_FORMS,
            ),
        )
    elif isinstance(form, Completion):
        fill_text_fields(writer, form.fill)
        if form.signature_field in _signature_fields(writer.prev, filled=False):
            return form.signature_field, MDPPerm.NO_CHANGES
    return field_name, MDPPerm.FILL_FORMS


def sign_pdf_bytes(
    data: bytes,
    material: SigningMaterial,
    *,
    reason: str,
    location: str | None,
    trust_roots: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList],
    form: SignatureForm | None = None,
) -> bytes:
    """An invisible PAdES B-B signature (B-LT when the chain's revocation data is at hand:
    the validation data goes into the DSS of the same revision, so the signature still
    covers the whole file). No timestamp authority is configured: the signing time in the
    file is the time declared by this server. ``form``: what the signature's revision does to
    the document's form besides (an approval that leaves fields open, or their filling)."""
    check_pdf(data)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        field_name, permission = _prepare_form(writer, form)
    except Exception as exc:  # noqa: BLE001 - a parser meets any kind of broken input
        raise PdfRejected("Không ký được tệp PDF này: cấu trúc tài liệu không hợp lệ.") from exc
    signer = signers.SimpleSigner(
        signing_cert=_asn1_cert(material.certificate),
        signing_key=asn1_keys.PrivateKeyInfo.load(
            material.key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        cert_registry=SimpleCertificateStore.from_certs([_asn1_cert(c) for c in material.chain]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
        name=_common_name(material.certificate),
        # With known roots the chain is checked before signing and its certificates and CRLs go
        # into the DSS; without (a signer elsewhere) the signature is plain PAdES B-B.
        embed_validation_info=bool(trust_roots),
        validation_context=(
            _validation_context(trust_roots, crls, list(material.chain)) if trust_roots else None
        ),
        signer_key_usage=SIGNER_KEY_USAGE,
        docmdp_permissions=permission,
        dss_settings=DSSContentSettings(
            include_vri=False, placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE
        ),
    )

    async def run() -> bytes:
        output = await signers.async_sign_pdf(writer, meta, signer=signer)
        return output.getvalue()

    try:
        return asyncio.run(run())
    except SigningError as exc:
        if "could not be validated" in str(exc):
            raise PdfRejected(
                "Chứng thư số của người ký không còn hợp lệ (hết hạn, bị thu hồi hoặc không "
                "chuỗi về gốc tin cậy); chưa ký."
            ) from exc
        raise PdfRejected(f"Không ký được tệp PDF này: {exc}") from exc
    except Exception as exc:  # noqa: BLE001 - a parser meets any kind of broken input
        raise PdfRejected("Không ký được tệp PDF này: cấu trúc tài liệu không hợp lệ.") from exc


def _common_name(certificate: x509.Certificate) -> str:
    values = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(values[0].value) if values else certificate.subject.rfc4514_string()


def _name_part(name: asn1_x509.Name, key: str) -> str:
    value = name.native.get(key, "") if name is not None else ""
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value)
    return str(value or "")


def _trust_problem(indic: object) -> str:
    """The Vietnamese reason a certificate is not trusted."""
    name = getattr(indic, "name", str(indic))
    if name in ("REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE"):
        return "Chứng thư số của người ký đã bị thu hồi."
    if name in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"):
        return "Chứng thư số đã hết hạn (không có dấu thời gian chứng minh thời điểm ký)."
    if name == "NOT_YET_VALID":
        return "Chứng thư số chưa đến thời hạn hiệu lực."
    if name == "NO_CERTIFICATE_CHAIN_FOUND":
        return (
            "Chứng thư số không do tổ chức chứng thực được tin cậy cấp "
            "(không dựng được chuỗi đến CA gốc tin cậy)."
        )
    if name == "SIG_CONSTRAINTS_FAILURE":
        return "Chứng thư số không được cấp cho mục đích ký văn bản."
    if name == "CRYPTO_CONSTRAINTS_FAILURE" or name == "CRYPTO_CONSTRAINTS_FAILURE_NO_POE":
        return "Chứng thư số dùng thuật toán mật mã không còn an toàn."
    return "Không xác minh được chuỗi chứng thư số."


def _later_changes(status) -> tuple[bool, bool, str]:  # noqa: ANN001 - pyHanko status
    """(covers the whole file, later changes acceptable, Vietnamese description)."""
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return True, True, ""
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return False, False, "Chữ ký không bao phủ một phiên bản trọn vẹn của tài liệu."
    level = status.modification_level
    if level == ModificationLevel.LTA_UPDATES:
        return False, True, "Sau khi ký chỉ bổ sung dữ liệu xác minh, dấu thời gian."
    if level == ModificationLevel.FORM_FILLING and status.docmdp_ok:
        return False, True, "Sau khi ký chỉ bổ sung chữ ký khác hoặc điền biểu mẫu."
    return False, False, "Tài liệu đã bị sửa đổi sau khi ký."


async def _check_signature(embedded, context: ValidationContext) -> SignatureCheck:  # noqa: ANN001
    is_timestamp = embedded.sig_object_type == "/DocTimeStamp"
    reason = str(embedded.sig_object.get("/Reason", "") or "")
    location = str(embedded.sig_object.get("/Location", "") or "")
    field_name = str(embedded.field_name or "")
    try:
        if is_timestamp:
            status = await async_validate_pdf_timestamp(embedded, validation_context=context)
        else:
            status = await async_validate_pdf_signature(
                embedded,
                signer_validation_context=context,
                key_usage_settings=KeyUsageConstraints(key_usage=SIGNER_KEY_USAGE),
            )
    except Exception as exc:  # noqa: BLE001 - a broken signature is a finding, not a crash
        signer_name = organisation = ""
        try:
            cert = embedded.signer_cert
            signer_name = _name_part(cert.subject, "common_name")
            organisation = _name_part(cert.subject, "organization_name")
        except Exception:  # noqa: BLE001
            pass
        return SignatureCheck(
            field_name=field_name,
            kind="timestamp" if is_timestamp else "signature",
            signer_name=signer_name,
            organisation=organisation,
            integrity_ok=False,
            chain_valid=False,
            covers_whole_document=False,
            valid=False,
            reason=reason,
            location=location,
            problems=[f"Chữ ký bị hỏng, không kiểm tra được ({type(exc).__name__})."],
        )

    cert = status.signing_cert
    integrity_ok = bool(status.intact and status.valid)
    chain_valid = status.trust_problem_indic is None and status.validation_path is not None
    covers_all, changes_ok, changes = _later_changes(status)
    problems: list[str] = []
    if not status.intact:
        problems.append("Nội dung tài liệu đã bị thay đổi sau khi ký (mã băm không khớp).")
    elif not status.valid:
        problems.append("Giá trị chữ ký số không đúng với chứng thư số của người ký.")
    if not chain_valid:
        problems.append(_trust_problem(status.trust_problem_indic))
    if not changes_ok:
        problems.append(changes)
    if is_timestamp:
        signing_time, time_source = status.timestamp, "timestamp"
    else:
        tst = status.timestamp_validity
        if tst is not None and tst.valid and tst.intact:
            signing_time, time_source = tst.timestamp, "timestamp"
        else:
            signing_time, time_source = status.signer_reported_dt, "signer"
        if not status.seed_value_ok:
            problems.append("Chữ ký không thỏa ràng buộc của ô chữ ký trong tài liệu.")
    valid = integrity_ok and chain_valid and changes_ok and not problems
    return SignatureCheck(
        field_name=field_name,
        kind="timestamp" if is_timestamp else "signature",
        signer_name=_name_part(cert.subject, "common_name"),
        organisation=_name_part(cert.subject, "organization_name"),
        issuer=_name_part(cert.issuer, "common_name")
        or _name_part(cert.issuer, "organization_name"),
        certificate_serial=format(cert.serial_number, "x"),
        certificate_not_before=cert.not_valid_before,
        certificate_not_after=cert.not_valid_after,
        signing_time=signing_time,
        time_source=time_source,
        integrity_ok=integrity_ok,
        chain_valid=chain_valid,
        covers_whole_document=covers_all,
        later_changes=changes,
        valid=valid,
        reason=reason,
        location=location,
        problems=problems,
    )


def _summary(checks: list[SignatureCheck]) -> str:
    signatures = [c for c in checks if c.kind == "signature"]
    if not signatures:
        return "Tệp PDF không có chữ ký số."
    bad = [c for c in checks if not c.valid]
    if not bad:
        names = ", ".join(c.signer_name or "(không rõ tên)" for c in signatures)
        if len(signatures) == 1:
            return f"Chữ ký của {names} hợp lệ; tài liệu còn nguyên vẹn kể từ khi ký."
        return f"Cả {len(signatures)} chữ ký số đều hợp lệ: {names}."
    first = bad[0]
    who = first.signer_name or "(không rõ tên)"
    what = first.problems[0] if first.problems else "chữ ký không hợp lệ."
    what = what[:1].lower() + what[1:]
    if len(bad) == 1:
        return f"Chữ ký của {who} KHÔNG hợp lệ: {what}"
    return f"{len(bad)} chữ ký KHÔNG hợp lệ; chữ ký của {who}: {what}"


def verify_pdf_bytes(
    data: bytes,
    *,
    trust_roots: list[x509.Certificate],
    crls: list[x509.CertificateRevocationList],
) -> SignatureReport:
    """Every signature in the file: integrity, chain of trust, coverage, signer, time."""
    check_pdf(data)
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:  # noqa: BLE001 - a parser meets any kind of broken input
        raise _damaged(data, "các chữ ký trong tài liệu") from exc

    async def run() -> list[SignatureCheck]:
        # One validation context per signature: certificates seen in one signature must not
        # help build the chain of another.
        return [
            await _check_signature(sig, _validation_context(trust_roots, crls)) for sig in embedded
        ]

    checks = asyncio.run(run()) if embedded else []
    signed = any(c.kind == "signature" for c in checks)
    return SignatureReport(
        valid=signed and all(c.valid for c in checks),
        signed=signed,
        signatures=checks,
        summary=_summary(checks),
        document_sha256=sha256_hex(data),
    )
