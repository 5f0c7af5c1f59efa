from pathlib import Path

import pytest

from backend.core.text import fold
from backend.db import create_engine, sqlite_path
from backend.settings import load_settings


def test_fold_removes_tone_marks_and_d_stroke():
    assert fold("Nghị quyết Đảng bộ") == "nghi quyet dang bo"
    assert fold("ĐẠI HỘI đại biểu") == "dai hoi dai bieu"


def test_settings_from_environment(tmp_path):
    settings = load_settings(
        {
            "DANGBO_VAR_DIR": str(tmp_path),
            "DANGBO_ORIGIN": "https://dangbo.bacninh.vn/",
            "DANGBO_SECRET_KEY": "k" * 40,
            "DANGBO_SESSION_IDLE_MINUTES": "15",
            "DANGBO_REDIS_URL": "redis://127.0.0.1:6379/2",
        }
    )
    assert settings.origin == "https://dangbo.bacninh.vn"
    assert settings.rp_id == "dangbo.bacninh.vn"
    assert settings.is_https
    assert settings.session_idle_minutes == 15
    assert settings.redis_url == "redis://127.0.0.1:6379/2"
    assert settings.database_url == f"sqlite:///{tmp_path / 'dangbo.sqlite3'}"


def test_secret_key_is_generated_once_outside_the_repo(tmp_path):
    first = load_settings({"DANGBO_VAR_DIR": str(tmp_path)})
    second = load_settings({"DANGBO_VAR_DIR": str(tmp_path)})
    assert first.secret_key == second.secret_key and len(first.secret_key) > 40
    key_file = tmp_path / "secrets" / "secret_key"
    assert key_file.stat().st_mode & 0o777 == 0o600


def test_database_urls():
    assert sqlite_path("sqlite:////abs/x.sqlite3") == Path("/abs/x.sqlite3")
    with pytest.raises(ValueError, match="không hợp lệ"):
        create_engine("mysql://x")
    engine = create_engine("postgresql://postgres@127.0.0.1:5432/test")
    assert engine.config["database"] == "test"


async def test_one_time_store_takes_once():
    from litestar.stores.memory import MemoryStore

    from backend.core.stores import OneTimeStore

    store = OneTimeStore(MemoryStore())
    await store.put("k", b"v", 60)
    assert await store.take("k") == b"v"
    assert await store.take("k") is None


def test_cli_parses_invite_and_audit():
    from backend.cli import build_parser

    args = build_parser().parse_args(
        ["invite", "--role", "can_bo", "--role", "dang_vien", "--name", "Lê Văn A"]
    )
    assert args.role == ["can_bo", "dang_vien"] and args.org is None
    assert build_parser().parse_args(["audit", "verify"]).func.__name__ == "cmd_audit"


def test_cli_revoke_goes_only_with_a_reissue(capsys):
    from backend.cli import build_parser

    args = build_parser().parse_args(["invite", "--user", "nguyenvana", "--revoke"])
    assert args.revoke and args.user == "nguyenvana"
    alone = build_parser().parse_args(
        ["invite", "--role", "can_bo", "--name", "Lê Văn A", "--revoke"]
    )
    assert alone.func(alone) == 2
    assert "--revoke" in capsys.readouterr().err
