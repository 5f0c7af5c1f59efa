"""Security headers on every response of the origin (Reflex pages, assets and the API).

The Content-Security-Policy allows scripts only from the origin plus the inline scripts of the
production build, by hash (computed after the build into ``csp-script-hashes.json``).
"""

from __future__ import annotations

import json
from pathlib import Path

from litestar.types import ASGIApp, Message, Receive, Scope, Send

PERMISSIONS_POLICY = (
    "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), "
    "publickey-credentials-get=(self), publickey-credentials-create=(self)"
)


def load_script_hashes(path: Path | None) -> list[str]:
    if path is None or not path.exists():
        return []
    try:
        return [h for h in json.loads(path.read_text()) if isinstance(h, str)]
    except (OSError, ValueError):
        return []


def content_security_policy(script_hashes: list[str]) -> str:
    hashes = " ".join(f"'{h}'" for h in script_hashes)
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}".strip(),
            # Radix Themes and Emotion set inline style attributes at run time.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self' ws: wss:",
            "worker-src 'self' blob:",
            "manifest-src 'self'",
            "frame-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp, *, https: bool, script_hashes_file: Path | None = None):
        self.app = app
        self.https = https
        self.script_hashes_file = script_hashes_file
        self._csp: bytes | None = None

    def csp(self) -> bytes:
        if self._csp is None:
            hashes = load_script_hashes(self.script_hashes_file)
            self._csp = content_security_policy(hashes).encode()
        return self._csp

    def headers(self) -> list[tuple[bytes, bytes]]:
        headers = [
            (b"content-security-policy", self.csp()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (b"permissions-policy", PERMISSIONS_POLICY.encode()),
            (b"x-frame-options", b"DENY"),
            (b"cross-origin-opener-policy", b"same-origin"),
        ]
        if self.https:
            headers.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                existing = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers() if k not in existing]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)
