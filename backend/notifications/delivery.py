"""Push delivery: work off the outbox (``push_delivery``) with pywebpush.

One pass claims a batch of due rows (a claim token and a lease, written in one short
transaction; ``FOR UPDATE SKIP LOCKED`` on PostgreSQL so several workers share the work),
sends each message (aes128gcm, VAPID, explicit TTL, ``Urgency`` and ``Topic`` headers), and
records every outcome in one more transaction, only for rows still held under its token.

* 2xx: sent.  404/410: the browser dropped the subscription, so it is deleted (with its rows).
* 429, 5xx, network errors: retried with exponential backoff, or after ``Retry-After``.
* A claim's lease is short (``LEASE_SECONDS``) and renewed every few seconds while its batch
  is being sent, only under the claim's token; when a renewal finds its rows gone (the lease
  ran out and another worker took them) the batch stops sending. No send starts later than
  ``request_timeout`` before the lease ends, so none outlives it.
* Each accepted push is recorded within a fraction of a second, not at the end of the batch,
  so a worker that dies mid-batch leaves few rows to send again.
* Every delivery pass first puts rows whose lease ran out back to ``pending``: a crashed
  worker's batch is taken over within the lease. Delivery is therefore at least once; the
  payload carries the notification id so the service worker shows it once.

pywebpush 2.5 has an asyncio API (``WebPusher.send_async`` over an aiohttp session), used
here: encryption is a few hundred microseconds of CPU in OpenSSL per message, and the rest
is waiting on the network, which asyncio does without a thread per request.
"""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
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
from backend.notifications.push_message import (
    TOPIC_TTL_SECONDS,
    TTL_SECONDS,
    Claimed,
    backoff_seconds,
    payload,
    retry_after_seconds,
)
from backend.notifications.tables import PushDelivery, PushSubscription
from backend.notifications.vapid import VapidKeys, VapidSigner
from backend.settings import Settings

_log = structlog.get_logger("dangbo.notifications")

MAX_ATTEMPTS = 10
LEASE_SECONDS = 15.0
RENEW_EVERY_SECONDS = LEASE_SECONDS / 3
RECORD_EVERY_SECONDS = 0.25

Result = Literal["sent", "retry", "gone", "failed", "skipped", "released"]


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


@dataclass
class _Batch:
    """One claim being sent: its token, until when its lease holds (renewed while sending),
    and the outcomes not yet recorded."""

    token: str
    size: int
    lease_until: float  # time.monotonic()
    recorded: int = 0
    lost: bool = False
    unrecorded: list[Outcome] = field(default_factory=list)
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


def new_claim_token() -> str:
    """Marks the rows one pass claimed: only it records their outcome."""
    return secrets.token_hex(16)


@dataclass
class PushSender:
    """Sends due outbox rows. One per process; safe to run in several processes at once."""

    settings: Settings
    keys: VapidKeys
    concurrency: int = 64  # requests in flight per process
    batch_size: int = 256  # rows per claim; two batches in flight (see deliver_due)
    lease_seconds: float = LEASE_SECONDS
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

    async def _renew(self, batch: _Batch) -> None:
        """Extend the lease of the rows this batch still holds, under its token only; when
        fewer are held than remain to be recorded, another worker has them: stop sending."""
        async with batch.lock:
            outstanding = batch.size - batch.recorded
            if outstanding <= 0 or batch.lost:
                return
            until = utcnow() + timedelta(seconds=self.lease_seconds)
            started = time.monotonic()
            async with self._writing():
                rows = await PushDelivery.raw(
                    'UPDATE "push_delivery" SET "claimed_until" = {} '
                    'WHERE "claim_token" = {} AND "status" = \'sending\' RETURNING "id"',
                    until,
                    batch.token,
                )
            if len(rows) < outstanding:
                batch.lost = True
                _log.warning("push lease lost: batch left to another worker", held=len(rows))
            else:
                batch.lease_until = started + self.lease_seconds

    async def _flush(self, batch: _Batch) -> None:
        """Record what this batch has sent so far (a restart then re-sends as little as
        possible)."""
        async with batch.lock:
            outcomes, batch.unrecorded = batch.unrecorded, []
            if outcomes:
                await self._record(batch.token, outcomes)
                batch.recorded += len(outcomes)

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

    async def work_waiting(self) -> bool:
        """Pushes due now, or a crashed worker's batch whose lease has run out (for
        ``/api/health``: someone should be sending them)."""
        if await self.has_due():
            return True
        return await PushDelivery.exists().where(
            (PushDelivery.status == "sending") & (PushDelivery.claimed_until < utcnow())
        )

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
        self, signer: VapidSigner, claimed: Claimed, badge: int, batch: _Batch
    ) -> Outcome:
        if claimed.read_at is not None and claimed.read_at > claimed.created_at:
            # Read in the app before the push went out (quiet hours, retries): nothing to say.
            return Outcome(claimed, "skipped", error="already read")
        if claimed.attempts > MAX_ATTEMPTS:
            return Outcome(claimed, "failed", error="too many attempts")
        assert self._slots is not None and self._session is not None, "start() first"
        async with self._slots:
            # No send may outlive the lease: the last one starts a request timeout before it.
            if batch.lost or time.monotonic() > batch.lease_until - self.request_timeout:
                return Outcome(claimed, "released")
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
        batch = _Batch(token, len(ids), time.monotonic() + self.lease_seconds)
        claimed = await self._load(ids)
        badges = await unread_counts(c.user_id for c in claimed)

        async def send(c: Claimed) -> Outcome:
            outcome = await self._send(signer, c, badges.get(c.user_id, 0), batch)
            batch.unrecorded.append(outcome)
            return outcome

        sent_all = asyncio.Event()

        async def keep_alive() -> None:
            """Record as it goes and renew the lease, until every send has ended (never
            cancelled mid-write: a recording cut short would be sent again)."""
            renew_at = time.monotonic() + RENEW_EVERY_SECONDS
            while not sent_all.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(sent_all.wait(), RECORD_EVERY_SECONDS)
                await self._flush(batch)
                if not sent_all.is_set() and time.monotonic() >= renew_at:
                    await self._renew(batch)
                    renew_at = time.monotonic() + RENEW_EVERY_SECONDS

        keeper = asyncio.get_running_loop().create_task(keep_alive())
        try:
            outcomes = list(await asyncio.gather(*(send(c) for c in claimed)))
        finally:
            sent_all.set()
            await keeper
        await self._flush(batch)
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
        # A crashed worker's batch first: its lease has run out, so it is due again now.
        await self.recover_stale()
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
