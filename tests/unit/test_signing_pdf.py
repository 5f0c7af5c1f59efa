"""Properties of PDF signing and verification (no database): no change to the signed bytes
goes unnoticed, and no input makes verification crash."""

from __future__ import annotations

import re
from functools import cache

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.signing import ca as local_ca
from backend.signing.pdf import PdfRejected, SigningMaterial, sign_pdf_bytes, verify_pdf_bytes
from tests.sample_pdfs import text_pdf


@cache
def signed_sample() -> tuple[bytes, list, tuple[int, int]]:
    """A PDF signed with a fresh local CA; the trust roots; where the /Contents hex lies."""
    authority = local_ca.new_ca("Tỉnh ủy Thử nghiệm")
    key = ec.generate_private_key(ec.SECP256R1())
    cert = authority.issue(
        key.public_key(), full_name="Người Ký", organisation_name="Cơ quan", username="nk",
        crl_url=None,
    )  # fmt: skip
    signed = sign_pdf_bytes(
        text_pdf("Nghi quyet so 1-NQ/TU", "Noi dung"),
        SigningMaterial(cert, key, (authority.certificate,)),
        reason="Ký văn bản số 1-NQ/TU",
        location=None,
        trust_roots=[authority.certificate],
        crls=[],
    )
    contents = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", signed)
    assert contents is not None
    return signed, [authority.certificate], contents.span(1)


def test_the_sample_is_valid():
    signed, roots, _ = signed_sample()
    report = verify_pdf_bytes(signed, trust_roots=roots, crls=[])
    assert report.valid and report.signatures[0].covers_whole_document


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(position=st.integers(min_value=0), value=st.integers(min_value=0, max_value=255))
def test_any_changed_byte_outside_the_signature_value_is_caught(position, value):
    signed, roots, (start, end) = signed_sample()
    # Every byte except the hex of /Contents (the signature itself) is covered by the digest.
    covered = list(range(0, start)) + list(range(end, len(signed)))
    at = covered[position % len(covered)]
    if signed[at] == value:
        value ^= 0x01
    changed = bytearray(signed)
    changed[at] = value
    try:
        report = verify_pdf_bytes(bytes(changed), trust_roots=roots, crls=[])
    except PdfRejected:
        return  # damaged beyond reading: a clear 400, never "valid"
    assert not report.valid


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2048))
def test_arbitrary_bytes_are_rejected_or_reported_never_crash(data):
    try:
        report = verify_pdf_bytes(b"%PDF-1.7\n" + data, trust_roots=[], crls=[])
    except PdfRejected as rejected:
        assert "PDF" in str(rejected)
        return
    assert not report.valid


@pytest.mark.parametrize("junk", [b"", b"GIF89a" + b"\x00" * 100, b"%PD", b"PK\x03\x04"])
def test_non_pdf_is_rejected(junk):
    with pytest.raises(PdfRejected, match="không phải là tệp PDF"):
        verify_pdf_bytes(junk, trust_roots=[], crls=[])


def test_encrypted_pdf_is_rejected():
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf("Bi mat"))))
    writer.encrypt(user_password="matkhau", owner_password="chu")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(PdfRejected, match="mã hóa"):
        verify_pdf_bytes(buffer.getvalue(), trust_roots=[], crls=[])
