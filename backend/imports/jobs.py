"""Import jobs: a file is checked and written in the background; its row is the progress.

Why a job row that the client polls, not a streamed response: a member list of a large đảng
bộ takes seconds to check, phones in the countryside drop connections, and with several API
workers a later request may reach another process. The row in the database answers every
worker and survives a dropped connection; the phone asks again and sees where it stands.

The work, for one file (:meth:`ImportRunner.run`):

1. read the table (CSV or XLSX) and check every row against the layout (in a worker thread,
   with ``rows_checked`` written to the job every half second);
2. the domain's ``resolve`` checks what needs the database (a code that must exist, a key that
   belongs elsewhere);
3. any error: the job ends ``co_loi`` with every bad row; nothing was written;
4. otherwise the domain's ``write`` runs inside ONE transaction: every row or none.

If the process stops half-way, the transaction never commits and the job, left
``dang_kiem_tra``/``dang_ghi``, reads as interrupted once it has not moved for a while.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta

import anyio
import anyio.to_thread
import structlog

from backend import db
from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.convert import to_struct
from backend.core.problems import Problem
from backend.imports.checking import FileRejected, check_table
from backend.imports.layout import Layout, Row
from backend.imports.sources import read_table
from backend.imports.tables import ImportJob as JobTable
from shared.imports import (
    FINISHED_IMPORTS,
    IMPORT_STATUS_LABELS,
    ImportJob,
    ImportMode,
    ImportStatus,
    RowError,
)

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
KEPT_ERRORS = 1_000  # stored and shown; the count says how many there were in all
STALLED_AFTER = timedelta(minutes=10)
_log = structlog.get_logger("dangbo.imports")


@dataclass(frozen=True)
class Written:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# (rows, keys of the layout's columns present in the file) → errors / what was written
Resolve = Callable[[list[Row], set[str]], Awaitable[list[RowError]]]
Write = Callable[[list[Row], set[str]], Awaitable[Written]]


@dataclass(frozen=True)
class ImportPlan:
    """What a domain hands the runner for one upload."""

    layout: Layout
    write: Write  # runs inside the one transaction
    resolve: Resolve | None = None  # database checks, before anything is written
    scope: str = ""  # what it imports into, for the job row and the audit record


def _job(row: dict) -> ImportJob:
    status = ImportStatus(row["status"])
    message = row["message"]
    if status not in FINISHED_IMPORTS and now() - row["updated_at"] > STALLED_AFTER:
        status = ImportStatus.FAILED
        message = "Việc nhập bị gián đoạn (máy chủ khởi động lại). Chưa ghi gì; hãy nhập lại."
    errors = row["errors"]
    return to_struct(
        row,
        ImportJob,
        status=status,
        status_label=IMPORT_STATUS_LABELS[status],
        message=message,
        errors=json.loads(errors) if isinstance(errors, str) else errors,
        ignored_columns=(
            json.loads(row["ignored_columns"])
            if isinstance(row["ignored_columns"], str)
            else row["ignored_columns"]
        ),
    )


async def _update(job_id: int, **values) -> None:
    values["updated_at"] = now()
    await JobTable.update({getattr(JobTable, k): v for k, v in values.items()}).where(
        JobTable.id == job_id
    )


def _errors_json(errors: list[RowError]) -> str:
    kept = sorted(errors, key=lambda e: e.line)[:KEPT_ERRORS]  # stable: columns in order
    return json.dumps(
        [{"line": e.line, "column": e.column, "reason": e.reason} for e in kept],
        ensure_ascii=False,
    )


class ImportRunner:
    """Starts and runs import jobs; the layouts of every domain, for the UI to describe."""

    def __init__(self) -> None:
        self.layouts: dict[str, Layout] = {}
        self._group: anyio.abc.TaskGroup | None = None

    def declare(self, layout: Layout) -> Layout:
        self.layouts[layout.kind] = layout
        return layout

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Background jobs for as long as the API runs (the domain's lifespan)."""
        async with anyio.create_task_group() as group:
            self._group = group
            try:
                yield
            finally:
                self._group = None
                group.cancel_scope.cancel()

    async def start(
        self, actor: Actor, plan: ImportPlan, data: bytes, filename: str, mode: ImportMode
    ) -> ImportJob:
        """Record the job and start it: in the background while the API runs, else at once."""
        if not data:
            raise Problem(422, "Tệp trống.", code="empty_file")
        if len(data) > MAX_BYTES:
            raise Problem(
                413,
                f"Tệp nhập quá {MAX_BYTES // (1024 * 1024)} MB; hãy tách thành nhiều tệp.",
                code="file_too_large",
            )
        started = now()
        [row] = await JobTable.insert(
            JobTable(
                kind=plan.layout.kind,
                scope=plan.scope,
                filename=filename[:200],
                mode=mode.value,
                status=ImportStatus.CHECKING.value,
                created_by=actor.id,
                started_at=started,
                updated_at=started,
            )
        ).returning(JobTable.id)
        job_id = row["id"]
        if self._group is not None:
            self._group.start_soon(self.run, actor, job_id, plan, data, mode)
        else:
            await self.run(actor, job_id, plan, data, mode)
        return await self.job(actor, job_id)

    async def job(self, actor: Actor, job_id: int) -> ImportJob:
        row = (
            await JobTable.select()
            .where((JobTable.id == job_id) & (JobTable.created_by == actor.id))
            .first()
        )
        if row is None:
            raise Problem(404, "Không tìm thấy lượt nhập này.", code="import_not_found")
        return _job(row)

    async def run(
        self, actor: Actor, job_id: int, plan: ImportPlan, data: bytes, mode: ImportMode
    ) -> None:
        try:
            await self._run(actor, job_id, plan, data, mode)
        except Problem as problem:
            await _update(
                job_id,
                status=ImportStatus.FAILED.value,
                message=problem.detail,
                finished_at=now(),
            )
        except Exception as exc:  # noqa: BLE001  (a job must end, whatever stopped it)
            _log.error("import_failed", job=job_id, error=type(exc).__qualname__)
            await _update(
                job_id,
                status=ImportStatus.FAILED.value,
                message="Lỗi hệ thống khi nhập; chưa ghi gì. Hãy thử lại hoặc báo quản trị.",
                finished_at=now(),
            )

    async def _check(self, job_id: int, plan: ImportPlan, data: bytes):
        table = await anyio.to_thread.run_sync(read_table, data, MAX_ROWS)
        await _update(job_id, rows_total=len(table.rows))
        done = [0]
        finished = anyio.Event()

        async def report() -> None:
            reported = 0
            while not finished.is_set():
                with anyio.move_on_after(0.5):
                    await finished.wait()
                if done[0] != reported:
                    reported = done[0]
                    await _update(job_id, rows_checked=reported)

        def progress(rows: int) -> None:
            done[0] = rows

        # Caught inside the task group: anyio would wrap it in an ExceptionGroup.
        rejected: FileRejected | None = None
        async with anyio.create_task_group() as group:
            group.start_soon(report)
            try:
                checked = await anyio.to_thread.run_sync(check_table, plan.layout, table, progress)
            except FileRejected as exc:
                rejected = exc
            finally:
                finished.set()
        if rejected is not None:
            raise rejected
        return checked

    async def _run(
        self, actor: Actor, job_id: int, plan: ImportPlan, data: bytes, mode: ImportMode
    ) -> None:
        try:
            checked = await self._check(job_id, plan, data)
        except FileRejected as rejected:
            await _update(
                job_id,
                status=ImportStatus.REJECTED.value,
                message=rejected.message,
                errors=_errors_json(rejected.errors),
                error_count=len(rejected.errors),
                finished_at=now(),
            )
            return
        errors = list(checked.errors)
        if plan.resolve is not None and checked.rows:
            errors += await plan.resolve(checked.rows, checked.present)
        base = {
            "ignored_columns": json.dumps(checked.ignored_columns, ensure_ascii=False),
            "rows_checked": len(checked.rows) + len({e.line for e in checked.errors}),
        }
        if errors:
            lines = len({e.line for e in errors})
            await _update(
                job_id,
                **base,
                status=ImportStatus.REJECTED.value,
                message=f"{lines} dòng có lỗi. Chưa ghi dòng nào; hãy sửa rồi nhập lại cả tệp.",
                errors=_errors_json(errors),
                error_count=len(errors),
                finished_at=now(),
            )
            return
        if mode is ImportMode.CHECK:
            await _update(
                job_id,
                **base,
                status=ImportStatus.VALID.value,
                message=f"Cả {len(checked.rows)} dòng hợp lệ. Chưa ghi gì (chỉ kiểm tra).",
                finished_at=now(),
            )
            return
        await _update(job_id, **base, status=ImportStatus.WRITING.value)
        async with db.transaction():
            written = await plan.write(checked.rows, checked.present)
            await audit.record(
                f"import.{plan.layout.kind}",
                actor_id=actor.id,
                target=f"import:{job_id}",
                ip=actor.ip,
                detail={
                    "scope": plan.scope,
                    "created": written.created,
                    "updated": written.updated,
                    "unchanged": written.unchanged,
                },
            )
        await _update(
            job_id,
            status=ImportStatus.DONE.value,
            created=written.created,
            updated=written.updated,
            unchanged=written.unchanged,
            message=(
                f"Đã nhập {len(checked.rows)} dòng: thêm {written.created}, cập nhật "
                f"{written.updated}, không đổi {written.unchanged}."
            ),
            finished_at=now(),
        )
