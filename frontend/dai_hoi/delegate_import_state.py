"""The delegate import of /dai-hoi/[congress_id]/thiet-lap (CSV or XLSX): the shared import
state (``frontend.components.import_job``), then the congress reloaded once the rows are in.
Its own state, so that its refusals show beside the file picker."""

from __future__ import annotations

import reflex as rx

from frontend.components.import_job import MAX_MB, ImportJobState
from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState

UPLOAD_ID = "delegate-import"
__all__ = ["MAX_MB", "UPLOAD_ID", "DelegateImportState"]


class DelegateImportState(ImportJobState, rx.State):
    @rx.var
    def template_url(self) -> str:
        return client.IMPORT_TEMPLATE.url(kind=client.DELEGATE_LAYOUT)

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        if not files:
            return
        congress = await self.get_state(CongressState)
        congress_id = congress.congress_id

        def send(api, name: str, content: bytes):
            return client.import_delegates(api, congress_id, name, content)

        async for _ in self._follow(files, "đại biểu", send, client.import_job):
            yield
        if self.status == "":
            return
        if self.ok:
            found = await self._call(lambda api: client.detail(api, congress_id))
            if found is not None:
                congress.apply(found)
        yield rx.clear_selected_files(UPLOAD_ID)
