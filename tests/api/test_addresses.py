"""Which address a request comes from: ``X-Forwarded-For`` only from a listed proxy, the
right-most address not in the list, the same for the audit log and the auth rate limit."""

from __future__ import annotations

import contextlib

import httpx
import msgspec
import pytest

from tests.conftest import ORIGIN, prime_csrf


@contextlib.asynccontextmanager
async def _client(app, peer: str):
    transport = httpx.ASGITransport(app=app, client=(peer, 50000))
    async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as client:
        await prime_csrf(client)
        yield client


def _app_with(settings, **changes):
    from backend.app import create_app

    return create_app(
        msgspec.structs.replace(
            settings, redis_prefix=f"{settings.redis_prefix}:addr{id(changes)}", **changes
        )
    )


async def _failed_login_address(client, forwarded: str | None) -> str:
    """The address the audit log gives a refused login (a ceremony that does not exist)."""
    from backend.audit.tables import AuditEvent

    headers = {"x-forwarded-for": forwarded} if forwarded else {}
    refused = await client.post(
        "/api/auth/login/finish",
        json={"ceremony": "khong-co-nghi-thuc-nay", "credential": {}},
        headers=headers,
    )
    assert refused.status_code == 400, refused.text
    row = (
        await AuditEvent.select(AuditEvent.ip)
        .where(AuditEvent.action == "login.failed")
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )
    return row["ip"]


async def test_forwarded_for_is_ignored_unless_the_proxy_is_listed(app):
    async with _client(app, "127.0.0.1") as loopback:
        assert await _failed_login_address(loopback, "6.6.6.6") == "127.0.0.1"
    async with _client(app, "203.0.113.7") as browser:
        # The UI's in-process client: the browser's address is the connection address.
        assert await _failed_login_address(browser, "203.0.113.7") == "203.0.113.7"
        assert await _failed_login_address(browser, None) == "203.0.113.7"


async def test_the_right_most_address_not_in_the_list_is_the_client(app, settings):
    behind_proxy = _app_with(settings, trusted_proxies=("127.0.0.1", "10.0.0.0/8"))
    async with _client(behind_proxy, "127.0.0.1") as proxy:
        # What the client wrote itself (6.6.6.6) is left of what the proxies appended.
        assert await _failed_login_address(proxy, "6.6.6.6, 203.0.113.9, 10.1.2.3") == (
            "203.0.113.9"
        )
        assert await _failed_login_address(proxy, "203.0.113.10") == "203.0.113.10"
        assert await _failed_login_address(proxy, None) == "127.0.0.1"
        # Only proxies on the way: the left-most of them.
        assert await _failed_login_address(proxy, "10.0.0.5, 10.0.0.6") == "10.0.0.5"
    async with _client(behind_proxy, "198.51.100.20") as direct:
        # Not a listed proxy: its header is the client's own word.
        assert await _failed_login_address(direct, "10.0.0.5") == "198.51.100.20"


async def test_the_auth_rate_limit_counts_the_same_address(app, settings):
    limited = _app_with(settings, trusted_proxies=("127.0.0.1",), auth_rate_limit_per_minute=3)
    async with _client(limited, "127.0.0.1") as proxy:

        async def status(forwarded: str) -> int:
            response = await proxy.post(
                "/api/auth/login/begin", json={}, headers={"x-forwarded-for": forwarded}
            )
            return response.status_code

        assert [await status("198.51.100.1") for _ in range(3)] == [201, 201, 201]
        assert await status("198.51.100.1") == 429
        # A made-up entry on the left does not buy a new bucket.
        assert await status("1.2.3.4, 198.51.100.1") == 429
        # Another delegate in the same hall has his own.
        assert await status("198.51.100.2") == 201

    unlisted = _app_with(settings, auth_rate_limit_per_minute=2)
    async with _client(unlisted, "127.0.0.1") as spoofer:
        statuses = [
            (
                await spoofer.post(
                    "/api/auth/login/begin", json={}, headers={"x-forwarded-for": f"6.6.6.{i}"}
                )
            ).status_code
            for i in range(4)
        ]
        assert statuses == [201, 201, 429, 429]


@pytest.mark.parametrize("entry", ["khong-phai-ip", "10.0.0.0/33", "300.1.1.1"])
def test_a_bad_proxy_entry_stops_the_start(entry, tmp_path):
    from backend.settings import load_settings

    with pytest.raises(ValueError, match="DANGBO_TRUSTED_PROXIES"):
        load_settings(
            {
                "DANGBO_VAR_DIR": str(tmp_path),
                "DANGBO_SECRET_KEY": "k" * 40,
                "DANGBO_TRUSTED_PROXIES": f"127.0.0.1, {entry}",
            }
        )
    ok = load_settings(
        {
            "DANGBO_VAR_DIR": str(tmp_path),
            "DANGBO_SECRET_KEY": "k" * 40,
            "DANGBO_TRUSTED_PROXIES": " 127.0.0.1 , 10.0.0.0/8,::1",
        }
    )
    assert ok.trusted_proxies == ("127.0.0.1", "10.0.0.0/8", "::1")
