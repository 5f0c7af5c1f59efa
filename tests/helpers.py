"""Shared test steps: invite, enroll a passkey, log in."""

from __future__ import annotations

from tests.soft_authenticator import SoftAuthenticator


async def invite(
    full_name: str, roles: list[str], org: str | None = None, username: str | None = None
) -> str:
    """An enrollment token, created the way ``dangbo invite`` does."""
    from backend.accounts.invitations import InvitationService
    from backend.domains import build_services
    from backend.settings import get_settings
    from shared.accounts import Role

    service = build_services(get_settings()).get(InvitationService)
    created = await service.invite(
        full_name=full_name,
        roles=[Role(r) for r in roles],
        organisation_code=org,
        username=username,
    )
    return created.url.rsplit("/", 1)[1]


async def enroll(
    client, token: str, authenticator: SoftAuthenticator | None = None, **create_kwargs
) -> tuple[SoftAuthenticator, dict]:
    authenticator = authenticator or SoftAuthenticator()
    begin = await client.post("/api/auth/register/begin", json={"token": token})
    assert begin.status_code == 201, begin.text
    body = begin.json()
    credential = authenticator.create(body["options"], **create_kwargs)
    finish = await client.post(
        "/api/auth/register/finish",
        json={"ceremony": body["ceremony"], "credential": credential, "name": "Điện thoại"},
    )
    return authenticator, finish


async def new_user(
    client, full_name: str, roles: list[str], org: str | None = None
) -> SoftAuthenticator:
    """Invite and enroll a user; ``client`` is left signed in as that user."""
    token = await invite(full_name, roles, org)
    authenticator, finish = await enroll(client, token)
    assert finish.status_code == 201, finish.text
    return authenticator


async def login(client, authenticator: SoftAuthenticator, username: str | None = None, **get_kw):
    begin = await client.post("/api/auth/login/begin", json={"username": username})
    assert begin.status_code == 201, begin.text
    body = begin.json()
    assertion = authenticator.get(body["options"], **get_kw)
    return await client.post(
        "/api/auth/login/finish", json={"ceremony": body["ceremony"], "credential": assertion}
    )


def bare_request(method: str, path: str):
    """A Litestar request for code that takes one (an exception handler), with no app around."""
    from litestar import Request

    return Request(
        {
            "type": "http",
            "method": method,
            "path": path,
            "path_template": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": [],
            "scheme": "http",
            "server": ("localhost", 3000),
            "root_path": "",
        }
    )
