"""The ``dangbo`` console command."""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import subprocess
import sys

from backend import domains
from backend.core.node import node_env
from backend.settings import PROJECT_ROOT, get_settings, require_safe_for_production


def cmd_migrate(args: argparse.Namespace) -> int:
    from backend import db

    # Piccolo's runner counts "already complete" wrongly on an empty database: its lines are
    # kept for a failure, and the summary below says what happened.
    chatter = io.StringIO()
    try:
        with contextlib.redirect_stdout(chatter):
            applied = db.run(db.migrate, get_settings().database_url)
    except Exception:
        sys.stderr.write(chatter.getvalue())
        raise
    if applied:
        print(f"Đã áp dụng {len(applied)} migration:")
        for migration in applied:
            print(f"  - {migration}")
    else:
        print("Cơ sở dữ liệu đã cập nhật, không có migration mới.")
    return 0


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from backend import db
    from backend.domains import build_services
    from backend.seed import seed_demo

    settings = get_settings()
    if settings.is_production:
        if not args.force:
            print(
                "Đang ở chế độ production (DANGBO_ENVIRONMENT=production): không tạo dữ liệu mẫu. "
                "Dữ liệu mẫu gồm người dùng thử và văn bản bịa đặt, không được lẫn vào dữ liệu "
                "thật. Nếu thật sự cần (một máy chạy thử), thêm --force.",
                file=sys.stderr,
            )
            return 2
        print(
            "--force: sẽ thêm vào cơ sở dữ liệu production các tổ chức, người dùng mẫu (quantri, "
            "lanhdao, vanthu, …) và văn bản bịa đặt dùng để trình diễn. Mỗi việc được ghi nhật "
            "ký kiểm toán như mọi thay đổi khác.",
            flush=True,
        )
    services = build_services(settings)
    counts = db.run(lambda: seed_demo(services), settings.database_url)
    print("Dữ liệu mẫu: " + ", ".join(f"{k}: +{v}" for k, v in counts.items()))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = get_settings()
    # Refused here, before granian or Reflex starts, with the reasons in Vietnamese.
    require_safe_for_production(settings, api_workers=args.workers, reflex=not args.api_only)
    env = node_env(settings.var_dir)
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


def cmd_search_reindex(args: argparse.Namespace) -> int:
    from backend import db

    async def reindex() -> dict[str, int]:
        counts: dict[str, int] = {}
        async with db.transaction():
            for domain in domains.plugins():
                if domain.search_index is not None:
                    counts[domain.name] = await domain.search_index()
        return counts

    counts = db.run(reindex, get_settings().database_url)
    print("Đã lập lại chỉ mục tìm kiếm: " + ", ".join(f"{k}: {v}" for k, v in counts.items()))
    return 0


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
    sub.add_parser(
        "search-reindex",
        help="lập lại chỉ mục tìm kiếm (văn bản, thư viện, hỏi đáp) từ dữ liệu hiện có",
    ).set_defaults(func=cmd_search_reindex)
    seed = sub.add_parser("seed-demo", help="tạo dữ liệu mẫu (không dùng trong production)")
    seed.add_argument(
        "--force", action="store_true", help="vẫn tạo dữ liệu mẫu khi ở chế độ production"
    )
    seed.set_defaults(func=cmd_seed_demo)

    # Each domain's own commands (``backend/<domain>/cli.py``), in the order of the domains.
    for module in domains.command_modules():
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
