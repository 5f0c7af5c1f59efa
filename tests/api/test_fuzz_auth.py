"""Schema-driven fuzz of the auth endpoints (schemathesis cases from our own OpenAPI schema),
plus a property test with arbitrary JSON: nothing may ever produce a 5xx."""

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NonInteractiveExampleWarning

AUTH_OPERATIONS = [
    ("POST", "/api/auth/register/begin"),
    ("POST", "/api/auth/register/finish"),
    ("POST", "/api/auth/login/begin"),
    ("POST", "/api/auth/login/finish"),
    ("GET", "/api/auth/invitations/{token}"),
    ("PATCH", "/api/me/passkeys/{passkey_id}"),
    ("POST", "/api/admin/invitations"),
]
CASES_PER_OPERATION = 40


def _cases(app):
    import schemathesis

    schema = schemathesis.openapi.from_dict(app.openapi_schema.to_schema())
    for method, path in AUTH_OPERATIONS:
        operation = schema[path][method]
        strategy = operation.as_strategy()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NonInteractiveExampleWarning)
            for _ in range(CASES_PER_OPERATION):
                yield strategy.example()


async def test_schemathesis_cases_never_fail_with_5xx(client, app):
    seen = 0
    for case in _cases(app):
        kwargs = case.as_transport_kwargs(base_url="http://localhost:3000")
        response = await client.request(
            kwargs["method"],
            kwargs["url"],
            params=kwargs.get("params"),
            json=kwargs.get("json"),
            headers={
                k: v
                for k, v in (kwargs.get("headers") or {}).items()
                if k.lower() not in ("cookie", "x-csrftoken")
            },
        )
        seen += 1
        assert response.status_code < 500, (case.path, case.body, response.text)
        if response.status_code >= 400:
            assert response.headers["content-type"].startswith("application/problem+json")
    assert seen == CASES_PER_OPERATION * len(AUTH_OPERATIONS)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.mark.parametrize("path", ["/api/auth/login/finish", "/api/auth/register/finish"])
async def test_arbitrary_credentials_never_fail_with_5xx(client, path):
    from tests.helpers import invite

    token = await invite("Dữ Liệu Ngẫu Nhiên", ["can_bo"])
    if path.startswith("/api/auth/register"):
        begin_path, begin_body = "/api/auth/register/begin", {"token": token}
    else:
        begin_path, begin_body = "/api/auth/login/begin", {}
    responses = []

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        credential=st.dictionaries(
            st.sampled_from(["id", "rawId", "type", "response", "clientExtensionResults"]),
            json_values,
        )
    )
    def collect(credential):
        responses.append(credential)

    collect()
    for credential in responses:
        begin = await client.post(begin_path, json=begin_body)
        ceremony = begin.json()["ceremony"]
        response = await client.post(path, json={"ceremony": ceremony, "credential": credential})
        assert 400 <= response.status_code < 500, (credential, response.text)
