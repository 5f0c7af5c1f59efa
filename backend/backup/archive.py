"""One backup archive: the database, the files, the audit checkpoint, and a manifest.

An uncompressed tar (the PDFs are compressed already; a dump is compressed by ``pg_dump``):

- ``manifest.json``: when, from which engine, the migrations applied, each member's SHA-256
  and size, and a fingerprint of the secret key (an HMAC, which reveals nothing of the key)
  so that a restore can say at once whether the key at hand is the right one;
- ``database.sqlite3`` (SQLite's online backup API: a consistent copy while the app runs) or
  ``database.pgdump`` (``pg_dump -Fc``, which holds the files too when they live in
  PostgreSQL);
- ``files/…``: the local file store, when the files live there (page images are a cache and
  are left out);
- ``audit-checkpoint.json``: the audit chain's last verified head, when there is one.

The secret key is never in the archive: it opens the CA's and the VAPID keys, the signers'
keys, sessions and CSRF tokens, and must be kept apart from the backups.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from backend.core.clock import now
from backend.db import sqlite_path
from backend.settings import Settings

MANIFEST = "manifest.json"
FORMAT = 1
SKIPPED_DIRS = {".staging", ".pages"}  # uploads in progress, and the page-image cache


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message is Vietnamese, for the operator."""


def key_fingerprint(secret_key: str) -> str:
    return hmac.new(secret_key.encode(), b"dangbo backup key check v1", "sha256").hexdigest()[:16]


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env(database_url: str) -> dict[str, str]:
    """libpq's environment for ``database_url`` (the password stays off the command line)."""
    parts = urlsplit(database_url)
    env = {**os.environ, "PGHOST": parts.hostname or "127.0.0.1", "PGPORT": str(parts.port or 5432)}
    env["PGUSER"] = parts.username or "postgres"
    env["PGDATABASE"] = (parts.path or "/postgres").lstrip("/")
    if parts.password:
        env["PGPASSWORD"] = parts.password
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(
            f"Không có lệnh {command[0]} (gói postgresql-client) để {what}. Hãy cài rồi chạy lại."
        )
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} không {what} được: {done.stderr.strip()[-800:]}")


def dump_database(settings: Settings, target: Path) -> str:
    """A consistent copy of the database into ``target``; returns the member's name."""
    if settings.is_postgres:
        path = target / "database.pgdump"
        _run(
            ["pg_dump", "-Fc", "--no-owner", "--no-acl", "-f", str(path)],
            _pg_env(settings.database_url),
            "sao lưu cơ sở dữ liệu",
        )
        return path.name
    path = target / "database.sqlite3"
    source = sqlite3.connect(sqlite_path(settings.database_url))
    try:
        copy = sqlite3.connect(path)
        with copy:
            source.backup(copy)
        copy.close()
    finally:
        source.close()
    return path.name


def _files_of(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] in SKIPPED_DIRS or not path.is_file():
            continue
        yield path


@dataclass(frozen=True)
class Written:
    path: Path
    size: int
    contents: list[str]  # what the archive holds, in Vietnamese, for the operator


def write_archive(
    settings: Settings,
    output: Path,
    *,
    work: Path,
    migrations: list[str],
    files_in_database: bool,
    checkpoint: Path,
) -> Written:
    """Write the archive to ``output`` (``work`` is a private scratch directory)."""
    entries: dict[str, dict] = {}
    database = dump_database(settings, work)
    sources: list[tuple[str, Path]] = [(database, work / database)]
    if not files_in_database:
        root = settings.file_store_dir
        sources += [(f"files/{p.relative_to(root).as_posix()}", p) for p in _files_of(root)]
    if checkpoint.is_file():
        sources.append(("audit-checkpoint.json", checkpoint))
    for name, path in sources:
        entries[name] = {"sha256": _sha256_file(path), "size": path.stat().st_size}
    manifest = {
        "format": FORMAT,
        "created_at": now().isoformat(),
        "engine": "postgresql" if settings.is_postgres else "sqlite",
        "database": database,
        "files_in_database": files_in_database,
        "migrations": migrations,
        "secret_key_fingerprint": key_fingerprint(settings.secret_key),
        "entries": entries,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
        info = tarfile.TarInfo(MANIFEST)
        info.size, info.mode, info.mtime = len(data), 0o600, int(now().timestamp())
        tar.addfile(info, io.BytesIO(data))
        for name, path in sources:
            tar.add(path, arcname=name, recursive=False)
    os.replace(partial, output)
    return Written(output, output.stat().st_size, describe(manifest))


def describe(manifest: dict) -> list[str]:
    """What an archive holds, as the operator reads it (backup and restore say the same)."""
    files = sum(1 for name in manifest["entries"] if name.startswith("files/"))
    held = [
        "cơ sở dữ liệu, kèm kho tệp"
        if manifest["files_in_database"]
        else f"cơ sở dữ liệu, kho tệp ({files} tệp)"
    ]
    if "audit-checkpoint.json" in manifest["entries"]:
        held.append("điểm kiểm tra nhật ký")
    else:
        held.append("chưa có điểm kiểm tra nhật ký (chạy dangbo audit verify định kỳ)")
    return held


@dataclass(frozen=True)
class Checked:
    manifest: dict
    members: dict[str, tarfile.TarInfo]


def check_archive(archive: Path, secret_key: str) -> Checked:
    """The archive's manifest, after checking every member against it and the secret key."""
    try:
        tar = tarfile.open(archive, mode="r:")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"Không mở được tệp sao lưu {archive}: {exc}") from exc
    with tar:
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        if MANIFEST not in members:
            raise BackupError("Tệp sao lưu không có manifest.json: không phải bản sao lưu này.")
        manifest = json.loads(tar.extractfile(members[MANIFEST]).read())  # type: ignore[union-attr]
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Định dạng sao lưu {manifest.get('format')} không được hỗ trợ.")
        for name, expected in manifest["entries"].items():
            member = members.get(name)
            if member is None:
                raise BackupError(f"Tệp sao lưu thiếu {name}.")
            digest = hashlib.sha256()
            handle = tar.extractfile(member)
            assert handle is not None
            while chunk := handle.read(1024 * 1024):
                digest.update(chunk)
            if digest.hexdigest() != expected["sha256"]:
                raise BackupError(f"{name} trong tệp sao lưu đã bị hỏng hoặc bị sửa (SHA-256).")
        extra = set(members) - set(manifest["entries"]) - {MANIFEST}
        if extra:
            raise BackupError(f"Tệp sao lưu có thành phần lạ: {sorted(extra)[:3]}.")
    if manifest["secret_key_fingerprint"] != key_fingerprint(secret_key):
        raise BackupError(
            "DANGBO_SECRET_KEY hiện tại không phải khóa của bản sao lưu này: khóa của CA, khóa "
            "VAPID và khóa ký của người dùng sẽ không mở được. Hãy đặt đúng khóa bí mật đã cất "
            "riêng khi sao lưu rồi chạy lại."
        )
    return Checked(manifest, members)


def database_is_empty(settings: Settings) -> bool:
    if settings.is_postgres:
        env = _pg_env(settings.database_url)
        found = subprocess.run(
            ["psql", "-tAc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"],
            env=env,
            capture_output=True,
            text=True,
        )
        if found.returncode != 0:
            raise BackupError(f"Không kết nối được cơ sở dữ liệu đích: {found.stderr.strip()}")
        return found.stdout.strip() == "0"
    path = sqlite_path(settings.database_url)
    if not path.exists() or path.stat().st_size == 0:
        return True
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0


def restore_archive(settings: Settings, archive: Path, checked: Checked, checkpoint: Path) -> int:
    """Put the database, the files and the checkpoint in place; returns the files restored."""
    manifest = checked.manifest
    if manifest["engine"] != ("postgresql" if settings.is_postgres else "sqlite"):
        raise BackupError(
            f"Bản sao lưu từ {manifest['engine']} không khôi phục được vào cơ sở dữ liệu này."
        )
    restored = 0
    with tarfile.open(archive, mode="r:") as tar:
        database = checked.members[manifest["database"]]
        if settings.is_postgres:
            handle = tar.extractfile(database)
            assert handle is not None
            env = _pg_env(settings.database_url)
            command = ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", "-d"]
            if shutil.which("pg_restore") is None:
                raise BackupError("Không có lệnh pg_restore (gói postgresql-client).")
            done = subprocess.run(
                [*command, env["PGDATABASE"]], env=env, input=handle.read(), capture_output=True
            )
            if done.returncode != 0:
                raise BackupError(f"pg_restore lỗi: {done.stderr.decode()[-800:]}")
        else:
            path = sqlite_path(settings.database_url)
            path.parent.mkdir(parents=True, exist_ok=True)
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            with tar.extractfile(database) as source, path.open("wb") as out:  # type: ignore[union-attr]
                shutil.copyfileobj(source, out)
        root = settings.file_store_dir
        for name, member in checked.members.items():
            if name.startswith("files/"):
                target = root / Path(name).relative_to("files")
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, target.open("wb") as out:  # type: ignore[union-attr]
                    shutil.copyfileobj(source, out)
                os.chmod(target, 0o440)
                restored += 1
        if "audit-checkpoint.json" in checked.members:
            checkpoint.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(checked.members["audit-checkpoint.json"]) as source:  # type: ignore[union-attr]
                checkpoint.write_bytes(source.read())
    return restored
