"""State of the Văn bản pages: the inbox with its filters and search, one document, the
register form. Everything goes through the API (``frontend/van_ban/client.py``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import reflex as rx

from frontend.api import ApiError, api_client
from frontend.formatting import format_datetime
from frontend.van_ban import client
from shared.accounts import Role
from shared.documents import (
    ASSIGNMENT_ROLE_LABELS,
    ASSIGNMENT_STATUS_LABELS,
    DO_KHAN_LABELS,
    DOCUMENT_TYPES,
    STATUS_LABELS,
    AssignmentRole,
    AssignRequest,
    Direction,
    DocumentDetail,
    DocumentMetadata,
    DocumentSummary,
    DoKhan,
    DoMat,
    ForwardRequest,
    InboxItem,
)

PAGE_WIDTH = 720  # image pixels for a 360 px wide screen at 2× density
ZOOM_WIDTH = 1080  # "Phóng to": the page at twice the screen width
UPLOAD_ID = "van_ban_tep"


def dmy(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass
class DocRow:
    """One line of the inbox or of search results, ready to show."""

    id: int
    href: str
    ky_hieu: str
    trich_yeu: str
    co_quan: str
    do_khan: str
    do_khan_label: str
    deadline: str
    overdue: bool
    role: str = ""
    status: str = ""
    done: bool = False


def _row(document: DocumentSummary, item: InboxItem | None = None) -> DocRow:
    deadline = item.deadline if item and item.deadline else document.han_xu_ly
    number = document.ky_hieu or (
        f"Số đến {document.so_den}" if document.so_den else document.loai_label
    )
    return DocRow(
        id=document.id,
        href=f"/van-ban/{document.id}",
        ky_hieu=number,
        trich_yeu=document.trich_yeu,
        co_quan=document.co_quan_ban_hanh,
        do_khan=document.do_khan.value,
        do_khan_label=DO_KHAN_LABELS[document.do_khan],
        deadline=dmy(deadline),
        overdue=item.overdue if item else document.overdue,
        role=ASSIGNMENT_ROLE_LABELS[item.role] if item else "",
        status=(
            ASSIGNMENT_STATUS_LABELS[item.assignment_status]
            if item
            else STATUS_LABELS[document.status]
        ),
        done=bool(item and item.assignment_status.value == "hoan_thanh"),
    )


class InboxState(rx.State):
    rows: list[DocRow] = []
    total: int = 0
    next_cursor: str = ""
    view: str = "open"  # open | overdue | done
    do_khan: str = "all"
    query: str = ""
    searched: str = ""
    loading: bool = True
    error: str = ""
    can_register: bool = False
    is_keeper: bool = False  # văn thư or lãnh đạo: also sees the registers
    scope: str = "mine"  # mine (my assignments) | den | di (the registers)

    async def _fetch(self, append: bool = False) -> None:
        self.error = ""
        try:
            async with api_client(self) as api:
                if self.scope in ("den", "di") and not self.searched:
                    page = await client.register_page(
                        api, self.scope, self.next_cursor if append else ""
                    )
                    rows = [_row(document) for document in page.items]
                    self.next_cursor = page.next_cursor or ""
                elif self.searched:
                    page = await client.search(api, self.searched)
                    rows = [_row(hit.document) for hit in page.items]
                    self.next_cursor, self.total = "", len(rows)
                else:
                    page = await client.inbox(
                        api,
                        view="done" if self.view == "done" else "open",
                        overdue=self.view == "overdue",
                        do_khan=None if self.do_khan == "all" else self.do_khan,
                        cursor=self.next_cursor if append else None,
                        limit=20,
                    )
                    rows = [_row(item.document, item) for item in page.items]
                    self.next_cursor = page.next_cursor or ""
                    if page.total is not None:
                        self.total = page.total
                me = await api.me()
        except ApiError as error:
            self.error = error.detail
            self.loading = False
            return
        self.can_register = Role.VAN_THU in me.roles or Role.CAN_BO in me.roles
        self.is_keeper = Role.VAN_THU in me.roles or Role.LANH_DAO in me.roles
        self.rows = (self.rows + rows) if append else rows
        self.loading = False

    @rx.event
    async def load(self):
        self.loading = True
        self.next_cursor = ""
        await self._fetch()

    @rx.event
    async def set_view(self, view: str | list[str]):
        self.view = view if isinstance(view, str) else view[0]
        self.searched = ""
        self.query = ""
        await self.load()

    @rx.event
    async def set_scope(self, scope: str | list[str]):
        self.scope = scope if isinstance(scope, str) else scope[0]
        self.searched = ""
        self.query = ""
        await self.load()

    @rx.event
    async def set_do_khan(self, value: str | list[str]):
        self.do_khan = value if isinstance(value, str) else value[0]
        await self.load()

    @rx.event
    async def search(self, form: dict):
        self.searched = (form.get("q") or "").strip()
        self.query = self.searched
        await self.load()

    @rx.event
    async def clear_search(self):
        self.searched = ""
        self.query = ""
        await self.load()

    @rx.event
    async def load_more(self):
        if self.next_cursor:
            await self._fetch(append=True)


@dataclass
class PersonLine:
    title: str
    text: str
    note: str = ""


@dataclass
class FileLine:
    href: str
    name: str
    label: str


@dataclass
class Choice:
    value: str
    label: str


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} KB"


class DocumentState(rx.State):
    document_id: int = 0
    loaded: bool = False
    error: str = ""
    message: str = ""
    message_ok: bool = True
    # metadata
    ky_hieu: str = ""
    loai_label: str = ""
    trich_yeu: str = ""
    co_quan: str = ""
    ngay_ban_hanh: str = ""
    nguoi_ky: str = ""
    do_khan: str = "thuong"
    do_khan_label: str = ""
    deadline: str = ""
    overdue: bool = False
    status_label: str = ""
    so_den: str = ""
    direction_label: str = ""
    # content
    pdf_sha: str = ""
    page_urls: list[str] = []
    page_urls_large: list[str] = []  # for "Phóng to" (twice the width, scrolled sideways)
    zoom: bool = False
    files: list[FileLine] = []
    assignments: list[PersonLine] = []
    opinions: list[PersonLine] = []
    timeline: list[PersonLine] = []
    actions: list[str] = []
    colleagues: list[Choice] = []
    busy: bool = False

    @rx.var
    def can(self) -> dict[str, bool]:
        names = ("assign", "opinion", "forward", "done", "submit", "return", "sign", "release")
        return {name: name in self.actions for name in (*names, "reopen")}

    def _apply(self, doc: DocumentDetail) -> None:
        self.document_id = doc.id
        self.ky_hieu = doc.ky_hieu or "(chưa có số)"
        self.loai_label = doc.loai_label
        self.trich_yeu = doc.trich_yeu
        self.co_quan = doc.co_quan_ban_hanh
        self.ngay_ban_hanh = dmy(doc.ngay_ban_hanh)
        self.nguoi_ky = doc.nguoi_ky
        self.do_khan = doc.do_khan.value
        self.do_khan_label = DO_KHAN_LABELS[doc.do_khan]
        self.deadline = dmy(doc.han_xu_ly)
        self.overdue = doc.overdue
        self.status_label = STATUS_LABELS[doc.status]
        self.so_den = str(doc.so_den) if doc.so_den else ""
        self.direction_label = "Văn bản đến" if doc.direction is Direction.DEN else "Văn bản đi"
        self.actions = list(doc.actions)
        labels = {"original": "Bản gốc", "signed": "Bản đã ký số", "attachment": "Tệp kèm"}
        self.files = [
            FileLine(
                href=f"/api/files/{f.sha256}?download=true",
                name=f.filename,
                label=f"{labels.get(f.role.value, f.role.value)} · {_size(f.size)}",
            )
            for f in doc.files
        ]
        pdfs = [f for f in doc.files if f.mime == "application/pdf"]
        shown = next((f for f in reversed(pdfs) if f.role.value == "signed"), None) or (
            next((f for f in reversed(pdfs) if f.role.value == "original"), None)
        )
        self.pdf_sha = shown.sha256 if shown else ""
        self.assignments = [
            PersonLine(
                title=a.user_name,
                text=f"{ASSIGNMENT_ROLE_LABELS[a.role]} · {ASSIGNMENT_STATUS_LABELS[a.status]}",
                note=(f"Hạn {dmy(a.deadline)}. " if a.deadline else "")
                + (f"Chỉ đạo: {a.instruction}" if a.instruction else "")
                + (f" Kết quả: {a.result}" if a.result else ""),
            )
            for a in doc.assignments
        ]
        self.opinions = [
            PersonLine(title=o.user_name, text=o.text, note=format_datetime(o.created_at))
            for o in doc.opinions
        ]

    async def _reload(self, api) -> None:
        doc = await client.detail(api, self.document_id)
        self._apply(doc)
        entries = await client.timeline(api, self.document_id)
        self.timeline = [
            PersonLine(title=format_datetime(e.at), text=e.text, note=e.actor_name)
            for e in reversed(entries)
        ]
        if self.pdf_sha:
            count = await client.page_count(api, self.pdf_sha)
            pages = range(1, count.pages + 1)
            self.page_urls = [
                f"/api/files/{self.pdf_sha}/pages/{n}?width={PAGE_WIDTH}" for n in pages
            ]
            self.page_urls_large = [
                f"/api/files/{self.pdf_sha}/pages/{n}?width={ZOOM_WIDTH}" for n in pages
            ]
        else:
            self.page_urls = []
            self.page_urls_large = []
        if {"assign", "forward"} & set(self.actions):
            people = await client.colleagues(api)
            self.colleagues = [Choice(str(p.id), p.full_name) for p in people]

    @rx.event
    async def load(self):
        self.loaded = False
        self.error = ""
        self.message = ""
        raw = self.router.page.params.get("document_id", "")
        if not str(raw).isdigit():
            self.error = "Địa chỉ văn bản không hợp lệ."
            return
        self.document_id = int(raw)
        try:
            async with api_client(self) as api:
                await self._reload(api)
        except ApiError as error:
            self.error = error.detail
            return
        self.loaded = True

    def _say(self, text: str, ok: bool) -> None:
        # A message in the page (role=status/alert), not a toast: a toast sent from the server
        # is run by the browser through eval, which the Content-Security-Policy forbids.
        self.message = text
        self.message_ok = ok

    async def _act(self, work, done_message: str):
        self.busy = True
        self.message = ""
        try:
            async with api_client(self) as api:
                await work(api)
                await self._reload(api)
        except ApiError as error:
            self.busy = False
            self._say(error.detail, False)
            return
        self.busy = False
        self._say(done_message, True)

    @rx.event
    def dismiss(self):
        self.message = ""

    @rx.event
    def toggle_zoom(self):
        self.zoom = not self.zoom

    @rx.event
    async def add_opinion(self, form: dict):
        text = (form.get("text") or "").strip()
        if not text:
            return self._say("Hãy nhập ý kiến.", False)
        return await self._act(
            lambda api: client.add_opinion(api, self.document_id, text), "Đã ghi ý kiến."
        )

    @rx.event
    async def mark_done(self, form: dict):
        result = (form.get("result") or "").strip()
        if not result:
            return self._say("Hãy ghi kết quả xử lý.", False)
        return await self._act(
            lambda api: client.mark_done(api, self.document_id, result),
            "Đã báo hoàn thành.",
        )

    @rx.event
    async def forward(self, form: dict):
        target = form.get("user_id") or ""
        if not target.isdigit():
            return self._say("Hãy chọn người nhận.", False)
        request = ForwardRequest(
            user_ids=[int(target)],
            role=AssignmentRole(form.get("role") or "phoi_hop"),
            note=(form.get("note") or "").strip(),
        )
        return await self._act(
            lambda api: client.forward(api, self.document_id, request), "Đã chuyển tiếp."
        )

    @rx.event
    async def assign(self, form: dict):
        main = form.get("main") or ""
        if not main.isdigit():
            return self._say("Hãy chọn người xử lý chính.", False)
        co = form.get("co") or ""
        deadline = form.get("deadline") or ""
        try:
            request = AssignRequest(
                main_handler_id=int(main),
                co_handler_ids=[int(co)] if co.isdigit() and co != main else [],
                deadline=date.fromisoformat(deadline) if deadline else None,
                instruction=(form.get("instruction") or "").strip(),
            )
        except ValueError:
            return self._say("Hạn xử lý không hợp lệ.", False)
        return await self._act(
            lambda api: client.assign(api, self.document_id, request), "Đã phân công."
        )

    @rx.event
    async def transition(self, action: str):
        messages = {
            "submit": "Đã trình ký; văn bản đã được cấp số.",
            "return": "Đã trả lại dự thảo.",
            "release": "Đã phát hành văn bản.",
            "reopen": "Đã mở lại văn bản.",
        }
        return await self._act(
            lambda api: client.transition(api, self.document_id, action), messages[action]
        )

    @rx.event
    async def signed(self, problem: str | None):
        """Result of the passkey signing script (null on success)."""
        if problem:
            return self._say(problem, False)
        return await self._act(lambda api: _noop(), "Đã ký số văn bản.")

    @rx.event
    def offline_result(self, problem: str | None):
        if problem:
            return self._say(problem, False)
        return self._say("Đã lưu để đọc ngoại tuyến (mục “Văn bản đã lưu”).", True)


async def _noop() -> None:
    return None


TYPE_CHOICES = [Choice(code, f"{name} ({code})") for code, name in DOCUMENT_TYPES.items()]
URGENCY_CHOICES = [Choice(k.value, v) for k, v in DO_KHAN_LABELS.items()]


class RegisterState(rx.State):
    """Vào sổ: the văn thư registers an incoming document; a cán bộ starts a draft."""

    direction: str = "den"
    error: str = ""
    busy: bool = False
    is_clerk: bool = False
    fields: dict[str, str] = {}

    @rx.event
    async def load(self):
        self.error = ""
        try:
            async with api_client(self) as api:
                me = await api.me()
        except ApiError as error:
            self.error = error.detail
            return
        self.is_clerk = Role.VAN_THU in me.roles
        self.direction = "den" if self.is_clerk else "di"
        # the defaults the selects show, so an untouched select still says what it shows
        self.fields = {"do_khan": "thuong", "do_mat": "khong", "loai_den": "auto", "loai_di": "BC"}

    @rx.event
    def set_direction(self, value: str | list[str]):
        self.direction = value if isinstance(value, str) else value[0]

    @rx.event
    def set_field(self, key: str, value: str):
        self.fields = {**self.fields, key: value}

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

        def day(key: str) -> date | None:
            return date.fromisoformat(text(key)) if text(key) else None

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
                ngay_ban_hanh=day("ngay_ban_hanh"),
                nguoi_ky=text("nguoi_ky"),
                do_khan=DoKhan(text("do_khan") or "thuong"),
                do_mat=DoMat(text("do_mat") or "khong"),
                han_xu_ly=day("han_xu_ly"),
            )
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
        return [rx.clear_selected_files(UPLOAD_ID), rx.redirect(f"/van-ban/{doc.id}")]


__all__ = [
    "DocRow",
    "DocumentState",
    "InboxState",
    "RegisterState",
    "TYPE_CHOICES",
    "UPLOAD_ID",
    "URGENCY_CHOICES",
]
