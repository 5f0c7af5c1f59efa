"""One job per key, shortly after the first of many touches: the live figures that a burst of
writes changes (a poll's turnout, a consultation's counts) are sent once for the burst, after
the writes' commits, instead of once per write from inside each write's transaction, where the
stream's counter row would make every writer of that stream wait for the one before it.

The job runs ``delay`` seconds after the first touch of its key; touches until it starts join
it; a touch while it runs schedules the next one, so the last job always starts after the last
write's commit and reads what it left. Per process: each API worker sends its own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable

log = logging.getLogger(__name__)


class Coalescer:
    def __init__(self, delay: float, what: str) -> None:
        self.delay = delay
        self.what = what  # for the log line when a job fails
        self._pending: dict[Hashable, asyncio.Task] = {}

    def touch(self, key: Hashable, job: Callable[[], Awaitable[object]]) -> None:
        if key in self._pending:
            return
        task = asyncio.get_running_loop().create_task(self._later(key, job))
        self._pending[key] = task

    async def _later(self, key: Hashable, job: Callable[[], Awaitable[object]]) -> None:
        try:
            await asyncio.sleep(self.delay)
            self._pending.pop(key, None)  # a touch from now on schedules the next job
            await job()
        except asyncio.CancelledError:
            raise
        except Exception:  # a live figure is a courtesy: the write it follows has committed
            log.exception("%s %s: not sent", self.what, key)
        finally:
            if self._pending.get(key) is asyncio.current_task():
                del self._pending[key]

    async def drain(self) -> None:
        """Wait for the jobs scheduled, and those they schedule (tests, shutdown)."""
        while self._pending:
            await asyncio.gather(*list(self._pending.values()), return_exceptions=True)
