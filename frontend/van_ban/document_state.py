"""State of /van-ban/[document_id]: one document, its pages, its people and its history, and
the actions the API says the user may take on it now (``DocumentDetail.actions``).

Every write answers with the whole detail, timeline included, and the screen shows that
answer: it asks again only for what the answer does not carry and that changed (the page
count of a new PDF) or that it does not have yet (the colleagues to assign or forward to).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import reflex as rx

from frontend.api import ApiClient, ApiError, api_client
from frontend.components.date_field import DateInputError, parse_dmy
from frontend.session import SessionState
from frontend.van_ban import client
from frontend.van_ban.choices import Choice
from frontend.van_ban.register_state import JUST_REGISTERED
from shared.clock import dmy, dmy_hm
from shared.documents import (
    ASSIGNMENT_ROLE_LABELS,
    ASSIGNMENT_STATUS_LABELS,
    DO_KHAN_LABELS,
    STATUS_LABELS,
    AssignmentRole,
    AssignRequest,
    Direction,
    DocumentAction,
    DocumentDetail,
    FileRole,
    ForwardRequest,
)

PAGE_WIDTH = 720  # image pixels for a 360 px wide screen at 2× density
ZOOM_WIDTH = 1080  # "Phóng to": the page at twice the screen width
FILE_ROLE_LABELS = {
    FileRole.ORIGINAL: "Bản gốc",
    FileRole.SIGNED: "Bản đã ký số",
    FileRole.ATTACHMENT: "Tệp kèm",
}
# The actions that need the list of colleagues (whom to assign or forward to).
_NEED_COLLEAGUES = {DocumentAction.ASSIGN.value, DocumentAction.FORWARD.value}
_TRANSITION_DONE = {
    DocumentAction.SEND_TO_LEADER: "Đã trình lãnh đạo phân công.",
    DocumentAction.SUBMIT: "Đã trình ký; số văn bản được cấp khi văn thư phát hành.",
    DocumentAction.RETURN: "Đã trả lại dự thảo.",
    DocumentAction.REOPEN: "Đã mở lại văn bản.",
}
# The actions whose form opens in the bottom sheet (the others are one tap).
SHEETS = {
    DocumentAction.ASSIGN.value: "Phân công xử lý",
    DocumentAction.OPINION.value: "Ý kiến xử lý",
    DocumentAction.FORWARD.value: "Chuyển tiếp trong đơn vị",
    DocumentAction.DONE.value: "Hoàn thành",
}
# The actions the bar offers (SHEETS, and the steps that take one tap).
BAR_ACTIONS = {
    *SHEETS,
    *(
        action.value
        for action in (
            DocumentAction.SIGN,
            DocumentAction.RELEASE,
            DocumentAction.SEND_TO_LEADER,
            DocumentAction.SUBMIT,
            DocumentAction.RETURN,
            DocumentAction.REOPEN,
        )
    ),
}
# What the person is told after registering, by the next step the API offers him.
_NEXT_STEP = (
    (DocumentAction.SEND_TO_LEADER, "Bước tiếp theo: trình lãnh đạo phân công (“Trình lãnh đạo”)."),
    (DocumentAction.ASSIGN, "Bước tiếp theo: phân công xử lý (“Phân công”)."),
    (DocumentAction.SUBMIT, "Bước tiếp theo: trình ký (“Trình ký”)."),
)


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


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} KB"


def _page_urls(sha256: str, pages: int, width: int) -> list[str]:
    return [
        client.PAGE_IMAGE.url({"width": width}, sha256=sha256, page=n) for n in range(1, pages + 1)
    ]


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
    # The action whose form is open in the bottom sheet ("" when closed).
    sheet: str = ""
    # What the screen already holds: the PDF its page images are of, the user whose
    # colleagues it lists (a tab keeps its state when another user signs in).
    _pages_of: str = ""
    _colleagues_of: str = ""

    @rx.var
    def sheet_title(self) -> str:
        return SHEETS.get(self.sheet, "")

    @rx.var
    def has_bar(self) -> bool:
        """Whether the action bar shows: a step to take, or the result of the last one."""
        return self.message != "" or any(action in BAR_ACTIONS for action in self.actions)

    @rx.var
    def can(self) -> dict[str, bool]:
        """The API's ``actions`` by name, for the page's buttons and forms."""
        return {action.value: action.value in self.actions for action in DocumentAction}

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
        self.actions = [action.value for action in doc.actions]
        if self.sheet not in self.actions:
            self.sheet = ""
        self.files = [
            FileLine(
                href=client.DOWNLOAD.url({"download": True}, sha256=f.sha256),
                name=f.filename,
                label=f"{FILE_ROLE_LABELS.get(f.role, f.role.value)} · {_size(f.size)}",
            )
            for f in doc.files
        ]
        pdfs = [f for f in doc.files if f.mime == "application/pdf"]
        shown = next((f for f in reversed(pdfs) if f.role is FileRole.SIGNED), None) or (
            next((f for f in reversed(pdfs) if f.role is FileRole.ORIGINAL), None)
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
            PersonLine(title=o.user_name, text=o.text, note=dmy_hm(o.created_at))
            for o in doc.opinions
        ]
        self.timeline = [
            PersonLine(title=dmy_hm(e.at), text=e.text, note=e.actor_name)
            for e in reversed(doc.timeline)
        ]

    async def _show(self, api: ApiClient, doc: DocumentDetail) -> None:
        """Show a detail the API answered (to a read or a write)."""
        self._apply(doc)
        if self.pdf_sha != self._pages_of:
            count = await client.page_count(api, self.pdf_sha) if self.pdf_sha else None
            pages = count.pages if count else 0
            self.page_urls = _page_urls(self.pdf_sha, pages, PAGE_WIDTH)
            self.page_urls_large = _page_urls(self.pdf_sha, pages, ZOOM_WIDTH)
            self._pages_of = self.pdf_sha
        if _NEED_COLLEAGUES & set(self.actions):
            session = await self.get_state(SessionState)
            if self._colleagues_of != session.username:
                people = await client.colleagues(api)
                self.colleagues = [Choice(str(p.id), p.full_name) for p in people]
                self._colleagues_of = session.username

    @rx.event
    async def load(self):
        self.loaded = False
        self.error = ""
        self.message = ""
        self.sheet = ""
        raw = self.router.page.params.get("document_id", "")
        if not str(raw).isdigit():
            self.error = "Địa chỉ văn bản không hợp lệ."
            return
        self.document_id = int(raw)
        try:
            async with api_client(self) as api:
                await self._show(api, await client.detail(api, self.document_id))
        except ApiError as error:
            self.error = error.detail
            return
        self.loaded = True
        if self.router.url.query_parameters.get(JUST_REGISTERED):
            self._say(self._registered_message(), True)

    def _registered_message(self) -> str:
        if self.so_den:
            done = f"Đã vào sổ văn bản đến (số đến {self.so_den})."
        else:
            done = "Đã tạo dự thảo." if self.direction_label == "Văn bản đi" else "Đã vào sổ."
        step = next((text for action, text in _NEXT_STEP if action.value in self.actions), "")
        return f"{done} {step}".strip()

    def _say(self, text: str, ok: bool) -> None:
        # A message in the page (role=status/alert), not a toast: a toast sent from the server
        # is run by the browser through eval, which the Content-Security-Policy forbids.
        self.message = text
        self.message_ok = ok

    async def _act(
        self, work: Callable[[ApiClient], Awaitable[DocumentDetail]], done_message: str
    ) -> bool:
        """Run a write and show the detail it answers with; whether it was done."""
        self.busy = True
        self.message = ""
        try:
            async with api_client(self) as api:
                await self._show(api, await work(api))
        except ApiError as error:
            self.busy = False
            self._say(error.detail, False)
            return False
        self.busy = False
        self.sheet = ""
        self._say(done_message, True)
        return True

    @rx.event
    def dismiss(self):
        self.message = ""

    @rx.event
    def open_sheet(self, action: str):
        """Open the form of ``action`` in the bottom sheet (only one the API listed)."""
        self.message = ""
        self.sheet = action if action in self.actions and action in SHEETS else ""

    @rx.event
    def close_sheet(self):
        self.sheet = ""

    @rx.event
    def toggle_zoom(self):
        self.zoom = not self.zoom

    @rx.event
    async def add_opinion(self, form: dict):
        text = (form.get("text") or "").strip()
        if not text:
            return self._say("Hãy nhập ý kiến.", False)
        await self._act(
            lambda api: client.add_opinion(api, self.document_id, text), "Đã ghi ý kiến."
        )

    @rx.event
    async def mark_done(self, form: dict):
        result = (form.get("result") or "").strip()
        if not result:
            return self._say("Hãy ghi kết quả xử lý.", False)
        await self._act(
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
        await self._act(
            lambda api: client.forward(api, self.document_id, request), "Đã chuyển tiếp."
        )

    @rx.event
    async def assign(self, form: dict):
        main = form.get("main") or ""
        if not main.isdigit():
            return self._say("Hãy chọn người xử lý chính.", False)
        co = form.get("co") or ""
        try:
            request = AssignRequest(
                main_handler_id=int(main),
                co_handler_ids=[int(co)] if co.isdigit() and co != main else [],
                deadline=parse_dmy(form.get("deadline") or "", "Hạn xử lý"),
                instruction=(form.get("instruction") or "").strip(),
            )
        except DateInputError as error:
            return self._say(str(error), False)
        except ValueError:
            return self._say("Hạn xử lý không hợp lệ.", False)
        await self._act(lambda api: client.assign(api, self.document_id, request), "Đã phân công.")

    @rx.event
    async def transition(self, action: str):
        """Send to the leaders, submit, return or reopen (``DocumentAction`` values)."""
        step = DocumentAction(action)
        await self._act(
            lambda api: client.transition(api, self.document_id, step), _TRANSITION_DONE[step]
        )

    @rx.event
    async def signed(self, problem: str | None):
        """Result of the passkey signing script (null on success). The script made the write,
        so the detail is read once."""
        if problem:
            return self._say(problem, False)
        await self._act(lambda api: client.detail(api, self.document_id), "Đã ký số văn bản.")

    @rx.event
    async def release_result(self, problem: str | None):
        """Result of the văn thư's release (signing.js with release/begin and /finish): the
        number and date are now in the document, which is read once to show them."""
        if problem:
            return self._say(problem, False)
        if await self._act(lambda api: client.detail(api, self.document_id), ""):
            self._say(f"Đã phát hành văn bản số {self.ky_hieu}, ngày {self.ngay_ban_hanh}.", True)

    @rx.event
    def offline_result(self, problem: str | None):
        if problem:
            return self._say(problem, False)
        return self._say("Đã lưu để đọc ngoại tuyến (mục “Văn bản đã lưu”).", True)
