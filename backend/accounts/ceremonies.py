"""The one-time store of WebAuthn ceremonies (registration, login, step-up).

py_webauthn's options are answered by the browser minutes later, possibly through another
worker: the challenge waits server-side (Redis with several workers) for
``CEREMONY_TTL_SECONDS``, under a random id the finish call names, and is taken exactly once,
so a replayed answer finds nothing. A missing or wrong-kind ceremony is refused and audited.
"""

from __future__ import annotations

import secrets

import msgspec
from webauthn.helpers import bytes_to_base64url

from backend.accounts.identity import Client
from backend.accounts.refusals import refused
from backend.core.problems import Problem
from backend.core.stores import OneTimeStore

CEREMONY_TTL_SECONDS = 300
# The audit action of a refused ceremony, by its kind.
FAILED_EVENT = {
    "register": "passkey.register_failed",
    "login": "login.failed",
    "step_up": "step_up.failed",
}


class Ceremony(msgspec.Struct, frozen=True):
    kind: str  # "register" | "login" | "step_up"
    challenge: str  # base64url
    user_id: int | None = None
    invitation_id: int | None = None
    purpose: str = ""


def challenge_text(challenge: bytes) -> str:
    return bytes_to_base64url(challenge)


class CeremonyStore:
    def __init__(self, store: OneTimeStore) -> None:
        self.store = store

    async def open(self, ceremony: Ceremony) -> str:
        """Keep the ceremony for its finish call; returns its id."""
        ceremony_id = secrets.token_urlsafe(24)
        await self.store.put(
            f"ceremony:{ceremony_id}", msgspec.json.encode(ceremony), CEREMONY_TTL_SECONDS
        )
        return ceremony_id

    async def take(self, ceremony_id: str, kind: str, client: Client) -> Ceremony:
        raw = await self.store.take(f"ceremony:{ceremony_id}")
        if raw is None:
            problem = Problem(
                400,
                "Phiên xác thực đã hết hạn hoặc đã được dùng. Hãy bắt đầu lại.",
                code="challenge_used",
            )
            raise await refused(problem, FAILED_EVENT[kind], client)
        ceremony = msgspec.json.decode(raw, type=Ceremony)
        if ceremony.kind != kind:
            problem = Problem(400, "Phiên xác thực không đúng loại.", code="challenge_kind")
            raise await refused(problem, FAILED_EVENT[kind], client)
        return ceremony

    async def attach(self, ceremony_id: str, what: str, value: bytes) -> None:
        """Keep ``value`` beside a ceremony for as long as it lives (what a signature was asked
        for, to explain a refusal at its finish)."""
        await self.store.put(f"{what}:{ceremony_id}", value, CEREMONY_TTL_SECONDS)

    async def detach(self, ceremony_id: str, what: str) -> bytes | None:
        return await self.store.take(f"{what}:{ceremony_id}")
