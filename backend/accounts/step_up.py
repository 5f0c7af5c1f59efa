"""Step-up: a fresh passkey assertion bound to one intent (e.g. signing one document).

The challenge commits to ``purpose`` and ``bound`` (e.g. a document's SHA-256):
challenge = SHA-256(nonce ‖ purpose ‖ bound), so the assertion authorises only that. The
signed-in session alone never suffices for such an act.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from webauthn import base64url_to_bytes, generate_authentication_options, options_to_json
from webauthn.helpers.structs import PublicKeyCredentialDescriptor, UserVerificationRequirement

from backend import db
from backend.accounts.assertions import AssertionCheck
from backend.accounts.ceremonies import (
    CEREMONY_TTL_SECONDS,
    FAILED_EVENT,
    Ceremony,
    CeremonyStore,
    challenge_text,
)
from backend.accounts.identity import Actor
from backend.accounts.recovery_hold import recovery_of_passkey
from backend.accounts.refusals import refused
from backend.accounts.tables import Credential
from backend.audit import services as audit
from backend.core.problems import Problem
from backend.settings import Settings

NOTE = "step_up_note"


def _challenge(nonce: bytes, purpose: str, bound: bytes) -> bytes:
    return hashlib.sha256(nonce + purpose.encode() + bound).digest()


class StepUpCeremony:
    def __init__(
        self, settings: Settings, ceremonies: CeremonyStore, assertions: AssertionCheck
    ) -> None:
        self.settings = settings
        self.ceremonies = ceremonies
        self.assertions = assertions

    async def begin(
        self, actor: Actor, purpose: str, bound: bytes, *, note: bytes | None = None
    ) -> tuple[str, dict]:
        """Options for the browser and the ceremony's id. ``note`` is kept beside the ceremony
        for the caller (what the user was shown, to explain a refusal at the finish)."""
        nonce = secrets.token_bytes(32)
        rows = await Credential.select(Credential.credential_id).where(
            (Credential.user == actor.id) & Credential.revoked_at.is_null()
        )
        options = generate_authentication_options(
            rp_id=self.settings.rp_id,
            challenge=_challenge(nonce, purpose, bound),
            allow_credentials=[
                PublicKeyCredentialDescriptor(id=bytes(r["credential_id"])) for r in rows
            ],
            user_verification=UserVerificationRequirement.REQUIRED,
            timeout=CEREMONY_TTL_SECONDS * 1000,
        )
        ceremony = Ceremony(
            kind="step_up", challenge=challenge_text(nonce), user_id=actor.id, purpose=purpose
        )
        ceremony_id = await self.ceremonies.open(ceremony)
        if note is not None:
            await self.ceremonies.attach(ceremony_id, NOTE, note)
        return ceremony_id, json.loads(options_to_json(options))

    async def take_note(self, ceremony_id: str) -> bytes | None:
        """The ``note`` given at :meth:`begin` (once; None when expired or never given)."""
        return await self.ceremonies.detach(ceremony_id, NOTE)

    async def finish(
        self, actor: Actor, ceremony_id: str, credential: dict, purpose: str, bound: bytes
    ) -> int:
        """Returns only if ``actor`` just confirmed exactly ``purpose`` over ``bound``: the id
        of the passkey he confirmed with."""
        ceremony = await self.ceremonies.take(ceremony_id, "step_up", actor.client)
        if ceremony.user_id != actor.id or ceremony.purpose != purpose:
            problem = Problem(403, "Xác nhận không khớp với thao tác.", code="step_up_mismatch")
            raise await refused(problem, FAILED_EVENT["step_up"], actor.client, actor_id=actor.id)
        expected = _challenge(base64url_to_bytes(ceremony.challenge), purpose, bound)
        row = await self.assertions.verify(
            ceremony, credential, actor.client, expected_challenge=expected
        )
        detail: dict = {"purpose": purpose, "credential": row["id"]}
        recovery_id = await recovery_of_passkey(row["id"])
        if recovery_id is not None:
            detail["recovery"] = recovery_id  # the passkey that signed came from a recovery
        async with self.assertions.use_refusals(row, "step_up", actor.client):
            async with db.transaction():
                await self.assertions.record_use(row)
                await audit.record(
                    "step_up.verified", actor_id=actor.id, ip=actor.ip, detail=detail
                )
        return row["id"]
