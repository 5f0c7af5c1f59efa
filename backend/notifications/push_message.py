"""What one push carries and when it is tried again: the encrypted payload, its lifetime,
and the backoff between attempts (pure functions, no I/O)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from backend.core.clock import now as utcnow

BACKOFF_FIRST_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 3600.0
RETRY_AFTER_MAX_SECONDS = 24 * 3600.0
TTL_SECONDS = 2 * 24 * 3600  # a phone that is off for a weekend still gets it
TOPIC_TTL_SECONDS = 3600  # "current agenda item" and the like go stale quickly
PAYLOAD_TITLE_MAX = 80
PAYLOAD_BODY_MAX = 120


@dataclass(frozen=True)
class Claimed:
    delivery_id: int
    attempts: int
    notification_id: int
    user_id: int
    kind: str
    title: str
    body: str
    link: str
    urgent: bool
    topic: str | None
    created_at: datetime
    read_at: datetime | None
    subscription_id: int
    endpoint: str
    p256dh: str
    auth: str


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def payload(claimed: Claimed, badge: int) -> bytes:
    """What the push service carries (encrypted): an id for de-duplication, a short title and
    body, the link, the kind and the badge count. Never document content."""
    body = {
        "id": claimed.notification_id,
        "kind": claimed.kind,
        "title": _clip(claimed.title, PAYLOAD_TITLE_MAX),
        "body": _clip(claimed.body, PAYLOAD_BODY_MAX),
        "link": claimed.link,
        "badge": badge,
        "urgent": claimed.urgent,
    }
    if claimed.topic:
        body["topic"] = claimed.topic
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def backoff_seconds(attempts: int) -> float:
    """2 s, 4 s, 8 s … capped at an hour, with up to 25 % jitter so retries spread out."""
    base = min(BACKOFF_FIRST_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS)
    return base * random.uniform(1.0, 1.25)


def retry_after_seconds(value: str | None) -> float | None:
    """``Retry-After`` as seconds or as an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), RETRY_AFTER_MAX_SECONDS)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return min(max((when - utcnow()).total_seconds(), 0.0), RETRY_AFTER_MAX_SECONDS)
