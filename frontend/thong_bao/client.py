"""``/api/notifications`` and ``/api/push``: the notification centre and this user's push
devices. (Subscribing a browser happens in the page, ``pwa/public/push.js``.)"""

from __future__ import annotations

from frontend.api import ApiClient, Endpoint
from shared.notifications import (
    MarkedRead,
    NotificationItem,
    NotificationPage,
    NotificationPreference,
    NotificationPreferenceView,
    PreferencesUpdate,
    PushDevice,
    TestPushResult,
    UnreadCount,
)

NOTIFICATIONS = Endpoint("GET", "/api/notifications", NotificationPage, query=("limit", "before"))
NOTIFICATION = Endpoint("GET", "/api/notifications/{notification_id}", NotificationItem)
UNREAD_COUNT = Endpoint("GET", "/api/notifications/unread-count", UnreadCount)
MARK_READ = Endpoint("POST", "/api/notifications/{notification_id}/read", MarkedRead)
MARK_ALL_READ = Endpoint("POST", "/api/notifications/read-all", MarkedRead)
PREFERENCES = Endpoint("GET", "/api/notifications/preferences", list[NotificationPreferenceView])
UPDATE_PREFERENCES = Endpoint(
    "PUT", "/api/notifications/preferences", list[NotificationPreferenceView]
)
PUSH_DEVICES = Endpoint("GET", "/api/push/subscriptions", list[PushDevice])
REMOVE_PUSH_DEVICE = Endpoint("DELETE", "/api/push/subscriptions/{subscription_id}")
TEST_PUSH_DEVICE = Endpoint(
    "POST", "/api/push/subscriptions/{subscription_id}/test", TestPushResult
)


async def notifications(
    api: ApiClient, before: int | None = None, limit: int = 20
) -> NotificationPage:
    return await api.get(NOTIFICATIONS, query={"limit": limit, "before": before or None})


async def notification(api: ApiClient, notification_id: int) -> NotificationItem:
    return await api.get(NOTIFICATION, notification_id=notification_id)


async def unread_count(api: ApiClient) -> int:
    return (await api.get(UNREAD_COUNT)).count


async def mark_read(api: ApiClient, notification_id: int) -> MarkedRead:
    return await api.post(MARK_READ, notification_id=notification_id)


async def mark_all_read(api: ApiClient) -> MarkedRead:
    return await api.post(MARK_ALL_READ)


async def preferences(api: ApiClient) -> list[NotificationPreferenceView]:
    return await api.get(PREFERENCES)


async def update_preferences(
    api: ApiClient, items: list[NotificationPreference]
) -> list[NotificationPreferenceView]:
    return await api.request(UPDATE_PREFERENCES, body=PreferencesUpdate(items=items))


async def push_devices(api: ApiClient) -> list[PushDevice]:
    return await api.get(PUSH_DEVICES)


async def remove_push_device(api: ApiClient, subscription_id: int) -> None:
    await api.request(REMOVE_PUSH_DEVICE, subscription_id=subscription_id)


async def test_push_device(api: ApiClient, subscription_id: int) -> TestPushResult:
    return await api.post(TEST_PUSH_DEVICE, subscription_id=subscription_id)
