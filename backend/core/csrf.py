"""CSRF protection for cookie-authenticated writes (Litestar's double-submit cookie check)."""

from __future__ import annotations

from litestar.config.csrf import CSRFConfig
from litestar.datastructures import Headers
from litestar.exceptions import PermissionDeniedException
from litestar.middleware import DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.types import Receive, Scope, Send

CSRF_COOKIE = "csrftoken"
CSRF_HEADER = "x-csrftoken"
CSRF_PATH = "/api/csrf"  # the one safe request that hands out the token cookie


class CSRFOnWrites(CSRFMiddleware):
    """Litestar's CSRF middleware, passed by at once for safe methods.

    On a safe request the stock middleware verifies nothing; it only builds a Request to set
    the token cookie when it is missing. Clients get that cookie from ``GET /api/csrf``, so
    every other read goes straight to its handler: reads are most of the traffic.

    A write without the token header is refused before anything reads its body: the stock
    middleware would look for the token in a multipart form, and parsing one spools its files
    to a temporary directory — an upload must never reach a disk before it is checked.
    """

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in self.config.safe_methods
            and scope["path"] != CSRF_PATH
        ):
            await self.app(scope, receive, send)
            return
        if (
            scope["type"] == "http"
            and scope["method"] not in self.config.safe_methods
            and not Headers.from_scope(scope).get(CSRF_HEADER)
        ):
            raise PermissionDeniedException("CSRF token verification failed")
        await super().__call__(scope, receive, send)


def csrf_middleware(*, secret: str, https: bool) -> DefineMiddleware:
    config = CSRFConfig(
        secret=secret,
        cookie_name=CSRF_COOKIE,
        header_name=CSRF_HEADER,
        cookie_secure=https,
        cookie_samesite="strict",
        cookie_httponly=False,  # the page's script echoes it in the header
    )
    return DefineMiddleware(CSRFOnWrites, config=config)
