"""The delegate import of /dai-hoi/[congress_id]/thiet-lap (CSV or XLSX through the shared
import piece): the file goes up, the job is polled until it is finished, its progress shown,
and every rejected row listed with its line and reason (nothing is written unless every row is
right). Its own state, so that its refusals show beside the file picker."""

from __future__ import annotations

import asyncio
from functools import partial

import reflex as rx

from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.so_tay.common import Notices
from frontend.so_tay.import_state import MAX_MB, POLL_LIMIT_S, POLL_S, RejectedRow
from shared.imports import FINISHED_IMPORTS, ImportJob, ImportStatus

UPLOAD_ID = "delegate-import"
__all__ = ["MAX_MB", "UPLOAD_ID", "DelegateImportState"]


class DelegateImportState(Notices, rx.State):
    filename: str = ""
    status: str = ""
    progress: str = ""
    finished: bool = False
    ok: bool = False
    summary: str = ""
    rows: list[RejectedRow] = []

    @rx.var
    def template_url(self) -> str:
        return client.IMPORT_TEMPLATE.url(kind=client.DELEGATE_LAYOUT)

    def _show(self, job: ImportJob) -> None:
        self.filename = job.filename
        self.status = job.status_label
        self.progress = (
            f"Đã kiểm tra {job.rows_checked}/{job.rows_total} dòng" if job.rows_total else ""
        )
        self.finished = job.status in FINISHED_IMPORTS
        self.ok = job.status is ImportStatus.DONE
        self.rows = [
            RejectedRow(line=str(e.line), column=e.column, reason=e.reason) for e in job.errors
        ]
        if job.status is ImportStatus.DONE:
            self.summary = (
                f"Thêm {job.created}, cập nhật {job.updated}, không đổi {job.unchanged} đại biểu."
            )
        elif job.status is ImportStatus.REJECTED:
            self.summary = (
                f"Có {job.error_count} lỗi; chưa ghi đại biểu nào. Sửa các dòng dưới đây rồi "
                "nhập lại."
            )
        else:
            self.summary = job.message

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        if not files:
            return
        congress = await self.get_state(CongressState)
        upload = files[0]
        content = await upload.read()
        name = getattr(upload, "name", None) or getattr(upload, "filename", None) or ""
        self.busy, self.finished, self.rows, self.summary, self.message = True, False, [], "", ""
        self.status, self.progress = "Đang tải tệp lên", ""
        yield
        job = await self._call(
            lambda api: client.import_delegates(api, congress.congress_id, name, content)
        )
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
            found = await self._call(lambda api: client.detail(api, congress.congress_id))
            if found is not None:
                congress.apply(found)
        yield rx.clear_selected_files(UPLOAD_ID)
