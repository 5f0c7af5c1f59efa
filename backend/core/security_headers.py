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


def websocket_origin(origin: str) -> str:
    """``https://host`` → ``wss://host``: where Reflex's state socket connects (its ``api_url``
    is the public origin)."""
    scheme, sep, rest = origin.partition("://")
    if not sep or scheme not in ("http", "https"):
        return ""
    return f"{'wss' if scheme == 'https' else 'ws'}://{rest.rstrip('/')}"


def content_security_policy(script_hashes: list[str], origin: str = "") -> str:
    hashes = " ".join(f"'{h}'" for h in script_hashes)
    socket = websocket_origin(origin)
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {hashes}".strip(),
            # Radix Themes and Emotion set inline style attributes at run time.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            # The API and the state socket; no other host, websocket or not.
            f"connect-src 'self' {socket}".strip(),
            "worker-src 'self' blob:",
            "manifest-src 'self'",
            "frame-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(
    *, https: bool, script_hashes: list[str], origin: str = ""
) -> list[tuple[bytes, bytes]]:
    headers = [
        (b"content-security-policy", content_security_policy(script_hashes, origin).encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"strict-origin-when-cross-origin"),
        (b"permissions-policy", PERMISSIONS_POLICY.encode()),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if https:
        headers.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
    return headers
