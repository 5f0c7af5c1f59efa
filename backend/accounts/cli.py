"""``dangbo invite``: enrollment links, for a new user or a lost device."""

from __future__ import annotations

import argparse
import sys

from backend.settings import get_settings


def cmd_invite(args: argparse.Namespace) -> int:
    from backend import db
    from backend.accounts.invitations import InvitationService
    from backend.core.problems import Problem
    from backend.domains import build_services
    from shared.accounts import InvitationCreated, Role
    from shared.clock import dmy_hm

    settings = get_settings()
    invitations = build_services(settings).get(InvitationService)
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

    async def work() -> InvitationCreated:
        return await invitations.invite(
            full_name=args.name or "",
            roles=roles,
            organisation_code=args.org,
            username=args.user,
            revoke_existing=args.revoke,
        )

    try:
        created = db.run(work, settings.database_url)
    except Problem as problem:
        print(problem.detail, file=sys.stderr)
        return 1
    if args.revoke:
        print("Đã thu hồi mọi khóa truy cập và kết thúc mọi phiên đăng nhập cũ của tài khoản.")
    if created.recovery is not None:
        print(
            "Đây là khôi phục tài khoản (người dùng đã có khóa truy cập). Người dùng đã được "
            "thông báo và có thể từ chối từ thiết bị đang dùng. Khóa đăng ký qua liên kết này "
            "bị giữ, chỉ xem được trang khôi phục, cho đến khi một quản trị viên hoặc lãnh đạo "
            "của tổ chức xác nhận, hoặc sau "
            f"{settings.recovery_hold_hours} giờ nếu người dùng không từ chối."
        )
    print(f"Tài khoản: {created.username}")
    print(f"Hết hạn: {dmy_hm(created.expires_at)}")
    print(created.url)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
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
