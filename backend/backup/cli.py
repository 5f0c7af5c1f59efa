"""``dangbo backup`` and ``dangbo restore``."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from backend.settings import get_settings

REMINDER = """
NHẮC: bản sao lưu KHÔNG chứa khóa bí mật (DANGBO_SECRET_KEY). Không có đúng khóa đó thì không
khôi phục được: khóa bí mật mở khóa của CA nội bộ, khóa VAPID của thông báo đẩy và khóa ký số của
từng người dùng, và bảo vệ phiên đăng nhập và mã CSRF. Hãy cất khóa bí mật ở một nơi KHÁC với các
bản sao lưu (ví dụ két an toàn hoặc kho bí mật của đơn vị): ai có cả hai thì có thể ký thay CA."""


def _default_output(var_dir: Path) -> Path:
    from backend.core.clock import now

    return var_dir / "backups" / f"dangbo-{now().strftime('%Y%m%d-%H%M%S')}.tar"


def _files_in_database(settings) -> bool:  # noqa: ANN001
    return settings.file_store == "postgres"  # DANGBO_FILE_STORE


def cmd_backup(args: argparse.Namespace) -> int:
    from piccolo.apps.migrations.tables import Migration

    from backend import db
    from backend.audit.checkpoint import default_path
    from backend.backup.archive import BackupError, write_archive

    settings = get_settings()
    output = Path(args.output) if args.output else _default_output(settings.var_dir)

    async def applied() -> list[str]:
        Migration._meta.db = db.engine()
        return sorted(await Migration.get_migrations_which_ran(app_name="dangbo"))

    try:
        migrations = db.run(applied, settings.database_url)
        with tempfile.TemporaryDirectory(prefix="dangbo-backup-") as work:
            written = write_archive(
                settings,
                output,
                work=Path(work),
                migrations=migrations,
                files_in_database=_files_in_database(settings),
                checkpoint=default_path(settings.var_dir),
            )
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Đã sao lưu vào {written.path} ({written.size:,} byte).")
    print(f"Gồm: {'; '.join(written.contents)}; manifest với mã SHA-256 của từng thành phần.")
    print(REMINDER)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from backend import db
    from backend.audit.checkpoint import default_path, verify_with_checkpoint
    from backend.backup.archive import (
        BackupError,
        check_archive,
        database_is_empty,
        describe,
        restore_archive,
    )
    from backend.documents.tables import DocumentFile
    from backend.domains import build_services
    from backend.files.services import FileStore
    from backend.signing.verification import VerificationService

    settings = get_settings()
    archive = Path(args.archive)
    checkpoint = default_path(settings.var_dir)
    try:
        checked = check_archive(archive, settings.secret_key)
        print(f"Tệp sao lưu hợp lệ, tạo lúc {checked.manifest['created_at']}; gồm "
              f"{'; '.join(describe(checked.manifest))}.")  # fmt: skip
        if not database_is_empty(settings):
            raise BackupError(
                "Cơ sở dữ liệu đích đã có dữ liệu. Chỉ khôi phục vào một cơ sở dữ liệu mới, "
                "trống (tạo mới rồi đặt DANGBO_DATABASE_URL tới nó)."
            )
        if not checked.manifest["files_in_database"] and any(
            p.is_file() for p in settings.file_store_dir.rglob("*")
        ):
            raise BackupError(f"Kho tệp đích {settings.file_store_dir} không trống.")
        restored = restore_archive(settings, archive, checked, checkpoint)
    except BackupError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if checked.manifest["files_in_database"]:
        print("Đã khôi phục cơ sở dữ liệu (các tệp nằm trong cơ sở dữ liệu).")
    else:
        print(f"Đã khôi phục cơ sở dữ liệu và {restored} tệp.")

    services = build_services(settings)

    async def check() -> tuple[object, str, bool]:
        audit = await verify_with_checkpoint(checkpoint)
        row = (
            await DocumentFile.select(DocumentFile.sha256, DocumentFile.filename)
            .where(DocumentFile.role == "signed")
            .order_by(DocumentFile.id, ascending=False)
            .first()
        )
        if row is None:
            return audit, "Không có văn bản đã ký để kiểm tra chữ ký.", True
        pdf = await services.get(FileStore).read(row["sha256"])
        report = await services.get(VerificationService).verify(pdf)
        return audit, f"Chữ ký của {row['filename']}: {report.summary}", report.valid

    audit, signature, signature_ok = db.run(check, settings.database_url)
    print(audit.message)
    print(signature)
    if not (audit.ok and signature_ok):
        print("KHÔI PHỤC CHƯA ĐẠT: xem các dòng trên.", file=sys.stderr)
        return 1
    print("Khôi phục xong: nhật ký toàn vẹn, chữ ký số còn hợp lệ.")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    backup = sub.add_parser("backup", help="sao lưu toàn bộ vào một tệp (trừ khóa bí mật)")
    backup.add_argument("--output", help="tệp .tar (mặc định var/backups/dangbo-<thời điểm>.tar)")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore", help="kiểm tra tệp sao lưu, khôi phục vào cơ sở dữ liệu mới, kiểm tra lại"
    )
    restore.add_argument("archive", help="tệp .tar do `dangbo backup` tạo")
    restore.set_defaults(func=cmd_restore)
