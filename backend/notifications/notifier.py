"""The notification centre as other domains use it: ``await notifier.notify(...)``.

One :class:`Notifier` per app (``backend/notifications/plugin.py``), handed to services and
controllers like every other long-lived object. ``notify`` writes inside the caller's
``db.transaction()``: the business write, the notification rows and the push outbox rows then
commit or roll back together (a transactional outbox). Delivery happens afterwards
(``delivery.py``); the notifier wakes the delivery that the app's lifespan started (the
in-process loop, or the SAQ queue with Redis).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable

from backend import db
from backend.core.clock import now
from backend.notifications import dispatch, sql
from backend.notifications.preferences import push_due_times
from backend.notifications.tables import Notification, PushDelivery
from shared.notifications import NotificationKind

TITLE_MAX = 120
BODY_MAX = 240
LINK_MAX = 500


class NotInTransaction(RuntimeError):
    pass


def push_topic(topic: str | None) -> str | None:
    """A value for the push ``Topic`` header: at most 32 characters of the base64url alphabet
    (RFC 8030 §5.4). Anything else is hashed into that shape, so callers can pass any key,
    such as ``"agenda:42"``."""
    if not topic:
        return None
    if re.fullmatch(r"[A-Za-z0-9_-]{1,32}", topic):
        return topic
    digest = hashlib.sha256(topic.encode()).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()[:32]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _require_transaction() -> None:
    if db.engine().current_transaction.get() is None:
        raise NotInTransaction(
            "notify() must run inside the caller's db.transaction(), so that the business "
            "write, the notification and its push outbox rows commit together"
        )


class Notifier:
    def __init__(self) -> None:
        # The process's delivery, woken after a write; set while the app's lifespan runs.
        # Without it (a script) the outbox's periodic sweep sends, only later.
        self.dispatcher: dispatch.Dispatcher | None = None

    async def notify(
        self,
        user_ids: Iterable[int],
        *,
        kind: NotificationKind,
        title: str,
        body: str = "",
        link: str = "/thong-bao",
        urgent: bool = False,
        topic: str | None = None,
    ) -> list[int]:
        """Create one notification per user and queue its push deliveries.

        Call it INSIDE the caller's ``async with db.transaction():`` block. ``title`` and
        ``body`` travel to the push service (encrypted, but still): a short title such as
        "Văn bản mới được giao" and a body that names no document content. ``link`` is a path
        in this app (``/van-ban/123``). ``urgent`` (hỏa tốc documents, an opened poll) ignores
        quiet hours and is sent with ``Urgency: high``. ``topic`` collapses repeated updates
        of the same thing (the current agenda item): a newer one replaces an older one not yet
        delivered.

        Returns the ids of the notifications, in no particular order.
        """
        _require_transaction()
        users = sorted({int(u) for u in user_ids})
        kind = NotificationKind(kind)
        title = " ".join(title.split())
        body = " ".join(body.split())
        if not title:
            raise ValueError("a notification needs a title")
        if not link.startswith("/") or link.startswith("//") or len(link) > LINK_MAX:
            raise ValueError("link must be a path of this app, such as /van-ban/12")
        if not users:
            return []
        title, body = _clip(title, TITLE_MAX), _clip(body, BODY_MAX)
        header_topic = push_topic(topic)
        created = now()

        rows = await Notification.raw(
            'INSERT INTO "notification" ("user", "kind", "title", "body", "link", "urgent", '
            '"topic", "created_at", "read_at") '
            "SELECT ids.value, "
            + ", ".join(sql.param(t) for t in ("text", "text", "text", "text", "boolean", "text"))
            + ", "
            + sql.param("timestamptz")
            + ", NULL FROM "
            + sql.id_rows("ids")
            + ' RETURNING "id", "user"',
            kind.value,
            title,
            body,
            link,
            urgent,
            header_topic,
            created,
            sql.ids(users),
        )
        notification_of = {row["user"]: row["id"] for row in rows}

        if header_topic:
            # An older update on the same topic that has not gone out yet is now stale.
            await PushDelivery.raw(
                'UPDATE "push_delivery" SET "status" = \'skipped\', "last_error" = \'superseded\' '
                'WHERE "status" = \'pending\' AND "notification" IN ('
                'SELECT "id" FROM "notification" WHERE "topic" = {} AND '
                + sql.in_ids('"user"')
                + ' AND "id" < {})',
                header_topic,
                sql.ids(users),
                min(notification_of.values()),
            )

        queued = 0
        for due, group in (await push_due_times(users, kind, urgent, created)).items():
            inserted = await PushDelivery.raw(
                'INSERT INTO "push_delivery" ("notification", "subscription", "status", '
                '"attempts", "next_attempt_at", "last_error", "created_at") '
                'SELECT n."id", s."id", \'pending\', 0, '
                + sql.param("timestamptz")
                + ", '', "
                + sql.param("timestamptz")
                + " "
                'FROM "notification" n JOIN "push_subscription" s ON s."user" = n."user" '
                "WHERE " + sql.in_ids('n."id"') + ' RETURNING "id"',
                due,
                created,
                sql.ids(notification_of[u] for u in group),
            )
            queued += len(inserted)
        if queued:
            dispatch.kick(self.dispatcher, list(notification_of.values()), queued)
        return list(notification_of.values())
