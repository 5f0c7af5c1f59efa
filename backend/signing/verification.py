"""Verifying a signed PDF: every signature's signer, time, integrity and chain of trust,
against the roots this server trusts and the local CA's revocation list."""

from __future__ import annotations

import anyio

from backend.core.problems import Problem
from backend.settings import Settings
from backend.signing.certificates import CertificateService
from backend.signing.pdf import PdfRejected, verify_pdf_bytes
from shared.signing import SignatureReport


class VerificationService:
    def __init__(self, settings: Settings, certificates: CertificateService) -> None:
        self.settings = settings
        self.certificates = certificates

    async def verify(self, pdf: bytes) -> SignatureReport:
        """Report on every signature in ``pdf`` (ours or signed elsewhere)."""
        roots = await self.certificates.trust_roots()
        crls = await self.certificates.revocation_lists()
        try:
            return await anyio.to_thread.run_sync(
                lambda: verify_pdf_bytes(pdf, trust_roots=roots, crls=crls)
            )
        except PdfRejected as exc:
            raise Problem(400, str(exc), code="pdf_rejected") from exc
