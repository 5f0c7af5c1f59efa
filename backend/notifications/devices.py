"""Push subscriptions: the user's devices that receive Web Push, and the "gửi thử" message.

What a browser sends is checked before anything is stored: an endpoint of a known vendor push
service (never an arbitrary address the server would POST to) and real P-256 keys.
"""

from __future__ import annotations

import base64
import hashlib
import re
from datetime import timedelta
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec

from backend import db
from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.convert import to_struct
from backend.core.problems import Problem
from backend.notifications.tables import Notification, PushDelivery, PushSubscription
from backend.settings import Settings
from shared.notifications import NotificationKind, PushDevice, PushSubscriptionCreate

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

_DEVICE_COLUMNS = (
    PushSubscription.id,
    PushSubscription.label,
    PushSubscription.endpoint,
    PushSubscription.created_at,
    PushSubscription.last_success_at,
)


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
    if data.expirationTime is not None and data.expirationTime / 1000 < now().timestamp():
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
    endpoint = row["endpoint"]
    return to_struct(
        row,
        PushDevice,
        push_service=urlsplit(endpoint).hostname or "",
        endpoint_sha256=hashlib.sha256(endpoint.encode()).hexdigest(),
    )


def _not_found() -> Problem:
    return Problem(404, "Không tìm thấy thiết bị này.", code="push_device_not_found")


async def forget_user_devices(user_id: int) -> int:
    """Every browser subscribed for the user stops getting pushes: an administrator cut his
    devices off (the plugin's ``forget_devices``). Runs in the caller's transaction."""
    removed = (
        await PushSubscription.delete()
        .where(PushSubscription.user == user_id)
        .returning(PushSubscription.id)
    )
    return len(removed)


class DeviceService:
    def __init__(self, settings: Settings) -> None:
        # Plain-http loopback endpoints (the test push service) are refused in production.
        self.production = settings.environment == "production"

    async def of(self, actor: Actor) -> list[PushDevice]:
        rows = (
            await PushSubscription.select(*_DEVICE_COLUMNS)
            .where(PushSubscription.user == actor.id)
            .order_by(PushSubscription.id)
        )
        return [_device(r) for r in rows]

    async def register(self, actor: Actor, data: PushSubscriptionCreate) -> tuple[PushDevice, bool]:
        """Store (or refresh) this browser's subscription for the user. The endpoint belongs to
        the browser: if another account registered it before on a shared device, it moves to
        this user, so the previous one stops receiving notifications there. Returns (device,
        created)."""
        p256dh, auth = validate_subscription(data, production=self.production)
        user_agent = actor.client.user_agent
        label = (data.label or "").strip() or device_label(user_agent)
        async with db.transaction():
            existing = (
                await PushSubscription.select(PushSubscription.id, PushSubscription.user)
                .where(PushSubscription.endpoint == data.endpoint)
                .first()
            )
            if existing is None:
                devices = await PushSubscription.count().where(PushSubscription.user == actor.id)
                if devices >= DEVICES_PER_USER_MAX:
                    raise Problem(
                        409,
                        f"Mỗi tài khoản nhận thông báo trên tối đa {DEVICES_PER_USER_MAX} thiết "
                        "bị. Hãy xóa bớt thiết bị cũ.",
                        code="push_too_many_devices",
                    )
                await PushSubscription.insert(
                    PushSubscription(
                        user=actor.id,
                        endpoint=data.endpoint,
                        p256dh=p256dh,
                        auth=auth,
                        label=label,
                        user_agent=user_agent[:200],
                        created_at=now(),
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
                        PushSubscription.user: actor.id,
                        PushSubscription.p256dh: p256dh,
                        PushSubscription.auth: auth,
                        PushSubscription.label: label,
                        PushSubscription.user_agent: user_agent[:200],
                    }
                ).where(PushSubscription.id == existing["id"])
                if existing["user"] != actor.id:
                    # Deliveries queued for the previous account must not reach this device.
                    await PushDelivery.delete().where(
                        (PushDelivery.subscription == existing["id"])
                        & (PushDelivery.status == "pending")
                    )
            row = (
                await PushSubscription.select(*_DEVICE_COLUMNS)
                .where(PushSubscription.endpoint == data.endpoint)
                .first()
            )
            if existing is None or existing["user"] != actor.id:
                await audit.record(
                    "push.subscribe",
                    actor_id=actor.id,
                    target=f"push_subscription:{row['id']}",
                    ip=actor.ip,
                    detail={
                        "push_service": urlsplit(data.endpoint).hostname or "",
                        "from_other_account": existing is not None,
                    },
                )
        return _device(row), existing is None

    async def remove(self, actor: Actor, subscription_id: int) -> None:
        async with db.transaction():
            removed = (
                await PushSubscription.delete()
                .where(
                    (PushSubscription.id == subscription_id) & (PushSubscription.user == actor.id)
                )
                .returning(PushSubscription.id)
            )
            if not removed:
                raise _not_found()
            await audit.record(
                "push.unsubscribe",
                actor_id=actor.id,
                target=f"push_subscription:{subscription_id}",
                ip=actor.ip,
            )

    async def require_owned(self, actor: Actor, subscription_id: int) -> None:
        owned = await PushSubscription.exists().where(
            (PushSubscription.id == subscription_id) & (PushSubscription.user == actor.id)
        )
        if not owned:
            raise _not_found()

    async def queue_test_push(self, actor: Actor, subscription_id: int) -> int:
        """A "gửi thử" message to one device: a real (already read) notification with one
        outbox row, so it travels the same path as every other push. Returns the outbox row
        id."""
        await self.require_owned(actor, subscription_id)
        created = now()
        async with db.transaction():
            note = await Notification.insert(
                Notification(
                    user=actor.id,
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
