"""The import of a chi bộ's member list (CSV or XLSX) through the shared import API: the file
goes up, the job is polled until it is finished, its progress shown, and every rejected row
listed with its line number and the reason (nothing is written unless every row is right)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from functools import partial

import reflex as rx

from frontend.so_tay import client
from frontend.so_tay.chi_bo_state import ChiBoState
from frontend.so_tay.common import Notices
from shared.imports import FINISHED_IMPORTS, ImportJob, ImportStatus

UPLOAD_ID = "member-import"
MAX_MB = 10
POLL_S = 0.5
POLL_LIMIT_S = 600  # a job that has not moved for ten minutes reads as interrupted


@dataclass
class RejectedRow:
    line: str
    column: str
    reason: str


class ImportState(Notices, rx.State):
    filename: str = ""
    status: str = ""
    progress: str = ""
    finished: bool = False
    ok: bool = False
    summary: str = ""
    rows: list[RejectedRow] = []
    error_count: int = 0

    @rx.var
    def template_url(self) -> str:
        return client.IMPORT_TEMPLATE.url(kind=client.MEMBER_LAYOUT)

    def _show(self, job: ImportJob) -> None:
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
                f"Thêm {job.created}, cập nhật {job.updated}, không đổi {job.unchanged} đảng viên."
            )
        elif job.status is ImportStatus.REJECTED:
            lines = len({e.line for e in job.errors})
            bad = f"{lines} dòng sai" if job.error_count == len(job.errors) else "Có lỗi"
            self.summary = f"{bad} ({job.error_count} lỗi). Sửa các dòng dưới đây rồi nhập lại."
        else:
            self.summary = job.message

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        if not files:
            return
        chi_bo = await self.get_state(ChiBoState)
        organisation_id = chi_bo.organisation_id
        upload = files[0]
        content = await upload.read()
        name = getattr(upload, "name", None) or getattr(upload, "filename", None) or ""
        self.busy, self.finished, self.rows, self.summary, self.message = True, False, [], "", ""
        self.status, self.progress = "Đang tải tệp lên", ""
        yield
        job = await self._call(lambda api: client.import_roll(api, organisation_id, name, content))
        waited = 0.0
        while job is not None and job.status not in FINISHED_IMPORTS and waited < POLL_LIMIT_S:
            self._show(job)
            yield
            await asyncio.sleep(POLL_S)
            waited += POLL_S
            job = await self._call(partial(client.import_job, job_id=job.id))
        self.busy = False
        if job is None:
            self.status = ""
            return
        self._show(job)
        if self.ok:
            await chi_bo.reload_roll()
        yield rx.clear_selected_files(UPLOAD_ID)
