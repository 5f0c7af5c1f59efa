"""The PDF a visitor sends to the public verification, read in memory only.

Verification stores nothing: not the file, not a row, not a temporary copy. Litestar's
multipart parser spools a part over 1 MiB to a temporary file before any handler runs, so the
body is read here instead, bounded by the upload limit, and the part named ``data`` taken out
of it in memory. A raw ``application/pdf`` body is accepted as well.
"""

from __future__ import annotations

import time
from email import policy
from email.parser import BytesParser

from litestar import Request
from litestar.stores.base import Store

from backend.core.problems import Problem
from backend.core.request_info import client_ip

FIELD = "data"
WINDOW_SECONDS = 60


async def read_bounded(request: Request, limit_bytes: int) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit_bytes:
            raise Problem(
                413,
                f"Tệp quá lớn (tối đa {limit_bytes // (1024 * 1024)} MB).",
                code="file_too_large",
            )
    return bytes(body)


def pdf_part(content_type: str, body: bytes) -> bytes:
    """The uploaded file's bytes (multipart field ``data``, or the whole raw body)."""
    if content_type.split(";", 1)[0].strip().lower() == "application/pdf":
        return body
    if not content_type.lower().startswith("multipart/form-data"):
        raise Problem(400, "Hãy gửi tệp PDF (trường «data»).", code="file_missing")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if not message.is_multipart():
        raise Problem(400, "Nội dung gửi lên không đúng định dạng.", code="file_missing")
    for part in message.iter_parts():
        if part.get_param("name", header="content-disposition") == FIELD:
            return part.get_payload(decode=True) or b""
    raise Problem(400, "Hãy gửi tệp PDF (trường «data»).", code="file_missing")


async def throttle(request: Request, store: Store, per_minute: int) -> None:
    """At most ``per_minute`` verifications a minute from one address (the auth limiter's
    store, under keys of its own): verification is open to anyone and costs CPU."""
    window = int(time.time() // WINDOW_SECONDS)
    key = f"signing-verify:{client_ip(request)}:{window}"
    count = int(await store.get(key) or 0) + 1
    await store.set(key, str(count).encode(), expires_in=WINDOW_SECONDS)
    if count > per_minute:
        raise Problem(
            429,
            "Bạn đã kiểm tra quá nhiều tệp trong một phút. Vui lòng thử lại sau ít phút.",
            code="rate_limited",
            extra={"retry_after": WINDOW_SECONDS - int(time.time()) % WINDOW_SECONDS},
        )
