"""Health, OpenAPI, security headers, rate limits and the audit chain."""

import asyncio
import contextlib
import stat
import subprocess
import sys

import pytest

from tests.conftest import BACKEND, make_client, prime_csrf
from tests.helpers import bare_request, new_user


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


def test_the_csp_allows_only_the_origins_own_websocket():
    from backend.core.security_headers import content_security_policy

    def connect_src(origin: str) -> str:
        [directive] = [
            d for d in content_security_policy([], origin).split("; ") if d.startswith("connect")
        ]
        return directive

    assert connect_src("https://dangbo.example.vn") == "connect-src 'self' wss://dangbo.example.vn"
    assert connect_src("http://localhost:3000") == "connect-src 'self' ws://localhost:3000"
    assert connect_src("") == "connect-src 'self'"


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


@contextlib.asynccontextmanager
async def _append_only_lifted():
    """What someone with DDL rights can do: switch off the triggers refusing UPDATE and DELETE."""
    from backend import db

    engine = db.engine()
    if db.is_postgres():
        await engine.run_ddl("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_change")
        try:
            yield
        finally:
            await engine.run_ddl("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_change")
        return
    names = ("audit_event_no_update", "audit_event_no_delete")
    triggers = [
        (await engine.run_ddl(f"SELECT sql FROM sqlite_master WHERE name = '{name}'"))[0]["sql"]
        for name in names
    ]
    for name in names:
        await engine.run_ddl(f"DROP TRIGGER {name}")
    try:
        yield
    finally:
        for sql in triggers:
            await engine.run_ddl(sql)


@contextlib.asynccontextmanager
async def _audit_rows_deleted(condition):
    """Delete audit rows behind the triggers' back; put them back afterwards (the database is
    shared by the whole test run)."""
    from backend.audit.tables import AuditEvent

    rows = await AuditEvent.select().where(condition).order_by(AuditEvent.id)
    assert rows
    async with _append_only_lifted():
        await AuditEvent.delete().where(condition)
    try:
        yield rows
    finally:
        await AuditEvent.insert(*[AuditEvent(**row) for row in rows])


async def _dangbo(*args: str) -> subprocess.CompletedProcess:
    """Run the console command as an operator would (it reads the test settings from the
    environment)."""
    return await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "backend.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


async def test_audit_chain_detects_a_changed_row(client):
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
    async with _append_only_lifted():
        await AuditEvent.update({AuditEvent.target: "sửa trộm"}).where(AuditEvent.id == row["id"])
        report = await verify_chain()
        await AuditEvent.update({AuditEvent.target: row["target"]}).where(
            AuditEvent.id == row["id"]
        )
    assert not report.ok
    assert report.first_bad_id == row["id"]
    assert (await verify_chain()).ok


async def test_audit_verify_writes_a_checkpoint_and_advances_it(client, tmp_path):
    from backend.audit.checkpoint import read_checkpoint, verify_with_checkpoint
    from backend.audit.services import record
    from backend.audit.tables import AuditEvent

    path = tmp_path / "chua-co" / "audit-checkpoint.json"  # the directory is created
    first = await verify_with_checkpoint(path)
    assert first.ok, first.message
    head = await AuditEvent.select().order_by(AuditEvent.id, ascending=False).first()
    saved = read_checkpoint(path)
    assert saved == first.written
    assert (saved.id, saved.hash, saved.count) == (
        head["id"],
        head["hash"],
        await AuditEvent.count(),
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    assert first.message.startswith(f"Nhật ký kiểm tra toàn vẹn: {saved.count} bản ghi hợp lệ.")
    assert f"Đầu chuỗi: #{head['id']} {head['hash']}" in first.message
    assert "lần trước" not in first.message

    # New rows after the checkpoint are fine: the checkpoint moves on to the new head.
    await record("test.checkpoint", target="sau điểm kiểm tra 1")
    await record("test.checkpoint", target="sau điểm kiểm tra 2")
    second = await verify_with_checkpoint(path)
    assert second.ok, second.message
    assert "Khớp với điểm kiểm tra lần trước" in second.message
    advanced = read_checkpoint(path)
    assert advanced.id > saved.id
    assert advanced.count >= saved.count + 2
    assert advanced.verified_at >= saved.verified_at
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


async def test_audit_verify_detects_the_newest_row_deleted(client, tmp_path):
    from backend.audit.services import record, verify_chain
    from backend.audit.tables import AuditEvent

    await record("test.checkpoint", target="bản ghi mới nhất")
    path = tmp_path / "audit-checkpoint.json"
    first = await _dangbo("audit", "verify", "--checkpoint", str(path))
    assert first.returncode == 0, first.stderr
    assert "bản ghi hợp lệ." in first.stdout
    assert "Đầu chuỗi: #" in first.stdout
    saved = path.read_bytes()

    newest = await AuditEvent.select(AuditEvent.id).order_by(AuditEvent.id, ascending=False).first()
    async with _audit_rows_deleted(AuditEvent.id == newest["id"]):
        assert (await verify_chain()).ok  # the shorter chain alone still looks whole
        after = await _dangbo("audit", "verify", "--checkpoint", str(path))
        assert after.returncode == 1
        assert f"KHÔNG toàn vẹn tại bản ghi #{newest['id']}" in after.stderr
        assert "đã bị xóa" in after.stderr
        assert "Traceback" not in after.stderr
        assert path.read_bytes() == saved  # the evidence is kept
    again = await _dangbo("audit", "verify", "--checkpoint", str(path))
    assert again.returncode == 0, again.stderr


async def test_audit_verify_detects_every_row_deleted(client, tmp_path):
    from backend.audit.checkpoint import read_checkpoint, verify_with_checkpoint
    from backend.audit.services import verify_chain
    from backend.audit.tables import AuditEvent

    path = tmp_path / "audit-checkpoint.json"
    assert (await verify_with_checkpoint(path)).ok
    saved = path.read_bytes()
    async with _audit_rows_deleted(AuditEvent.id > 0):
        assert await AuditEvent.count() == 0
        assert (await verify_chain()).ok  # an empty chain is a valid chain
        result = await verify_with_checkpoint(path)
        assert not result.ok
        assert result.first_bad_id == read_checkpoint(path).id
        assert "đã bị xóa" in result.message
        assert path.read_bytes() == saved
    assert (await verify_with_checkpoint(path)).ok


async def test_audit_verify_reports_a_checkpoint_it_cannot_use(client, tmp_path):
    import msgspec

    from backend.audit.checkpoint import read_checkpoint, verify_with_checkpoint

    path = tmp_path / "audit-checkpoint.json"
    assert (await verify_with_checkpoint(path)).ok
    good = read_checkpoint(path)
    encode = msgspec.json.encode
    unusable = [
        b"",
        b"{khong phai json",
        b"[]",
        encode({"id": good.id, "hash": good.hash}),  # no count
        encode({**msgspec.to_builtins(good), "hash": "abc"}),
        encode({**msgspec.to_builtins(good), "id": -1}),
        encode({**msgspec.to_builtins(good), "verified_at": "2026-01-01T00:00:00"}),  # no zone
    ]
    for content in unusable:
        path.write_bytes(content)
        result = await verify_with_checkpoint(path)
        assert not result.ok, content
        assert result.message.startswith(f"Không đọc được điểm kiểm tra {path}"), content
        assert path.read_bytes() == content

    # A directory where the file should be is reported the same way.
    assert (await verify_with_checkpoint(tmp_path)).message.startswith("Không đọc được")

    # A well-formed checkpoint that claims more rows than there are.
    path.write_bytes(encode(msgspec.structs.replace(good, count=good.count + 1)))
    result = await verify_with_checkpoint(path)
    assert not result.ok
    assert f"điểm kiểm tra lần trước ghi {good.count + 1}" in result.message

    # And from the console: a clear message and exit 1, no traceback.
    path.write_bytes(b"{khong phai json")
    run = await _dangbo("audit", "verify", "--checkpoint", str(path))
    assert run.returncode == 1
    assert "Không đọc được điểm kiểm tra" in run.stderr
    assert "Traceback" not in run.stderr
    assert path.read_bytes() == b"{khong phai json"


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


async def test_an_unexpected_error_is_a_500_problem_and_a_log_event_without_its_message():
    from structlog.testing import capture_logs

    from backend.core.problems import exception_to_problem

    with capture_logs() as events:
        try:
            raise RuntimeError("Nguyễn Văn Bí Mật, 0912345678")
        except RuntimeError as exc:
            response = exception_to_problem(bare_request("POST", "/api/admin/invitations"), exc)
    assert response.status_code == 500
    assert response.content["type"].endswith("internal")
    assert "Bí Mật" not in response.content["detail"]
    [event] = [e for e in events if e["event"] == "unhandled_error"]
    assert event["log_level"] == "error" and event["route"] == "/api/admin/invitations"
    assert event["error"] == "builtins.RuntimeError"
    assert event["frames"][-1].startswith("test_platform.py:")
    assert "Bí Mật" not in str(event) and "0912345678" not in str(event)
