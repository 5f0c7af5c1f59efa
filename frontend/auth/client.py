"""``/api/auth`` as the pages call it. The passkey ceremonies themselves run in the browser
(``pwa/public/passkey.js``): ``navigator.credentials`` only exists there."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.accounts import InvitationInfo

INVITATION = Endpoint("GET", "/api/auth/invitations/{token}", InvitationInfo)


async def invitation(api: ApiClient, token: str) -> InvitationInfo:
    return await api.get(INVITATION, token=token)
