"""Production mode refuses what is unsafe, at every start-up (the API, ``dangbo serve``,
``dangbo worker``) and for ``seed-demo``, each time with a Vietnamese message that says how
to fix it. Also the small operator-facing lines: ``dangbo migrate``'s summary and the
request log's process id."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import msgspec
import pytest

from backend.core.logging import RequestLog
from backend.settings import (
    PROJECT_ROOT,
    UnsafeForProduction,
    load_settings,
    production_problems,
)

SAFE = {
    "DANGBO_ENVIRONMENT": "production",
    "DANGBO_ORIGIN": "https://dangbo.example.vn",
    "DANGBO_SECRET_KEY": "k" * 64,
}


def problems(env: dict[str, str], **kwargs) -> list[str]:
    settings = load_settings({"DANGBO_VAR_DIR": "/nonexistent-var", **env})
    return production_problems(settings, env, **kwargs)


def test_a_safe_production_set_up_passes():
    assert problems(SAFE) == []
    assert problems({**SAFE, "DANGBO_ORIGIN": "http://localhost:3000"}) == []  # a local trial
    redis = {"DANGBO_REDIS_URL": "redis://r:6379/0", "REFLEX_REDIS_URL": "redis://r:6379/1"}
    assert problems({**SAFE, **redis}, api_workers=4, reflex=True) == []
    assert problems({**SAFE, "DANGBO_REDIS_URL": "redis://r/0"}, api_workers=4) == []


def test_outside_production_nothing_is_refused():
    assert problems({"DANGBO_ORIGIN": "http://dangbo.example.vn"}, api_workers=8) == []


@pytest.mark.parametrize(
    ("env", "kwargs", "expected"),
    [
        ({"DANGBO_ORIGIN": "http://dangbo.example.vn"}, {}, "không phải https://"),
        ({"DANGBO_ORIGIN": "http://127.0.0.1:3000"}, {}, "không phải https://"),
        ({"DANGBO_SECRET_KEY": ""}, {}, "Chưa đặt DANGBO_SECRET_KEY"),
        ({}, {"api_workers": 2}, "chưa đặt DANGBO_REDIS_URL"),
        ({"REFLEX_REDIS_URL": "redis://r/1"}, {"reflex": True}, "chưa đặt DANGBO_REDIS_URL"),
        ({"DANGBO_REDIS_URL": "redis://r/0"}, {"api_workers": 2, "reflex": True},
         "chưa đặt REFLEX_REDIS_URL"),
        ({"DANGBO_REDIS_URL": "redis://r/0", "REDIS_URL": "redis://r/1"}, {"reflex": True},
         "Reflex 0.10 không đọc biến này"),
    ],
)  # fmt: skip
def test_each_unsafe_set_up_is_refused_with_its_reason(env, kwargs, expected):
    found = problems({**SAFE, **env}, **kwargs)
    assert len(found) == 1 and expected in found[0], found


def test_the_api_refuses_to_start(settings):
    from backend.app import create_app

    unsafe = msgspec.structs.replace(
        settings, environment="production", origin="http://dangbo.example.vn"
    )
    with pytest.raises(UnsafeForProduction) as refused:
        create_app(unsafe)
    assert "Chế độ production" in str(refused.value) and "https://" in str(refused.value)


def dangbo(
    *args: str, env: dict[str, str], drop: tuple[str, ...] = ()
) -> subprocess.CompletedProcess:
    merged = {k: v for k, v in {**os.environ, **env}.items() if k not in drop}
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        cwd=PROJECT_ROOT,
        env=merged,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_serve_refuses_an_http_origin_before_starting_anything():
    refused = dangbo("serve", env={**SAFE, "DANGBO_ORIGIN": "http://dangbo.example.vn"})
    assert refused.returncode != 0
    assert "Chế độ production (DANGBO_ENVIRONMENT=production) không khởi động" in refused.stderr
    assert "DANGBO_ORIGIN=http://dangbo.example.vn không phải https://" in refused.stderr


def test_serve_refuses_several_workers_without_shared_state():
    api = dangbo("serve", "--api-only", "--workers", "2", env=SAFE, drop=("DANGBO_REDIS_URL",))
    assert api.returncode != 0 and "chưa đặt DANGBO_REDIS_URL" in api.stderr
    reflex = dangbo(
        "serve", env={**SAFE, "REDIS_URL": "redis://127.0.0.1:6379/9"}, drop=("REFLEX_REDIS_URL",)
    )
    assert reflex.returncode != 0 and "REFLEX_REDIS_URL" in reflex.stderr


def test_worker_refuses_without_the_secret_key():
    refused = dangbo("worker", env=SAFE | {"DANGBO_SECRET_KEY": ""})
    assert refused.returncode != 0
    assert "Chưa đặt DANGBO_SECRET_KEY" in refused.stderr


def test_seed_demo_refuses_in_production_unless_forced(settings):
    env = {"DANGBO_ENVIRONMENT": "production"}
    refused = dangbo("seed-demo", env=env)
    assert refused.returncode == 2
    assert "không tạo dữ liệu mẫu" in refused.stderr and "--force" in refused.stderr
    forced = dangbo("seed-demo", "--force", env=env)
    assert forced.returncode == 0, forced.stderr
    assert "--force: sẽ thêm vào cơ sở dữ liệu production" in forced.stdout
    assert "Dữ liệu mẫu:" in forced.stdout  # idempotent: the test database has it already


def test_migrate_on_an_empty_database_says_what_it_did(tmp_path):
    env = {
        "DANGBO_VAR_DIR": str(tmp_path),
        "DANGBO_DATABASE_URL": f"sqlite:///{tmp_path / 'moi.sqlite3'}",
    }
    first = dangbo("migrate", env=env)
    assert first.returncode == 0, first.stderr
    assert "already complete" not in first.stdout and "not yet run" not in first.stdout
    assert first.stdout.startswith("Đã áp dụng ")
    again = dangbo("migrate", env=env)
    assert again.stdout.strip() == "Cơ sở dữ liệu đã cập nhật, không có migration mới."


def test_request_log_lines_name_the_process(capsys):
    log = RequestLog()
    log.response("GET", "/api/health", 200, 0.002)
    log.flush()
    line = json.loads(capsys.readouterr().err.strip().splitlines()[-1])
    assert line["pid"] == os.getpid()
    assert line["route"] == "/api/health"


def test_a_forked_worker_logs_its_own_process(capsys):
    log = RequestLog()
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: its standard error is the pipe
        os.close(reader)
        sys.stderr = os.fdopen(writer, "w")
        log.response("GET", "/api/me", 200, 0.001)
        log.flush()
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        line = json.loads(pipe.read().strip().splitlines()[-1])
    os.waitpid(child, 0)
    assert line["pid"] == child != os.getpid()
