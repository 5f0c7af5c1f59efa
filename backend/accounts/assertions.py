"""Checking a passkey assertion (login and step-up) against the stored credential.

The signature is verified with py_webauthn outside any write transaction, so a refusal's
audit record is kept; then the new sign count is stored in the caller's transaction, where a
concurrent use of the same count (a clone) or a revocation since the check loses.
"""

from __future__ import annotations

import contextlib
from typing import Any

from webauthn import base64url_to_bytes, verify_authentication_response
from webauthn.helpers.exceptions import WebAuthnException

from backend.accounts.ceremonies import FAILED_EVENT, Ceremony
from backend.accounts.identity import Client
from backend.accounts.refusals import audit_refusals, refused
from backend.accounts.tables import Credential
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.settings import Settings


def user_handle_matches(credential: dict, user_id: int) -> bool:
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


class AssertionCheck:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    async def verify(
        self, ceremony: Ceremony, credential: dict, client: Client, *, expected_challenge: bytes
    ) -> dict[str, Any]:
        """Check an assertion against a stored, unrevoked credential; returns its row with the
        ``new_sign_count`` to store."""
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
                "login.unknown_credential", ip=client.ip, detail={"kind": ceremony.kind}
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
                "passkey.sign_count_regressed" if regressed else FAILED_EVENT[ceremony.kind],
                actor_id=row["user"],
                ip=client.ip,
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
        if not user_handle_matches(credential, row["user"]):
            # The authenticator names another account than the one the credential belongs to.
            problem = Problem(
                400, "Không xác minh được khóa truy cập. Hãy thử lại.", code="user_handle_mismatch"
            )
            raise await refused(
                problem,
                FAILED_EVENT[ceremony.kind],
                client,
                actor_id=row["user"],
                target=f"credential:{row['id']}",
            )
        if ceremony.user_id is not None and row["user"] != ceremony.user_id:
            problem = Problem(403, "Khóa truy cập không thuộc về bạn.", code="wrong_user")
            raise await refused(
                problem,
                FAILED_EVENT[ceremony.kind],
                client,
                actor_id=ceremony.user_id,
                target=f"credential:{row['id']}",
            )
        return {**row, "new_sign_count": verified.new_sign_count}

    async def record_use(self, row: dict[str, Any]) -> None:
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

    def use_refusals(
        self, row: dict[str, Any], kind: str, client: Client
    ) -> contextlib.AbstractAsyncContextManager[None]:
        """Around :meth:`record_use`'s transaction: a concurrent use or a revocation of the
        passkey is audited after the rollback."""
        return audit_refusals(
            ("credential_race", "credential_revoked"),
            FAILED_EVENT[kind],
            client,
            actor_id=row["user"],
            target=f"credential:{row['id']}",
        )
