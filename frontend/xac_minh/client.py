"""``/api/signing/verify``: the signatures of an uploaded PDF, checked by the API."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.signing import SignatureReport

VERIFY = Endpoint("POST", "/api/signing/verify", SignatureReport)


async def verify_pdf(api: ApiClient, filename: str, content: bytes) -> SignatureReport:
    """Every signature in the PDF, checked (multipart field ``data``)."""
    return await api.upload(
        VERIFY, files={"data": (filename or "van-ban.pdf", content, "application/pdf")}
    )
