"""Demo data: a welcome notification for each demo user (once)."""

from __future__ import annotations

from backend import db
from backend.accounts.tables import User
from backend.core.services import Services
from backend.notifications.notifier import Notifier
from backend.notifications.tables import Notification
from shared.notifications import NotificationKind

WELCOME_TITLE = "Chào mừng đồng chí đến với Đảng bộ số"
DEMO_USERS = ("quantri", "lanhdao", "vanthu", "canbo", "canbo2", "dangvien")


async def seed_notifications(services: Services) -> dict[str, int]:
    users = await User.select(User.id).where(User.username.is_in(list(DEMO_USERS)))
    welcomed = {
        row["user"]
        for row in await Notification.select(Notification.user).where(
            Notification.title == WELCOME_TITLE
        )
    }
    todo = [row["id"] for row in users if row["id"] not in welcomed]
    if not todo:
        return {"thông báo": 0}
    async with db.transaction():
        created = await services.get(Notifier).notify(
            todo,
            kind=NotificationKind.HE_THONG,
            title=WELCOME_TITLE,
            body="Bật thông báo trên thiết bị để nhận văn bản và lịch họp kịp thời.",
            link="/thong-bao/cai-dat",
        )
    return {"thông báo": len(created)}
