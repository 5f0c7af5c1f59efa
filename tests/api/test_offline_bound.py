"""``/api/me`` tells the phone how many days it may show saved documents without the server
confirming the session again (DANGBO_OFFLINE_DAYS, 7 by default; docs/security.md)."""

from __future__ import annotations

import msgspec

from backend.settings import load_settings
from tests.helpers import new_user


def test_the_bound_is_seven_days_unless_configured(tmp_path):
    base = {"DANGBO_VAR_DIR": str(tmp_path), "DANGBO_SECRET_KEY": "k" * 32}
    assert load_settings(base).offline_days == 7
    assert load_settings({**base, "DANGBO_OFFLINE_DAYS": "2"}).offline_days == 2


async def test_me_carries_the_configured_bound(client, app):
    await new_user(client, "Lê Thị Ngoại Tuyến", ["can_bo"])
    assert (await client.get("/api/me")).json()["offline_days"] == 7
    services = app.state.services
    kept = services.settings
    services.settings = msgspec.structs.replace(kept, offline_days=3)
    try:
        assert (await client.get("/api/me")).json()["offline_days"] == 3
    finally:
        services.settings = kept
