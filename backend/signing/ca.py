"""The organisation's local certification authority (CA nội bộ): making the root, issuing
signers' certificates and the revocation list. Pure functions on keys and certificates; where
the CA is kept (the shared database, sealed with the secret key) is
:mod:`backend.signing.authority`'s.

Keys are ECDSA P-256: pyHanko signs and validates them natively, Adobe Acrobat and other PAdES
validators accept them, key generation is instant (certificates are issued on demand) and the
signatures are small. Certificates imported from a real CA may be RSA or ECDSA.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

from backend.core.clock import now
from backend.signing.keys import PrivateKey, ca_key_passphrase

CA_VALIDITY = timedelta(days=20 * 365)
USER_VALIDITY = timedelta(days=2 * 365)
BACKDATE = timedelta(minutes=5)  # tolerate small clock differences between machines
CRL_VALIDITY = timedelta(days=7)

# Extended key usages of a signer's certificate, the profile the Vietnamese public CAs issue
# and every reader we know accepts: emailProtection, which poppler/NSS (Evince, Okular,
# pdfsig) require for a signature ("Unknown issue with Certificate" without it); RFC 9336
# id-kp-documentSigning; Microsoft's "Document Signing", which Adobe Acrobat also accepts.
EKU_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")
EKU_MS_DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")
SIGNER_EKUS = [ExtendedKeyUsageOID.EMAIL_PROTECTION, EKU_DOCUMENT_SIGNING, EKU_MS_DOCUMENT_SIGNING]


class CAError(Exception):
    """A CA operation that cannot proceed; the message is Vietnamese, for the operator."""


@dataclass(frozen=True)
class LocalCA:
    certificate: x509.Certificate
    key: PrivateKey

    @property
    def name(self) -> str:
        return common_name(self.certificate)

    def issue(
        self,
        public_key: ec.EllipticCurvePublicKey,
        *,
        full_name: str,
        organisation_name: str,
        username: str,
        crl_url: str | None,
    ) -> x509.Certificate:
        """A signer's certificate: CN = full name, O = organisation, for document signing."""
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation_name[:64]),
                x509.NameAttribute(NameOID.USER_ID, username[:64]),
                x509.NameAttribute(NameOID.COMMON_NAME, full_name[:64]),
            ]
        )
        return self._issue(public_key, subject, crl_url)

    def issue_seal(
        self,
        public_key: ec.EllipticCurvePublicKey,
        *,
        organisation_name: str,
        organisation_code: str,
        crl_url: str | None,
    ) -> x509.Certificate:
        """An organisation's own certificate (the seal of the cơ quan, applied by its văn thư
        when a document is released): CN = O = the organisation, its code as the unit."""
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation_name[:64]),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, organisation_code[:64]),
                x509.NameAttribute(NameOID.COMMON_NAME, organisation_name[:64]),
            ]
        )
        return self._issue(public_key, subject, crl_url)

    def _issue(
        self, public_key: ec.EllipticCurvePublicKey, subject: x509.Name, crl_url: str | None
    ) -> x509.Certificate:
        issued = now()
        not_after = min(issued + USER_VALIDITY, self.certificate.not_valid_after_utc)
        ca_ski = self.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.certificate.subject)
            .public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(issued - BACKDATE)
            .not_valid_after(not_after)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,  # nonRepudiation
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage(SIGNER_EKUS),
                critical=False,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski.value),
                critical=False,
            )
        )
        if crl_url:
            builder = builder.add_extension(
                x509.CRLDistributionPoints(
                    [
                        x509.DistributionPoint(
                            full_name=[x509.UniformResourceIdentifier(crl_url)],
                            relative_name=None,
                            reasons=None,
                            crl_issuer=None,
                        )
                    ]
                ),
                critical=False,
            )
        return builder.sign(self.key, hashes.SHA256())

    def crl(self, revoked: list[tuple[int, datetime]]) -> x509.CertificateRevocationList:
        """The list of certificates this CA has revoked (serial, when)."""
        issued = now()
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(self.certificate.subject)
            .last_update(issued - BACKDATE)
            .next_update(issued + CRL_VALIDITY)
            .add_extension(x509.CRLNumber(int(issued.timestamp())), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(self.key.public_key()),
                critical=False,
            )
        )
        for serial, revoked_at in revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(serial)
                .revocation_date(revoked_at)
                .build()
            )
        return builder.sign(self.key, hashes.SHA256())


def common_name(certificate: x509.Certificate) -> str:
    values = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else certificate.subject.rfc4514_string()


def new_ca(organisation_name: str) -> LocalCA:
    """A fresh root ``"<organisation> CA (nội bộ)"``: ECDSA P-256, 20 years, path length 0."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation_name[:64]),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation_name} CA (nội bộ)"[:64]),
        ]
    )
    issued = now()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(issued - BACKDATE)
        .not_valid_after(issued + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return LocalCA(certificate, key)


def private_der(authority: LocalCA) -> bytes:
    """The CA's key as PKCS#8 DER, to be sealed (never stored as it is)."""
    return authority.key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def certificate_pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def from_storage(private: bytes, certificate: str) -> LocalCA:
    key = serialization.load_der_private_key(private, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CAError("Khóa CA không phải ECDSA P-256.")
    return LocalCA(x509.load_pem_x509_certificate(certificate.encode()), key)


def read_legacy_files(ca_dir: Path, secret_key: str) -> LocalCA | None:
    """A CA kept by an earlier version in ``ca_dir`` (``ca.pem`` and ``ca.key``, the key
    encrypted with a passphrase derived from the secret key), or None."""
    cert_file, key_file = ca_dir / "ca.pem", ca_dir / "ca.key"
    if not (cert_file.is_file() and key_file.is_file()):
        return None
    try:
        key = serialization.load_pem_private_key(
            key_file.read_bytes(), password=ca_key_passphrase(secret_key)
        )
    except ValueError as exc:
        raise CAError(
            f"Không mở được khóa CA cũ trong {ca_dir}: DANGBO_SECRET_KEY đã thay đổi hoặc tệp "
            "ca.key hỏng."
        ) from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CAError("Khóa CA không phải ECDSA P-256.")
    return LocalCA(x509.load_pem_x509_certificate(cert_file.read_bytes()), key)


def load_pem_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate of a PEM bundle (empty for data without one)."""
    try:
        return x509.load_pem_x509_certificates(data)
    except ValueError:
        return []
