"""``dangbo backup`` then ``dangbo restore`` into a fresh database: the archive is checked, the
restored audit chain verifies, and a signed document still verifies. A changed archive and a
wrong secret key are refused."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tarfile

import pytest

from backend.settings import PROJECT_ROOT
from tests.conftest import BACKEND, PG_URL, RUN_ID
from tests.documents_support import make_org, pdf_bytes, person, register

pytestmark = pytest.mark.timeout(300)


def dangbo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "backend.cli", *args],
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=240,
    )


async def _signed_document(app) -> dict:
    from backend.signing.authority import CertificateAuthority

    await app.state.services.get(CertificateAuthority).init("Tỉnh ủy Bắc Ninh")
    async with contextlib.AsyncExitStack() as stack:
        org = await make_org()
        drafter = await person(app, stack, "Cán Bộ Sao Lưu", ["can_bo"], org)
        leader = await person(app, stack, "Lãnh Đạo Sao Lưu", ["lanh_dao", "can_bo"], org)
        created = await register(
            drafter.client,
            {"direction": "di", "loai": "BC", "trich_yeu": "Báo cáo sao lưu và khôi phục"},
            pdf_bytes("Báo cáo sao lưu và khôi phục", loai="BÁO CÁO"),
        )
        assert created.status_code == 201, created.text
        document_id = created.json()["id"]
        assert (await drafter.client.post(f"/api/documents/{document_id}/submit")).is_success
        begin = (await leader.client.post(f"/api/documents/{document_id}/sign/begin")).json()
        finish = await leader.client.post(
            f"/api/documents/{document_id}/sign/finish",
            json={
                "ceremony": begin["ceremony"],
                "credential": leader.authenticator.get(begin["options"]),
            },
        )
        assert finish.status_code == 200, finish.text
        return finish.json()


async def _fresh_database(tmp_path) -> str:
    if BACKEND == "postgres":
        import asyncpg

        name = f"dangbo_test_{RUN_ID}_restore"
        conn = await asyncpg.connect(PG_URL)
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        return f"{PG_URL.rpartition('/')[0]}/{name}"
    return f"sqlite:///{tmp_path / 'restored.sqlite3'}"


async def test_backup_then_restore_into_a_fresh_database(app, settings, tmp_path):
    await _signed_document(app)
    assert dangbo("audit", "verify").returncode == 0  # a checkpoint to carry over

    archive = tmp_path / "sao-luu.tar"
    made = dangbo("backup", "--output", str(archive))
    assert made.returncode == 0, made.stderr
    assert "KHÔNG chứa khóa bí mật" in made.stdout
    assert "CA nội bộ" in made.stdout and "phiên đăng nhập" in made.stdout
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    stored_files = sum(1 for n in names if n.startswith("files/"))
    # The operator is told what the archive holds, as it is (not a fixed list).
    assert f"kho tệp ({stored_files} tệp)" in made.stdout and "điểm kiểm tra nhật ký" in made.stdout
    assert "manifest.json" in names and "audit-checkpoint.json" in names
    assert ("database.pgdump" if BACKEND == "postgres" else "database.sqlite3") in names
    assert any(n.startswith("files/") for n in names)

    target = {
        "DANGBO_DATABASE_URL": await _fresh_database(tmp_path),
        "DANGBO_VAR_DIR": str(tmp_path / "may-moi"),
    }
    try:
        restored = dangbo("restore", str(archive), env=target)
        assert restored.returncode == 0, restored.stdout + restored.stderr
        assert "Nhật ký kiểm tra toàn vẹn" in restored.stdout
        assert "hợp lệ" in restored.stdout and "Khôi phục xong" in restored.stdout
        assert dangbo("audit", "verify", env=target).returncode == 0

        # Into the same, no longer empty database: refused.
        again = dangbo("restore", str(archive), env=target)
        assert again.returncode == 1 and "đã có dữ liệu" in again.stderr
    finally:
        if BACKEND == "postgres":
            import asyncpg

            conn = await asyncpg.connect(PG_URL)
            try:
                name = target["DANGBO_DATABASE_URL"].rpartition("/")[2]
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await conn.close()


def test_a_changed_archive_or_another_secret_key_is_refused(tmp_path):
    archive = tmp_path / "sao-luu.tar"
    assert dangbo("backup", "--output", str(archive)).returncode == 0
    target = {
        "DANGBO_DATABASE_URL": f"sqlite:///{tmp_path / 'khac.sqlite3'}",
        "DANGBO_VAR_DIR": str(tmp_path / "khac"),
    }
    wrong_key = dangbo("restore", str(archive), env={**target, "DANGBO_SECRET_KEY": "khác"})
    assert wrong_key.returncode == 1 and "DANGBO_SECRET_KEY" in wrong_key.stderr

    data = bytearray(archive.read_bytes())
    data[-20000] ^= 0x01  # inside the last member's content
    changed = tmp_path / "sua.tar"
    changed.write_bytes(bytes(data))
    refused = dangbo("restore", str(changed), env=target)
    assert refused.returncode == 1
    assert "bị hỏng hoặc bị sửa" in refused.stderr or "không" in refused.stderr.lower()
