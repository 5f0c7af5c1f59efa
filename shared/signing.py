"""Digital signatures (ký số): signing challenges, certificates and verification reports.

Times are ISO 8601 (UTC) in the API; the UI shows them as dd/mm/yyyy HH:MM, Asia/Ho_Chi_Minh.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

import msgspec

SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")

Sha256Hex = Annotated[str, msgspec.Meta(pattern=r"^[0-9a-f]{64}$")]
Intent = Annotated[str, msgspec.Meta(min_length=5, max_length=200)]


class CertificateInfo(msgspec.Struct, frozen=True):
    """A signer's certificate as people read it."""

    subject_name: str  # CN: the signer's full name
    organisation: str  # O
    issuer: str  # the CA's common name
    serial: str  # hex
    fingerprint_sha256: str  # hex, of the DER
    not_before: datetime
    not_after: datetime
    source: Literal["local_ca", "imported"]
    revoked_at: datetime | None = None


class SigningChallenge(msgspec.Struct, frozen=True):
    """Step one of signing: WebAuthn request options for ``navigator.credentials.get``. The
    challenge commits to ``document_sha256`` and ``intent``: the assertion authorises signing
    exactly that file for exactly that purpose, once."""

    ceremony: str
    options: dict
    document_sha256: str
    intent: str
    certificate: CertificateInfo | None  # None: a certificate is issued when signing completes


class SigningFinish(msgspec.Struct, frozen=True):
    """Step two: the assertion the authenticator returned."""

    ceremony: Annotated[str, msgspec.Meta(min_length=10, max_length=100)]
    credential: dict


class SignatureCheck(msgspec.Struct, frozen=True):
    """One signature (or document timestamp) found in a PDF, and what verification found."""

    field_name: str
    kind: Literal["signature", "timestamp"]
    signer_name: str
    organisation: str
    integrity_ok: bool  # the signed bytes are unchanged and the signature value is correct
    chain_valid: bool  # the certificate chains to a trusted root, and is valid and not revoked
    covers_whole_document: bool  # the signature covers every byte of the file
    valid: bool  # all of the above, and any later change is an accepted kind
    reason: str = ""
    location: str = ""
    issuer: str = ""
    certificate_serial: str = ""
    certificate_not_before: datetime | None = None
    certificate_not_after: datetime | None = None
    signing_time: datetime | None = None
    # "signer": declared by the signer (no timestamp authority); "timestamp": from a TSA token.
    time_source: Literal["signer", "timestamp"] = "signer"
    later_changes: str = ""  # what was appended after signing, in Vietnamese ("" = nothing)
    problems: list[str] = msgspec.field(default_factory=list)  # Vietnamese


class SignatureReport(msgspec.Struct, frozen=True):
    valid: bool  # the file has at least one signature and every signature is valid
    signed: bool  # the file has at least one signature
    signatures: list[SignatureCheck]
    summary: str  # Vietnamese, one sentence
    document_sha256: str
