"""Waking the delivery workers after :meth:`Notifier.notify` (a latency shortcut, never a
guarantee).

``notify`` runs inside the caller's transaction, so at the time of the kick its rows may not be
committed yet (or may be rolled back). The woken worker therefore waits until the notification
is visible (:func:`wait_until_visible`), and gives up quietly if it never becomes so. Whatever
a kick misses, the periodic sweep of the outbox picks up: with no dispatcher at all (a script,
a crashed process) the rows are still delivered, only later.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from typing import Protocol

import structlog

from backend.notifications.tables import Notification

_log = structlog.get_logger("dangbo.notifications")


class Dispatcher(Protocol):
    async def kick(self, notification_ids: list[int], deliveries: int) -> None: ...


_pending: set[asyncio.Task] = set()  # kicks in flight (kept so they are not collected)


def kick(dispatcher: Dispatcher | None, notification_ids: list[int], deliveries: int) -> None:
    """Fire and forget: a failing queue must never fail the caller's business write."""
    if dispatcher is None or not notification_ids:
        return

    async def run() -> None:
        try:
            await dispatcher.kick(notification_ids, deliveries)
        except Exception as exc:  # noqa: BLE001 - logged; the sweep delivers anyway
            _log.warning("push kick failed", error=type(exc).__name__)

    # A fresh context: the task must not inherit (and use) the caller's open transaction.
    task = asyncio.get_running_loop().create_task(run(), context=contextvars.Context())
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def notification_visible(notification_id: int) -> bool:
    """Has the transaction that created this notification committed?"""
    return await Notification.exists().where(Notification.id == notification_id)


async def wait_until_visible(notification_id: int, give_up_after: float = 10.0) -> bool:
    """Wait (briefly, with backoff) for the caller of ``notify`` to commit."""
    delay = 0.02
    stop_at = time.monotonic() + give_up_after
    while True:
        if await notification_visible(notification_id):
            return True
        if time.monotonic() >= stop_at:
            return False
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.5)
