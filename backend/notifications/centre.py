"""The user's notification centre: the list (newest first), one notification, read marks and
unread counts. Every query is scoped to the signed-in user, so another user's notification is
simply "not found".

Each item says what it is about (``subject``: a document's số/ký hiệu and trích yếu), asked of
the domain that owns the linked record when the list is read, so it follows the reader's
permissions now: a document he may no longer read gives an empty subject. The stored title and
body (what the push message carried) name no content."""

from __future__ import annotations

from collections.abc import Iterable

from piccolo.columns.combination import And

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.convert import to_struct
from backend.core.domain import DomainHooks
from backend.core.paging import page_of
from backend.core.problems import Problem
from backend.notifications import sql
from backend.notifications.tables import Notification
from shared.notifications import MarkedRead, NotificationItem, NotificationPage

PAGE_MAX = 100

_ITEM_COLUMNS = (
    Notification.id,
    Notification.kind,
    Notification.title,
    Notification.body,
    Notification.link,
    Notification.urgent,
    Notification.created_at,
    Notification.read_at,
)


def _not_found() -> Problem:
    return Problem(404, "Không tìm thấy thông báo này.", code="notification_not_found")


async def unread_counts(user_ids: Iterable[int]) -> dict[int, int]:
    """Unread counts of many users in one query (the badge number of a push batch)."""
    users = list(set(user_ids))
    if not users:
        return {}
    rows = await Notification.raw(
        'SELECT "user", COUNT(*) AS "unread" FROM "notification" '
        'WHERE "read_at" IS NULL AND ' + sql.in_ids('"user"') + ' GROUP BY "user"',
        sql.ids(users),
    )
    return {row["user"]: row["unread"] for row in rows}


class NotificationCentre:
    def __init__(self, hooks: DomainHooks) -> None:
        self.hooks = hooks

    async def _items(self, actor: Actor, rows: list[dict]) -> list[NotificationItem]:
        subjects = await self.hooks.notification_subjects(actor, sorted({r["link"] for r in rows}))
        return [to_struct(r, NotificationItem, subject=subjects.get(r["link"], "")) for r in rows]

    async def unread_count(self, actor: Actor) -> int:
        return await Notification.count().where(
            (Notification.user == actor.id) & Notification.read_at.is_null()
        )

    async def page(
        self, actor: Actor, *, before: int | None = None, limit: int = 20, unread_only: bool = False
    ) -> NotificationPage:
        """Newest first; ``before`` (an id) continues where the previous page stopped."""
        limit = max(1, min(limit, PAGE_MAX))
        where = Notification.user == actor.id
        if unread_only:
            where = And(where, Notification.read_at.is_null())
        if before is not None:
            where = And(where, Notification.id < before)
        rows = (
            await Notification.select(*_ITEM_COLUMNS)
            .where(where)
            .order_by(Notification.id, ascending=False)
            .limit(limit + 1)
        )
        rows, more = page_of(rows, limit)
        return NotificationPage(
            items=await self._items(actor, rows),
            unread_count=await self.unread_count(actor),
            next_before=rows[-1]["id"] if more and rows else None,
        )

    async def one(self, actor: Actor, notification_id: int) -> NotificationItem:
        row = (
            await Notification.select(*_ITEM_COLUMNS)
            .where((Notification.id == notification_id) & (Notification.user == actor.id))
            .first()
        )
        if row is None:
            raise _not_found()
        return (await self._items(actor, [row]))[0]

    async def mark_read(self, actor: Actor, notification_id: int) -> MarkedRead:
        """Mark one of the user's notifications read (idempotent). Another user's notification
        is "not found": its existence is nobody else's business."""
        async with db.transaction():
            owned = await Notification.exists().where(
                (Notification.id == notification_id) & (Notification.user == actor.id)
            )
            if not owned:
                raise _not_found()
            changed = (
                await Notification.update({Notification.read_at: now()})
                .where(
                    (Notification.id == notification_id)
                    & (Notification.user == actor.id)
                    & Notification.read_at.is_null()
                )
                .returning(Notification.id)
            )
        return MarkedRead(marked=len(changed), unread_count=await self.unread_count(actor))

    async def mark_all_read(self, actor: Actor) -> MarkedRead:
        async with db.transaction():
            changed = (
                await Notification.update({Notification.read_at: now()})
                .where((Notification.user == actor.id) & Notification.read_at.is_null())
                .returning(Notification.id)
            )
        return MarkedRead(marked=len(changed), unread_count=await self.unread_count(actor))
