"""Schema-driven and arbitrary input on the notification and push routes: never a 5xx,
always problem+json, and nothing stored from a refused request."""

from __future__ import annotations

import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import NonInteractiveExampleWarning

from backend.notifications.tables import PushSubscription
from tests.push_support import running_push_service, signed_in

OPERATIONS = [
    ("GET", "/api/notifications"),
    ("GET", "/api/notifications/{notification_id}"),
    ("POST", "/api/notifications/{notification_id}/read"),
    ("PUT", "/api/notifications/preferences"),
    ("POST", "/api/push/subscriptions"),
    ("DELETE", "/api/push/subscriptions/{subscription_id}"),
    ("POST", "/api/push/subscriptions/{subscription_id}/test"),
]
CASES_PER_OPERATION = 30

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=60),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)


@pytest.fixture(scope="module")
async def push_service(app, settings):
    # Configured (a VAPID key): "push not configured" is a deliberate 503, not what is fuzzed.
    async with running_push_service(settings) as service:
        yield service


def _examples(strategy, count: int) -> list:
    found = []

    @settings(max_examples=count, deadline=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def collect(value):
        found.append(value)

    collect()
    return found


async def test_schema_cases_never_fail_with_5xx(app, push_service):
    import schemathesis

    client, user_id = await signed_in(app, "Kiểm Thử Ngẫu Nhiên")
    schema = schemathesis.openapi.from_dict(app.openapi_schema.to_schema())
    seen = 0
    async with client:
        for method, path in OPERATIONS:
            strategy = schema[path][method].as_strategy()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", NonInteractiveExampleWarning)
                cases = [strategy.example() for _ in range(CASES_PER_OPERATION)]
            for case in cases:
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
    assert seen == CASES_PER_OPERATION * len(OPERATIONS)
    # Generated endpoints are never https URLs of a known push service: nothing was stored.
    assert await PushSubscription.count().where(PushSubscription.user == user_id) == 0


async def test_arbitrary_json_never_fails_with_5xx(app, push_service):
    client, user_id = await signed_in(app, "Dữ Liệu Bất Kỳ")
    subscription_bodies = _examples(
        st.dictionaries(
            st.sampled_from(["endpoint", "keys", "expirationTime", "label"]), json_values
        ),
        80,
    )
    preference_bodies = _examples(
        st.dictionaries(st.sampled_from(["items"]), json_values)
        | st.fixed_dictionaries(
            {
                "items": st.lists(
                    st.dictionaries(
                        st.sampled_from(["kind", "push_enabled", "quiet_start", "quiet_end"]),
                        json_values | st.sampled_from(["van_ban", "22:00", "06:00", "24:00"]),
                    ),
                    max_size=3,
                )
            }
        ),
        80,
    )
    async with client:
        for body in subscription_bodies:
            response = await client.post("/api/push/subscriptions", json=body)
            assert 400 <= response.status_code < 500, (body, response.text)
        for body in preference_bodies:
            response = await client.put("/api/notifications/preferences", json=body)
            assert response.status_code < 500, (body, response.text)
    assert await PushSubscription.count().where(PushSubscription.user == user_id) == 0
