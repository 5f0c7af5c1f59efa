"""/van-ban: the inbox; /van-ban/[document_id]: one document; /van-ban/vao-so: register.

Phone first (360 px): one column, urgency as a coloured badge, deadlines dd/mm/yyyy, the PDF
as page images rendered by the API (``/api/files/{sha}/pages/{n}``), actions as forms below
the document.
"""

from __future__ import annotations

import reflex as rx

from frontend.components.js import js_call
from frontend.components.layout import app_shell
from frontend.components.public import action_notice
from frontend.van_ban.state import (
    TYPE_CHOICES,
    UPLOAD_ID,
    URGENCY_CHOICES,
    Choice,
    DocRow,
    DocumentState,
    FileLine,
    InboxState,
    PersonLine,
    RegisterState,
)

OFFLINE_READER = "/van-ban/ngoai-tuyen"
_OOXML = "application/vnd.openxmlformats-officedocument"
ACCEPTED = {
    "application/pdf": [".pdf"],
    f"{_OOXML}.wordprocessingml.document": [".docx"],
    f"{_OOXML}.spreadsheetml.sheet": [".xlsx"],
}


def urgency_badge(do_khan: rx.Var, label: rx.Var) -> rx.Component:
    return rx.match(
        do_khan,
        (
            "hoa_toc",
            rx.badge(rx.icon("zap", size=14), label, color_scheme="red", variant="solid", size="2"),
        ),
        ("thuong_khan", rx.badge(label, color_scheme="orange", variant="solid", size="2")),
        ("khan", rx.badge(label, color_scheme="amber", variant="soft", size="2")),
        rx.badge(label, color_scheme="gray", variant="soft", size="2"),
    )


def _deadline(deadline: rx.Var, overdue: rx.Var) -> rx.Component:
    return rx.cond(
        deadline != "",
        rx.cond(
            overdue,
            rx.text(
                rx.icon("alarm-clock", size=14),
                " Quá hạn ",
                deadline,
                size="2",
                weight="bold",
                color="var(--red-11)",
                style={"display": "inline-flex", "alignItems": "center", "gap": "4px"},
            ),
            rx.text("Hạn ", deadline, size="2", color_scheme="gray"),
        ),
        rx.text("Không có hạn", size="2", color_scheme="gray"),
    )


def doc_card(row: DocRow) -> rx.Component:
    return rx.link(
        rx.card(
            rx.flex(
                rx.flex(
                    urgency_badge(row.do_khan, row.do_khan_label),
                    rx.text(row.ky_hieu, size="2", weight="bold", color_scheme="gray"),
                    rx.spacer(),
                    rx.cond(row.role != "", rx.badge(row.role, variant="outline", size="1")),
                    align="center",
                    spacing="2",
                    wrap="wrap",
                ),
                rx.text(
                    row.trich_yeu,
                    size="3",
                    weight="medium",
                    style={
                        "display": "-webkit-box",
                        "WebkitLineClamp": "3",
                        "WebkitBoxOrient": "vertical",
                        "overflow": "hidden",
                        "color": "var(--gray-12)",
                    },
                ),
                rx.text(row.co_quan, size="2", color_scheme="gray"),
                rx.flex(
                    _deadline(row.deadline, row.overdue),
                    rx.spacer(),
                    rx.text(row.status, size="2", color_scheme="gray"),
                    align="center",
                ),
                direction="column",
                spacing="2",
            ),
            size="2",
            style={"opacity": rx.cond(row.done, "0.75", "1")},
        ),
        href=row.href,
        underline="none",
        aria_label=row.trich_yeu,
    )


def _search_box() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.input(
                rx.input.slot(rx.icon("search", size=18)),
                name="q",
                placeholder="Số, trích yếu, nội dung…",
                default_value=InboxState.query,
                size="3",
                aria_label="Tìm văn bản",
                style={"flex": "1", "minWidth": "0"},
            ),
            rx.button("Tìm", type="submit", size="3"),
            spacing="2",
        ),
        on_submit=InboxState.search,
        reset_on_submit=False,
    )


def _filters() -> rx.Component:
    return rx.flex(
        rx.segmented_control.root(
            rx.segmented_control.item("Cần xử lý", value="open"),
            rx.segmented_control.item("Quá hạn", value="overdue"),
            rx.segmented_control.item("Đã xong", value="done"),
            value=InboxState.view,
            on_change=InboxState.set_view,
            size="3",
            width="100%",
        ),
        rx.select.root(
            rx.select.trigger(aria_label="Độ khẩn", placeholder="Độ khẩn", width="100%"),
            rx.select.content(
                rx.select.item("Mọi độ khẩn", value="all"),
                *[rx.select.item(c.label, value=c.value) for c in URGENCY_CHOICES],
            ),
            value=InboxState.do_khan,
            on_change=InboxState.set_do_khan,
            size="3",
        ),
        direction="column",
        spacing="2",
    )


def _empty() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.icon("inbox", size=28, color="var(--gray-10)"),
            rx.cond(
                InboxState.searched != "",
                rx.text("Không tìm thấy văn bản nào bạn được xem khớp với từ khóa."),
                rx.text("Không có văn bản nào ở mục này. Văn bản mới được giao sẽ hiện ở đây."),
            ),
            direction="column",
            align="center",
            spacing="2",
            padding_y="16px",
        )
    )


def van_ban_page() -> rx.Component:
    return app_shell(
        "Văn bản",
        _search_box(),
        rx.cond(
            InboxState.searched != "",
            rx.flex(
                rx.text("Kết quả cho “", InboxState.searched, "”", size="2", color_scheme="gray"),
                rx.spacer(),
                rx.button(
                    "Xóa tìm kiếm", variant="ghost", size="2", on_click=InboxState.clear_search
                ),
                align="center",
            ),
            rx.flex(
                rx.cond(
                    InboxState.is_keeper,
                    rx.segmented_control.root(
                        rx.segmented_control.item("Việc của tôi", value="mine"),
                        rx.segmented_control.item("Sổ đến", value="den"),
                        rx.segmented_control.item("Sổ đi", value="di"),
                        value=InboxState.scope,
                        on_change=InboxState.set_scope,
                        size="3",
                        width="100%",
                        variant="classic",
                    ),
                ),
                rx.cond(InboxState.scope == "mine", _filters()),
                direction="column",
                spacing="2",
            ),
        ),
        rx.cond(
            InboxState.error != "",
            rx.callout(InboxState.error, icon="triangle-alert", color_scheme="red"),
        ),
        rx.cond(
            InboxState.loading,
            rx.flex(
                *[rx.skeleton(height="108px", loading=True) for _ in range(3)],
                direction="column",
                spacing="3",
            ),
            rx.cond(
                InboxState.rows.length() > 0,
                rx.flex(rx.foreach(InboxState.rows, doc_card), direction="column", spacing="3"),
                _empty(),
            ),
        ),
        rx.cond(
            InboxState.next_cursor != "",
            rx.button(
                "Xem thêm", variant="soft", size="3", on_click=InboxState.load_more, width="100%"
            ),
        ),
        rx.flex(
            rx.link(
                rx.button(
                    rx.icon("file-plus", size=18),
                    "Vào sổ / soạn văn bản",
                    variant="soft",
                    size="3",
                    width="100%",
                ),
                href="/van-ban/vao-so",
                style={"flex": "1"},
            ),
            rx.link(
                rx.button(
                    rx.icon("cloud-off", size=18),
                    "Đã lưu",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    width="100%",
                ),
                href=OFFLINE_READER,
                style={"flex": "1"},
            ),
            spacing="2",
        ),
        active_tab="van_ban",
    )


# ---- one document ----------------------------------------------------------------------------


def _meta(label: str, value: rx.Var) -> rx.Component:
    return rx.cond(
        value != "",
        rx.flex(
            rx.text(label, size="2", color_scheme="gray", style={"minWidth": "112px"}),
            rx.text(value, size="2", weight="medium"),
            spacing="2",
        ),
    )


def _person(line: PersonLine) -> rx.Component:
    return rx.flex(
        rx.text(line.title, size="2", weight="bold"),
        rx.text(line.text, size="3"),
        rx.cond(line.note != "", rx.text(line.note, size="2", color_scheme="gray")),
        direction="column",
        spacing="1",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _file(line: FileLine) -> rx.Component:
    return rx.link(
        rx.flex(
            rx.icon("download", size=18),
            rx.flex(
                rx.text(line.name, size="2", weight="medium", style={"wordBreak": "break-all"}),
                rx.text(line.label, size="1", color_scheme="gray"),
                direction="column",
            ),
            spacing="2",
            align="center",
            min_height="44px",
        ),
        href=line.href,
        is_external=True,
    )


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.card(
        rx.flex(rx.heading(title, as_="h2", size="3"), *children, direction="column", spacing="3"),
        size="2",
    )


def _choices(name: str, placeholder: str, choices: rx.Var, required: bool = False) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, width="100%"),
        rx.select.content(rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value))),
        name=name,
        required=required,
        size="3",
    )


def _opinion_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.text_area(
                name="text", placeholder="Ý kiến xử lý của bạn…", rows="3", size="3", required=True
            ),
            rx.button("Gửi ý kiến", type="submit", size="3", loading=DocumentState.busy),
            direction="column",
            spacing="2",
        ),
        on_submit=DocumentState.add_opinion,
        reset_on_submit=True,
    )


def _forward_form() -> rx.Component:
    return rx.form(
        rx.flex(
            _choices("user_id", "Chọn người nhận", DocumentState.colleagues, required=True),
            rx.select.root(
                rx.select.trigger(width="100%"),
                rx.select.content(
                    rx.select.item("Phối hợp xử lý", value="phoi_hop"),
                    rx.select.item("Để biết", value="de_biet"),
                ),
                name="role",
                default_value="phoi_hop",
                size="3",
            ),
            rx.input(name="note", placeholder="Lời nhắn (không bắt buộc)", size="3"),
            rx.button(
                "Chuyển tiếp", type="submit", variant="soft", size="3", loading=DocumentState.busy
            ),
            direction="column",
            spacing="2",
        ),
        on_submit=DocumentState.forward,
        reset_on_submit=True,
    )


def _done_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.text_area(
                name="result", placeholder="Kết quả xử lý…", rows="2", size="3", required=True
            ),
            rx.button(
                rx.icon("check", size=18),
                "Báo hoàn thành",
                type="submit",
                color_scheme="green",
                size="3",
                loading=DocumentState.busy,
            ),
            direction="column",
            spacing="2",
        ),
        on_submit=DocumentState.mark_done,
        reset_on_submit=True,
    )


def _assign_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.text("Xử lý chính", size="2", weight="medium"),
            _choices("main", "Chọn người xử lý chính", DocumentState.colleagues, required=True),
            rx.text("Phối hợp (không bắt buộc)", size="2", weight="medium"),
            _choices("co", "Chọn người phối hợp", DocumentState.colleagues),
            rx.text("Hạn xử lý", size="2", weight="medium"),
            rx.input(name="deadline", type="date", size="3"),
            rx.text_area(name="instruction", placeholder="Ý kiến chỉ đạo…", rows="3", size="3"),
            rx.button("Phân công", type="submit", size="3", loading=DocumentState.busy),
            direction="column",
            spacing="2",
        ),
        on_submit=DocumentState.assign,
        reset_on_submit=True,
    )


# The document's API path from the page address (/van-ban/12 → /api/documents/12).
_API_PATH = "location.pathname.replace(/\\/$/, '').replace('/van-ban/', '/api/documents/')"
SIGN_SCRIPT = (
    f"window.dangbo.signWithPasskey({_API_PATH} + '/sign/begin', {_API_PATH} + '/sign/finish')"
)
SAVE_OFFLINE_SCRIPT = (
    "window.dangbo.saveOffline ? window.dangbo.saveOffline("
    "Number(location.pathname.replace(/\\/$/, '').split('/').pop())) : "
    "'Trình duyệt chưa sẵn sàng lưu ngoại tuyến. Hãy tải lại trang.'"
)


def _primary_actions() -> rx.Component:
    """The one step the document waits for from this person, above the document."""
    can = DocumentState.can
    return rx.flex(
        rx.cond(
            can["sign"],
            rx.button(
                rx.icon("pen-line", size=18),
                "Ký số bằng khóa truy cập",
                size="3",
                width="100%",
                on_click=js_call(SIGN_SCRIPT, DocumentState.signed),
            ),
        ),
        rx.cond(
            can["submit"],
            rx.button(
                "Trình ký (cấp số)",
                size="3",
                width="100%",
                on_click=DocumentState.transition("submit"),
            ),
        ),
        rx.cond(
            can["return"],
            rx.button(
                "Trả lại dự thảo",
                variant="soft",
                color_scheme="gray",
                size="3",
                width="100%",
                on_click=DocumentState.transition("return"),
            ),
        ),
        rx.cond(
            can["release"],
            rx.button(
                "Phát hành", size="3", width="100%", on_click=DocumentState.transition("release")
            ),
        ),
        rx.cond(
            can["reopen"],
            rx.button(
                "Mở lại để xử lý",
                variant="soft",
                size="3",
                width="100%",
                on_click=DocumentState.transition("reopen"),
            ),
        ),
        direction="column",
        spacing="2",
    )


def _actions() -> rx.Component:
    can = DocumentState.can
    return rx.flex(
        rx.cond(can["assign"], _section("Phân công xử lý", _assign_form())),
        rx.cond(can["opinion"], _section("Ý kiến xử lý", _opinion_form())),
        rx.cond(can["forward"], _section("Chuyển tiếp trong đơn vị", _forward_form())),
        rx.cond(can["done"], _section("Hoàn thành", _done_form())),
        direction="column",
        spacing="3",
    )


def _page_image(url: rx.Var) -> rx.Component:
    return rx.image(
        src=url,
        alt="Trang văn bản",
        loading="lazy",
        width=rx.cond(DocumentState.zoom, "200%", "100%"),
        max_width="none",
        style={
            "display": "block",
            "background": "white",
            "boxShadow": "0 1px 3px var(--gray-a6)",
            "aspectRatio": "210 / 297",
        },
    )


def _pages() -> rx.Component:
    return rx.cond(
        DocumentState.page_urls.length() > 0,
        rx.flex(
            rx.flex(
                rx.text(DocumentState.page_urls.length(), " trang", size="2", color_scheme="gray"),
                rx.spacer(),
                rx.button(
                    rx.cond(
                        DocumentState.zoom,
                        rx.icon("zoom-out", size=18),
                        rx.icon("zoom-in", size=18),
                    ),
                    rx.cond(DocumentState.zoom, "Thu nhỏ", "Phóng to"),
                    variant="soft",
                    size="2",
                    on_click=DocumentState.toggle_zoom,
                    aria_pressed=DocumentState.zoom,
                ),
                align="center",
            ),
            rx.box(
                rx.flex(
                    rx.cond(
                        DocumentState.zoom,
                        rx.foreach(DocumentState.page_urls_large, _page_image),
                        rx.foreach(DocumentState.page_urls, _page_image),
                    ),
                    direction="column",
                    spacing="2",
                ),
                overflow_x="auto",
                aria_label="Nội dung văn bản",
                role="region",
                tab_index=0,
            ),
            direction="column",
            spacing="2",
        ),
        rx.callout(
            "Văn bản không có tệp PDF để xem trên máy; hãy tải tệp về.",
            icon="info",
            color_scheme="gray",
        ),
    )


def document_page() -> rx.Component:
    header = rx.card(
        rx.flex(
            rx.flex(
                urgency_badge(DocumentState.do_khan, DocumentState.do_khan_label),
                rx.badge(DocumentState.status_label, variant="outline", size="2"),
                rx.cond(DocumentState.overdue, rx.badge("Quá hạn", color_scheme="red", size="2")),
                spacing="2",
                wrap="wrap",
            ),
            rx.text(
                DocumentState.loai_label,
                " · ",
                DocumentState.ky_hieu,
                size="2",
                weight="bold",
                color_scheme="gray",
            ),
            rx.heading(DocumentState.trich_yeu, as_="h2", size="4"),
            _meta("Cơ quan ban hành", DocumentState.co_quan),
            _meta("Ngày ban hành", DocumentState.ngay_ban_hanh),
            _meta("Người ký", DocumentState.nguoi_ky),
            _meta("Hạn xử lý", DocumentState.deadline),
            _meta("Số đến", DocumentState.so_den),
            direction="column",
            spacing="2",
        ),
        size="2",
    )
    body = rx.flex(
        header,
        _primary_actions(),
        rx.button(
            rx.icon("cloud-download", size=18),
            "Lưu đọc ngoại tuyến",
            variant="soft",
            color_scheme="gray",
            size="3",
            width="100%",
            on_click=js_call(SAVE_OFFLINE_SCRIPT, DocumentState.offline_result),
        ),
        _pages(),
        _actions(),
        rx.cond(
            DocumentState.files.length() > 0,
            _section("Tệp", rx.foreach(DocumentState.files, _file)),
        ),
        rx.cond(
            DocumentState.assignments.length() > 0,
            _section("Phân công", rx.foreach(DocumentState.assignments, _person)),
        ),
        rx.cond(
            DocumentState.opinions.length() > 0,
            _section("Ý kiến", rx.foreach(DocumentState.opinions, _person)),
        ),
        _section("Diễn biến xử lý", rx.foreach(DocumentState.timeline, _person)),
        action_notice(DocumentState),
        direction="column",
        spacing="3",
    )
    return app_shell(
        "Văn bản",
        rx.link(
            rx.flex(
                rx.icon("arrow-left", size=18),
                "Hộp văn bản",
                align="center",
                spacing="1",
                min_height="44px",
            ),
            href="/van-ban",
        ),
        rx.cond(
            DocumentState.error != "",
            rx.callout(DocumentState.error, icon="triangle-alert", color_scheme="red"),
            rx.cond(
                DocumentState.loaded,
                body,
                rx.flex(
                    *[rx.skeleton(height=h, loading=True) for h in ("160px", "420px")],
                    direction="column",
                    spacing="3",
                ),
            ),
        ),
        active_tab="van_ban",
    )


# ---- register --------------------------------------------------------------------------------


def _labelled(label: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.flex(
        rx.text(label, size="2", weight="medium", as_="label"),
        control,
        *([rx.text(hint, size="1", color_scheme="gray")] if hint else []),
        direction="column",
        spacing="1",
    )


def _text_field(key: str, placeholder: str = "", kind: str = "text") -> rx.Component:
    return rx.input(
        placeholder=placeholder,
        type=kind,
        size="3",
        on_change=lambda value: RegisterState.set_field(key, value),
    )


def _select_field(key: str, choices: list[Choice], default: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(width="100%"),
        rx.select.content(*[rx.select.item(c.label, value=c.value) for c in choices]),
        default_value=default,
        on_change=lambda value: RegisterState.set_field(key, value),
        size="3",
    )


def register_page() -> rx.Component:
    incoming = RegisterState.direction == "den"
    return app_shell(
        "Vào sổ văn bản",
        rx.cond(
            RegisterState.is_clerk,
            rx.segmented_control.root(
                rx.segmented_control.item("Văn bản đến", value="den"),
                rx.segmented_control.item("Dự thảo văn bản đi", value="di"),
                value=RegisterState.direction,
                on_change=RegisterState.set_direction,
                size="2",
            ),
            rx.text("Soạn dự thảo văn bản đi của đơn vị.", size="3"),
        ),
        rx.callout(
            "Không đưa văn bản Mật, Tối mật, Tuyệt mật lên hệ thống này: hệ thống sẽ từ chối.",
            icon="shield-alert",
            color_scheme="amber",
        ),
        rx.card(
            rx.flex(
                _labelled(
                    "Tệp văn bản",
                    rx.upload(
                        rx.flex(
                            rx.icon("upload", size=22),
                            rx.text("Chọn tệp PDF, Word (.docx) hoặc Excel (.xlsx)", size="2"),
                            rx.foreach(
                                rx.selected_files(UPLOAD_ID),
                                lambda f: rx.text(f, size="2", weight="bold"),
                            ),
                            direction="column",
                            align="center",
                            spacing="1",
                        ),
                        id=UPLOAD_ID,
                        max_files=1,
                        multiple=False,
                        accept=ACCEPTED,
                        border="1px dashed var(--gray-a8)",
                        padding="16px",
                        border_radius="var(--radius-3)",
                    ),
                ),
                rx.cond(
                    incoming,
                    rx.flex(
                        _labelled("Số và ký hiệu", _text_field("so_ky_hieu", "Ví dụ 15-KH/TU")),
                        _labelled(
                            "Loại văn bản",
                            _select_field(
                                "loai_den",
                                [Choice("auto", "Theo số và ký hiệu"), *TYPE_CHOICES],
                                "auto",
                            ),
                            "Chọn khi bản nhận được không ghi số và ký hiệu.",
                        ),
                        _labelled(
                            "Cơ quan ban hành",
                            _text_field("co_quan_ban_hanh", "Ví dụ Tỉnh ủy Bắc Ninh"),
                        ),
                        _labelled("Ngày ban hành", _text_field("ngay_ban_hanh", kind="date")),
                        _labelled("Người ký", _text_field("nguoi_ky")),
                        direction="column",
                        spacing="3",
                    ),
                    _labelled("Loại văn bản", _select_field("loai_di", TYPE_CHOICES, "BC")),
                ),
                _labelled(
                    "Trích yếu",
                    rx.text_area(
                        rows="3",
                        size="3",
                        on_change=lambda value: RegisterState.set_field("trich_yeu", value),
                    ),
                ),
                _labelled("Độ khẩn", _select_field("do_khan", URGENCY_CHOICES, "thuong")),
                _labelled(
                    "Độ mật",
                    _select_field(
                        "do_mat",
                        [
                            Choice("khong", "Không mật"),
                            Choice("mat", "Mật"),
                            Choice("toi_mat", "Tối mật"),
                            Choice("tuyet_mat", "Tuyệt mật"),
                        ],
                        "khong",
                    ),
                ),
                _labelled("Hạn xử lý", _text_field("han_xu_ly", kind="date")),
                rx.cond(
                    RegisterState.error != "",
                    rx.callout(
                        RegisterState.error, icon="triangle-alert", color_scheme="red", role="alert"
                    ),
                ),
                rx.button(
                    rx.cond(incoming, "Vào sổ", "Tạo dự thảo"),
                    size="3",
                    width="100%",
                    loading=RegisterState.busy,
                    on_click=RegisterState.upload(rx.upload_files(upload_id=UPLOAD_ID)),
                ),
                direction="column",
                spacing="3",
            ),
            size="2",
        ),
        active_tab="van_ban",
    )
