"""``dangbo audit verify``: the hash chain, against a checkpoint kept outside the database."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from backend.settings import get_settings


def cmd_audit(args: argparse.Namespace) -> int:
    from backend import db
    from backend.audit.checkpoint import default_path, verify_with_checkpoint

    settings = get_settings()
    path = args.checkpoint or default_path(settings.var_dir)
    result = db.run(lambda: verify_with_checkpoint(path), settings.database_url)
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def register(sub: argparse._SubParsersAction) -> None:
    audit = sub.add_parser("audit", help="nhật ký kiểm tra")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="kiểm tra chuỗi băm và lưu điểm kiểm tra")
    verify.add_argument(
        "--checkpoint",
        type=Path,
        help="tệp điểm kiểm tra (mặc định: var/audit-checkpoint.json)",
    )
    verify.set_defaults(func=cmd_audit)
