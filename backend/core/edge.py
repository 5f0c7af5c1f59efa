"""What every response passes on its way out: the security headers, the API's caching rule
and the request log.

One plain ASGI wrapper around the whole origin (the Reflex app and the API) rather than a
Litestar middleware for each: it runs once per request, outside the per-route middleware
stacks, and sees every response, including the error responses Litestar writes itself.

Every API answer that sets no caching of its own carries ``Cache-Control: no-store``: most
depend on the session (who is signed in, what he may read), and the rest (a ceremony's
challenge, the CSRF token, a refusal) are no better in a shared cache, where a proxy or a
browser could hand one to the next person at the same machine. Answers that are safe to keep
say so themselves and keep theirs, like any default header here: the file store's blobs and
page images (``private, immutable``: keyed by hash but permission-checked), the public CA
certificate.
"""

from __future__ import annotations

import time
from pathlib import Path

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from backend.core.logging import request_log
from backend.core.security_headers import load_script_hashes, security_headers

NO_STORE = (b"cache-control", b"no-store")


class Edge:
    def __init__(
        self,
        app: ASGIApp,
        *,
        https: bool,
        script_hashes_file: Path | None = None,
        log_prefix: str = "/api",
        origin: str = "",
    ) -> None:
        self.app = app
        self.https = https
        self.origin = origin  # the public origin: the CSP names its websocket
        self.script_hashes_file = script_hashes_file
        self.log_prefix = log_prefix  # the pages and assets of the UI are not logged
        self._headers: list[tuple[bytes, bytes]] | None = None
        self._api_headers: list[tuple[bytes, bytes]] = []

    def headers(self) -> list[tuple[bytes, bytes]]:
        # Built on first use: the build writes the script hashes after this object exists.
        if self._headers is None:
            hashes = load_script_hashes(self.script_hashes_file)
            self._headers = security_headers(
                https=self.https, script_hashes=hashes, origin=self.origin
            )
            self._api_headers = [*self._headers, NO_STORE]
        return self._headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        ours = self._headers or self.headers()
        logged = scope["path"].startswith(self.log_prefix)
        if logged:
            ours = self._api_headers
        started = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = list(message.get("headers") or ())
                if own:
                    # A response that sets one of these itself (a stricter CSP, say) keeps it.
                    names = {name.lower() for name, _ in own}
                    own += [header for header in ours if header[0] not in names]
                    message["headers"] = own
                else:
                    message["headers"] = list(ours)
                if logged:
                    request_log.response(
                        scope["method"],
                        scope.get("path_template"),
                        message["status"],
                        time.perf_counter() - started,
                    )
            await send(message)

        await self.app(scope, receive, send_with_headers)
