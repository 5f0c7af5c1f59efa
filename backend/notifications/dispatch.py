"""Waking the delivery workers after :func:`notify` (a latency shortcut, never a guarantee).

``notify`` runs inside the caller's transaction, so at the time of the kick its rows may not be
committed yet (or may be rolled back). The woken worker therefore waits until the notification
is visible, and gives up quietly if it never becomes so. Whatever a kick misses, the periodic
sweep of the outbox picks up: with no dispatcher at all (a script, a crashed process) the
rows are still delivered, only later.
"""

from __future__ import annotations

import asyncio
import contextvars
from typing import Protocol

import structlog

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
