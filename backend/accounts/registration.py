"""Registering a passkey from an enrollment link (the WebAuthn registration ceremony).

The passkey must be discoverable (a resident key, so login needs no user name) and verify its
user. Storing it spends the link, activates the user and opens his first session, in one
transaction.
"""

from __future__ import annotations

import json
import sqlite3

from webauthn import (
    base64url_to_bytes,
    generate_registration_options,
    options_to_json,
    verify_registration_response,
)
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    AuthenticatorTransport,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)
from webauthn.registration.verify_registration_response import VerifiedRegistration

from backend import db
from backend.accounts.ceremonies import (
    CEREMONY_TTL_SECONDS,
    FAILED_EVENT,
    Ceremony,
    CeremonyStore,
    challenge_text,
)
from backend.accounts.identity import Actor, Client
from backend.accounts.invitations import InvitationService
from backend.accounts.recoveries import RecoveryService
from backend.accounts.refusals import audit_refusals, refused
from backend.accounts.sessions import SessionService
from backend.accounts.tables import Credential, User
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.settings import Settings

_UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE


def _already_registered() -> Problem:
    return Problem(
        409,
        "Khóa truy cập này đã được đăng ký cho một tài khoản. Hãy tạo khóa mới trên thiết bị.",
        code="credential_exists",
    )


def _transports(credential: dict) -> list[str]:
    """The transports the browser reported, keeping only those WebAuthn defines."""
    response = credential.get("response")
    raw = response.get("transports") if isinstance(response, dict) else None
    return [
        t
        for t in (raw if isinstance(raw, list) else [])
        if isinstance(t, str) and t in AuthenticatorTransport._value2member_map_
    ]


class RegistrationCeremony:
    def __init__(
        self,
        settings: Settings,
        ceremonies: CeremonyStore,
        invitations: InvitationService,
        sessions: SessionService,
        recoveries: RecoveryService,
    ) -> None:
        self.settings = settings
        self.ceremonies = ceremonies
        self.invitations = invitations
        self.sessions = sessions
        self.recoveries = recoveries

    async def begin(self, token: str, client: Client) -> tuple[str, dict]:
        invitation = await self.invitations.valid(token, client)
        user = await User.objects().where(User.id == invitation["user"]).first()
        existing = await Credential.select(Credential.credential_id).where(
            (Credential.user == user.id) & Credential.revoked_at.is_null()
        )
        options = generate_registration_options(
            rp_id=self.settings.rp_id,
            rp_name="Đảng bộ số",
            user_id=str(user.id).encode(),
            user_name=user.username,
            user_display_name=user.full_name,
            authenticator_selection=AuthenticatorSelectionCriteria(
                resident_key=ResidentKeyRequirement.REQUIRED,
                user_verification=UserVerificationRequirement.REQUIRED,
            ),
            exclude_credentials=[
                PublicKeyCredentialDescriptor(id=bytes(c["credential_id"])) for c in existing
            ],
            timeout=CEREMONY_TTL_SECONDS * 1000,
        )
        ceremony = Ceremony(
            kind="register",
            challenge=challenge_text(options.challenge),
            user_id=user.id,
            invitation_id=invitation["id"],
        )
        options_json = json.loads(options_to_json(options))
        options_json["extensions"] = {"credProps": True}
        return await self.ceremonies.open(ceremony), options_json

    async def finish(
        self, ceremony_id: str, credential: dict, name: str | None, client: Client
    ) -> tuple[Actor, str]:
        """The new passkey is stored and the user signed in: his identity and session token."""
        ceremony = await self.ceremonies.take(ceremony_id, "register", client)
        extensions = credential.get("clientExtensionResults")
        cred_props = extensions.get("credProps") if isinstance(extensions, dict) else None
        if isinstance(cred_props, dict) and cred_props.get("rk") is False:
            problem = Problem(
                400,
                "Thiết bị chưa tạo được khóa truy cập lưu trên thiết bị (discoverable).",
                code="not_discoverable",
            )
            raise await refused(
                problem, FAILED_EVENT["register"], client, actor_id=ceremony.user_id
            )
        try:
            verified = verify_registration_response(
                credential=credential,
                expected_challenge=base64url_to_bytes(ceremony.challenge),
                expected_rp_id=self.settings.rp_id,
                expected_origin=self.settings.origin,
                require_user_verification=True,
            )
        except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError) as exc:
            await audit.record(
                FAILED_EVENT["register"],
                actor_id=ceremony.user_id,
                ip=client.ip,
                detail={"reason": str(exc)[:200]},
            )
            raise Problem(
                400,
                "Không xác minh được khóa truy cập vừa tạo. Hãy thử lại.",
                code="registration_invalid",
            ) from exc
        async with audit_refusals(
            ("invitation_used", "credential_exists"),
            FAILED_EVENT["register"],
            client,
            actor_id=ceremony.user_id,
        ):
            token = await self._store(ceremony, verified, _transports(credential), name, client)
        actor = await self.sessions.resolve(token)
        assert actor is not None
        return actor, token

    async def _store(
        self,
        ceremony: Ceremony,
        verified: VerifiedRegistration,
        transports: list[str],
        name: str | None,
        client: Client,
    ) -> str:
        async with db.transaction():
            await self.invitations.use(ceremony.invitation_id)
            # Credential ids are unique across users: one already stored (for anyone) is
            # refused here rather than by the database's constraint (a 500).
            if await Credential.exists().where(Credential.credential_id == verified.credential_id):
                raise _already_registered()
            count = await Credential.count().where(Credential.user == ceremony.user_id)
            try:
                stored = await Credential.insert(
                    Credential(
                        user=ceremony.user_id,
                        credential_id=verified.credential_id,
                        public_key=verified.credential_public_key,
                        sign_count=verified.sign_count,
                        transports=json.dumps(transports),
                        backed_up=verified.credential_backed_up,
                        name=(name or "").strip()[:80] or f"Khóa truy cập {count + 1}",
                        created_at=now(),
                    )
                )
            except Exception as exc:
                # The same id stored by a concurrent registration since the check above.
                if isinstance(exc, sqlite3.IntegrityError) or getattr(exc, "sqlstate", "") == (
                    _UNIQUE_VIOLATION
                ):
                    raise _already_registered() from None
                raise
            credential_id = stored[0]["id"]
            await User.update({User.is_active: True}).where(User.id == ceremony.user_id)
            # Through an administrator's recovery link: the passkey is held.
            recovery_id = await self.recoveries.enrol(
                ceremony.invitation_id, credential_id, ceremony.user_id, client
            )
            detail = {"credential": credential_id}
            if recovery_id is not None:
                detail["recovery"] = recovery_id
            await audit.record(
                "passkey.registered",
                actor_id=ceremony.user_id,
                ip=client.ip,
                target=f"user:{ceremony.user_id}",
                detail=detail,
            )
            return await self.sessions.open(ceremony.user_id, client, credential_id=credential_id)
