"""Bearer tokens (the session cookie, the enrollment link): random, kept only as a hash.

The database holds the SHA-256 of each token, so a copy of it opens no session and redeems
no invitation.
"""

from __future__ import annotations

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
