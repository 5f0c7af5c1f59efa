"""Text the database cannot hold (U+0000) gets a 400 problem on both backends and writes nothing.

PostgreSQL refuses NUL in text; SQLite would store it. Run on both (``DANGBO_TEST_BACKEND``).
"""

from __future__ import annotations

import contextlib
from urllib.parse import quote

import pytest

from tests.documents_support import incoming_meta, make_org, person, register
from tests.helpers import bare_request, new_user

NUL = "\x00"


def _refused(response, code: str = "nul_character") -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith(code), body
    assert "NUL" in body["detail"]


@pytest.mark.parametrize(
    "path,payload",
    [
        ("/api/auth/login/begin", {"username": f"quan{NUL}tri"}),
        ("/api/auth/register/begin", {"token": f"abcdefghij{NUL}k"}),
        # Inside the WebAuthn credential (a free-form object) and in a key.
        ("/api/auth/login/finish", {"ceremony": "x" * 20, "credential": {"id": f"A{NUL}"}}),
        ("/api/auth/login/finish", {"ceremony": "x" * 20, "credential": {f"k{NUL}": 1}}),
    ],
)
async def test_auth_endpoints_refuse_nul(client, path, payload):
    _refused(await client.post(path, json=payload))


async def test_signed_in_writes_refuse_nul_and_change_nothing(client):
    from backend.accounts.tables import Invitation

    await new_user(client, "Quản Trị Ký Tự", ["quan_tri"])
    invitations = await Invitation.count()
    for payload in (
        {"full_name": f"Nguyễn{NUL} Văn A", "roles": ["can_bo"]},
        {"full_name": "Nguyễn Văn A", "roles": ["can_bo"], "organisation_code": f"X{NUL}"},
        {"username": f"q{NUL}"},
    ):
        _refused(await client.post("/api/admin/invitations", json=payload))
    assert await Invitation.count() == invitations

    [passkey] = (await client.get("/api/me/passkeys")).json()
    _refused(await client.patch(f"/api/me/passkeys/{passkey['id']}", json={"name": f"a{NUL}b"}))
    assert [p["name"] for p in (await client.get("/api/me/passkeys")).json()] == [passkey["name"]]


async def test_document_metadata_in_a_form_refuses_nul(app):
    from backend.documents.tables import Document

    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        clerk = await person(app, stack, "Văn Thư Ký Tự", ["van_thu", "can_bo"], org)
        before = await Document.count()
        response = await register(clerk.client, incoming_meta(trich_yeu=f"Kế hoạch{NUL} số 1"))
        _refused(response)
        assert await Document.count() == before


async def test_nul_in_a_search_query_is_dropped_like_other_punctuation(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        reader = await person(app, stack, "Người Tìm Ký Tự", ["can_bo"], org)
        response = await reader.client.get(f"/api/documents/search?q={quote('báo' + NUL)}")
    # The search tokeniser keeps only words, so the database never sees the NUL.
    assert response.status_code == 200, response.text
    assert response.json()["items"] == []


async def test_deeply_nested_json_is_a_4xx_not_a_server_error(client):
    nested = "x"
    for _ in range(900):
        nested = [nested]
    response = await client.post(
        "/api/auth/login/finish", json={"ceremony": "x" * 20, "credential": {"a": nested}}
    )
    assert 400 <= response.status_code < 500, response.text


async def test_text_the_database_refuses_is_a_400_problem_not_a_500(app):
    """The backstop for text that reaches PostgreSQL by a way the request checks miss."""
    from structlog.testing import capture_logs

    from backend import db
    from backend.core.problems import exception_to_problem
    from backend.orgs.tables import Organisation

    if not db.is_postgres():
        pytest.skip("SQLite stores U+0000; only PostgreSQL refuses it")
    with pytest.raises(Exception) as refused:
        await Organisation.select().where(Organisation.code == f"A{NUL}")
    with capture_logs() as events:
        response = exception_to_problem(bare_request("GET", "/api/orgs/A"), refused.value)
    assert response.status_code == 400
    assert response.content["type"].endswith("unstorable_text")
    assert "NUL" in response.content["detail"]
    # Logged too, in case the text was the server's own doing.
    assert [e["event"] for e in events] == ["unstorable_text"]
