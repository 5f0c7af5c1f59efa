"""``dangbo vapid init|show`` and ``dangbo worker``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from backend.settings import get_settings


def cmd_vapid_init(args: argparse.Namespace) -> int:
    from backend.notifications.vapid import generate_key_file, public_key_b64

    settings = get_settings()
    path = settings.vapid_key_file
    vapid, created = generate_key_file(path, force=args.force)
    if created:
        print(f"Đã tạo khóa VAPID: {path} (chỉ chủ sở hữu đọc được).")
    else:
        print(f"Khóa VAPID đã có: {path} (giữ nguyên; dùng --force để tạo khóa mới).")
    if created and args.force:
        from backend import db
        from backend.notifications.tables import PushSubscription

        async def forget_devices() -> int:
            rows = await PushSubscription.delete(force=True).returning(PushSubscription.id)
            return len(rows)

        removed = db.run(forget_devices, settings.database_url)
        print(
            f"Khóa mới không dùng được cho các đăng ký cũ: đã xóa {removed} thiết bị; người dùng "
            "cần bật lại thông báo."
        )
    print(f"Liên hệ (sub): {settings.vapid_contact}")
    print(f"Khóa công khai (applicationServerKey): {public_key_b64(vapid)}")
    return 0


def cmd_vapid_show(args: argparse.Namespace) -> int:
    from backend.notifications.vapid import load_key, public_key_b64

    vapid = load_key(get_settings().vapid_key_file)
    if vapid is None:
        print("Chưa có khóa VAPID. Chạy: dangbo vapid init", file=sys.stderr)
        return 1
    print(public_key_b64(vapid))
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from backend.core.logging import configure_logging
    from backend.notifications.jobs import run_worker

    settings = get_settings()
    configure_logging()
    mode = "SAQ qua Redis" if settings.redis_url else "tiến trình riêng, không có Redis"
    print(f"Bộ gửi thông báo đẩy đang chạy ({mode}). Nhấn Ctrl+C để dừng.", flush=True)
    asyncio.run(run_worker(settings, concurrency=args.concurrency))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    vapid = sub.add_parser("vapid", help="khóa VAPID của thông báo đẩy")
    vapid_sub = vapid.add_subparsers(dest="vapid_command", required=True)
    init = vapid_sub.add_parser("init", help="tạo cặp khóa (giữ nguyên nếu đã có)")
    init.add_argument(
        "--force", action="store_true", help="thay khóa mới (mọi thiết bị phải bật lại thông báo)"
    )
    init.set_defaults(func=cmd_vapid_init)
    vapid_sub.add_parser("show", help="in khóa công khai").set_defaults(func=cmd_vapid_show)

    worker = sub.add_parser("worker", help="gửi thông báo đẩy từ hàng đợi (SAQ khi có Redis)")
    worker.add_argument("--concurrency", type=int, default=4, help="số việc chạy song song")
    worker.set_defaults(func=cmd_worker)
