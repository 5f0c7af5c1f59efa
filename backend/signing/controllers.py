"""HTTP: verifying signed PDFs, the user's own certificate, and the public material of the
local CA (its root and its revocation list)."""

from __future__ import annotations

from typing import Annotated

from cryptography.hazmat.primitives import serialization
from litestar import Controller, Response, get, post
from litestar.datastructures import UploadFile
from litestar.di import Provide
from litestar.enums import RequestEncodingType
from litestar.params import Body

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.inject import inject
from backend.core.problems import Problem
from backend.signing import ca as local_ca
from backend.signing.certificates import CertificateService
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

    @post("/verify", status_code=200, dependencies={"actor": Provide(provide_actor)})
    async def verify(
        self,
        data: Annotated[UploadFile, Body(media_type=RequestEncodingType.MULTI_PART)],
        actor: Actor,
        verification: VerificationService,
    ) -> SignatureReport:
        """Upload a PDF (form field ``data``): every signature's signer, time, integrity and
        chain of trust."""
        limit_mb = verification.settings.max_upload_mb
        content = await data.read(limit_mb * 1024 * 1024 + 1)
        await data.close()
        if len(content) > limit_mb * 1024 * 1024:
            raise Problem(413, f"Tệp quá lớn (tối đa {limit_mb} MB).", code="file_too_large")
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
        cert = local_ca.load_ca_certificate(certificates.settings)
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
