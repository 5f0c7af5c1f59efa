"""Pure rules of notifications: quiet hours in Asia/Ho_Chi_Minh, retry timing, topics, payload."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from backend.notifications.notifier import push_topic
from backend.notifications.preferences import quiet_until
from backend.notifications.push_message import (
    Claimed,
    backoff_seconds,
    payload,
    retry_after_seconds,
)
from shared.clock import LOCAL_TZ


def _local(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=LOCAL_TZ).astimezone(UTC)


@pytest.mark.parametrize(
    ("at", "start", "end", "until"),
    [
        (_local(23, 0), 22 * 60, 6 * 60, _local(6, 0, day=11)),  # over midnight, evening
        (_local(2, 30), 22 * 60, 6 * 60, _local(6, 0)),  # over midnight, small hours
        (_local(6, 0), 22 * 60, 6 * 60, None),  # the end is not quiet any more
        (_local(21, 59), 22 * 60, 6 * 60, None),
        (_local(22, 0), 22 * 60, 6 * 60, _local(6, 0, day=11)),
        (_local(12, 15), 12 * 60, 13 * 60 + 30, _local(13, 30)),  # lunchtime window
        (_local(13, 30), 12 * 60, 13 * 60 + 30, None),
        (_local(3, 0), None, None, None),  # quiet hours off
        (_local(3, 0), 5 * 60, 5 * 60, None),  # an empty window is no window
    ],
)
def test_quiet_hours_are_local_time_and_may_cross_midnight(at, start, end, until):
    assert quiet_until(at, start, end) == until


def test_quiet_hours_are_not_utc():
    # 16:00 UTC is 23:00 in Hà Nội: inside 22:00–06:00 there, outside it in UTC.
    moment = datetime(2026, 12, 10, 16, 0, tzinfo=UTC)
    assert quiet_until(moment, 22 * 60, 6 * 60) == datetime(2026, 12, 10, 23, 0, tzinfo=UTC)


def test_retry_after_seconds_or_http_date():
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("99999999") == 24 * 3600  # capped
    later = datetime.now(UTC) + timedelta(seconds=90)
    assert 80 <= retry_after_seconds(format_datetime(later, usegmt=True)) <= 91


def test_backoff_doubles_with_jitter_and_is_capped():
    assert 2 <= backoff_seconds(1) <= 2.5
    assert 8 <= backoff_seconds(3) <= 10
    assert backoff_seconds(30) <= 3600 * 1.25


def test_topic_header_is_short_base64url():
    assert push_topic("agenda-7") == "agenda-7"
    hashed = push_topic("đại hội: mục đang thảo luận")
    assert len(hashed) <= 32 and hashed.replace("-", "").replace("_", "").isalnum()
    assert push_topic("đại hội: mục đang thảo luận") == hashed
    assert push_topic(None) is None


def test_payload_is_short_and_carries_the_id():
    claimed = Claimed(
        delivery_id=1,
        attempts=1,
        notification_id=77,
        user_id=5,
        kind="van_ban",
        title="T" * 200,
        body="B" * 300,
        link="/van-ban/9",
        urgent=False,
        topic=None,
        created_at=datetime.now(UTC),
        read_at=None,
        subscription_id=3,
        endpoint="https://fcm.googleapis.com/fcm/send/x",
        p256dh="",
        auth="",
    )
    body = json.loads(payload(claimed, badge=4))
    assert body["id"] == 77 and body["badge"] == 4 and body["link"] == "/van-ban/9"
    assert len(body["title"]) <= 80 and len(body["body"]) <= 120
    assert set(body) == {"id", "kind", "title", "body", "link", "badge", "urgent"}
