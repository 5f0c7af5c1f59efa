"""Signing in with a passkey (the WebAuthn authentication ceremony).

Without a user name the browser offers the device's discoverable passkeys; with one, the
options name that user's passkeys (or, for a name with none, a stable made-up id). A verified
assertion opens a session.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from webauthn import base64url_to_bytes, generate_authentication_options, options_to_json
from webauthn.helpers.structs import PublicKeyCredentialDescriptor, UserVerificationRequirement

from backend import db
from backend.accounts.assertions import AssertionCheck
from backend.accounts.ceremonies import (
    CEREMONY_TTL_SECONDS,
    Ceremony,
    CeremonyStore,
    challenge_text,
)
from backend.accounts.identity import Actor, Client
from backend.accounts.recovery_hold import recovery_of_passkey
from backend.accounts.sessions import SessionService
from backend.accounts.tables import Credential
from backend.audit import services as audit
from backend.settings import Settings


class LoginCeremony:
    def __init__(
        self,
        settings: Settings,
        ceremonies: CeremonyStore,
        assertions: AssertionCheck,
        sessions: SessionService,
    ) -> None:
        self.settings = settings
        self.ceremonies = ceremonies
        self.assertions = assertions
        self.sessions = sessions
        self._decoy_key = hmac.new(
            settings.secret_key.encode(), b"dangbo login decoy credential", hashlib.sha256
        ).digest()

    def decoy_credential_id(self, username: str) -> bytes:
        """What ``allowCredentials`` names for a user name with no passkey: the same id on
        every request (a keyed HMAC of the name), so the answer does not tell whether the
        account exists."""
        return hmac.new(self._decoy_key, username.encode(), hashlib.sha256).digest()

    async def begin(self, username: str | None) -> tuple[str, dict]:
        allow: list[PublicKeyCredentialDescriptor] = []
        if username:
            name = username.strip().lower()
            rows = await Credential.select(Credential.credential_id, Credential.transports).where(
                (Credential.user.username == name) & Credential.revoked_at.is_null()
            )
            allow = [PublicKeyCredentialDescriptor(id=bytes(r["credential_id"])) for r in rows]
            if not allow:
                allow = [PublicKeyCredentialDescriptor(id=self.decoy_credential_id(name))]
        options = generate_authentication_options(
            rp_id=self.settings.rp_id,
            allow_credentials=allow or None,
            user_verification=UserVerificationRequirement.REQUIRED,
            timeout=CEREMONY_TTL_SECONDS * 1000,
        )
        ceremony = Ceremony(kind="login", challenge=challenge_text(options.challenge))
        return await self.ceremonies.open(ceremony), json.loads(options_to_json(options))

    async def finish(self, ceremony_id: str, credential: dict, client: Client) -> tuple[Actor, str]:
        """The signed-in user and his new session token."""
        ceremony = await self.ceremonies.take(ceremony_id, "login", client)
        # Verified outside the write transaction, so a refusal's audit record is kept.
        row = await self.assertions.verify(
            ceremony,
            credential,
            client,
            expected_challenge=base64url_to_bytes(ceremony.challenge),
        )
        recovery_id = await recovery_of_passkey(row["id"])
        detail = {"credential": row["id"]}
        if recovery_id is not None:
            detail["recovery"] = recovery_id  # a passkey enrolled through a recovery
        async with self.assertions.use_refusals(row, "login", client):
            async with db.transaction():
                await self.assertions.record_use(row)
                await audit.record(
                    "login.succeeded", actor_id=row["user"], ip=client.ip, detail=detail
                )
                token = await self.sessions.open(row["user"], client, credential_id=row["id"])
        actor = await self.sessions.resolve(token)
        assert actor is not None
        return actor, token
