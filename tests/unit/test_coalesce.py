"""backend.events.coalesce.Coalescer: one job for the touches of a key within its delay, the
next one for a touch while the job runs, a failing job logged and forgotten."""

from __future__ import annotations

import asyncio
import logging

from backend.events.coalesce import Coalescer


async def test_touches_within_the_delay_make_one_job_per_key():
    runs: list[str] = []

    async def job(key: str) -> None:
        runs.append(key)

    later = Coalescer(0.05, "test")
    for _ in range(10):
        later.touch("a", lambda: job("a"))
        later.touch("b", lambda: job("b"))
    assert runs == []  # nothing before the delay
    await later.drain()
    assert sorted(runs) == ["a", "b"]


async def test_a_touch_while_the_job_runs_schedules_the_next():
    started = asyncio.Event()
    release = asyncio.Event()
    runs = 0

    async def job() -> None:
        nonlocal runs
        runs += 1
        if runs == 1:
            started.set()
            await release.wait()

    later = Coalescer(0.01, "test")
    later.touch("k", job)
    await started.wait()
    later.touch("k", job)  # a write committed while the first job reads: it is sent again
    release.set()
    await later.drain()
    assert runs == 2


async def test_a_failing_job_is_logged_and_the_key_free_again(caplog):
    async def fails() -> None:
        raise RuntimeError("no database")

    ran = []

    async def works() -> None:
        ran.append(True)

    later = Coalescer(0.01, "consultation counts")
    with caplog.at_level(logging.ERROR, logger="backend.events.coalesce"):
        later.touch(7, fails)
        await later.drain()
    assert "consultation counts 7: not sent" in caplog.text
    later.touch(7, works)
    await later.drain()
    assert ran == [True]
