"""Push delivery inside one process without Redis: the API's own loop, or ``dangbo worker``
run on its own."""

from __future__ import annotations

import asyncio
import time

import structlog

from backend.core.clock import now
from backend.notifications.delivery import PushSender
from backend.notifications.dispatch import notification_visible

_log = structlog.get_logger("dangbo.notifications")


class DeliveryLoop:
    """In-process delivery (no Redis): one asyncio task in the API process.

    It wakes on a kick from :meth:`Notifier.notify` (after the caller commits), at the next
    due time (retries, quiet hours), and at least every ``poll_seconds`` to sweep the outbox,
    which also delivers whatever an earlier process committed but never sent.
    """

    def __init__(self, sender: PushSender, *, poll_seconds: float = 5.0) -> None:
        self.sender = sender
        self.poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._expected: dict[int, float] = {}  # notification id -> give up waiting at
        self._task: asyncio.Task | None = None
        self._stopping = False

    async def kick(self, notification_ids: list[int], deliveries: int) -> None:
        self._expected[max(notification_ids)] = time.monotonic() + 10.0
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self.run())

    async def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, 30)
            except TimeoutError:
                self._task.cancel()
            self._task = None

    async def _await_commits(self) -> bool:
        """Forget kicks whose notification became visible (or never will); True if some
        caller is still inside its transaction."""
        waiting = False
        for notification_id, give_up_at in list(self._expected.items()):
            if await notification_visible(notification_id) or time.monotonic() > give_up_at:
                self._expected.pop(notification_id, None)
            else:
                waiting = True
        return waiting

    async def _sleep_for(self) -> float:
        if await self.sender.signer() is None:
            return self.poll_seconds  # nothing can be sent until a key exists
        if await self._await_commits():
            return 0.05
        due = await self.sender.next_due()
        if due is None:
            return self.poll_seconds
        return min(max((due - now()).total_seconds(), 0.05), self.poll_seconds)

    async def run(self) -> None:
        """Runs until :meth:`stop`; the sender is started and closed by its owner."""
        last_sweep = 0.0
        while not self._stopping:
            self._wake.clear()
            try:
                if time.monotonic() - last_sweep >= self.poll_seconds:
                    await self.sender.recover_stale()
                    last_sweep = time.monotonic()
                await self.sender.deliver_due()
                pause = await self._sleep_for()
            except Exception as exc:  # noqa: BLE001 - keep the loop alive, say why
                _log.exception("push delivery loop error", error=type(exc).__name__)
                pause = self.poll_seconds
            if self._stopping:
                break
            try:
                await asyncio.wait_for(self._wake.wait(), pause)
            except TimeoutError:
                pass
