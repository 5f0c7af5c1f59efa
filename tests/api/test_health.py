"""``/api/health`` checks every part a machine needs: the database, Redis, the file store,
the VAPID key and the CA (shared, in the database), the push workers' heartbeats, and names
the frontend build; "degraded" (503) when a part is broken."""

from __future__ import annotations

import asyncio
import time

import msgspec
import pytest

from backend.files.services import FileStore
from backend.health.services import MAX_AGE_SECONDS, HealthProbe
from backend.notifications.delivery import PushSender
from backend.notifications.heartbeat import beat
from backend.notifications.vapid import VapidKeys
from backend.signing.authority import CertificateAuthority
from backend.vault.vault import KeyVault
from tests.conftest import BACKEND


def probe(app, settings=None, **parts) -> HealthProbe:
    services = app.state.services
    settings = settings or services.settings
    return HealthProbe(
        settings,
        parts.get("redis", services.redis),
        parts.get("files", services.get(FileStore)),
        parts.get("vapid", services.get(VapidKeys)),
        parts.get("authority", services.get(CertificateAuthority)),
        services.get(PushSender),
    )


@pytest.fixture
async def configured(app):
    await app.state.services.get(VapidKeys).init()
    await app.state.services.get(CertificateAuthority).init("Tỉnh ủy Bắc Ninh")


async def test_health_reports_every_part(client, configured, app, tmp_path):
    # The probe answers from a result at most MAX_AGE_SECONDS old: an earlier test's request
    # may have kept one from before the keys above were made (the app is the session's).
    deadline = time.monotonic() + MAX_AGE_SECONDS + 1
    body = (await client.get("/api/health")).json()
    while body["push"] != "ok" and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        body = (await client.get("/api/health")).json()
    assert body["files"] == "ok"
    assert body["push"] == "ok" and body["signing"] == "ok"
    assert body["worker"] in (("ok", "not_running") if BACKEND == "postgres" else ("in_process",))

    (tmp_path / "build-id.txt").write_text("b1a2c3\n")
    with_build = msgspec.structs.replace(app.state.services.settings, build_dir=tmp_path)
    report = await probe(app, with_build).current()
    assert report.build == "b1a2c3"


async def test_a_key_that_does_not_open_makes_it_degraded(app, configured):
    settings = app.state.services.settings
    wrong = msgspec.structs.replace(settings, secret_key="một khóa khác")
    vault = KeyVault(wrong.secret_key)
    report = await probe(
        app,
        vapid=VapidKeys(wrong, vault),
        authority=CertificateAuthority(wrong, vault),
    ).current()
    assert report.push == "error" and report.signing == "error"
    assert report.status == "degraded"


async def test_a_missing_file_store_makes_it_degraded(app, configured, tmp_path):
    gone = FileStore(tmp_path / "khong-co", 1024)
    report = await probe(app, files=gone).current()
    assert report.files == "error" and report.status == "degraded"


async def test_keys_not_created_yet_count_only_in_production(app, tmp_path):
    settings = app.state.services.settings
    for production in (False, True):
        own = msgspec.structs.replace(
            settings, environment="production" if production else "development"
        )
        health = HealthProbe(
            own,
            app.state.services.redis,
            app.state.services.get(FileStore),
            _Missing(),
            _Missing(),
            app.state.services.get(PushSender),
        )
        report = await health.current()
        assert report.push == "missing" and report.signing == "missing"
        if report.worker != "not_running":
            assert report.status == ("degraded" if production else "ok")


class _Missing:
    async def check(self) -> str:
        return "missing"


@pytest.mark.skipif(BACKEND != "postgres", reason="push workers' heartbeats live in Redis")
async def test_no_worker_seen_while_pushes_are_due_is_degraded(app, configured, monkeypatch):
    settings = msgspec.structs.replace(
        app.state.services.settings, redis_prefix=app.state.services.settings.redis_prefix + "-hb"
    )
    sender = app.state.services.get(PushSender)

    async def waiting() -> bool:
        return True

    monkeypatch.setattr(sender, "work_waiting", waiting)
    report = await probe(app, settings).current()
    assert report.worker == "not_running" and report.status == "degraded"

    await beat(app.state.services.redis, settings.redis_prefix)
    report = await probe(app, settings).current()
    assert report.worker == "ok"


def test_health_takes_no_parameters(app):
    # Monitors call it all the time: with any parameter (even the request) Litestar parses
    # the connection's values on each call, a tenth of this request's time.
    (handler,) = [
        h
        for route in app.routes
        if route.path == "/api/health"
        for h in route.route_handlers  # type: ignore[attr-defined]
        if "GET" in h.http_methods
    ]
    assert handler.parsed_fn_signature.parameters == {}
