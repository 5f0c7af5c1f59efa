"""``/api/admin`` and the organisation list, for the administration page."""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.accounts import InvitationCreate, InvitationCreated
from shared.orgs import Organisation

ORGANISATIONS = Endpoint("GET", "/api/orgs", list[Organisation])
INVITE = Endpoint("POST", "/api/admin/invitations", InvitationCreated)


async def organisations(api: ApiClient) -> list[Organisation]:
    return await api.get(ORGANISATIONS)


async def invite(api: ApiClient, invitation: InvitationCreate) -> InvitationCreated:
    return await api.post(INVITE, invitation)
