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
    from backend.core.edge import Edge

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
    https = Edge(page, https=True)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=https), base_url="https://t"
    ) as c:
        assert "max-age=" in (await c.get("/")).headers["strict-transport-security"]


async def test_script_hashes_from_the_build_go_into_the_csp(tmp_path):
    from backend.core.edge import Edge

    hashes = tmp_path / "csp-script-hashes.json"
    hashes.write_text('["sha256-abc="]')
    edge = Edge(None, https=False, script_hashes_file=hashes)  # type: ignore[arg-type]
    csp = dict(edge.headers())[b"content-security-policy"]
    assert b"script-src 'self' 'sha256-abc='" in csp


async def test_a_response_keeps_a_security_header_it_sets_itself():
    import httpx

    from backend.core.edge import Edge

    async def sandboxed(scope, receive, send):
        headers = [(b"content-security-policy", b"sandbox"), (b"content-type", b"text/plain")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"x"})

    app = Edge(sandboxed, https=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        response = await c.get("/tep")
    assert response.headers.get_list("content-security-policy") == ["sandbox"]
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_request_log_has_the_route_template_and_nothing_personal(app, capsys):
    """One JSON line per API request: method, route template, status, duration. Never the
    concrete path (it can hold an invitation token), the query, the address or a cookie."""
    import json

    import httpx

    from backend.core.edge import Edge
    from backend.core.logging import request_log

    token = "bi-mat-loi-moi-0123456789"
    transport = httpx.ASGITransport(app=Edge(app, https=False), client=("203.0.113.7", 4321))
    request_log.flush()
    capsys.readouterr()
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
        c.cookies.set("dangbo_session", "phien-bi-mat")
        await c.get(f"/api/auth/invitations/{token}?q=bi-mat-truy-van")
        await c.get("/api/khong-co")
        await c.get("/trang-giao-dien")  # a UI path: not an API request, not logged
    request_log.flush()
    lines = [json.loads(x) for x in capsys.readouterr().err.splitlines() if '"request"' in x]
    assert [(x["method"], x["route"], x["status"]) for x in lines] == [
        ("GET", "/api/auth/invitations/{token}", 404),
        ("GET", "<unmatched>", 404),
    ]
    assert all(x["level"] == "info" and x["ms"] >= 0 and x["timestamp"] for x in lines)
    text = json.dumps(lines)
    for secret in (token, "bi-mat-truy-van", "203.0.113.7", "phien-bi-mat"):
        assert secret not in text


async def test_only_the_csrf_endpoint_hands_out_the_token_cookie(client):
    client.cookies.clear()
    assert "csrftoken" not in (await client.get("/api/health")).cookies
    assert (await client.get("/api/csrf")).cookies.get("csrftoken")


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
