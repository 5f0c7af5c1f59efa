"""State of /dai-hoi/[congress_id]/thiet-lap, the organising committee's setup: sessions and
their agenda items, the bodies (members proposed by username, the congress's show of hands
recorded), and the delegate import (CSV or XLSX through the shared import piece: progress, every
rejected row with its line and reason, nothing written unless every row is right). Every write
answers with the whole congress, which the screen shows."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial

import reflex as rx

from frontend.api import ApiClient
from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.so_tay.common import Notices, parse_dmy, parse_hm
from frontend.so_tay.import_state import MAX_MB, POLL_LIMIT_S, POLL_S, RejectedRow
from shared.clock import LOCAL_TZ
from shared.congress import (
    AgendaItemCreate,
    ApprovalCount,
    BodyMemberAdd,
    CongressBody,
    CongressDetail,
    SessionCreate,
)
from shared.imports import FINISHED_IMPORTS, ImportJob, ImportStatus

UPLOAD_ID = "delegate-import"
__all__ = ["MAX_MB", "UPLOAD_ID", "SetupState"]


def _count(form: dict, name: str) -> int | None:
    raw = str(form.get(name, "") or "0").strip()
    return int(raw) if raw.isdigit() else None


class SetupState(Notices, rx.State):
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

    async def _write(self, work: Callable[[ApiClient, int], Awaitable[CongressDetail]], done: str):
        congress = await self.get_state(CongressState)
        self.busy = True
        found = await self._call(lambda api: work(api, congress.congress_id))
        self.busy = False
        if found is not None:
            congress.apply(found)
            self._say(done, True)

    @rx.event
    async def add_session(self, form: dict):
        title = str(form.get("title", "")).strip()
        day, at = parse_dmy(str(form.get("day", ""))), parse_hm(str(form.get("time", "")))
        if day is None or at is None:
            self._say("Hãy nhập ngày (dd/mm/yyyy) và giờ (hh:mm) bắt đầu phiên họp.", False)
            return
        data = SessionCreate(title=title, starts_at=datetime.combine(day, at, tzinfo=LOCAL_TZ))
        await self._write(lambda api, c: client.add_session(api, c, data), "Đã thêm phiên họp.")

    @rx.event
    async def add_item(self, form: dict):
        session = str(form.get("session_id", ""))
        minutes = _count(form, "minutes")
        if not session.isdigit():
            self._say("Hãy chọn phiên họp.", False)
            return
        data = AgendaItemCreate(
            title=str(form.get("title", "")).strip(),
            presenter=str(form.get("presenter", "")).strip(),
            planned_minutes=minutes or None,
        )
        await self._write(
            lambda api, c: client.add_item(api, c, int(session), data), "Đã thêm nội dung."
        )

    @rx.event
    async def add_member(self, form: dict):
        body = CongressBody(str(form.get("body", "")))
        data = BodyMemberAdd(
            username=str(form.get("username", "")).strip(),
            title=str(form.get("title", "")).strip() or "Thành viên",
        )
        await self._write(
            lambda api, c: client.add_body_member(api, c, body, data), "Đã thêm thành viên."
        )

    @rx.event
    async def record_approval(self, form: dict):
        body = CongressBody(str(form.get("body", "")))
        counts = [_count(form, n) for n in ("for", "against", "abstain")]
        if None in counts:
            self._say("Số phiếu phải là số nguyên không âm.", False)
            return
        data = ApprovalCount(votes_for=counts[0], votes_against=counts[1], abstentions=counts[2])
        await self._write(
            lambda api, c: client.record_approval(api, c, body, data),
            "Đã ghi kết quả biểu quyết.",
        )

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
