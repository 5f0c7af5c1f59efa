"""The roots configured for real CAs (``DANGBO_SIGNING_TRUST_ROOTS``), and checking a
certificate's chain to the roots this server trusts (those and the local CA's:
``CertificateService.trust_roots``).

The roots file is read on each call, so a new one takes effect without a restart.
"""

from __future__ import annotations

import logging

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from backend.core.problems import Problem
from backend.settings import Settings
from backend.signing import ca as local_ca

log = logging.getLogger(__name__)


def configured_roots(settings: Settings) -> list[x509.Certificate]:
    path = settings.signing_trust_roots
    if path is None:
        return []
    try:
        roots = local_ca.load_pem_certificates(path.read_bytes())
    except OSError:
        roots = []
    if not roots:
        log.warning("DANGBO_SIGNING_TRUST_ROOTS has no readable PEM certificate: %s", path)
    return roots


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


async def check_chain(
    certificate: x509.Certificate,
    chain: list[x509.Certificate],
    roots: list[x509.Certificate],
) -> None:
    """Refuse (400) a certificate that does not chain to ``roots``, has expired or been
    revoked, or may not sign documents."""
    context = ValidationContext(
        trust_roots=[_asn1(r) for r in roots],
        other_certs=[_asn1(c) for c in chain],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    validator = CertificateValidator(_asn1(certificate), validation_context=context)
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
