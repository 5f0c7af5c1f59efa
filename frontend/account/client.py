"""``/api/me``: who is signed in, his passkeys and his sessions."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.accounts import ActiveSession, Me, Passkey, PasskeyRename, Recovery

# The key of this domain's global actions in ``Me.actions``.
DOMAIN = "accounts"

ME = Endpoint("GET", "/api/me", Me)
PASSKEYS = Endpoint("GET", "/api/me/passkeys", list[Passkey])
RENAME_PASSKEY = Endpoint("PATCH", "/api/me/passkeys/{passkey_id}")
REVOKE_PASSKEY = Endpoint("DELETE", "/api/me/passkeys/{passkey_id}")
SESSIONS = Endpoint("GET", "/api/me/sessions", list[ActiveSession])
REVOKE_SESSION = Endpoint("DELETE", "/api/me/sessions/{session_id}")
# An account recovery of one's own account, refused from any session of the user.
REFUSE_RECOVERY = Endpoint("POST", "/api/me/recoveries/{recovery_id}/refuse", Recovery)


async def me(api: ApiClient) -> Me:
    return await api.get(ME)


async def passkeys(api: ApiClient) -> list[Passkey]:
    return await api.get(PASSKEYS)


async def rename_passkey(api: ApiClient, passkey_id: int, name: str) -> None:
    await api.request(RENAME_PASSKEY, body=PasskeyRename(name), passkey_id=passkey_id)


async def revoke_passkey(api: ApiClient, passkey_id: int) -> None:
    await api.request(REVOKE_PASSKEY, passkey_id=passkey_id)


async def sessions(api: ApiClient) -> list[ActiveSession]:
    return await api.get(SESSIONS)


async def revoke_session(api: ApiClient, session_id: int) -> None:
    await api.request(REVOKE_SESSION, session_id=session_id)


async def refuse_recovery(api: ApiClient, recovery_id: int) -> Recovery:
    return await api.post(REFUSE_RECOVERY, recovery_id=recovery_id)
