"""Notifications and Web Push: the API contract."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated, Literal

import msgspec


class NotificationKind(enum.StrEnum):
    VAN_BAN = "van_ban"
    HOP_CHI_BO = "hop_chi_bo"
    DAI_HOI = "dai_hoi"
    GOP_Y = "gop_y"
    HE_THONG = "he_thong"


KIND_LABELS: dict[NotificationKind, str] = {
    NotificationKind.VAN_BAN: "Văn bản",
    NotificationKind.HOP_CHI_BO: "Họp chi bộ",
    NotificationKind.DAI_HOI: "Đại hội",
    NotificationKind.GOP_Y: "Góp ý",
    NotificationKind.HE_THONG: "Hệ thống",
}

# "HH:MM", 24-hour, in Asia/Ho_Chi_Minh.
ClockTime = Annotated[str, msgspec.Meta(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class NotificationItem(msgspec.Struct, frozen=True):
    id: int
    kind: NotificationKind
    title: str
    body: str
    link: str
    urgent: bool
    created_at: datetime
    read_at: datetime | None
    # What the notification is about, as the owning area describes it to this reader now (a
    # document's số/ký hiệu and trích yếu), checked against his permissions at read time; empty
    # when he may no longer read it. Never sent in a Web Push payload.
    subject: str = ""


class NotificationPage(msgspec.Struct, frozen=True):
    items: list[NotificationItem]
    unread_count: int
    # Pass as ``before`` to get the next (older) page; null on the last page.
    next_before: int | None


class UnreadCount(msgspec.Struct, frozen=True):
    count: int


class MarkedRead(msgspec.Struct, frozen=True):
    marked: int
    unread_count: int


class NotificationPreference(msgspec.Struct, frozen=True):
    kind: NotificationKind
    push_enabled: bool = True
    # Both set (and different) or both null. Urgent notifications ignore quiet hours.
    quiet_start: ClockTime | None = None
    quiet_end: ClockTime | None = None


class NotificationPreferenceView(msgspec.Struct, frozen=True):
    kind: NotificationKind
    label: str
    push_enabled: bool
    quiet_start: str | None
    quiet_end: str | None


class PreferencesUpdate(msgspec.Struct, frozen=True):
    items: Annotated[list[NotificationPreference], msgspec.Meta(min_length=1, max_length=20)]


class VapidPublicKey(msgspec.Struct, frozen=True):
    # The applicationServerKey for PushManager.subscribe(): base64url, uncompressed P-256 point.
    public_key: str


class PushKeys(msgspec.Struct, frozen=True):
    p256dh: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    auth: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]


class PushSubscriptionCreate(msgspec.Struct, frozen=True):
    """``PushSubscription.toJSON()`` as the browser gives it, plus an optional device name."""

    endpoint: Annotated[str, msgspec.Meta(min_length=1, max_length=1024)]
    keys: PushKeys
    expirationTime: float | None = None  # noqa: N815 - the browser's own field name
    label: Annotated[str, msgspec.Meta(max_length=80)] | None = None


class PushDevice(msgspec.Struct, frozen=True):
    id: int
    label: str
    push_service: str  # the push service's host, e.g. fcm.googleapis.com
    # SHA-256 of the endpoint (hex), so a page can tell which entry is its own device.
    endpoint_sha256: str
    created_at: datetime
    last_success_at: datetime | None


class TestPushResult(msgspec.Struct, frozen=True):
    outcome: Literal["sent", "retrying", "removed", "failed"]
    detail: str
