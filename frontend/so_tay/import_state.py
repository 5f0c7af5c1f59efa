"""The import of a chi bộ's member list (CSV or XLSX) on /so-tay/chi-bo: the shared import
state (``frontend.components.import_job``), then the roll reloaded once the rows are in."""

from __future__ import annotations

import reflex as rx

from frontend.components.import_job import MAX_MB, ImportJobState
from frontend.so_tay import client
from frontend.so_tay.chi_bo_state import ChiBoState

UPLOAD_ID = "member-import"
__all__ = ["MAX_MB", "UPLOAD_ID", "ImportState"]


class ImportState(ImportJobState, rx.State):
    @rx.var
    def template_url(self) -> str:
        return client.IMPORT_TEMPLATE.url(kind=client.MEMBER_LAYOUT)

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        if not files:
            return
        chi_bo = await self.get_state(ChiBoState)
        organisation_id = chi_bo.organisation_id

        def send(api, name: str, content: bytes):
            return client.import_roll(api, organisation_id, name, content)

        async for _ in self._follow(files, "đảng viên", send, client.import_job):
            yield
        if self.status == "":
            return
        if self.ok:
            await chi_bo.reload_roll()
        yield rx.clear_selected_files(UPLOAD_ID)
