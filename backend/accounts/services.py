"""Accounts: invitations, passkey ceremonies (py_webauthn) and server-side sessions."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import secrets
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import msgspec
from webauthn import (
    base64url_to_bytes,
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
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
from backend.accounts.identity import Actor, Client, roles_of
from backend.accounts.tables import Credential, Invitation, User, UserSession
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.domain import DomainHooks
from backend.core.problems import Problem
from backend.core.stores import OneTimeStore
from backend.core.text import fold
from backend.orgs.tables import Organisation
from backend.settings import Settings
from shared.accounts import ActiveSession, Passkey, Role

CEREMONY_TTL_SECONDS = 300
# The audit action of a refused ceremony, by its kind.
_FAILED_EVENT = {
    "register": "passkey.register_failed",
    "login": "login.failed",
    "step_up": "step_up.failed",
}
SESSION_TOUCH_SECONDS = 60
SESSION_MEMO_SECONDS = 2.0
SESSION_MEMO_MAX = 10_000

# The session lookup, written once: it runs on every authenticated request.
_SESSION_SQL = """
SELECT s.id, s.last_seen_at, s.expires_at,
       u.id AS user_id, u.username, u.full_name, u.roles, u.is_active AS active,
       o.id AS org_id, o.code AS org_code, o.name AS org_name
FROM user_session s
JOIN app_user u ON u.id = s."user"
JOIN organisation o ON o.id = u.organisation
WHERE s.token_hash = {} AND s.revoked_at IS NULL
"""


def _user_handle_matches(credential: dict, user_id: int) -> bool:
    """An assertion's ``userHandle``, when the authenticator gives one, is the user id the
    passkey was registered with (``user_id=str(user.id)`` at registration)."""
    response = credential.get("response")
    handle = response.get("userHandle") if isinstance(response, dict) else None
    if not handle:
        return True  # optional for credentials named in allowCredentials
    try:
        return isinstance(handle, str) and base64url_to_bytes(handle) == str(user_id).encode()
    except ValueError:
        return False


class Ceremony(msgspec.Struct, frozen=True):
    kind: str  # "register" | "login" | "step_up"
    challenge: str  # base64url
    user_id: int | None = None
    invitation_id: int | None = None
    purpose: str = ""


def _aware(value: datetime | str) -> datetime:
    """Raw SQL on SQLite may hand back text; Piccolo's own queries convert it."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _b64(data: bytes) -> str:
    from webauthn.helpers import bytes_to_base64url

    return bytes_to_base64url(data)


async def username_for(full_name: str) -> str:
    """``Nguyễn Văn An`` → ``nguyenvanan`` (then ``nguyenvanan2`` …): ASCII, easy to type."""
    base = re.sub(r"[^a-z0-9]", "", fold(full_name))[:60] or "nguoidung"
    candidate, n = base, 1
    while await User.exists().where(User.username == candidate):
        n += 1
        candidate = f"{base}{n}"
    return candidate


class AccountService:
    def __init__(self, settings: Settings, ceremonies: OneTimeStore, hooks: DomainHooks) -> None:
        self.settings = settings
        self.ceremonies = ceremonies
        self.hooks = hooks
        self._session_memo: dict[str, tuple[Actor, float]] = {}

    # ---- invitations -------------------------------------------------------------------

    async def invite(
        self,
        *,
        full_name: str,
        roles: list[Role],
        organisation_code: str | None,
        username: str | None = None,
        revoke_existing: bool = False,
        created_by: int | None = None,
        caller: Client = Client(),
    ) -> tuple[str, str, Any]:
        """Create (or, for a lost device, re-issue) a single-use enrollment link. Re-issued
        with ``revoke_existing``, the user's passkeys and sessions end in the same step."""
        token = secrets.token_urlsafe(32)
        expires_at = now() + timedelta(hours=self.settings.invitation_hours)
        async with db.transaction():
            if username:
                user = await User.objects().where(User.username == username).first()
                if user is None:
                    raise Problem(404, f"Không có người dùng '{username}'.", code="unknown_user")
                # Older links for this user stop working: only the newest one counts.
                await Invitation.update({Invitation.used_at: now()}).where(
                    (Invitation.user == user.id) & Invitation.used_at.is_null()
                )
                action = "invitation.reissued"
                if revoke_existing:
                    await self._revoke_everything(user.id, created_by, caller)
            elif revoke_existing:
                raise Problem(
                    400,
                    "Chỉ thu hồi khóa cũ khi cấp lại cho người dùng đã có (cần tên đăng nhập).",
                    code="validation",
                )
            else:
                if organisation_code:
                    org = (
                        await Organisation.objects()
                        .where(Organisation.code == organisation_code)
                        .first()
                    )
                else:
                    org = (
                        await Organisation.objects()
                        .where(Organisation.parent.is_null())
                        .order_by(Organisation.id)
                        .first()
                    )
                if org is None:
                    raise Problem(
                        404,
                        f"Không có tổ chức mã '{organisation_code or 'gốc'}'.",
                        code="unknown_organisation",
                    )
                user = User(
                    username=await username_for(full_name),
                    full_name=full_name.strip(),
                    organisation=org.id,
                    roles=json.dumps(sorted({r.value for r in roles})),
                    is_active=False,
                    created_at=now(),
                )
                await user.save()
                action = "invitation.created"
            await Invitation.insert(
                Invitation(
                    token_hash=token_hash(token),
                    user=user.id,
                    created_by=created_by,
                    created_at=now(),
                    expires_at=expires_at,
                )
            )
            await audit.record(
                action,
                actor_id=created_by,
                target=f"user:{user.id}",
                ip=caller.ip,
                detail={"roles": json.loads(user.roles) if isinstance(user.roles, str) else []},
            )
        if revoke_existing:
            self.forget_sessions(user.id)  # after the commit, so no request re-reads them first
        return f"{self.settings.origin}/dang-ky/{token}", user.username, expires_at

    async def _valid_invitation(self, token: str, caller: Client) -> dict:
        row = await self._find_invitation(token)
        problem = None
        if row is None:
            problem = Problem(404, "Liên kết đăng ký không tồn tại.", code="invitation_unknown")
        elif row["used_at"] is not None:
            problem = Problem(
                410,
                "Liên kết đăng ký đã được sử dụng. Hãy đề nghị quản trị gửi lại.",
                code="invitation_used",
            )
        elif row["expires_at"] <= now():
            problem = Problem(
                410,
                "Liên kết đăng ký đã hết hạn (72 giờ). Hãy đề nghị quản trị gửi lại.",
                code="invitation_expired",
            )
        if problem is not None:
            target = f"user:{row['user']}" if row is not None else ""
            raise await self._refused(problem, "invitation.refused", caller, target=target)
        assert row is not None
        return row

    async def _find_invitation(self, token: str) -> dict | None:
        return (
            await Invitation.select(
                Invitation.id, Invitation.user, Invitation.expires_at, Invitation.used_at
            )
            .where(Invitation.token_hash == token_hash(token))
            .first()
        )

    async def invitation_info(self, token: str, caller: Client) -> dict:
        row = await self._valid_invitation(token, caller)
        user = (
            await User.select(
                User.full_name, User.username, User.organisation.name.as_alias("org_name")
            )
            .where(User.id == row["user"])
            .first()
        )
        return {**user, "expires_at": row["expires_at"]}

    # ---- registration ------------------------------------------------------------------

    async def begin_registration(self, token: str, caller: Client) -> tuple[str, dict]:
        invitation = await self._valid_invitation(token, caller)
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
            challenge=_b64(options.challenge),
            user_id=user.id,
            invitation_id=invitation["id"],
        )
        options_json = json.loads(options_to_json(options))
        options_json["extensions"] = {"credProps": True}
        return await self._store(ceremony), options_json

    async def finish_registration(
        self, ceremony_id: str, credential: dict, name: str | None, caller: Client
    ) -> tuple[Actor, str]:
        ceremony = await self._take(ceremony_id, "register", caller)
        extensions = credential.get("clientExtensionResults")
        cred_props = extensions.get("credProps") if isinstance(extensions, dict) else None
        if isinstance(cred_props, dict) and cred_props.get("rk") is False:
            problem = Problem(
                400,
                "Thiết bị chưa tạo được khóa truy cập lưu trên thiết bị (discoverable).",
                code="not_discoverable",
            )
            raise await self._refused(
                problem, "passkey.register_failed", caller, actor_id=ceremony.user_id
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
                "passkey.register_failed",
                actor_id=ceremony.user_id,
                ip=caller.ip,
                detail={"reason": str(exc)[:200]},
            )
            raise Problem(
                400,
                "Không xác minh được khóa truy cập vừa tạo. Hãy thử lại.",
                code="registration_invalid",
            ) from exc
        response = credential.get("response")
        raw_transports = response.get("transports") if isinstance(response, dict) else None
        transports = [
            t
            for t in (raw_transports if isinstance(raw_transports, list) else [])
            if isinstance(t, str) and t in AuthenticatorTransport._value2member_map_
        ]
        async with self._audit_refusals(
            ("invitation_used",), _FAILED_EVENT["register"], caller, actor_id=ceremony.user_id
        ):
            return await self._store_credential(ceremony, verified, transports, name, caller)

    async def _store_credential(
        self,
        ceremony: Ceremony,
        verified: VerifiedRegistration,
        transports: list[str],
        name: str | None,
        caller: Client,
    ) -> tuple[Actor, str]:
        async with db.transaction():
            used = (
                await Invitation.update({Invitation.used_at: now()})
                .where(
                    (Invitation.id == ceremony.invitation_id)
                    & Invitation.used_at.is_null()
                    & (Invitation.expires_at > now())
                )
                .returning(Invitation.id)
            )
            if not used:
                raise Problem(
                    410,
                    "Liên kết đăng ký đã được sử dụng hoặc đã hết hạn.",
                    code="invitation_used",
                )
            count = await Credential.count().where(Credential.user == ceremony.user_id)
            await Credential.insert(
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
            await User.update({User.is_active: True}).where(User.id == ceremony.user_id)
            await audit.record(
                "passkey.registered",
                actor_id=ceremony.user_id,
                ip=caller.ip,
                target=f"user:{ceremony.user_id}",
            )
            token = await self._open_session(ceremony.user_id, caller)
        user = await self.resolve_session(token)
        assert user is not None
        return user, token

    # ---- login -------------------------------------------------------------------------

    async def begin_login(self, username: str | None) -> tuple[str, dict]:
        allow: list[PublicKeyCredentialDescriptor] = []
        if username:
            rows = await Credential.select(Credential.credential_id, Credential.transports).where(
                (Credential.user.username == username.strip().lower())
                & Credential.revoked_at.is_null()
            )
            allow = [PublicKeyCredentialDescriptor(id=bytes(r["credential_id"])) for r in rows]
        options = generate_authentication_options(
            rp_id=self.settings.rp_id,
            allow_credentials=allow or None,
            user_verification=UserVerificationRequirement.REQUIRED,
            timeout=CEREMONY_TTL_SECONDS * 1000,
        )
        ceremony = Ceremony(kind="login", challenge=_b64(options.challenge))
        return await self._store(ceremony), json.loads(options_to_json(options))

    async def _verify_assertion(
        self, ceremony: Ceremony, credential: dict, caller: Client, *, expected_challenge: bytes
    ) -> dict:
        """Check an assertion against a stored, unrevoked credential; returns its row."""
        raw_id = credential.get("rawId") or credential.get("id")
        try:
            credential_id = base64url_to_bytes(str(raw_id))
        except (ValueError, TypeError) as exc:
            raise Problem(
                400, "Dữ liệu khóa truy cập không hợp lệ.", code="assertion_invalid"
            ) from exc
        row = (
            await Credential.select(
                Credential.id,
                Credential.user,
                Credential.public_key,
                Credential.sign_count,
                Credential.user.is_active.as_alias("active"),
            )
            .where((Credential.credential_id == credential_id) & Credential.revoked_at.is_null())
            .first()
        )
        if row is None or not row["active"]:
            await audit.record(
                "login.unknown_credential", ip=caller.ip, detail={"kind": ceremony.kind}
            )
            raise Problem(
                400,
                "Khóa truy cập này không còn hiệu lực hoặc chưa được đăng ký. "
                "Hãy dùng khóa khác hoặc đề nghị quản trị cấp lại.",
                code="unknown_credential",
            )
        try:
            verified = verify_authentication_response(
                credential=credential,
                expected_challenge=expected_challenge,
                expected_rp_id=self.settings.rp_id,
                expected_origin=self.settings.origin,
                credential_public_key=bytes(row["public_key"]),
                credential_current_sign_count=row["sign_count"],
                require_user_verification=True,
            )
        except (WebAuthnException, ValueError, TypeError, KeyError, AttributeError) as exc:
            regressed = "sign count" in str(exc).lower()
            await audit.record(
                "passkey.sign_count_regressed" if regressed else _FAILED_EVENT[ceremony.kind],
                actor_id=row["user"],
                ip=caller.ip,
                target=f"credential:{row['id']}",
                detail={"reason": str(exc)[:200]},
            )
            if regressed:
                raise Problem(
                    400,
                    "Khóa truy cập có dấu hiệu bị sao chép (bộ đếm chữ ký giảm). "
                    "Hãy liên hệ quản trị.",
                    code="sign_count_regressed",
                ) from exc
            raise Problem(
                400, "Không xác minh được khóa truy cập. Hãy thử lại.", code="assertion_invalid"
            ) from exc
        # Checked once the signature holds, so that only the passkey's holder can cause these
        # records (a credential id alone is enough to reach this method).
        if not _user_handle_matches(credential, row["user"]):
            # The authenticator names another account than the one the credential belongs to.
            problem = Problem(
                400, "Không xác minh được khóa truy cập. Hãy thử lại.", code="user_handle_mismatch"
            )
            raise await self._refused(
                problem,
                _FAILED_EVENT[ceremony.kind],
                caller,
                actor_id=row["user"],
                target=f"credential:{row['id']}",
            )
        if ceremony.user_id is not None and row["user"] != ceremony.user_id:
            problem = Problem(403, "Khóa truy cập không thuộc về bạn.", code="wrong_user")
            raise await self._refused(
                problem,
                _FAILED_EVENT[ceremony.kind],
                caller,
                actor_id=ceremony.user_id,
                target=f"credential:{row['id']}",
            )
        return {**row, "new_sign_count": verified.new_sign_count}

    async def _record_use(self, row: dict) -> None:
        """Store the new sign count; a concurrent use of the same count loses (a clone), and so
        does a passkey revoked since it was read (an administrator's revocation mid-login)."""
        updated = (
            await Credential.update(
                {Credential.sign_count: row["new_sign_count"], Credential.last_used_at: now()}
            )
            .where(
                (Credential.id == row["id"])
                & (Credential.sign_count == row["sign_count"])
                & Credential.revoked_at.is_null()
            )
            .returning(Credential.id)
        )
        if updated:
            return
        revoked = await Credential.exists().where(
            (Credential.id == row["id"]) & Credential.revoked_at.is_not_null()
        )
        if revoked:
            raise Problem(
                400,
                "Khóa truy cập này vừa bị thu hồi. Hãy đề nghị quản trị cấp lại.",
                code="credential_revoked",
            )
        raise Problem(
            409, "Khóa truy cập vừa được dùng ở nơi khác. Hãy thử lại.", code="credential_race"
        )

    async def finish_login(
        self, ceremony_id: str, credential: dict, caller: Client
    ) -> tuple[Actor, str]:
        ceremony = await self._take(ceremony_id, "login", caller)
        # Verified outside the write transaction, so a refusal's audit record is kept.
        row = await self._verify_assertion(
            ceremony,
            credential,
            caller,
            expected_challenge=base64url_to_bytes(ceremony.challenge),
        )
        async with self._audit_use_refusals(row, _FAILED_EVENT["login"], caller):
            async with db.transaction():
                await self._record_use(row)
                await audit.record("login.succeeded", actor_id=row["user"], ip=caller.ip)
                token = await self._open_session(row["user"], caller)
        user = await self.resolve_session(token)
        assert user is not None
        return user, token

    # ---- step-up (fresh assertion bound to an intent, e.g. signing) --------------------

    async def begin_step_up(self, user: Actor, purpose: str, bound: bytes) -> tuple[str, dict]:
        """A challenge that commits to ``purpose`` and ``bound`` (e.g. a document's SHA-256):
        challenge = SHA-256(nonce ‖ purpose ‖ bound), so the assertion authorises only that."""
        nonce = secrets.token_bytes(32)
        challenge = hashlib.sha256(nonce + purpose.encode() + bound).digest()
        rows = await Credential.select(Credential.credential_id).where(
            (Credential.user == user.id) & Credential.revoked_at.is_null()
        )
        options = generate_authentication_options(
            rp_id=self.settings.rp_id,
            challenge=challenge,
            allow_credentials=[
                PublicKeyCredentialDescriptor(id=bytes(r["credential_id"])) for r in rows
            ],
            user_verification=UserVerificationRequirement.REQUIRED,
            timeout=CEREMONY_TTL_SECONDS * 1000,
        )
        ceremony = Ceremony(kind="step_up", challenge=_b64(nonce), user_id=user.id, purpose=purpose)
        return await self._store(ceremony), json.loads(options_to_json(options))

    async def finish_step_up(
        self,
        user: Actor,
        ceremony_id: str,
        credential: dict,
        purpose: str,
        bound: bytes,
        caller: Client,
    ) -> None:
        ceremony = await self._take(ceremony_id, "step_up", caller)
        if ceremony.user_id != user.id or ceremony.purpose != purpose:
            problem = Problem(403, "Xác nhận không khớp với thao tác.", code="step_up_mismatch")
            raise await self._refused(problem, "step_up.failed", caller, actor_id=user.id)
        nonce = base64url_to_bytes(ceremony.challenge)
        expected = hashlib.sha256(nonce + purpose.encode() + bound).digest()
        row = await self._verify_assertion(
            ceremony, credential, caller, expected_challenge=expected
        )
        async with self._audit_use_refusals(row, _FAILED_EVENT["step_up"], caller):
            async with db.transaction():
                await self._record_use(row)
                await audit.record(
                    "step_up.verified", actor_id=user.id, ip=caller.ip, detail={"purpose": purpose}
                )

    # ---- ceremonies --------------------------------------------------------------------

    async def _store(self, ceremony: Ceremony) -> str:
        ceremony_id = secrets.token_urlsafe(24)
        await self.ceremonies.put(
            f"ceremony:{ceremony_id}", msgspec.json.encode(ceremony), CEREMONY_TTL_SECONDS
        )
        return ceremony_id

    async def _take(self, ceremony_id: str, kind: str, caller: Client) -> Ceremony:
        raw = await self.ceremonies.take(f"ceremony:{ceremony_id}")
        if raw is None:
            problem = Problem(
                400,
                "Phiên xác thực đã hết hạn hoặc đã được dùng. Hãy bắt đầu lại.",
                code="challenge_used",
            )
            raise await self._refused(problem, _FAILED_EVENT[kind], caller)
        ceremony = msgspec.json.decode(raw, type=Ceremony)
        if ceremony.kind != kind:
            problem = Problem(400, "Phiên xác thực không đúng loại.", code="challenge_kind")
            raise await self._refused(problem, _FAILED_EVENT[kind], caller)
        return ceremony

    async def _refused(
        self,
        problem: Problem,
        event: str,
        caller: Client,
        *,
        actor_id: int | None = None,
        target: str = "",
    ) -> Problem:
        """Audit a refused authentication step, then hand back the problem to raise. Called
        outside any transaction, so the record stays although the request fails."""
        await audit.record(
            event, actor_id=actor_id, ip=caller.ip, target=target, detail={"reason": problem.code}
        )
        return problem

    @contextlib.asynccontextmanager
    async def _audit_refusals(
        self,
        codes: tuple[str, ...],
        event: str,
        caller: Client,
        *,
        actor_id: int | None = None,
        target: str = "",
    ) -> AsyncIterator[None]:
        """Refusals (``codes``) raised inside a write transaction roll back with it: their
        audit record is written after, outside it."""
        try:
            yield
        except Problem as problem:
            if problem.code not in codes:
                raise
            raise await self._refused(
                problem, event, caller, actor_id=actor_id, target=target
            ) from None

    def _audit_use_refusals(
        self, row: dict, event: str, caller: Client
    ) -> contextlib.AbstractAsyncContextManager[None]:
        """A concurrent use or a revocation of the passkey, refused by ``_record_use``."""
        return self._audit_refusals(
            ("credential_race", "credential_revoked"),
            event,
            caller,
            actor_id=row["user"],
            target=f"credential:{row['id']}",
        )

    # ---- sessions ----------------------------------------------------------------------

    async def _open_session(self, user_id: int, caller: Client) -> str:
        token = secrets.token_urlsafe(32)
        created = now()
        await UserSession.insert(
            UserSession(
                token_hash=token_hash(token),
                user=user_id,
                created_at=created,
                last_seen_at=created,
                expires_at=created + timedelta(hours=self.settings.session_absolute_hours),
                user_agent=caller.user_agent[:200],
            )
        )
        return token

    async def resolve_session(self, token: str | None) -> Actor | None:
        """The signed-in user, or None when the session is unknown, revoked, idle or expired.

        Every API call asks this, so the answer is kept for a moment per process
        (``SESSION_MEMO_SECONDS``); logging out or revoking here drops it at once, and another
        worker notices within that moment.
        """
        if not token or len(token) > 100:
            return None
        digest = token_hash(token)
        memo = self._session_memo.get(digest)
        if memo is not None and memo[1] > time.monotonic():
            return memo[0]
        rows = await UserSession.raw(_SESSION_SQL, digest)
        row = rows[0] if rows else None
        if row is None or not row["active"]:
            return None
        current = now()
        last_seen = _aware(row["last_seen_at"])
        idle_limit = timedelta(minutes=self.settings.session_idle_minutes)
        if _aware(row["expires_at"]) <= current or last_seen + idle_limit <= current:
            return None
        if (current - last_seen).total_seconds() >= SESSION_TOUCH_SECONDS:
            await UserSession.update({UserSession.last_seen_at: current}).where(
                UserSession.id == row["id"]
            )
        user = Actor(
            id=row["user_id"],
            username=row["username"],
            full_name=row["full_name"],
            organisation_id=row["org_id"],
            organisation_code=row["org_code"],
            organisation_name=row["org_name"],
            roles=roles_of(row["roles"]),
            session_id=row["id"],
        )
        if len(self._session_memo) >= SESSION_MEMO_MAX:
            self._session_memo.clear()
        self._session_memo[digest] = (user, time.monotonic() + SESSION_MEMO_SECONDS)
        return user

    async def _revoke_everything(
        self, user_id: int, revoked_by: int | None, caller: Client
    ) -> None:
        """A lost or stolen device: every passkey and session of the user ends, and what other
        domains keep for his devices (``REVOCATION_HOOKS``), inside the caller's transaction.
        The caller forgets the sessions after the commit; other workers within
        ``SESSION_MEMO_SECONDS``."""
        at = now()
        passkeys = (
            await Credential.update({Credential.revoked_at: at})
            .where((Credential.user == user_id) & Credential.revoked_at.is_null())
            .returning(Credential.id)
        )
        sessions = (
            await UserSession.update({UserSession.revoked_at: at})
            .where((UserSession.user == user_id) & UserSession.revoked_at.is_null())
            .returning(UserSession.id)
        )
        counts = {"passkeys": len(passkeys), "sessions": len(sessions)}
        counts.update(await self.hooks.forget_devices(user_id))
        await audit.record(
            "account.revoked_by_admin",
            actor_id=revoked_by,
            target=f"user:{user_id}",
            ip=caller.ip,
            detail=counts,
        )

    def forget_sessions(self, user_id: int | None = None) -> None:
        """Drop remembered sessions (of one user, or all) so the next call asks the database."""
        if user_id is None:
            self._session_memo.clear()
            return
        for digest in [d for d, (u, _) in self._session_memo.items() if u.id == user_id]:
            self._session_memo.pop(digest, None)

    async def logout(self, user: Actor, caller: Client) -> None:
        async with db.transaction():
            await UserSession.update({UserSession.revoked_at: now()}).where(
                UserSession.id == user.session_id
            )
            await audit.record("logout", actor_id=user.id, ip=caller.ip)
        self.forget_sessions(user.id)

    async def logout_everywhere(self, user: Actor, caller: Client) -> int:
        async with db.transaction():
            revoked = (
                await UserSession.update({UserSession.revoked_at: now()})
                .where((UserSession.user == user.id) & UserSession.revoked_at.is_null())
                .returning(UserSession.id)
            )
            await audit.record(
                "logout.everywhere",
                actor_id=user.id,
                ip=caller.ip,
                detail={"sessions": len(revoked)},
            )
        self.forget_sessions(user.id)
        return len(revoked)

    async def sessions(self, user: Actor) -> list[ActiveSession]:
        current = now()
        rows = (
            await UserSession.select()
            .where(
                (UserSession.user == user.id)
                & UserSession.revoked_at.is_null()
                & (UserSession.expires_at > current)
                & (
                    UserSession.last_seen_at
                    > current - timedelta(minutes=self.settings.session_idle_minutes)
                )
            )
            .order_by(UserSession.last_seen_at, ascending=False)
        )
        return [
            ActiveSession(
                id=r["id"],
                created_at=r["created_at"],
                last_seen_at=r["last_seen_at"],
                user_agent=r["user_agent"],
                current=r["id"] == user.session_id,
            )
            for r in rows
        ]

    async def revoke_session(self, user: Actor, session_id: int, caller: Client) -> None:
        async with db.transaction():
            revoked = (
                await UserSession.update({UserSession.revoked_at: now()})
                .where(
                    (UserSession.id == session_id)
                    & (UserSession.user == user.id)
                    & UserSession.revoked_at.is_null()
                )
                .returning(UserSession.id)
            )
            if not revoked:
                raise Problem(404, "Không tìm thấy phiên đăng nhập.", code="unknown_session")
            await audit.record(
                "session.revoked", actor_id=user.id, ip=caller.ip, target=f"session:{session_id}"
            )
        self.forget_sessions(user.id)

    # ---- passkeys ----------------------------------------------------------------------

    async def passkeys(self, user: Actor) -> list[Passkey]:
        rows = (
            await Credential.select()
            .where((Credential.user == user.id) & Credential.revoked_at.is_null())
            .order_by(Credential.id)
        )
        return [
            Passkey(
                id=r["id"],
                name=r["name"],
                created_at=r["created_at"],
                last_used_at=r["last_used_at"],
                backed_up=r["backed_up"],
            )
            for r in rows
        ]

    async def rename_passkey(self, user: Actor, passkey_id: int, name: str, caller: Client) -> None:
        async with db.transaction():
            changed = (
                await Credential.update({Credential.name: name.strip()[:80]})
                .where(
                    (Credential.id == passkey_id)
                    & (Credential.user == user.id)
                    & Credential.revoked_at.is_null()
                )
                .returning(Credential.id)
            )
            if not changed:
                raise Problem(404, "Không tìm thấy khóa truy cập.", code="unknown_passkey")
            await audit.record(
                "passkey.renamed", actor_id=user.id, ip=caller.ip, target=f"credential:{passkey_id}"
            )

    async def revoke_passkey(self, user: Actor, passkey_id: int, caller: Client) -> None:
        async with db.transaction():
            revoked = (
                await Credential.update({Credential.revoked_at: now()})
                .where(
                    (Credential.id == passkey_id)
                    & (Credential.user == user.id)
                    & Credential.revoked_at.is_null()
                )
                .returning(Credential.id)
            )
            if not revoked:
                raise Problem(404, "Không tìm thấy khóa truy cập.", code="unknown_passkey")
            await audit.record(
                "passkey.revoked", actor_id=user.id, ip=caller.ip, target=f"credential:{passkey_id}"
            )
