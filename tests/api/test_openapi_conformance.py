"""The OpenAPI document tells every answer: schemathesis cases for every operation, sent as a
signed-in user with real records to aim at, and each answer checked against the document —
its status code declared, its content type declared, its body matching the declared schema,
its declared headers present — not only "no 5xx"."""

from __future__ import annotations

import contextlib
import warnings

import pytest
from hypothesis.errors import NonInteractiveExampleWarning

from tests.documents_support import incoming_meta, make_org, person, register

CASES_PER_OPERATION = 8
ANONYMOUS_CASES_PER_OPERATION = 2
# Run last: they end the session the other cases need.
LAST = {("POST", "/api/auth/logout"), ("POST", "/api/auth/logout-everywhere")}


def _checks():
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    return [
        not_a_server_error,
        status_code_conformance,
        content_type_conformance,
        response_schema_conformance,
        response_headers_conformance,
    ]


@pytest.fixture
async def desk(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        keeper = await person(
            app,
            stack,
            "Người Kiểm Tra Tài Liệu",
            ["van_thu", "lanh_dao", "can_bo", "quan_tri"],
            org,
        )
        response = await register(keeper.client, incoming_meta())
        assert response.status_code == 201, response.text
        yield keeper, response.json()


def test_every_operation_declares_its_problem_answers(app):
    schema = app.openapi_schema.to_schema()
    assert schema["components"]["schemas"]["Problem"]["required"] == [
        "type",
        "title",
        "status",
        "detail",
    ]
    undeclared = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                content = response.get("content") or {}
                if status.startswith("4") and list(content) != ["application/problem+json"]:
                    undeclared.append(f"{method.upper()} {path} {status}: {list(content)}")
                if status == "204" and content:
                    undeclared.append(f"{method.upper()} {path} 204 has content")
    assert undeclared == []
    logout = schema["paths"]["/api/auth/logout"]["post"]["responses"]
    assert "content" not in logout["204"] and "401" in logout and "429" in logout
    me = schema["paths"]["/api/me/passkeys/{passkey_id}"]["delete"]["responses"]
    assert {"400", "401", "403", "404"} <= set(me)


def _operations(app) -> list[tuple[str, str]]:
    found = [
        (method.upper(), path)
        for path, items in app.openapi_schema.to_schema()["paths"].items()
        for method in items
    ]
    return sorted(found, key=lambda operation: operation in LAST)


async def _send_and_check(client, schema, operations, cases: int, aim=None) -> list[str]:
    """Send ``cases`` generated requests per operation; every mismatch with the document.
    ``aim(case, index)`` may point a case's path parameters at real records."""
    checks = _checks()
    failures: list[str] = []
    for method, path in operations:
        strategy = schema[path][method].as_strategy()
        for index in range(cases):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NonInteractiveExampleWarning)
                case = strategy.example()
            if aim is not None and case.path_parameters:
                aim(case, index)
            kwargs = case.as_transport_kwargs(base_url="http://localhost:3000")
            response = await client.request(
                kwargs["method"],
                kwargs["url"],
                params=kwargs.get("params"),
                json=kwargs.get("json"),
                content=kwargs.get("content") if "json" not in kwargs else None,
                headers={
                    k: v
                    for k, v in (kwargs.get("headers") or {}).items()
                    if k.lower() not in ("cookie", "x-csrftoken", "content-length")
                },
            )
            try:
                case.validate_response(response, checks=checks)
            except BaseExceptionGroup as found:  # schemathesis's FailureGroup: collect, go on
                failures += [
                    f"{method} {path} → {response.status_code}: {type(f).__name__}: {f}"
                    for f in found.exceptions
                ]
    return sorted(set(failures))


async def test_answers_conform_to_the_openapi_document(app, settings, desk):
    import schemathesis

    from backend.notifications.vapid import VapidKeys

    keeper, document = desk
    # Configured: "push not configured" (a deliberate 503) is not what is checked here.
    await app.state.services.get(VapidKeys).init()
    # The keeper's own session and passkey are not the fuzzer's to end.
    own = {
        "session_id": {s["id"] for s in (await keeper.client.get("/api/me/sessions")).json()},
        "passkey_id": {p["id"] for p in (await keeper.client.get("/api/me/passkeys")).json()},
    }

    def aim(case, index: int) -> None:
        for name, ids in own.items():
            if case.path_parameters.get(name) in ids:
                case.path_parameters[name] = max(ids) + 1000
        if index % 2 == 0:
            # Half the cases aim at a real record, so the rules behind the 404 run too.
            if "document_id" in case.path_parameters:
                case.path_parameters["document_id"] = document["id"]
            if "sha256" in case.path_parameters:
                case.path_parameters["sha256"] = document["files"][0]["sha256"]

    schema = schemathesis.openapi.from_dict(app.openapi_schema.to_schema())
    failures = await _send_and_check(
        keeper.client, schema, _operations(app), CASES_PER_OPERATION, aim
    )
    assert failures == [], "\n".join(failures)


async def test_anonymous_answers_conform_to_the_openapi_document(app, client):
    """Without a session: every operation that needs one says 401 (and declares it)."""
    import schemathesis

    schema = schemathesis.openapi.from_dict(app.openapi_schema.to_schema())
    failures = await _send_and_check(
        client, schema, _operations(app), ANONYMOUS_CASES_PER_OPERATION
    )
    assert failures == [], "\n".join(failures)
