"""``dangbo vapid init|show`` and ``dangbo worker``."""

from __future__ import annotations

import argparse
import asyncio
import sys

from backend.settings import get_settings, require_safe_for_production


def _vapid_keys():  # -> VapidKeys
    from backend.domains import build_services
    from backend.notifications.vapid import VapidKeys

    return build_services(get_settings()).get(VapidKeys)


def cmd_vapid_init(args: argparse.Namespace) -> int:
    """Safe on any machine, any number of times: the key lives in the shared database, and an
    existing one is kept unless ``--force``."""
    from backend import db
    from backend.notifications.tables import PushSubscription
    from backend.notifications.vapid import public_key_b64

    settings = get_settings()
    keys = _vapid_keys()

    async def work():
        vapid, created = await keys.init(force=args.force)
        removed = 0
        if created and args.force:
            rows = await PushSubscription.delete(force=True).returning(PushSubscription.id)
            removed = len(rows)
        return vapid, created, removed

    vapid, created, removed = db.run(work, settings.database_url)
    if created:
        print("Đã tạo khóa VAPID (lưu trong cơ sở dữ liệu, được mã hóa bằng khóa bí mật).")
    else:
        print("Khóa VAPID đã có (giữ nguyên; dùng --force để tạo khóa mới).")
    if created and args.force:
        print(
            f"Khóa mới không dùng được cho các đăng ký cũ: đã xóa {removed} thiết bị; người dùng "
            "cần bật lại thông báo."
        )
    print(f"Liên hệ (sub): {settings.vapid_contact}")
    print(f"Khóa công khai (applicationServerKey): {public_key_b64(vapid)}")
    return 0


def cmd_vapid_show(args: argparse.Namespace) -> int:
    from backend import db

    keys = _vapid_keys()
    signer = db.run(keys.signer, get_settings().database_url)
    if signer is None:
        print("Chưa có khóa VAPID dùng được. Chạy: dangbo vapid init", file=sys.stderr)
        return 1
    print(signer.public_key)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    from backend.core.logging import configure_logging
    from backend.notifications.jobs import run_worker

    settings = get_settings()
    require_safe_for_production(settings)
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
