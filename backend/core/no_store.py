"""``Cache-Control: no-store`` on every API answer that does not set its own caching.

Most answers depend on the session (who is signed in, what he may read), and the rest (a
ceremony's challenge, the CSRF token, a refusal) are no better in a shared cache: a proxy or a
browser that kept one could hand it to the next person at the same machine or behind the same
proxy. Answers that are safe to keep say so themselves and are left alone: the file store's
blobs and page images (``private, immutable``: keyed by hash, but permission-checked, so never
in a shared cache) and public documents such as the CA certificate.
"""

from __future__ import annotations

from litestar.types import Message, Scope

NO_STORE = (b"cache-control", b"no-store")


async def no_store_unless_cacheable(message: Message, scope: Scope) -> None:
    """A Litestar ``before_send`` hook: it sees every response, errors included. Async: a
    plain function would be run in a thread for every message."""
    if message["type"] != "http.response.start":
        return
    headers = message.get("headers") or ()
    for name, _ in headers:  # a loop, not any(…): this runs on every response
        if name.lower() == b"cache-control":
            return
    message["headers"] = [*headers, NO_STORE]
