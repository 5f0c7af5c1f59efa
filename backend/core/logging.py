"""Structured request logs: route template, status and duration only.

No query strings, no concrete paths (they can hold invitation tokens), no addresses, no
cookies, no bodies: nothing personal and nothing secret.
"""

from __future__ import annotations

import logging
import sys
import time
from datetime import UTC, datetime

import msgspec
import structlog
from litestar.types import ASGIApp, Message, Receive, Scope, Send


def configure_logging(level: int = logging.INFO) -> None:
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )


class RequestLog:
    """Stamps the start time; :meth:`before_send` logs once the response starts.

    Logging from ``before_send`` sees every response, including the error responses that
    Litestar's exception handling writes after a middleware raised (CSRF, rate limit).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope["dangbo_t0"] = time.perf_counter()  # type: ignore[typeddict-unknown-key]
        await self.app(scope, receive, send)


_encode = msgspec.json.Encoder().encode


async def log_response(message: Message, scope: Scope) -> None:
    """One JSON line per response. Written directly (msgspec, one write) rather than through
    structlog's processor chain: this runs on every request, and the chain cost more than the
    rest of the middleware together."""
    if message["type"] != "http.response.start" or scope["type"] != "http":
        return
    started = scope.get("dangbo_t0")
    line = _encode(
        {
            "event": "request",
            "level": "info",
            "timestamp": datetime.now(UTC).isoformat(),
            "method": scope.get("method"),
            "route": scope.get("path_template") or "<unmatched>",
            "status": message["status"],
            "ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        }
    )
    sys.stderr.write(line.decode() + "\n")
