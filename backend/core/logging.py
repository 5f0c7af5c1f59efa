"""Structured logs. Request lines carry the route template, status and duration, and the
process (pid) that answered, to tell the workers of one machine apart.

No query strings, no concrete paths (they can hold invitation tokens), no addresses, no
cookies, no bodies: nothing personal and nothing secret.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import sys
import time
from datetime import UTC, datetime

import msgspec
import structlog

# Under load, request lines are written at most this long after their request ended.
FLUSH_DELAY_SECONDS = 0.05


def configure_logging(level: int = logging.INFO) -> None:
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=True,
    )


class RequestLog:
    """One JSON line per response, on standard error, in the shape structlog writes.

    This runs on every request, so it is written without structlog's processor chain, and in
    batches: a line is queued and the queue written once per ``FLUSH_DELAY_SECONDS`` (a crash
    loses at most the last few milliseconds of lines). The parts that repeat (the timestamp
    within one second, the JSON of each method and route) are made once and reused: making
    them anew for each request cost more than the rest of the API's middleware together.
    """

    def __init__(self) -> None:
        self._pending: list[str] = []
        self._flush_scheduled = False
        self._second = -1
        self._second_iso = ""
        self._json: dict[str | None, str] = {}
        # A system call per request otherwise; a forked worker learns its own at the fork.
        self._pid = os.getpid()
        os.register_at_fork(after_in_child=self._forked)
        atexit.register(self.flush)

    def _forked(self) -> None:
        self._pid = os.getpid()
        self._pending.clear()  # the parent's queue is the parent's to write
        self._flush_scheduled = False

    def _quoted(self, value: str | None) -> str:
        quoted = self._json.get(value)
        if quoted is None:
            quoted = msgspec.json.encode(value).decode()
            if len(self._json) < 1024:  # methods and route templates: a small, fixed set
                self._json[value] = quoted
        return quoted

    def _timestamp(self) -> str:
        now = time.time()
        second = int(now)
        if second != self._second:
            self._second = second
            self._second_iso = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
        return f"{self._second_iso}.{int((now - second) * 1000):03d}Z"

    def response(self, method: str, route: str | None, status: int, seconds: float) -> None:
        self._pending.append(
            f'{{"event":"request","level":"info","timestamp":"{self._timestamp()}",'
            f'"method":{self._quoted(method)},"route":{self._quoted(route or "<unmatched>")},'
            f'"status":{int(status)},"ms":{seconds * 1000:.1f},"pid":{self._pid}}}'
        )
        if not self._flush_scheduled:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                self.flush()
                return
            self._flush_scheduled = True
            loop.call_later(FLUSH_DELAY_SECONDS, self.flush)

    def flush(self) -> None:
        self._flush_scheduled = False
        if not self._pending:
            return
        text = "\n".join(self._pending) + "\n"
        self._pending.clear()
        try:
            sys.stderr.write(text)
            sys.stderr.flush()
        except (OSError, ValueError):  # standard error closed at shutdown: nothing to do
            pass


request_log = RequestLog()
