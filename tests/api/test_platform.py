"""Health, OpenAPI, security headers, rate limits and the audit chain."""

import pytest

from tests.conftest import BACKEND, make_client, prime_csrf
from tests.helpers import new_user


async def test_health_reports_database_and_redis(client):
    response = await client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["redis"] == ("ok" if BACKEND == "postgres" else "not_configured")


async def test_openapi_schema_is_served(client):
    response = await client.get("/api/schema/openapi.json")
    assert response.status_code == 200
    # No HTML viewer: it would load its scripts from a CDN.
    root = await client.get("/api/schema")
    assert "text/html" not in root.headers.get("content-type", "")
    assert "/api/auth/login/begin" in response.json()["paths"]


async def test_unknown_route_is_a_problem(client):
    response = await client.get("/api/khong-co")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "Không tìm thấy nội dung yêu cầu."


async def test_security_headers_on_api_and_pages():
    import httpx

    from backend.asgi import one_origin
    from backend.core.security_headers import SecurityHeaders

    async def page(scope, receive, send):
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/html")],
            }
        )
        await send({"type": "http.response.body", "body": b"<html></html>"})

    async def api(scope, receive, send):
        await page(scope, receive, send)

    app = one_origin(page, api)  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        for path in ("/", "/api/health", "/sw.js"):
            headers = (await c.get(path)).headers
            csp = headers["content-security-policy"]
            assert "default-src 'self'" in csp and "object-src 'none'" in csp
            assert "frame-ancestors 'none'" in csp
            assert "unsafe-eval" not in csp
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
            assert "geolocation=()" in headers["permissions-policy"]
            assert "strict-transport-security" not in headers
    https = SecurityHeaders(page, https=True)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=https), base_url="https://t"
    ) as c:
        assert "max-age=" in (await c.get("/")).headers["strict-transport-security"]


async def test_script_hashes_from_the_build_go_into_the_csp(tmp_path):
    from backend.core.security_headers import SecurityHeaders

    hashes = tmp_path / "csp-script-hashes.json"
    hashes.write_text('["sha256-abc="]')
    middleware = SecurityHeaders(None, https=False, script_hashes_file=hashes)  # type: ignore[arg-type]
    assert b"script-src 'self' 'sha256-abc='" in middleware.csp()


async def test_auth_endpoints_are_rate_limited(settings):
    import msgspec

    from backend.app import create_app

    limited = create_app(
        msgspec.structs.replace(
            settings, auth_rate_limit_per_minute=3, redis_prefix=settings.redis_prefix + ":rl"
        )
    )
    async with make_client(limited) as c:
        await prime_csrf(c)
        statuses = [(await c.post("/api/auth/login/begin", json={})).status_code for _ in range(5)]
        assert statuses[:3] == [201, 201, 201]
        assert statuses[3] == 429
        last = await c.post("/api/auth/login/begin", json={})
        assert last.headers["content-type"].startswith("application/problem+json")
        assert "quá nhanh" in last.json()["detail"]
        assert int(last.headers["retry-after"]) > 0
        # Other endpoints are not throttled.
        assert (await c.get("/api/health")).status_code == 200


async def test_audit_chain_detects_a_changed_row(client):
    from backend import db
    from backend.audit.services import verify_chain
    from backend.audit.tables import AuditEvent

    await new_user(client, "Kiểm Tra Chuỗi", ["can_bo"])
    assert (await verify_chain()).ok
    row = (
        await AuditEvent.select(AuditEvent.id, AuditEvent.target)
        .order_by(AuditEvent.id, ascending=False)
        .first()
    )

    # Append-only: the database itself refuses updates and deletes.
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.update({AuditEvent.target: "sửa trộm"}).where(AuditEvent.id == row["id"])
    with pytest.raises(Exception, match="append-only"):
        await AuditEvent.delete().where(AuditEvent.id == row["id"])

    # Someone with DDL rights bypasses the trigger: the chain still shows it.
    engine = db.engine()
    if db.is_postgres():
        disable = "ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change"
        enable = "ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change"
        await engine.run_ddl(disable)
        try:
            await AuditEvent.update({AuditEvent.target: "sửa trộm"}).where(
                AuditEvent.id == row["id"]
            )
            report = await verify_chain()
            await AuditEvent.update({AuditEvent.target: row["target"]}).where(
                AuditEvent.id == row["id"]
            )
        finally:
            await engine.run_ddl(enable)
    else:
        trigger = (
            await engine.run_ddl(
                "SELECT sql FROM sqlite_master WHERE name = 'audit_event_no_update'"
            )
        )[0]["sql"]
        await engine.run_ddl("DROP TRIGGER audit_event_no_update")
        try:
            await AuditEvent.update({AuditEvent.target: "sửa trộm"}).where(
                AuditEvent.id == row["id"]
            )
            report = await verify_chain()
            await AuditEvent.update({AuditEvent.target: row["target"]}).where(
                AuditEvent.id == row["id"]
            )
        finally:
            await engine.run_ddl(trigger)
    assert not report.ok
    assert report.first_bad_id == row["id"]
    assert (await verify_chain()).ok


async def test_auth_events_are_audited(client):
    from backend.audit.tables import AuditEvent

    await new_user(client, "Ghi Nhật Ký", ["can_bo"])
    assert (await client.post("/api/auth/logout")).status_code == 204
    actions = [
        r["action"]
        for r in await AuditEvent.select(AuditEvent.action)
        .order_by(AuditEvent.id, ascending=False)
        .limit(5)
    ]
    assert actions[0] == "logout"
    assert "passkey.registered" in actions
