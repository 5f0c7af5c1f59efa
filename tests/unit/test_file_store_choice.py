"""Which file store a deployment gets: the local directory by default, the database in
production on PostgreSQL (every machine then reads the same files), as configured otherwise;
the PostgreSQL store refused on SQLite with a clear message."""

from __future__ import annotations

import pytest

from backend.core.services import Services
from backend.files.local_store import LocalFileStore
from backend.files.plugin import build
from backend.files.postgres_store import PostgresFileStore
from backend.files.services import FileStore
from backend.settings import load_settings

PG = "postgresql://dangbo@db.example/dangbo"


def _settings(tmp_path, **env):
    return load_settings({"DANGBO_VAR_DIR": str(tmp_path), "DANGBO_SECRET_KEY": "x" * 40, **env})


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "local"),
        ({"DANGBO_DATABASE_URL": PG}, "local"),
        ({"DANGBO_DATABASE_URL": PG, "DANGBO_ENVIRONMENT": "production"}, "postgres"),
        (
            {
                "DANGBO_DATABASE_URL": PG,
                "DANGBO_ENVIRONMENT": "production",
                "DANGBO_FILE_STORE": "local",
            },
            "local",
        ),
        ({"DANGBO_DATABASE_URL": PG, "DANGBO_FILE_STORE": "postgres"}, "postgres"),
    ],
)
def test_the_store_by_configuration(tmp_path, env, expected):
    settings = _settings(tmp_path, **env)
    assert settings.file_store == expected
    services = Services(settings)
    build(services)
    kind = PostgresFileStore if expected == "postgres" else LocalFileStore
    assert isinstance(services.get(FileStore), kind)


def test_the_postgres_store_needs_postgresql(tmp_path):
    with pytest.raises(RuntimeError, match="PostgreSQL"):
        build(Services(_settings(tmp_path, DANGBO_FILE_STORE="postgres")))
    with pytest.raises(RuntimeError, match="local hoặc postgres"):
        build(Services(_settings(tmp_path, DANGBO_FILE_STORE="s3")))
