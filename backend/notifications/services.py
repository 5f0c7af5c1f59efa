"""Notifications: the in-app record first, push as one delivery channel for it.

Other domains call :func:`notify` inside their own ``db.transaction()``; the business write,
the notification rows and the push outbox rows then commit or roll back together
(a transactional outbox). Delivery happens afterwards, in ``delivery.py``.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives.asymmetric import ec
from piccolo.columns.combination import And

from backend import db
from backend.audit import services as audit
from backend.core.clock import now as utcnow
from backend.core.problems import Problem
from backend.notifications import dispatch, sql
from backend.notifications.tables import (
    Notification,
    NotificationPreference,
    PushDelivery,
    PushSubscription,
)
from shared.notifications import (
    KIND_LABELS,
    NotificationItem,
    NotificationKind,
    NotificationPage,
    NotificationPreferenceView,
    PreferencesUpdate,
    PushDevice,
    PushSubscriptionCreate,
)

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE_MAX = 120
BODY_MAX = 240
LINK_MAX = 500
PAGE_MAX = 100
DEVICES_PER_USER_MAX = 20

# Browsers only ever hand out endpoints of their vendor's push service. Refusing any other
# host keeps the server from being used to POST to arbitrary addresses (SSRF).
PUSH_SERVICE_HOST_SUFFIXES = (
    "fcm.googleapis.com",  # Chrome, Edge on Android, Samsung Internet, Opera
    "push.services.mozilla.com",  # Firefox
    "push.apple.com",  # Safari, iOS / iPadOS home-screen apps
    "notify.windows.com",  # Edge on Windows
)
_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class NotInTransaction(RuntimeError):
    pass


# ---------------------------------------------------------------------------------------------
# notify(): the one call other domains make
# ---------------------------------------------------------------------------------------------


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


def quiet_until(moment: datetime, start: int | None, end: int | None) -> datetime | None:
    """If ``moment`` falls in the quiet hours [start, end) (minutes after local midnight,
    Asia/Ho_Chi_Minh; a window may run past midnight), the UTC instant they end; else None."""
    if start is None or end is None or start == end:
        return None
    local = moment.astimezone(LOCAL_TZ)
    minute = local.hour * 60 + local.minute
    if start < end:
        if not start <= minute < end:
            return None
        ends_on: date = local.date()
    else:
        if start > minute >= end:
            return None
        ends_on = local.date() + timedelta(days=1) if minute >= start else local.date()
    ends = datetime.combine(ends_on, time(end // 60, end % 60), LOCAL_TZ)
    return ends.astimezone(UTC)


def _require_transaction() -> None:
    if db.engine().current_transaction.get() is None:
        raise NotInTransaction(
            "notify() must run inside the caller's db.transaction(), so that the business "
            "write, the notification and its push outbox rows commit together"
        )


async def notify(
    user_ids: Iterable[int],
    *,
    kind: NotificationKind,
    title: str,
    body: str = "",
    link: str = "/thong-bao",
    urgent: bool = False,
    topic: str | None = None,
    wake: dispatch.Dispatcher | None = None,
) -> list[int]:
    """Create one notification per user and queue its push deliveries.

    Call it INSIDE the caller's ``async with db.transaction():`` block. ``title`` and ``body``
    travel to the push service (encrypted, but still): a short title such as "Văn bản mới
    được giao" and a body that names no document content. ``link`` is a path in this app
    (``/van-ban/123``). ``urgent`` (hỏa tốc documents, an opened poll) ignores quiet hours
    and is sent with ``Urgency: high``. ``topic`` collapses repeated updates of the same thing
    (the current agenda item): a newer one replaces an older one not yet delivered.

    ``wake`` is the process's delivery dispatcher (:class:`backend.notifications.notifier.
    Notifier` passes its own): woken after the write, it sends at once; without it the
    outbox's periodic sweep sends.

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
    created = utcnow()

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

    due_groups = await _due_groups(users, kind, urgent, created)
    queued = 0
    for due, group in due_groups.items():
        inserted = await PushDelivery.raw(
            'INSERT INTO "push_delivery" ("notification", "subscription", "status", "attempts", '
            '"next_attempt_at", "last_error", "created_at") '
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
        dispatch.kick(wake, list(notification_of.values()), queued)
    return list(notification_of.values())


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


async def _due_groups(
    users: list[int], kind: NotificationKind, urgent: bool, moment: datetime
) -> dict[datetime, list[int]]:
    """Users whose push is on, grouped by when their push may go out (quiet hours)."""
    prefs = await NotificationPreference.raw(
        'SELECT "user", "push_enabled", "quiet_start", "quiet_end" FROM "notification_preference" '
        'WHERE "kind" = {} AND ' + sql.in_ids('"user"'),
        kind.value,
        sql.ids(users),
    )
    by_user = {row["user"]: row for row in prefs}
    groups: dict[datetime, list[int]] = {}
    for user in users:
        pref = by_user.get(user)
        due = moment
        if pref is not None:
            if not pref["push_enabled"]:
                continue
            if not urgent:
                due = quiet_until(moment, pref["quiet_start"], pref["quiet_end"]) or moment
        groups.setdefault(due, []).append(user)
    return groups


# ---------------------------------------------------------------------------------------------
# The notification centre
# ---------------------------------------------------------------------------------------------


def _item(row: dict) -> NotificationItem:
    return NotificationItem(
        id=row["id"],
        kind=NotificationKind(row["kind"]),
        title=row["title"],
        body=row["body"],
        link=row["link"],
        urgent=bool(row["urgent"]),
        created_at=row["created_at"],
        read_at=row["read_at"],
    )


async def unread_count(user_id: int) -> int:
    return await Notification.count().where(
        (Notification.user == user_id) & Notification.read_at.is_null()
    )


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


async def list_notifications(
    user_id: int, *, before: int | None = None, limit: int = 20, unread_only: bool = False
) -> NotificationPage:
    limit = max(1, min(limit, PAGE_MAX))
    where = Notification.user == user_id
    if unread_only:
        where = And(where, Notification.read_at.is_null())
    if before is not None:
        where = And(where, Notification.id < before)
    rows = (
        await Notification.select(
            Notification.id,
            Notification.kind,
            Notification.title,
            Notification.body,
            Notification.link,
            Notification.urgent,
            Notification.created_at,
            Notification.read_at,
        )
        .where(where)
        .order_by(Notification.id, ascending=False)
        .limit(limit + 1)
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return NotificationPage(
        items=[_item(r) for r in rows],
        unread_count=await unread_count(user_id),
        next_before=rows[-1]["id"] if more and rows else None,
    )


async def get_notification(user_id: int, notification_id: int) -> NotificationItem:
    row = (
        await Notification.select(
            Notification.id,
            Notification.kind,
            Notification.title,
            Notification.body,
            Notification.link,
            Notification.urgent,
            Notification.created_at,
            Notification.read_at,
        )
        .where((Notification.id == notification_id) & (Notification.user == user_id))
        .first()
    )
    if row is None:
        raise Problem(404, "Không tìm thấy thông báo này.", code="notification_not_found")
    return _item(row)


async def mark_read(user_id: int, notification_id: int) -> int:
    """Mark one of the user's notifications read (idempotent). Another user's notification
    is "not found": its existence is nobody else's business."""
    async with db.transaction():
        owned = await Notification.exists().where(
            (Notification.id == notification_id) & (Notification.user == user_id)
        )
        if not owned:
            raise Problem(404, "Không tìm thấy thông báo này.", code="notification_not_found")
        changed = (
            await Notification.update({Notification.read_at: utcnow()})
            .where(
                (Notification.id == notification_id)
                & (Notification.user == user_id)
                & Notification.read_at.is_null()
            )
            .returning(Notification.id)
        )
    return len(changed)


async def mark_all_read(user_id: int) -> int:
    async with db.transaction():
        changed = (
            await Notification.update({Notification.read_at: utcnow()})
            .where((Notification.user == user_id) & Notification.read_at.is_null())
            .returning(Notification.id)
        )
    return len(changed)


# ---------------------------------------------------------------------------------------------
# Preferences
# ---------------------------------------------------------------------------------------------


def _minutes(clock: str | None) -> int | None:
    if clock is None:
        return None
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int | None) -> str | None:
    return None if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d}"


async def preferences(user_id: int) -> list[NotificationPreferenceView]:
    rows = await NotificationPreference.select().where(NotificationPreference.user == user_id)
    stored = {row["kind"]: row for row in rows}
    views = []
    for kind in NotificationKind:
        row = stored.get(kind.value)
        views.append(
            NotificationPreferenceView(
                kind=kind,
                label=KIND_LABELS[kind],
                push_enabled=bool(row["push_enabled"]) if row else True,
                quiet_start=_clock(row["quiet_start"]) if row else None,
                quiet_end=_clock(row["quiet_end"]) if row else None,
            )
        )
    return views


async def update_preferences(
    user_id: int, update: PreferencesUpdate, *, ip: str = ""
) -> list[NotificationPreferenceView]:
    kinds = [item.kind for item in update.items]
    if len(set(kinds)) != len(kinds):
        raise Problem(422, "Mỗi loại thông báo chỉ được khai báo một lần.", code="duplicate_kind")
    for item in update.items:
        if (item.quiet_start is None) != (item.quiet_end is None):
            raise Problem(
                422,
                f"Giờ yên tĩnh của mục «{KIND_LABELS[item.kind]}» cần cả giờ bắt đầu và giờ "
                "kết thúc (hoặc bỏ trống cả hai).",
                code="quiet_hours_incomplete",
            )
        if item.quiet_start is not None and item.quiet_start == item.quiet_end:
            raise Problem(
                422,
                f"Giờ yên tĩnh của mục «{KIND_LABELS[item.kind]}» phải có giờ bắt đầu khác "
                "giờ kết thúc.",
                code="quiet_hours_empty",
            )
    async with db.transaction():
        for item in update.items:
            await NotificationPreference.insert(
                NotificationPreference(
                    user=user_id,
                    kind=item.kind.value,
                    push_enabled=item.push_enabled,
                    quiet_start=_minutes(item.quiet_start),
                    quiet_end=_minutes(item.quiet_end),
                )
            ).on_conflict(
                target=(NotificationPreference.user, NotificationPreference.kind),
                action="DO UPDATE",
                values=[
                    NotificationPreference.push_enabled,
                    NotificationPreference.quiet_start,
                    NotificationPreference.quiet_end,
                ],
            )
        await audit.record(
            "notifications.preferences",
            actor_id=user_id,
            target=f"user:{user_id}",
            ip=ip,
            detail={"kinds": sorted(k.value for k in kinds)},
        )
    return await preferences(user_id)


# ---------------------------------------------------------------------------------------------
# Push subscriptions (devices)
# ---------------------------------------------------------------------------------------------


def _b64url_decode(value: str) -> bytes | None:
    if not re.fullmatch(r"[A-Za-z0-9_\-+/]+={0,2}", value):
        return None
    value = value.rstrip("=").replace("+", "-").replace("/", "_")
    try:
        return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except ValueError:
        return None


def validate_subscription(data: PushSubscriptionCreate, *, production: bool) -> tuple[str, str]:
    """Check what the browser sent before anything is stored; returns (p256dh, auth)
    normalised to unpadded base64url."""
    parts = urlsplit(data.endpoint)
    host = (parts.hostname or "").lower()
    loopback = host in _LOOPBACK_HOSTS and not production
    if parts.scheme != "https" and not (parts.scheme == "http" and loopback):
        raise Problem(
            422, "Địa chỉ nhận thông báo (endpoint) phải là URL https.", code="push_endpoint"
        )
    if parts.username or parts.password or parts.fragment or not host:
        raise Problem(422, "Địa chỉ nhận thông báo (endpoint) không hợp lệ.", code="push_endpoint")
    if not loopback and not any(
        host == suffix or host.endswith("." + suffix) for suffix in PUSH_SERVICE_HOST_SUFFIXES
    ):
        raise Problem(
            422,
            "Dịch vụ thông báo đẩy của trình duyệt này chưa được hỗ trợ. Hãy dùng Chrome, "
            "Edge, Firefox hoặc Safari.",
            code="push_service_unsupported",
        )
    p256dh = _b64url_decode(data.keys.p256dh)
    if p256dh is None or len(p256dh) != 65 or p256dh[0] != 4:
        raise Problem(
            422,
            "Khóa p256dh phải là khóa công khai P-256 dạng base64url (65 byte).",
            code="push_keys",
        )
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), p256dh)
    except ValueError:
        raise Problem(
            422, "Khóa p256dh không phải một điểm hợp lệ trên đường cong P-256.", code="push_keys"
        ) from None
    auth = _b64url_decode(data.keys.auth)
    if auth is None or len(auth) != 16:
        raise Problem(422, "Khóa auth phải là 16 byte ngẫu nhiên dạng base64url.", code="push_keys")
    if data.expirationTime is not None and data.expirationTime / 1000 < utcnow().timestamp():
        raise Problem(
            422, "Đăng ký nhận thông báo này đã hết hạn, hãy bật lại.", code="push_expired"
        )

    def encode(raw: bytes) -> str:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    return encode(p256dh), encode(auth)


def device_label(user_agent: str) -> str:
    """ "Chrome trên Android" and the like, from the User-Agent header."""
    ua = user_agent
    browser = "Trình duyệt"
    for marker, name in (
        ("Edg", "Edge"),
        ("OPR/", "Opera"),
        ("SamsungBrowser", "Samsung Internet"),
        ("Firefox/", "Firefox"),
        ("FxiOS", "Firefox"),
        ("CriOS", "Chrome"),
        ("Chrome/", "Chrome"),
        ("Safari/", "Safari"),
    ):
        if marker in ua:
            browser = name
            break
    system = ""
    for marker, name in (
        ("Android", "Android"),
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("CrOS", "ChromeOS"),
        ("Linux", "Linux"),
    ):
        if marker in ua:
            system = name
            break
    return f"{browser} trên {system}" if system else browser


def _device(row: dict) -> PushDevice:
    return PushDevice(
        id=row["id"],
        label=row["label"],
        push_service=urlsplit(row["endpoint"]).hostname or "",
        endpoint_sha256=hashlib.sha256(row["endpoint"].encode()).hexdigest(),
        created_at=row["created_at"],
        last_success_at=row["last_success_at"],
    )


async def list_devices(user_id: int) -> list[PushDevice]:
    rows = (
        await PushSubscription.select(
            PushSubscription.id,
            PushSubscription.label,
            PushSubscription.endpoint,
            PushSubscription.created_at,
            PushSubscription.last_success_at,
        )
        .where(PushSubscription.user == user_id)
        .order_by(PushSubscription.id)
    )
    return [_device(r) for r in rows]


async def register_device(
    user_id: int,
    data: PushSubscriptionCreate,
    *,
    user_agent: str,
    ip: str,
    production: bool,
) -> tuple[PushDevice, bool]:
    """Store (or refresh) this browser's subscription for the user. The endpoint belongs to
    the browser: if another account registered it before on a shared device, it moves to this
    user, so the previous one stops receiving notifications there. Returns (device, created)."""
    p256dh, auth = validate_subscription(data, production=production)
    label = (data.label or "").strip() or device_label(user_agent)
    async with db.transaction():
        existing = (
            await PushSubscription.select(PushSubscription.id, PushSubscription.user)
            .where(PushSubscription.endpoint == data.endpoint)
            .first()
        )
        if existing is None:
            devices = await PushSubscription.count().where(PushSubscription.user == user_id)
            if devices >= DEVICES_PER_USER_MAX:
                raise Problem(
                    409,
                    f"Mỗi tài khoản nhận thông báo trên tối đa {DEVICES_PER_USER_MAX} thiết bị. "
                    "Hãy xóa bớt thiết bị cũ.",
                    code="push_too_many_devices",
                )
            created = utcnow()
            await PushSubscription.insert(
                PushSubscription(
                    user=user_id,
                    endpoint=data.endpoint,
                    p256dh=p256dh,
                    auth=auth,
                    label=label,
                    user_agent=user_agent[:200],
                    created_at=created,
                )
            ).on_conflict(
                # Two requests of the same browser at once (PostgreSQL lets both get here):
                # the later one refreshes the row instead of failing on the unique endpoint.
                target=PushSubscription.endpoint,
                action="DO UPDATE",
                values=[
                    PushSubscription.user,
                    PushSubscription.p256dh,
                    PushSubscription.auth,
                    PushSubscription.label,
                    PushSubscription.user_agent,
                ],
            )
        else:
            await PushSubscription.update(
                {
                    PushSubscription.user: user_id,
                    PushSubscription.p256dh: p256dh,
                    PushSubscription.auth: auth,
                    PushSubscription.label: label,
                    PushSubscription.user_agent: user_agent[:200],
                }
            ).where(PushSubscription.id == existing["id"])
            if existing["user"] != user_id:
                # Deliveries queued for the previous account must not reach this device.
                await PushDelivery.delete().where(
                    (PushDelivery.subscription == existing["id"])
                    & (PushDelivery.status == "pending")
                )
        row = (
            await PushSubscription.select(
                PushSubscription.id,
                PushSubscription.label,
                PushSubscription.endpoint,
                PushSubscription.created_at,
                PushSubscription.last_success_at,
            )
            .where(PushSubscription.endpoint == data.endpoint)
            .first()
        )
        if existing is None or existing["user"] != user_id:
            await audit.record(
                "push.subscribe",
                actor_id=user_id,
                target=f"push_subscription:{row['id']}",
                ip=ip,
                detail={
                    "push_service": urlsplit(data.endpoint).hostname or "",
                    "from_other_account": existing is not None,
                },
            )
    return _device(row), existing is None


async def remove_device(user_id: int, subscription_id: int, *, ip: str = "") -> None:
    async with db.transaction():
        removed = (
            await PushSubscription.delete()
            .where((PushSubscription.id == subscription_id) & (PushSubscription.user == user_id))
            .returning(PushSubscription.id)
        )
        if not removed:
            raise Problem(404, "Không tìm thấy thiết bị này.", code="push_device_not_found")
        await audit.record(
            "push.unsubscribe",
            actor_id=user_id,
            target=f"push_subscription:{subscription_id}",
            ip=ip,
        )


async def forget_user_devices(user_id: int) -> int:
    """Every browser subscribed for the user stops getting pushes: an administrator cut his
    devices off (``backend/revocation_hooks.py``). Runs in the caller's transaction."""
    removed = (
        await PushSubscription.delete()
        .where(PushSubscription.user == user_id)
        .returning(PushSubscription.id)
    )
    return len(removed)


async def owned_device(user_id: int, subscription_id: int) -> dict:
    row = (
        await PushSubscription.select(PushSubscription.id, PushSubscription.user)
        .where((PushSubscription.id == subscription_id) & (PushSubscription.user == user_id))
        .first()
    )
    if row is None:
        raise Problem(404, "Không tìm thấy thiết bị này.", code="push_device_not_found")
    return row


async def queue_test_push(user_id: int, subscription_id: int) -> int:
    """A "gửi thử" message to one device: a real (already read) notification with one outbox
    row, so it travels the same path as every other push. Returns the outbox row id."""
    await owned_device(user_id, subscription_id)
    created = utcnow()
    async with db.transaction():
        note = await Notification.insert(
            Notification(
                user=user_id,
                kind=NotificationKind.HE_THONG.value,
                title="Thông báo thử",
                body="Thiết bị này đã nhận được thông báo từ Đảng bộ số.",
                link="/thong-bao/cai-dat",
                urgent=True,  # the user is waiting for it: no quiet hours
                topic=None,
                created_at=created,
                read_at=created,  # nothing to read: it must not raise the unread count
            )
        ).returning(Notification.id)
        delivery = await PushDelivery.insert(
            PushDelivery(
                notification=note[0]["id"],
                subscription=subscription_id,
                status="pending",
                attempts=0,
                # Not due before the request sends it itself; a worker retries it if needed.
                next_attempt_at=created + timedelta(seconds=30),
                claim_token=None,
                created_at=created,
            )
        ).returning(PushDelivery.id)
    return delivery[0]["id"]


def new_claim_token() -> str:
    return secrets.token_hex(16)
