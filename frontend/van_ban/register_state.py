"""State of /van-ban/vao-so: a văn thư registers an incoming document, anyone who may starts
an outgoing draft (the API's global actions ``register_incoming`` and ``draft_outgoing``)."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.api import ApiError, api_client
from frontend.components.date_field import DateInputError, mask_dmy, parse_dmy
from frontend.session import SessionState
from frontend.van_ban import client
from shared.documents import Direction, DocumentAction, DocumentMetadata, DoKhan, DoMat

UPLOAD_ID = "van_ban_tep"


class RegisterState(rx.State):
    direction: str = "den"
    error: str = ""
    busy: bool = False
    fields: dict[str, str] = {}

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login`` (see the page's ``on_load``)."""
        self.error = ""
        session = await self.get_state(SessionState)
        incoming = session.may(client.DOMAIN, DocumentAction.REGISTER_INCOMING)
        self.direction = "den" if incoming else "di"
        # the defaults the selects show, so an untouched select still says what it shows
        self.fields = {"do_khan": "thuong", "do_mat": "khong", "loai_den": "auto", "loai_di": "BC"}

    @rx.event
    def set_direction(self, value: str | list[str]):
        self.direction = value if isinstance(value, str) else value[0]

    @rx.event
    def set_field(self, key: str, value: str):
        self.fields = {**self.fields, key: value}

    @rx.event
    def set_date(self, key: str, value: str):
        """A dd/mm/yyyy field: the slashes go in as the person types."""
        self.fields = {**self.fields, key: mask_dmy(value)}

    @rx.event
    async def upload(self, files: list[rx.UploadFile]):
        self.error = ""
        form = self.fields
        if not files:
            self.error = "Hãy chọn tệp văn bản (PDF, Word hoặc Excel)."
            return None
        upload = files[0]
        content = await upload.read()
        name = getattr(upload, "name", None) or getattr(upload, "filename", None) or "van-ban"

        def text(key: str) -> str:
            return (form.get(key) or "").strip()

        try:
            metadata = DocumentMetadata(
                direction=Direction(self.direction),
                trich_yeu=text("trich_yeu"),
                loai=(
                    (None if text("loai_den") in ("", "auto") else text("loai_den"))
                    if self.direction == "den"
                    else text("loai_di") or "BC"
                ),
                so_ky_hieu=text("so_ky_hieu") or None,
                co_quan_ban_hanh=text("co_quan_ban_hanh"),
                ngay_ban_hanh=parse_dmy(text("ngay_ban_hanh"), "Ngày ban hành"),
                nguoi_ky=text("nguoi_ky"),
                do_khan=DoKhan(text("do_khan") or "thuong"),
                do_mat=DoMat(text("do_mat") or "khong"),
                han_xu_ly=parse_dmy(text("han_xu_ly"), "Hạn xử lý"),
            )
        except DateInputError as error:
            self.error = str(error)
            return None
        except ValueError:
            self.error = "Ngày tháng hoặc lựa chọn không hợp lệ."
            return None
        self.busy = True
        try:
            async with api_client(self) as api:
                doc = await client.register_document(api, metadata, name, content)
        except ApiError as error:
            self.busy = False
            self.error = error.detail
            return None
        self.busy = False
        return [rx.clear_selected_files(UPLOAD_ID), rx.redirect(routes.document(doc.id))]
