"""Every route of an API, called as every role and anonymously.

The walk reads the routes from the app's own OpenAPI document, so a new domain's routes are
walked without this file knowing them, and each role's global actions come from ``/api/me``,
so a new domain's policy shows up here too. What it holds for every route: nobody gets a 5xx;
a visitor who is not signed in gets 401 except on the few routes meant for him.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from shared.accounts import Role
from tests.conftest import make_client, prime_csrf
from tests.helpers import new_user

ANONYMOUS = "anonymous"

# Routes a visitor may call without a session (the passkey ceremonies, health, the CA, the
# signature check).
PUBLIC: set[tuple[str, str]] = {
    ("GET", "/api/health"),
    ("GET", "/api/csrf"),
    ("GET", "/api/auth/invitations/{token}"),
    ("POST", "/api/auth/register/begin"),
    ("POST", "/api/auth/register/finish"),
    ("POST", "/api/auth/login/begin"),
    ("POST", "/api/auth/login/finish"),
    ("GET", "/api/signing/ca.pem"),
    ("GET", "/api/signing/crl"),
    # Other agencies and citizens check a signed document (nothing is stored).
    ("POST", "/api/signing/verify"),
    # Citizens sign in through VNeID (a redirect flow) and may read the consent notice first.
    ("GET", "/api/citizens/vneid/start"),
    ("GET", "/api/citizens/vneid/callback"),
    ("GET", "/api/citizens/consent"),
}
# Called last: they end the caller's session.
ENDS_SESSION = {"/api/auth/logout", "/api/auth/logout-everywhere"}


@dataclass
class Operation:
    method: str
    template: str  # as the OpenAPI document names it: /api/documents/{document_id}
    parameters: dict[str, str]  # path parameter → its schema type
    multipart: bool = False  # the body is a form (an upload)

    def url(self) -> str:
        url = self.template
        for name, kind in self.parameters.items():
            value = "1" if kind == "integer" else "a" * 64
            url = url.replace("{" + name + "}", value)
        return url


def operations(openapi: dict) -> list[Operation]:
    found = []
    for template, methods in openapi["paths"].items():
        for method, spec in methods.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            parameters = {
                p["name"]: p.get("schema", {}).get("type", "string")
                for p in spec.get("parameters", [])
                if p["in"] == "path"
            }
            content = spec.get("requestBody", {}).get("content", {})
            multipart = "multipart/form-data" in content
            found.append(Operation(method.upper(), template, parameters, multipart))
    found.sort(key=lambda op: op.template in ENDS_SESSION)
    return found


async def role_clients(app, stack: contextlib.AsyncExitStack) -> dict[str, object]:
    """A signed-in client per role (one user each), and an anonymous one."""
    clients: dict[str, object] = {}
    for role in Role:
        client = await stack.enter_async_context(make_client(app))
        await prime_csrf(client)
        await new_user(client, f"Người Thử Vai {role.value}", [role.value])
        clients[role.value] = client
    anonymous = await stack.enter_async_context(make_client(app))
    await prime_csrf(anonymous)
    clients[ANONYMOUS] = anonymous
    return clients


async def global_actions(clients: dict[str, object]) -> dict[str, dict[str, list[str]]]:
    """``/api/me``'s actions of each signed-in role."""
    found = {}
    for role, client in clients.items():
        if role != ANONYMOUS:
            response = await client.get("/api/me")
            assert response.status_code == 200, response.text
            found[role] = response.json()["actions"]
    return found


Seen = dict[tuple[str, str, bool], dict[str, int]]  # (method, template, upload) → role → status


async def walk(app, clients: dict[str, object]) -> Seen:
    """Every operation as every role: the status each got."""
    async with make_client(app) as reader:
        openapi = (await reader.get("/api/schema/openapi.json")).json()
    seen: dict[tuple[str, str], dict[str, int]] = {}
    for op in operations(openapi):
        outcome = {}
        for role, client in clients.items():
            body = {} if op.method in {"POST", "PUT", "PATCH"} else None
            response = await client.request(op.method, op.url(), json=body)
            outcome[role] = response.status_code
        seen[(op.method, op.template, op.multipart)] = outcome
    return seen


def problems_of(seen: Seen) -> list[str]:
    problems = []
    for (method, template, upload), outcome in seen.items():
        for role, status in outcome.items():
            # 503 is an honest "not configured here" (no Web Push key in the test set-up).
            if status >= 500 and status != 503:
                problems.append(f"{method} {template} as {role}: {status}")
        anonymous = outcome[ANONYMOUS]
        # Litestar reads an upload form before the session dependency: a visitor who sends
        # a malformed form learns only that it is malformed.
        if upload and anonymous == 400:
            continue
        if (method, template) not in PUBLIC and anonymous != 401:
            problems.append(f"{method} {template} anonymously: {anonymous}, not 401")
    return problems
