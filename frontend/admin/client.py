"""``/api/admin`` (invitations, the user list), the held account recoveries a second person
confirms (``/api/recoveries``) and the organisation list, for the administration pages."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.accounts import InvitationCreate, InvitationCreated, Recovery, UserPage
from shared.orgs import Organisation

ORGANISATIONS = Endpoint("GET", "/api/orgs", list[Organisation])
INVITE = Endpoint("POST", "/api/admin/invitations", InvitationCreated)
USERS = Endpoint("GET", "/api/admin/users", UserPage, query=("q", "cursor", "limit"))
RECOVERIES_TO_CONFIRM = Endpoint("GET", "/api/recoveries", list[Recovery])
# The confirmation is a passkey step-up in the page (``frontend/admin/recovery_script.py``).
CONFIRM_BEGIN = Endpoint("POST", "/api/recoveries/{recovery_id}/confirm/begin")
CONFIRM_FINISH = Endpoint("POST", "/api/recoveries/{recovery_id}/confirm/finish", Recovery)

# The API answers the same key again with the first answer and creates nothing more: the form
# sends one key per filled-in form, so a double tap makes one account.
IDEMPOTENCY_HEADER = "Idempotency-Key"


async def organisations(api: ApiClient) -> list[Organisation]:
    return await api.get(ORGANISATIONS)


async def invite(
    api: ApiClient, invitation: InvitationCreate, idempotency_key: str | None = None
) -> InvitationCreated:
    headers = {IDEMPOTENCY_HEADER: idempotency_key} if idempotency_key else None
    return await api.post(INVITE, invitation, headers=headers)


async def users(
    api: ApiClient, q: str | None = None, cursor: str | None = None, limit: int = 20
) -> UserPage:
    return await api.get(USERS, query={"q": q, "cursor": cursor, "limit": limit})


async def recoveries_to_confirm(api: ApiClient) -> list[Recovery]:
    return await api.get(RECOVERIES_TO_CONFIRM)
