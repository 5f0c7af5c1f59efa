"""Our signatures as other readers see them: poppler/NSS (Evince, Okular, ``pdfsig``) trusts
the signer's certificate once our CA is installed, and pyHanko validates a signature offline
from what the file carries."""

from __future__ import annotations

from functools import cache

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from backend.signing import ca as local_ca
from backend.signing.pdf import SigningMaterial, sign_pdf_bytes
from tests.pdf_readers import pdfsig, pyhanko_offline
from tests.sample_pdfs import text_pdf

# Where the certificate points for its CRL: nothing listens there, as for a reader offline.
UNREACHABLE_CRL = "http://127.0.0.1:9/api/signing/crl"


@cache
def signed_by_local_ca() -> tuple[bytes, local_ca.LocalCA, x509.Certificate]:
    authority = local_ca.new_ca("Tỉnh ủy Thử nghiệm")
    key = ec.generate_private_key(ec.SECP256R1())
    cert = authority.issue(
        key.public_key(), full_name="Nguyễn Văn Ký", organisation_name="Văn phòng Tỉnh ủy",
        username="nvky", crl_url=UNREACHABLE_CRL,
    )  # fmt: skip
    signed = sign_pdf_bytes(
        text_pdf("Ke hoach so 15-KH/TU"),
        SigningMaterial(cert, key, (authority.certificate,)),
        reason="Ký văn bản số 15-KH/TU",
        location=None,
        trust_roots=[authority.certificate],
        crls=[authority.crl([])],
    )
    return signed, authority, cert


def test_signer_certificate_has_the_profile_every_reader_accepts():
    _, _, cert = signed_by_local_ca()
    ekus = set(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)
    assert ExtendedKeyUsageOID.EMAIL_PROTECTION in ekus  # NSS needs it for a signature
    assert local_ca.EKU_DOCUMENT_SIGNING in ekus
    assert local_ca.EKU_MS_DOCUMENT_SIGNING in ekus


def test_pdfsig_trusts_the_signature_with_our_ca_installed():
    signed, authority, _ = signed_by_local_ca()
    [found] = pdfsig(signed, [authority.certificate])
    assert found["Signature Validation"] == "Signature is Valid."
    assert found["Certificate Validation"] == "Certificate is Trusted."
    assert found["Signer Certificate Common Name"] == "Nguyễn Văn Ký"


def test_pdfsig_does_not_trust_it_without_our_ca():
    signed, _, _ = signed_by_local_ca()
    [found] = pdfsig(signed, [])
    assert found["Signature Validation"] == "Signature is Valid."
    assert found["Certificate Validation"] != "Certificate is Trusted."


def test_pyhanko_validates_offline_from_the_embedded_revocation_data():
    signed, authority, _ = signed_by_local_ca()
    assert pyhanko_offline(signed, [authority.certificate]) == [True]
