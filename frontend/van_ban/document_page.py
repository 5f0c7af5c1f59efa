"""/van-ban/[document_id]: one document on a phone. The PDF as page images rendered by the API;
what this person may do now (only the ``actions`` the API lists) in a bar fixed above the
bottom navigation, where the thumb is however long the document: one tap for a step (ký số,
phát hành, trình), a sheet for a form (phân công, ý kiến, chuyển tiếp, hoàn thành)."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.js import js_call
from frontend.components.layout import app_shell
from frontend.components.route import route_param
from frontend.van_ban import client
from frontend.van_ban.document_forms import assign_form, done_form, forward_form, opinion_form
from frontend.van_ban.document_state import DocumentState, FileLine, PersonLine
from frontend.van_ban.urgency import urgency_badge
from shared.documents import DocumentAction


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


# The document's id from the page address (/van-ban/12 → 12), for the scripts of the page.
_DOCUMENT_ID = "location.pathname.replace(/\\/$/, '').split('/').pop()"
SIGN_SCRIPT = (
    "window.dangbo.signWithPasskey("
    f"{client.SIGN_BEGIN.js_url(document_id=_DOCUMENT_ID)}, "
    f"{client.SIGN_FINISH.js_url(document_id=_DOCUMENT_ID)})"
)
RELEASE_SCRIPT = (
    "window.dangbo.signWithPasskey("
    f"{client.RELEASE_BEGIN.js_url(document_id=_DOCUMENT_ID)}, "
    f"{client.RELEASE_FINISH.js_url(document_id=_DOCUMENT_ID)}, "
    "'Văn bản chưa được phát hành.')"
)
SAVE_OFFLINE_SCRIPT = (
    "window.dangbo.saveOffline ? window.dangbo.saveOffline("
    f"Number({_DOCUMENT_ID})) : "
    "'Trình duyệt chưa sẵn sàng lưu ngoại tuyến. Hãy tải lại trang.'"
)


def _can(action: DocumentAction) -> rx.Var[bool]:
    """Whether the API listed ``action`` for this user on this document."""
    return DocumentState.can[action.value]


_BAR_BUTTON = {"flex": "1 1 auto", "minHeight": "44px"}


def _step(action: DocumentAction, label: str, icon: str, on_click, **props) -> rx.Component:
    """A button of the bottom bar, shown when the API lists ``action``."""
    return rx.cond(
        _can(action),
        rx.button(
            rx.icon(icon, size=18),
            label,
            size="3",
            on_click=on_click,
            loading=DocumentState.busy,
            style=_BAR_BUTTON,
            **props,
        ),
    )


def _sheet_opener(action: DocumentAction, label: str, icon: str, **props) -> rx.Component:
    return _step(action, label, icon, DocumentState.open_sheet(action.value), **props)


def _steps() -> rx.Component:
    """What this person may do now, as the API says: one tap, or a form in the sheet."""
    return rx.flex(
        _step(
            DocumentAction.SIGN,
            "Ký số",
            "pen-line",
            js_call(SIGN_SCRIPT, DocumentState.signed),
            aria_label="Ký số bằng khóa truy cập",
        ),
        _step(
            DocumentAction.RELEASE,
            "Phát hành",
            "stamp",
            js_call(RELEASE_SCRIPT, DocumentState.release_result),
            aria_label="Phát hành: cấp số, ngày và ký số của cơ quan",
        ),
        _step(
            DocumentAction.SEND_TO_LEADER,
            "Trình lãnh đạo",
            "send",
            DocumentState.transition(DocumentAction.SEND_TO_LEADER.value),
        ),
        _step(
            DocumentAction.SUBMIT,
            "Trình ký",
            "send",
            DocumentState.transition(DocumentAction.SUBMIT.value),
        ),
        _sheet_opener(DocumentAction.ASSIGN, "Phân công", "users"),
        _sheet_opener(DocumentAction.OPINION, "Ý kiến", "message-square", variant="soft"),
        _sheet_opener(DocumentAction.FORWARD, "Chuyển tiếp", "forward", variant="soft"),
        _sheet_opener(DocumentAction.DONE, "Hoàn thành", "check", color_scheme="green"),
        _step(
            DocumentAction.RETURN,
            "Trả lại",
            "undo-2",
            DocumentState.transition(DocumentAction.RETURN.value),
            variant="soft",
            color_scheme="gray",
        ),
        _step(
            DocumentAction.REOPEN,
            "Mở lại",
            "rotate-ccw",
            DocumentState.transition(DocumentAction.REOPEN.value),
            variant="soft",
        ),
        wrap="wrap",
        spacing="2",
    )


def _sheet() -> rx.Component:
    """The open action's form, in a sheet above the bottom navigation."""
    return rx.flex(
        rx.flex(
            rx.heading(DocumentState.sheet_title, as_="h2", size="3"),
            rx.icon_button(
                rx.icon("x", size=20),
                variant="ghost",
                color_scheme="gray",
                size="3",
                aria_label="Đóng",
                on_click=DocumentState.close_sheet,
                style={"minWidth": "44px", "minHeight": "44px"},
            ),
            justify="between",
            align="center",
        ),
        rx.match(
            DocumentState.sheet,
            (DocumentAction.ASSIGN.value, assign_form()),
            (DocumentAction.OPINION.value, opinion_form()),
            (DocumentAction.FORWARD.value, forward_form()),
            (DocumentAction.DONE.value, done_form()),
            rx.fragment(),
        ),
        direction="column",
        spacing="2",
        role="dialog",
        aria_label=DocumentState.sheet_title,
        style={
            # Room for the header above and the bottom navigation below.
            "maxHeight": "calc(100dvh - 56px - 64px - 40px - env(safe-area-inset-bottom))",
            "overflowY": "auto",
        },
    )


def _message() -> rx.Component:
    return rx.cond(
        DocumentState.message != "",
        rx.flex(
            rx.cond(
                DocumentState.message_ok,
                rx.icon("circle-check", size=22, color="var(--green-11)", flex_shrink="0"),
                rx.icon("triangle-alert", size=22, color="var(--red-11)", flex_shrink="0"),
            ),
            rx.text(
                DocumentState.message,
                size="3",
                weight="medium",
                color=rx.cond(DocumentState.message_ok, "var(--green-11)", "var(--red-11)"),
                style={"flex": "1"},
            ),
            rx.icon_button(
                rx.icon("x", size=18),
                variant="ghost",
                color_scheme="gray",
                size="3",
                aria_label="Đóng thông báo",
                on_click=DocumentState.dismiss,
                style={"minWidth": "44px", "minHeight": "44px"},
            ),
            align="center",
            spacing="2",
            role=rx.cond(DocumentState.message_ok, "status", "alert"),
            id="action-notice",
        ),
    )


def _action_bar() -> rx.Component:
    """The primary actions where the thumb is: fixed just above the bottom navigation (never
    over it), whatever the length of the document; a form opens in place as a sheet."""
    return rx.cond(
        DocumentState.has_bar,
        rx.box(
            rx.flex(
                _message(),
                rx.cond(DocumentState.sheet != "", _sheet(), _steps()),
                direction="column",
                spacing="2",
                max_width="640px",
                margin="0 auto",
            ),
            id="thanh-thao-tac",
            style={
                "position": "fixed",
                "left": "0",
                "right": "0",
                "bottom": "calc(64px + env(safe-area-inset-bottom))",
                "padding": "8px 12px",
                "background": "var(--color-panel-solid)",
                "borderTop": "1px solid var(--gray-a5)",
                "boxShadow": "0 -4px 12px var(--gray-a4)",
                "zIndex": "9",
            },
        ),
    )


def _verify_link() -> rx.Component:
    return rx.link(
        rx.flex(
            rx.icon("shield-check", size=18),
            "Xác minh chữ ký số",
            align="center",
            spacing="2",
            min_height="44px",
        ),
        href=routes.VERIFY,
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
        rx.cond(
            DocumentState.files.length() > 0,
            _section(
                "Tệp",
                rx.foreach(DocumentState.files, _file),
                _verify_link(),
            ),
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
        # Room to scroll the last lines above the action bar.
        rx.cond(DocumentState.has_bar, rx.box(height="120px", aria_hidden="true")),
        _action_bar(),
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
            href=routes.DOCUMENTS,
        ),
        rx.cond(
            DocumentState.error != "",
            rx.callout(DocumentState.error, icon="triangle-alert", color_scheme="red"),
            rx.cond(
                # Only the document of this address: after a tap on another one, the state
                # holds the previous document until the new one's load is answered.
                DocumentState.loaded
                & (DocumentState.document_id.to_string() == route_param("document_id")),
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
