"""PDF pages as images for phones: rendered once per width in a bounded worker, kept as a local
cache any machine may rebuild (``<cache_dir>/.pages``).

Rendering runs in a small pool of worker processes whose memory is capped
(:mod:`backend.files.render_worker`): an absurd page (100 × 14,400 pt, 1 × 14,400 pt) is
rendered narrower than asked or refused with a 422, and even a page that exhausts a worker's
memory, or kills the worker, costs the API process nothing. A page that could not be rendered
is remembered beside the cache (``<page>-<width>.failed``), so a retry answers at once instead
of rendering again.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import AsyncIterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import anyio.to_thread

from backend.core.problems import Problem
from backend.files import render_worker
from backend.files.services import FileStore

if TYPE_CHECKING:
    from litestar import Litestar

PAGE_WIDTHS = (360, 720, 1080)  # CSS pixels × device ratios a phone asks for
WORKERS = 2
_COUNTS_KEPT = 1024

_REFUSALS = {
    render_worker.NO_SUCH_PAGE: (404, "Văn bản không có trang này."),
    render_worker.TOO_LARGE: (
        422,
        "Trang này có kích thước bất thường (quá dài hoặc quá lớn), không tạo được ảnh xem "
        "trước. Hãy tải tệp về để xem.",
    ),
    render_worker.FAILED: (
        422,
        "Không tạo được ảnh của trang này. Hãy tải tệp về để xem.",
    ),
}


def _refusal(code: str) -> Problem:
    status, detail = _REFUSALS.get(code, _REFUSALS[render_worker.FAILED])
    return Problem(status, detail, code=code if code in _REFUSALS else render_worker.FAILED)


class PageImages:
    def __init__(self, store: FileStore, workers: int = WORKERS) -> None:
        self.store = store
        self.workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._slots = asyncio.Semaphore(workers)
        self._counts: dict[str, int] = {}

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self.workers,
                # A fresh interpreter, not a fork of a process running threads and a loop.
                mp_context=multiprocessing.get_context("spawn"),
                initializer=render_worker.limit_memory,
                max_tasks_per_child=200,
            )
        return self._pool

    async def _in_worker(self, function, *args):
        async with self._slots:
            try:
                return await asyncio.get_running_loop().run_in_executor(
                    self._executor(), function, *args
                )
            except BrokenProcessPool:
                # A worker died (killed for its memory, or crashed): start a fresh pool.
                self.close()
                return render_worker.FAILED

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def _cached(self, sha256: str, page: int, width: int) -> tuple[Path, Path]:
        folder = self.store.cache_dir / ".pages" / sha256[:2] / sha256
        return folder / f"{page}-{width}.webp", folder / f"{page}-{width}.failed"

    async def count(self, sha256: str) -> int:
        if sha256 not in self._counts:
            path = await self.store.verified_copy(sha256)
            counted = await self._in_worker(render_worker.count_pages, str(path))
            if not isinstance(counted, int):
                raise _refusal(counted)
            if len(self._counts) >= _COUNTS_KEPT:
                self._counts.clear()
            self._counts[sha256] = counted
        return self._counts[sha256]

    async def image(self, sha256: str, page: int, width: int) -> Path:
        """A WebP of page ``page`` (from 1), ``width`` pixels wide or narrower for a very long
        page; a 4xx Problem when the page cannot be shown (remembered for the next ask)."""
        if width not in PAGE_WIDTHS:
            raise Problem(400, "Độ rộng ảnh trang không hợp lệ.", code="invalid_width")
        target, failed = self._cached(sha256, page, width)

        def known() -> str | None:
            if target.exists():
                return render_worker.OK
            if failed.exists():
                return failed.read_text().strip()
            return None

        outcome = await anyio.to_thread.run_sync(known)
        if outcome is None:
            if not 1 <= page <= await self.count(sha256):
                raise _refusal(render_worker.NO_SUCH_PAGE)
            path = await self.store.verified_copy(sha256)
            await anyio.to_thread.run_sync(lambda: target.parent.mkdir(parents=True, exist_ok=True))
            outcome = await self._in_worker(
                render_worker.render_page, str(path), page, width, str(target)
            )
            if outcome != render_worker.OK:
                await anyio.to_thread.run_sync(failed.write_text, outcome)
        if outcome != render_worker.OK:
            raise _refusal(outcome)
        return target


@asynccontextmanager
async def page_renderer(app: Litestar) -> AsyncIterator[None]:
    """The worker processes live as long as the API; they start at the first page asked."""
    try:
        yield
    finally:
        app.state.services.get(PageImages).close()
