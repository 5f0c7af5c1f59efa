"""Push delivery: work off the outbox (``push_delivery``) with pywebpush.

One pass claims a batch of due rows (a claim token and a lease, written in one short
transaction; ``FOR UPDATE SKIP LOCKED`` on PostgreSQL so several workers share the work),
sends each message (aes128gcm, VAPID, explicit TTL, ``Urgency`` and ``Topic`` headers), and
records every outcome in one more transaction, only for rows still held under its token.

* 2xx: sent.  404/410: the browser dropped the subscription, so it is deleted (with its rows).
* 429, 5xx, network errors: retried with exponential backoff, or after ``Retry-After``.
* A worker that dies mid-batch leaves rows in ``sending``; when their lease runs out the sweep
  puts them back to ``pending`` and they are sent again. Delivery is therefore at least once;
  the payload carries the notification id so the service worker shows it once.

pywebpush 2.5 has an asyncio API (``WebPusher.send_async`` over an aiohttp session), used
here: encryption is a few hundred microseconds of CPU in OpenSSL per message, and the rest
is waiting on the network, which asyncio does without a thread per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urlsplit

import aiohttp
import structlog
from pywebpush import WebPusher, WebPushException

from backend import db
from backend.core.clock import now as utcnow
from backend.core.convert import to_structs
from backend.notifications import sql
from backend.notifications.centre import unread_counts
from backend.notifications.tables import PushDelivery, PushSubscription
from backend.notifications.vapid import VapidKeys, VapidSigner
from backend.settings import Settings

_log = structlog.get_logger("dangbo.notifications")

MAX_ATTEMPTS = 10
BACKOFF_FIRST_SECONDS = 2.0
BACKOFF_MAX_SECONDS = 3600.0
RETRY_AFTER_MAX_SECONDS = 24 * 3600.0
TTL_SECONDS = 2 * 24 * 3600  # a phone that is off for a weekend still gets it
TOPIC_TTL_SECONDS = 3600  # "current agenda item" and the like go stale quickly
PAYLOAD_TITLE_MAX = 80
PAYLOAD_BODY_MAX = 120

Result = Literal["sent", "retry", "gone", "failed", "skipped", "released"]


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


@dataclass(frozen=True)
class Outcome:
    claimed: Claimed
    result: Result
    status: int | None = None
    error: str = ""
    retry_at: datetime | None = None


@dataclass
class DeliveryStats:
    sent: int = 0
    retry: int = 0
    gone: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0

    def add(self, result: Result) -> None:
        setattr(self, result, getattr(self, result) + 1)

    @property
    def processed(self) -> int:
        return self.sent + self.retry + self.gone + self.failed + self.skipped

    def merge(self, other: DeliveryStats) -> None:
        for name in ("sent", "retry", "gone", "failed", "skipped", "released"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def new_claim_token() -> str:
    """Marks the rows one pass claimed: only it records their outcome."""
    return secrets.token_hex(16)


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


@dataclass
class PushSender:
    """Sends due outbox rows. One per process; safe to run in several processes at once."""

    settings: Settings
    keys: VapidKeys
    concurrency: int = 64  # requests in flight per process
    batch_size: int = 256  # rows per claim; two batches in flight (see deliver_due)
    lease_seconds: float = 120.0
    request_timeout: float = 10.0
    _session: aiohttp.ClientSession | None = None
    _slots: asyncio.Semaphore | None = None
    _owns_session: bool = field(default=True)
    _write_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    @contextlib.asynccontextmanager
    async def _writing(self) -> AsyncIterator[None]:
        """A write transaction of this sender. On SQLite the pipelines of one process take
        turns here first: SQLite's own busy handler waits by sleeping (1, 2, 5 … 100 ms),
        which costs far more than the few milliseconds each of these transactions holds the
        write lock."""
        if db.is_postgres():
            async with db.transaction():
                yield
            return
        async with self._write_lock, db.transaction():
            yield

    async def start(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self.concurrency, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector)
        self._slots = asyncio.Semaphore(self.concurrency)

    async def close(self) -> None:
        if self._session is not None and self._owns_session:
            await self._session.close()
        self._session = None

    # -- VAPID ------------------------------------------------------------------------------

    async def signer(self) -> VapidSigner | None:
        """The installation's VAPID key (shared by every machine), or None before
        ``dangbo vapid init``."""
        return await self.keys.signer()

    # -- the outbox -------------------------------------------------------------------------

    async def recover_stale(self) -> int:
        """Rows whose worker died (lease expired) go back to the queue."""
        now = utcnow()
        async with self._writing():
            rows = await PushDelivery.raw(
                'UPDATE "push_delivery" SET "status" = \'pending\', "claim_token" = NULL, '
                '"claimed_until" = NULL, "next_attempt_at" = {} '
                'WHERE "status" = \'sending\' AND "claimed_until" < {} RETURNING "id"',
                now,
                now,
            )
        if rows:
            _log.info("push deliveries recovered from expired leases", count=len(rows))
        return len(rows)

    async def next_due(self) -> datetime | None:
        rows = await PushDelivery.raw(
            "SELECT "
            + sql.timestamp('MIN("next_attempt_at")', "due")
            + ' FROM "push_delivery" WHERE "status" = \'pending\''
        )
        return rows[0]["due"] if rows else None

    async def has_due(self) -> bool:
        due = await self.next_due()
        return due is not None and due <= utcnow()

    async def _claim(
        self,
        token: str,
        limit: int,
        *,
        notification_id: int | None = None,
        delivery_id: int | None = None,
    ) -> list[int]:
        now = utcnow()
        until = now + timedelta(seconds=self.lease_seconds)
        if delivery_id is not None:
            where, args = '"status" = \'pending\' AND "id" = {}', [delivery_id]
        else:
            where, args = '"status" = \'pending\' AND "next_attempt_at" <= {}', [now]
            if notification_id is not None:
                where += ' AND "notification" = {}'
                args.append(notification_id)
        async with self._writing():
            rows = await PushDelivery.raw(
                'UPDATE "push_delivery" SET "status" = \'sending\', "claim_token" = {}, '
                '"claimed_until" = {}, "attempts" = "attempts" + 1 '
                'WHERE "id" IN (SELECT "id" FROM "push_delivery" WHERE '
                + where
                + ' ORDER BY "next_attempt_at" LIMIT {}'
                + sql.skip_locked()
                + ') RETURNING "id"',
                token,
                until,
                *args,
                limit,
            )
        return [row["id"] for row in rows]

    async def _load(self, ids: list[int]) -> list[Claimed]:
        rows = await PushDelivery.raw(
            'SELECT d."id" AS "delivery_id", d."attempts", n."id" AS "notification_id", '
            'n."user" AS "user_id", n."kind", n."title", n."body", n."link", n."urgent", '
            'n."topic", n."created_at", n."read_at", s."id" AS "subscription_id", '
            's."endpoint", s."p256dh", s."auth" '
            'FROM "push_delivery" d JOIN "notification" n ON n."id" = d."notification" '
            'JOIN "push_subscription" s ON s."id" = d."subscription" '
            "WHERE " + sql.in_ids('d."id"'),
            sql.ids(ids),
        )
        return to_structs(rows, Claimed)

    async def _send(
        self, signer: VapidSigner, claimed: Claimed, badge: int, deadline: float
    ) -> Outcome:
        if claimed.read_at is not None and claimed.read_at > claimed.created_at:
            # Read in the app before the push went out (quiet hours, retries): nothing to say.
            return Outcome(claimed, "skipped", error="already read")
        if claimed.attempts > MAX_ATTEMPTS:
            return Outcome(claimed, "failed", error="too many attempts")
        assert self._slots is not None and self._session is not None, "start() first"
        async with self._slots:
            if time.monotonic() > deadline:
                return Outcome(claimed, "released")  # the lease is nearly over: leave it
            parts = urlsplit(claimed.endpoint)
            headers = {
                "Urgency": "high" if claimed.urgent else "normal",
                **signer.headers(f"{parts.scheme}://{parts.netloc}"),
            }
            if claimed.topic:
                headers["Topic"] = claimed.topic
            subscription = {
                "endpoint": claimed.endpoint,
                "keys": {"p256dh": claimed.p256dh, "auth": claimed.auth},
            }
            try:
                response = await WebPusher(subscription, aiohttp_session=self._session).send_async(
                    payload(claimed, badge),
                    headers,
                    ttl=TOPIC_TTL_SECONDS if claimed.topic else TTL_SECONDS,
                    content_encoding="aes128gcm",
                    timeout=aiohttp.ClientTimeout(total=self.request_timeout),
                )
            except WebPushException as exc:  # bad keys: cannot be sent, ever
                return Outcome(claimed, "failed", error=str(exc.message)[:200])
            except (aiohttp.ClientError, TimeoutError, OSError) as exc:
                retry_at = utcnow() + timedelta(seconds=backoff_seconds(claimed.attempts))
                return Outcome(claimed, "retry", error=type(exc).__name__, retry_at=retry_at)
        status = response.status
        if status in (200, 201, 202):
            return Outcome(claimed, "sent", status=status)
        if status in (404, 410):
            return Outcome(claimed, "gone", status=status, error="subscription expired")
        if status == 429 or status >= 500:
            delay = retry_after_seconds(response.headers.get("Retry-After"))
            if delay is None:
                delay = backoff_seconds(claimed.attempts)
            if claimed.attempts >= MAX_ATTEMPTS:
                return Outcome(claimed, "failed", status=status, error="gave up after retries")
            return Outcome(
                claimed,
                "retry",
                status=status,
                error=f"HTTP {status}",
                retry_at=utcnow() + timedelta(seconds=delay),
            )
        # 400 (malformed), 403 (VAPID key mismatch), 413 (too large): retrying will not help.
        return Outcome(claimed, "failed", status=status, error=f"HTTP {status}")

    async def _record(self, token: str, outcomes: list[Outcome]) -> None:
        now = utcnow()
        by_result: dict[Result, list[Outcome]] = {}
        for outcome in outcomes:
            by_result.setdefault(outcome.result, []).append(outcome)
        held = ' AND "claim_token" = {}'
        async with self._writing():
            finished: dict[tuple[str, int | None, str], list[int]] = {}
            for outcome in by_result.get("sent", []) + by_result.get("skipped", []):
                key = (outcome.result, outcome.status, outcome.error)
                finished.setdefault(key, []).append(outcome.claimed.delivery_id)
            for (result, status, error), ids in finished.items():
                await PushDelivery.raw(
                    'UPDATE "push_delivery" SET "status" = {}, "sent_at" = {}, '
                    '"last_status" = {}, "last_error" = {}, "claim_token" = NULL, '
                    '"claimed_until" = NULL WHERE ' + sql.in_ids('"id"') + held,
                    result,
                    now if result == "sent" else None,
                    status,
                    error,
                    sql.ids(ids),
                    token,
                )
            if by_result.get("sent"):
                await PushSubscription.raw(
                    'UPDATE "push_subscription" SET "last_success_at" = {} WHERE '
                    + sql.in_ids('"id"'),
                    now,
                    sql.ids({o.claimed.subscription_id for o in by_result["sent"]}),
                )
            for outcome in by_result.get("retry", []) + by_result.get("failed", []):
                await PushDelivery.raw(
                    'UPDATE "push_delivery" SET "status" = {}, "next_attempt_at" = {}, '
                    '"last_status" = {}, "last_error" = {}, "claim_token" = NULL, '
                    '"claimed_until" = NULL WHERE "id" = {}' + held,
                    "pending" if outcome.result == "retry" else "failed",
                    outcome.retry_at or now,
                    outcome.status,
                    outcome.error[:200],
                    outcome.claimed.delivery_id,
                    token,
                )
            released = by_result.get("released", [])
            if released:
                await PushDelivery.raw(
                    'UPDATE "push_delivery" SET "status" = \'pending\', "claim_token" = NULL, '
                    '"claimed_until" = NULL, "attempts" = "attempts" - 1 WHERE '
                    + sql.in_ids('"id"')
                    + held,
                    sql.ids(o.claimed.delivery_id for o in released),
                    token,
                )
            gone = by_result.get("gone", [])
            if gone:
                # The push service says this subscription no longer exists: forget the device
                # (its outbox rows go with it).
                await PushSubscription.raw(
                    'DELETE FROM "push_subscription" WHERE ' + sql.in_ids('"id"'),
                    sql.ids({o.claimed.subscription_id for o in gone}),
                )
        for outcome in outcomes:
            if outcome.result in ("retry", "failed", "gone"):
                _log.info(
                    "push delivery",
                    result=outcome.result,
                    status=outcome.status,
                    error=outcome.error,
                    attempts=outcome.claimed.attempts,
                    push_service=urlsplit(outcome.claimed.endpoint).hostname,
                )

    async def _process(self, signer: VapidSigner, token: str, ids: list[int]) -> list[Outcome]:
        deadline = time.monotonic() + self.lease_seconds - self.request_timeout - 5
        claimed = await self._load(ids)
        badges = await unread_counts(c.user_id for c in claimed)
        outcomes = list(
            await asyncio.gather(
                *(self._send(signer, c, badges.get(c.user_id, 0), deadline) for c in claimed)
            )
        )
        await self._record(token, outcomes)
        return outcomes

    async def deliver_due(
        self,
        *,
        notification_id: int | None = None,
        budget_seconds: float | None = None,
        pipelines: int = 2,
    ) -> DeliveryStats:
        """Send every due row (of one notification, if given), batch after batch, until none
        is left or the time budget is spent. ``pipelines`` batches are in flight at once, so
        one slow push service does not hold up the next batch."""
        stats = DeliveryStats()
        signer = await self.signer()
        if signer is None:
            return stats
        stop_at = time.monotonic() + budget_seconds if budget_seconds else None

        async def pipeline() -> None:
            while stop_at is None or time.monotonic() < stop_at:
                token = new_claim_token()
                ids = await self._claim(token, self.batch_size, notification_id=notification_id)
                if not ids:
                    return
                for outcome in await self._process(signer, token, ids):
                    stats.add(outcome.result)

        await asyncio.gather(*(pipeline() for _ in range(max(1, pipelines))))
        return stats

    async def deliver_one(self, delivery_id: int) -> Outcome | None:
        """Send one row now, whether due or not (the "gửi thử" button)."""
        signer = await self.signer()
        if signer is None:
            return None
        token = new_claim_token()
        ids = await self._claim(token, 1, delivery_id=delivery_id)
        if not ids:
            return None
        outcomes = await self._process(signer, token, ids)
        return outcomes[0] if outcomes else None
