"""JSON nested too deep is a 400 problem before it is decoded, on every JSON endpoint,
signed in or not (decoding it would exhaust the recursion limit: a 500)."""

from __future__ import annotations

import json

import pytest

from tests.documents_support import pdf_bytes
from tests.helpers import new_user

DEEP = b"[" * 2000 + b"]" * 2000


def _too_deep(response) -> None:
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["type"].endswith("too_deep")
    assert "lồng nhau" in body["detail"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/push/subscriptions",
        "/api/auth/login/begin",
        "/api/auth/login/finish",
        "/api/auth/register/begin",
        "/api/admin/invitations",
    ],
)
async def test_anonymous_deep_json_is_a_400(client, path):
    for body in (DEEP, b'{"a":' * 1000 + b"1" + b"}" * 1000):
        response = await client.post(
            path, content=body, headers={"content-type": "application/json"}
        )
        _too_deep(response)


async def test_signed_in_deep_json_is_a_400(client):
    await new_user(client, "Lồng Sâu Quá", ["can_bo", "van_thu"])
    for method, path in (
        ("PUT", "/api/notifications/preferences"),
        ("PATCH", "/api/me/passkeys/1"),
        ("POST", "/api/documents/1/opinions"),
    ):
        response = await client.request(
            method, path, content=DEEP, headers={"content-type": "application/json"}
        )
        _too_deep(response)
    # A JSON form field (the document form's metadata) is JSON too.
    response = await client.post(
        "/api/documents/",
        data={"metadata": '{"khac": ' + DEEP.decode() + "}"},
        files={"file": ("a.pdf", pdf_bytes(), "application/pdf")},
    )
    _too_deep(response)


async def test_deep_brackets_inside_strings_are_only_text(client):
    """Only structure counts: brackets inside a string are not nesting."""
    text = "[" * 500 + "{" * 500
    response = await client.post("/api/auth/login/begin", json={"username": text[:80]})
    assert response.status_code == 201
    nested = json.dumps({"ceremony": "x" * 20, "credential": {"id": "[" * 3000 + '\\"{'}})
    response = await client.post(
        "/api/auth/login/finish", content=nested, headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert not response.json()["type"].endswith("too_deep")


def test_nesting_depth_is_measured_outside_strings():
    from backend.core.requests import MAX_JSON_DEPTH, json_depth

    assert json_depth(b"{}") == 1
    assert json_depth(b'{"a": [1, {"b": []}]}') == 4
    assert json_depth(b'["[[[[", "\\"[[[", {"k]": "}}}"}]') == 2
    assert json_depth(b"1") == 0
    assert json_depth(b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH) == MAX_JSON_DEPTH
    assert json_depth(DEEP) > MAX_JSON_DEPTH
