"""``/api/imports``: the progress of an import job, and the column layouts imports accept.

Uploading belongs to each domain (``POST /api/members/rolls/{id}/imports``): it knows what the
rows mean and who may import them. Polling a job and reading a layout are the same for all.
"""

from __future__ import annotations

import codecs

from litestar import Controller, Response, get
from litestar.di import Provide

from backend.accounts.deps import provide_actor
from backend.accounts.identity import Actor
from backend.core.ids import RowId
from backend.core.inject import inject
from backend.core.problems import Problem
from backend.imports.jobs import ImportRunner
from shared.imports import ImportJob, ImportLayout


def _layout(runner: ImportRunner, kind: str):
    layout = runner.layouts.get(kind)
    if layout is None:
        raise Problem(404, "Không có mẫu nhập này.", code="layout_not_found")
    return layout


class ImportController(Controller):
    path = "/api/imports"
    tags = ["Nhập dữ liệu"]
    dependencies = {"actor": Provide(provide_actor), "runner": inject(ImportRunner)}

    @get("/{job_id:int}")
    async def job(self, actor: Actor, runner: ImportRunner, job_id: RowId) -> ImportJob:
        """An import the caller started: its status, progress, and every rejected row."""
        return await runner.job(actor, job_id)

    @get("/layouts/{kind:str}")
    async def layout(self, actor: Actor, runner: ImportRunner, kind: str) -> ImportLayout:
        """The columns an import of ``kind`` expects (headers, required, formats)."""
        return _layout(runner, kind).describe()

    @get("/layouts/{kind:str}/template", opt={"media_type": "text/csv"})
    async def template(self, actor: Actor, runner: ImportRunner, kind: str) -> Response:
        """An empty CSV (UTF-8 with BOM, so Excel opens it with Vietnamese letters) with the
        layout's header row."""
        layout = _layout(runner, kind)
        header = ",".join(f'"{c.header}"' for c in layout.columns) + "\r\n"
        return Response(
            content=codecs.BOM_UTF8 + header.encode(),
            media_type="text/csv; charset=utf-8",
            headers={"content-disposition": f'attachment; filename="mau-nhap-{kind}.csv"'},
        )
