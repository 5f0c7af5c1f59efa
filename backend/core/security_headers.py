"""The security headers every response of the origin carries (Reflex pages, assets and the API).

The Content-Security-Policy allows scripts only from the origin plus the inline scripts of the
production build, by hash (computed after the build into ``csp-script-hashes.json``). The
headers are put on the responses by :class:`backend.core.edge.Edge`.
"""

from __future__ import annotations

import json
from pathlib import Path

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


def security_headers(*, https: bool, script_hashes: list[str]) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", content_security_policy(script_hashes).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"permissions-policy", PERMISSIONS_POLICY.encode()),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if https:
        headers.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
    return headers
