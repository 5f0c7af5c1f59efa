"""The state half of ``import_panel``: a list file sent to the shared import API and its job
followed until it is finished (progress, then the summary and every rejected row with its line
and reason; nothing is written unless every row is right). A screen's import state mixes this
in and says what it imports and what to do once the rows are in."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from functools import partial

import reflex as rx

from frontend.api import ApiClient
from frontend.so_tay.common import Notices
from shared.imports import FINISHED_IMPORTS, ImportJob, ImportStatus

MAX_MB = 10
POLL_S = 0.5
POLL_LIMIT_S = 600  # a job that has not moved for ten minutes reads as interrupted


@dataclass
class RejectedRow:
    line: str
    column: str
    reason: str


class ImportJobState(Notices, mixin=True):
    filename: str = ""
    status: str = ""
    progress: str = ""
    finished: bool = False
    ok: bool = False
    summary: str = ""
    rows: list[RejectedRow] = []
    error_count: int = 0

    def _show(self, job: ImportJob, noun: str) -> None:
        """``noun``: what a row is ("đảng viên", "đại biểu"), for the summary."""
        self.filename = job.filename
        self.status = job.status_label
        self.progress = (
            f"Đã kiểm tra {job.rows_checked}/{job.rows_total} dòng" if job.rows_total else ""
        )
        self.finished = job.status in FINISHED_IMPORTS
        self.ok = job.status is ImportStatus.DONE
        self.error_count = job.error_count
        self.rows = [
            RejectedRow(line=str(e.line), column=e.column, reason=e.reason) for e in job.errors
        ]
        if job.status is ImportStatus.DONE:
            self.summary = (
                f"Thêm {job.created}, cập nhật {job.updated}, không đổi {job.unchanged} {noun}."
            )
        elif job.status is ImportStatus.REJECTED:
            lines = len({e.line for e in job.errors})
            bad = f"{lines} dòng sai" if job.error_count == len(job.errors) else "Có lỗi"
            self.summary = (
                f"{bad} ({job.error_count} lỗi); chưa ghi {noun} nào. Sửa các dòng dưới đây "
                "rồi nhập lại."
            )
        else:
            self.summary = job.message

    async def _follow(
        self,
        files: list[rx.UploadFile],
        noun: str,
        send: Callable[[ApiClient, str, bytes], Awaitable[ImportJob]],
        read_job: Callable[[ApiClient, int], Awaitable[ImportJob]],
    ) -> AsyncIterator[None]:
        """Sends the first file with ``send(api, name, content)`` and follows its job with
        ``read_job(api, job_id)`` (both from the area's client module), yielding
        whenever the screen should update. Afterwards ``finished``/``ok`` tell how it ended
        (``status`` is empty when the API refused the file; ``message`` says why)."""
        if not files:
            return
        upload = files[0]
        content = await upload.read()
        name = getattr(upload, "name", None) or getattr(upload, "filename", None) or ""
        self.busy, self.finished, self.rows, self.summary, self.message = True, False, [], "", ""
        self.status, self.progress = "Đang tải tệp lên", ""
        yield
        job = await self._call(lambda api: send(api, name, content))
        waited = 0.0
        while job is not None and job.status not in FINISHED_IMPORTS and waited < POLL_LIMIT_S:
            self._show(job, noun)
            yield
            await asyncio.sleep(POLL_S)
            waited += POLL_S
            job = await self._call(partial(read_job, job_id=job.id))
        self.busy = False
        if job is None:
            self.status = ""
            return
        self._show(job, noun)
