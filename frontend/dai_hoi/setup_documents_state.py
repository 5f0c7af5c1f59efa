"""The documents part of /dai-hoi/[congress_id]/thiet-lap: the organising committee uploads a
file for the delegates (it goes through the API's gate: PDF, DOCX or XLSX by its bytes, the
upload limit, a file stamped Mật refused; a scan needs the độ mật answer), links a document of
the register found by its số/ký hiệu or trích yếu (the documents area's search), and removes
one after saying so twice. Its own state, so that its refusals show beside the picker."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.api import ApiError, api_client
from frontend.dai_hoi import client
from frontend.dai_hoi.congress_state import CongressState
from frontend.so_tay.common import Notices
from frontend.van_ban import client as register
from shared.clock import dmy

UPLOAD_ID = "congress-document"
MAX_MB = 50  # the file store's limit (settings.max_upload_mb); the API has the last word
# What the phone's file picker offers; the API checks the bytes whatever the name says.
ACCEPTED = {
    "application/pdf": [".pdf"],
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": [".docx"],
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": [".xlsx"],
}
_REJECTED = {
    "file-too-large": f"Tệp quá lớn: mỗi tài liệu tối đa {MAX_MB} MB.",
    "file-invalid-type": "Chỉ nhận tệp PDF, Word (.docx) hoặc Excel (.xlsx).",
    "too-many-files": "Mỗi lần chỉ chọn một tệp.",
}
SCAN_QUESTION = "classification_question"


@dataclass
class FoundDocument:
    id: str
    title: str
    note: str


class SetupDocumentsState(Notices, rx.State):
    title: str = ""
    # The độ mật answer for a scan: asked only once the API said the file has no text layer.
    scan_asked: bool = False
    do_mat: str = ""
    query: str = ""
    found: list[FoundDocument] = []
    searched: bool = False
    # The document waiting for the confirmation of its removal.
    removing_id: str = ""
    removing_title: str = ""

    @rx.event
    def set_title(self, value: str):
        self.title = value

    @rx.event
    def set_do_mat(self, value: str):
        self.do_mat = value

    @rx.event
    def set_query(self, value: str):
        self.query = value

    @rx.event
    def rejected(self, files: list[dict]):
        codes = [e.get("code", "") for f in files for e in (f.get("errors") or [])]
        reason = next((_REJECTED[c] for c in codes if c in _REJECTED), None)
        self._say(reason or "Không nhận được tệp này.", False)

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        if not files:
            return
        picked = files[0]
        name = getattr(picked, "name", None) or getattr(picked, "filename", None) or ""
        content = await picked.read()
        congress = await self.get_state(CongressState)
        self.busy = True
        try:
            async with api_client(self) as api:
                found = await client.upload_document(
                    api, congress.congress_id, name, content, self.title.strip(), self.do_mat
                )
        except ApiError as error:
            self.busy = False
            if error.code == SCAN_QUESTION:
                self.scan_asked = True
            self._say(error.detail, False)
            return
        self.busy = False
        congress.apply(found)
        self.title, self.do_mat, self.scan_asked = "", "", False
        self._say(f"Đã tải lên tài liệu “{found.documents[-1].title}”.", True)

    @rx.event
    async def search(self, form: dict):
        text = str(form.get("q", self.query)).strip()
        if len(text) < 2:
            self._say("Hãy nhập số, ký hiệu hoặc vài chữ của trích yếu văn bản.", False)
            return
        self.busy = True
        page = await self._call(lambda api: register.search(api, text))
        self.busy = False
        if page is None:
            return
        linked = {d.href for d in (await self.get_state(CongressState)).documents}
        self.found = [
            FoundDocument(
                str(h.document.id),
                h.document.trich_yeu,
                " · ".join(
                    p
                    for p in (
                        h.document.ky_hieu,
                        h.document.co_quan_ban_hanh,
                        dmy(h.document.ngay_ban_hanh) if h.document.ngay_ban_hanh else "",
                    )
                    if p
                ),
            )
            for h in page.items[:10]
            if routes.document(h.document.id) not in linked
        ]
        self.searched = True

    @rx.event
    async def link(self, document_id: str):
        congress = await self.get_state(CongressState)
        self.busy = True
        found = await self._call(
            lambda api: client.link_document(api, congress.congress_id, int(document_id))
        )
        self.busy = False
        if found is None:
            return
        congress.apply(found)
        self.found = [d for d in self.found if d.id != document_id]
        self.searched = bool(self.found)  # no "nothing found" for a list emptied by linking
        self._say("Đã đưa văn bản vào tài liệu đại hội.", True)

    @rx.event
    def ask_remove(self, document_id: str, title: str):
        self.removing_id, self.removing_title = document_id, title

    @rx.event
    def keep(self, open_: bool = False):
        if not open_:
            self.removing_id, self.removing_title = "", ""

    @rx.event
    async def remove(self):
        document_id, title = self.removing_id, self.removing_title
        self.removing_id, self.removing_title = "", ""
        if not document_id.isdigit():
            return
        congress = await self.get_state(CongressState)
        self.busy = True
        found = await self._call(
            lambda api: client.remove_document(api, congress.congress_id, int(document_id))
        )
        self.busy = False
        if found is not None:
            congress.apply(found)
            self._say(f"Đã gỡ tài liệu “{title}”.", True)
