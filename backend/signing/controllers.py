"""HTTP: verifying signed PDFs, the user's own certificate, and the public material of the
local CA (its root and its revocation list)."""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from litestar import Controller, Request, Response, get, post
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.inject import inject
from backend.core.problems import Problem
from backend.signing.certificates import CertificateService
from backend.signing.public_upload import pdf_part, read_bounded, throttle
from backend.signing.verification import VerificationService
from shared.signing import CertificateInfo, SignatureReport


class SigningController(Controller):
    """Signing itself is reached through the documents API, which wraps
    ``SigningService.begin_signing/finish_signing`` (``backend/signing/signer.py``)."""

    path = "/api/signing"
    tags = ["Ký số"]
    dependencies = {
        "certificates": inject(CertificateService),
        "verification": inject(VerificationService),
    }

    # It reads the raw request itself: the answers a body brings are declared here.
    @post("/verify", status_code=200, opt={"problems": (400, 413, 422, 429)})
    async def verify(self, request: Request, verification: VerificationService) -> SignatureReport:
        """Public (no sign-in): upload a PDF (multipart field ``data``, or the raw
        ``application/pdf`` body) and get every signature's signer, time, integrity and chain
        of trust. Rate-limited per address; nothing of the file is kept, not even on disk."""
        settings = verification.settings
        await throttle(
            request, request.app.stores.get("rate_limit"), settings.verify_rate_limit_per_minute
        )
        limit = settings.max_upload_mb * 1024 * 1024
        body = await read_bounded(request, limit + 64 * 1024)  # the file and its envelope
        content = pdf_part(request.headers.get("content-type", ""), body)
        if len(content) > limit:
            raise Problem(
                413, f"Tệp quá lớn (tối đa {settings.max_upload_mb} MB).", code="file_too_large"
            )
        if not content:
            raise Problem(400, "Tệp tải lên rỗng.", code="file_empty")
        return await verification.verify(content)

    @get("/certificate", dependencies={"actor": Provide(provide_actor)})
    async def my_certificate(
        self, actor: Actor, certificates: CertificateService
    ) -> CertificateInfo | None:
        """The signed-in user's active signing certificate (null when none was issued yet)."""
        return await certificates.certificate_of(actor.id)

    @get(
        "/ca.pem",
        media_type="application/x-pem-file",
        exclude_from_csrf=True,
        opt={"problems": (404,)},
    )
    async def ca_certificate(self, certificates: CertificateService) -> Response[bytes]:
        """The local CA's root certificate, to install as trusted in other PDF readers."""
        cert = await certificates.authority.certificate()
        if cert is None:
            raise Problem(404, "Hệ thống chưa khởi tạo CA nội bộ.", code="signing_ca_missing")
        return Response(
            cert.public_bytes(serialization.Encoding.PEM),
            media_type="application/x-pem-file",
            headers={"Content-Disposition": 'attachment; filename="dangbo-ca.pem"'},
        )

    @get(
        "/crl",
        media_type="application/pkix-crl",
        exclude_from_csrf=True,
        opt={"problems": (404,)},
    )
    async def crl(self, certificates: CertificateService) -> Response[bytes]:
        """The local CA's certificate revocation list (DER), named in every certificate."""
        crl = await certificates.local_crl()
        if crl is None:
            raise Problem(404, "Hệ thống chưa khởi tạo CA nội bộ.", code="signing_ca_missing")
        return Response(
            crl.public_bytes(serialization.Encoding.DER),
            media_type="application/pkix-crl",
            headers={"Cache-Control": "public, max-age=3600"},
        )
