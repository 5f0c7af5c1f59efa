"""Schema-driven fuzz of the documents API: generated requests (from our own OpenAPI schema)
against real documents, and arbitrary metadata for the register form — never a 5xx, always
problem+json when refused."""

from __future__ import annotations

import contextlib
import json
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NonInteractiveExampleWarning

from tests.documents_support import incoming_meta, make_org, pdf_bytes, person, register

OPERATIONS = [
    ("GET", "/api/documents/inbox"),
    ("GET", "/api/documents/register"),
    ("GET", "/api/documents/deadlines"),
    ("GET", "/api/documents/search"),
    ("GET", "/api/documents/{document_id}"),
    ("GET", "/api/documents/{document_id}/timeline"),
    ("GET", "/api/documents/{document_id}/receipts"),
    ("POST", "/api/documents/{document_id}/assign"),
    ("POST", "/api/documents/{document_id}/opinions"),
    ("POST", "/api/documents/{document_id}/forward"),
    ("POST", "/api/documents/{document_id}/done"),
    ("POST", "/api/documents/{document_id}/reopen"),
    ("POST", "/api/documents/{document_id}/share"),
    ("POST", "/api/documents/{document_id}/return"),
    ("GET", "/api/files/{sha256}"),
    ("GET", "/api/files/{sha256}/pages/{page}"),
]
CASES_PER_OPERATION = 25


@pytest.fixture
async def desk(app):
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        keeper = await person(
            app, stack, "Người Thử Ngẫu Nhiên", ["van_thu", "lanh_dao", "can_bo"], org
        )
        response = await register(keeper.client, incoming_meta())
        assert response.status_code == 201
        yield keeper, response.json()


async def test_generated_requests_never_fail_with_5xx(app, desk):
    import schemathesis

    keeper, document = desk
    schema = schemathesis.openapi.from_dict(app.openapi_schema.to_schema())
    seen = 0
    for method, path in OPERATIONS:
        strategy = schema[path][method].as_strategy()
        for index in range(CASES_PER_OPERATION):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NonInteractiveExampleWarning)
                case = strategy.example()
            if index % 2 == 0 and case.path_parameters:
                # half the cases aim at a real document, so the rules behind the 404 run too
                if "document_id" in case.path_parameters:
                    case.path_parameters["document_id"] = document["id"]
                if "sha256" in case.path_parameters:
                    case.path_parameters["sha256"] = document["files"][0]["sha256"]
            kwargs = case.as_transport_kwargs(base_url="http://localhost:3000")
            response = await keeper.client.request(
                kwargs["method"],
                kwargs["url"],
                params=kwargs.get("params"),
                json=kwargs.get("json"),
                headers={
                    k: v
                    for k, v in (kwargs.get("headers") or {}).items()
                    if k.lower() not in ("cookie", "x-csrftoken", "content-length")
                },
            )
            seen += 1
            assert response.status_code < 500, (method, kwargs["url"], case.body, response.text)
            if response.status_code >= 400:
                assert response.headers["content-type"].startswith("application/problem+json")
    assert seen == CASES_PER_OPERATION * len(OPERATIONS)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=40)
    | st.sampled_from(["den", "di", "KH", "15-KH/TU", "mat", "hoa_toc", "2026-13-40"]),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=10,
)
metadata_fields = st.fixed_dictionaries(
    {},
    optional={
        "direction": json_values,
        "trich_yeu": json_values,
        "so_ky_hieu": json_values,
        "loai": json_values,
        "ngay_ban_hanh": json_values,
        "do_khan": json_values,
        "do_mat": json_values,
        "han_xu_ly": json_values,
    },
)


async def test_arbitrary_register_metadata_never_fails_with_5xx(desk):
    keeper, _ = desk
    content = pdf_bytes()
    responses = []

    @settings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(metadata_fields | json_values)
    def collect(metadata):
        responses.append(metadata)

    collect()
    for metadata in responses:
        raw = json.dumps(metadata, ensure_ascii=False)
        response = await keeper.client.post(
            "/api/documents/",
            data={"metadata": raw},
            files={"file": ("a.pdf", content, "application/pdf")},
        )
        assert response.status_code < 500, (raw, response.text)
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")
    not_json = await keeper.client.post(
        "/api/documents/",
        data={"metadata": "{không phải json"},
        files={"file": ("a.pdf", content, "application/pdf")},
    )
    assert not_json.status_code == 400
    no_file = await keeper.client.post("/api/documents/", data={"metadata": "{}"})
    assert 400 <= no_file.status_code < 500
