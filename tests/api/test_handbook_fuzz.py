"""Schema-driven fuzz of the handbook's API (members, meetings, library, study, questions,
positions, imports): generated requests against real records, never a 5xx, always problem+json
when refused; and arbitrary import files, which end as a job with a reason, never as the
generic system error."""

from __future__ import annotations

import contextlib
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NonInteractiveExampleWarning

from tests.handbook_support import HEADER, chi_bo, finished_import, upload_import

PREFIXES = (
    "/api/members",
    "/api/meetings",
    "/api/library",
    "/api/study",
    "/api/questions",
    "/api/imports",
    "/api/orgs",
)
CASES_PER_OPERATION = 8


@pytest.fixture
async def world(app):
    async with contextlib.AsyncExitStack() as stack:
        group = await chi_bo(app, stack, members=1)
        yield group


def _operations(schema: dict) -> list[tuple[str, str]]:
    found = []
    for path, methods in schema["paths"].items():
        if not path.startswith(PREFIXES):
            continue
        for method, spec in methods.items():
            content = spec.get("requestBody", {}).get("content", {})
            upload = "multipart/form-data" in content
            if method in {"get", "post", "put", "patch", "delete"} and not upload:
                found.append((method.upper(), path))
    return found


async def test_generated_requests_never_fail_with_5xx(app, world):
    import schemathesis

    raw = app.openapi_schema.to_schema()
    schema = schemathesis.openapi.from_dict(raw)
    ids = {
        "organisation_id": world.id,
        "member_id": world.member_ids["secretary"],
        "kind": "dang_vien",
    }
    client = world.secretary.client
    operations = _operations(raw)
    assert len(operations) > 50
    for method, path in operations:
        strategy = schema[path][method].as_strategy()
        for index in range(CASES_PER_OPERATION):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NonInteractiveExampleWarning)
                case = strategy.example()
            if index % 2 == 0 and case.path_parameters:
                for name, value in ids.items():
                    if name in case.path_parameters:
                        case.path_parameters[name] = value
            kwargs = case.as_transport_kwargs(base_url="http://localhost:3000")
            response = await client.request(
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
            assert response.status_code < 500, (method, kwargs["url"], case.body, response.text)
            if response.status_code >= 400:
                assert response.headers["content-type"].startswith("application/problem+json")


cell = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["01/02/1990", "31/02/1990", "Nữ", "x", "0912345678", "+84 912", "١٢٣"]),
)


async def test_arbitrary_import_files_end_with_a_reason(world):
    files: list[bytes] = []

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.one_of(
            st.binary(max_size=400),
            st.lists(st.lists(cell, min_size=1, max_size=12), max_size=6).map(
                lambda rows: "\n".join(",".join(r) for r in [HEADER, *rows]).encode(
                    "utf-8", errors="surrogatepass"
                )
            ),
        )
    )
    def collect(data):
        files.append(data)

    collect()
    for data in files:
        response = await upload_import(world.secretary.client, world.id, data, "tep.csv")
        assert response.status_code in (202, 413, 422), response.text
        if response.status_code != 202:
            continue
        job = await finished_import(world.secretary.client, response.json())
        assert job["status"] in {"co_loi", "xong", "that_bai"}, job
        assert "Lỗi hệ thống" not in job["message"], (data, job)
