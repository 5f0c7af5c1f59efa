"""/van-ban/vao-so: register an incoming document or start an outgoing draft.

A plain form of named fields that the page posts to the API itself
(``pwa/public/van-ban-vao-so.js``, see :mod:`frontend.van_ban.register_state`): the file never
passes through Reflex's upload, which would spool it to the server's disk.
"""

from __future__ import annotations

import reflex as rx

from frontend.components.date_field import date_field
from frontend.components.js import js_call
from frontend.components.layout import app_shell
from frontend.session import offered
from frontend.van_ban import client
from frontend.van_ban.choices import (
    CLASSIFICATION_CHOICES,
    TYPE_CHOICES,
    URGENCY_CHOICES,
    Choice,
)
from frontend.van_ban.register_state import FORM_ID, RegisterState
from shared.documents import DocumentAction

FILE_INPUT_ID = "van-ban-tep"
ACCEPTED = ",".join(
    (
        ".pdf",
        ".docx",
        ".xlsx",
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
)
REGISTER_SCRIPT = (
    f"window.dangbo.registerDocument ? window.dangbo.registerDocument({FORM_ID!r}, "
    f"{client.REGISTER_DOCUMENT.js_url()}) : "
    "({error: 'Trang chưa sẵn sàng. Hãy tải lại trang.'})"
)
# Seen by screen readers and keyboards, drawn by its label (the browser's own button would
# say "Choose File" in the browser's language).
_VISUALLY_HIDDEN = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "opacity": "0",
    "overflow": "hidden",
}


def _labelled(label: str, field_id: str, control: rx.Component, hint: str = "") -> rx.Component:
    return rx.flex(
        rx.el.label(label, html_for=field_id, class_name="dangbo-field-label"),
        control,
        *([rx.text(hint, size="1", color_scheme="gray")] if hint else []),
        direction="column",
        spacing="1",
    )


def _text_field(name: str, label: str, placeholder: str = "", hint: str = "") -> rx.Component:
    field_id = name
    return _labelled(
        label,
        field_id,
        rx.input(id=field_id, name=name, placeholder=placeholder, size="3", auto_complete="off"),
        hint,
    )


def _date_field(name: str, label: str) -> rx.Component:
    # dd/mm/yyyy whatever the browser's language, the slashes put in as the person types;
    # read at submit by van-ban-vao-so.js.
    return _labelled(
        label,
        name,
        date_field(
            name,
            value=RegisterState.dates.get(name, ""),
            on_change=lambda value: RegisterState.set_date(name, value),
        ),
        "Ví dụ 05/12/2026",
    )


def _select_field(
    name: str, label: str, choices: list[Choice], default: str | None = None, hint: str = ""
) -> rx.Component:
    field_id = name
    return _labelled(
        label,
        field_id,
        rx.select.root(
            rx.select.trigger(id=field_id, width="100%", placeholder="Chọn…"),
            rx.select.content(*[rx.select.item(c.label, value=c.value) for c in choices]),
            name=name,
            size="3",
            **({"default_value": default} if default else {}),
        ),
        hint,
    )


def _file_picker() -> rx.Component:
    return rx.flex(
        rx.el.input(
            type="file",
            id=FILE_INPUT_ID,
            name="file",
            accept=ACCEPTED,
            on_change=RegisterState.chose_file,
            style=_VISUALLY_HIDDEN,
        ),
        rx.el.label(
            rx.icon("upload", size=22),
            rx.text(
                rx.cond(
                    RegisterState.file_name != "",
                    "Đổi tệp khác",
                    "Chọn tệp PDF, Word (.docx) hoặc Excel (.xlsx)",
                ),
                size="2",
            ),
            rx.cond(
                RegisterState.file_name != "",
                rx.text(
                    RegisterState.file_name,
                    size="2",
                    weight="bold",
                    style={"overflowWrap": "anywhere"},
                ),
            ),
            html_for=FILE_INPUT_ID,
            style={
                "display": "flex",
                "flexDirection": "column",
                "alignItems": "center",
                "gap": "4px",
                "textAlign": "center",
                "minHeight": "44px",
                "padding": "16px",
                "border": "1px dashed var(--gray-a8)",
                "borderRadius": "var(--radius-3)",
                "cursor": "pointer",
            },
        ),
        direction="column",
        spacing="1",
        position="relative",
    )


def _direction() -> rx.Component:
    incoming = offered(client.DOMAIN, DocumentAction.REGISTER_INCOMING)
    outgoing = offered(client.DOMAIN, DocumentAction.DRAFT_OUTGOING)
    return rx.cond(
        incoming & outgoing,
        rx.segmented_control.root(
            rx.segmented_control.item("Văn bản đến", value="den"),
            rx.segmented_control.item("Dự thảo văn bản đi", value="di"),
            value=RegisterState.direction,
            on_change=RegisterState.set_direction,
            size="3",
            width="100%",
        ),
        rx.cond(
            outgoing,
            rx.text("Soạn dự thảo văn bản đi của đơn vị.", size="3"),
            rx.text("Vào sổ văn bản đến của đơn vị.", size="3"),
        ),
    )


def _scan_question() -> rx.Component:
    """The explicit độ mật question, asked when the API found no text layer in the file."""

    def answer(choice: Choice) -> rx.Component:
        return rx.el.label(
            rx.el.input(
                type="radio",
                name="do_mat_answer",
                value=choice.value,
                style={"width": "20px", "height": "20px", "margin": "0"},
            ),
            rx.el.span(choice.label),
            class_name="rt-Text rt-r-size-3",
            style={
                "display": "flex",
                "alignItems": "center",
                "gap": "12px",
                "minHeight": "44px",
                "cursor": "pointer",
            },
        )

    return rx.el.fieldset(
        rx.el.legend(
            "Văn bản có độ mật không?",
            class_name="rt-Text rt-r-size-3 rt-r-weight-bold",
            style={"padding": "0 4px"},
        ),
        rx.callout(RegisterState.question, icon="scan-search", color_scheme="amber", size="1"),
        rx.text(
            "Xem dấu độ mật trên bản gốc rồi trả lời. Câu trả lời được ghi vào nhật ký.",
            size="2",
        ),
        *[answer(choice) for choice in CLASSIFICATION_CHOICES],
        id="cau-hoi-do-mat",
        style={
            "border": "2px solid var(--amber-8)",
            "borderRadius": "var(--radius-3)",
            "padding": "8px 12px 12px",
            "display": "flex",
            "flexDirection": "column",
            "gap": "8px",
            "margin": "0",
        },
    )


def register_page() -> rx.Component:
    incoming = RegisterState.direction == "den"
    allowed = offered(client.DOMAIN, DocumentAction.REGISTER_INCOMING) | offered(
        client.DOMAIN, DocumentAction.DRAFT_OUTGOING
    )
    fields = rx.flex(
        rx.el.input(type="hidden", name="direction", value=RegisterState.direction),
        _labelled("Tệp văn bản", FILE_INPUT_ID, _file_picker()),
        rx.cond(
            incoming,
            rx.flex(
                _text_field("so_ky_hieu", "Số và ký hiệu", "Ví dụ 15-KH/TU"),
                _select_field(
                    "loai_den",
                    "Loại văn bản",
                    [Choice("auto", "Theo số và ký hiệu"), *TYPE_CHOICES],
                    "auto",
                    "Chọn khi bản nhận được không ghi số và ký hiệu.",
                ),
                _text_field("co_quan_ban_hanh", "Cơ quan ban hành", "Ví dụ Tỉnh ủy Bắc Ninh"),
                _date_field("ngay_ban_hanh", "Ngày ban hành"),
                _text_field("nguoi_ky", "Người ký"),
                direction="column",
                spacing="3",
            ),
            _select_field("loai_di", "Loại văn bản", TYPE_CHOICES, "BC"),
        ),
        _labelled(
            "Trích yếu",
            "trich_yeu",
            rx.text_area(id="trich_yeu", name="trich_yeu", rows="3", size="3"),
        ),
        _select_field("do_khan", "Độ khẩn", URGENCY_CHOICES, "thuong"),
        _select_field(
            "do_mat",
            "Độ mật",
            CLASSIFICATION_CHOICES,
            hint="Bắt buộc chọn. Văn bản mật sẽ bị từ chối và không được lưu.",
        ),
        _date_field("han_xu_ly", "Hạn xử lý"),
        rx.cond(RegisterState.question != "", _scan_question()),
        rx.cond(
            RegisterState.error != "",
            rx.callout(
                RegisterState.error,
                icon="triangle-alert",
                color_scheme="red",
                role="alert",
                id="loi-vao-so",
            ),
        ),
        rx.button(
            rx.cond(
                RegisterState.question != "",
                "Gửi lại với câu trả lời",
                rx.cond(incoming, "Vào sổ", "Tạo dự thảo"),
            ),
            type="submit",
            size="3",
            width="100%",
            loading=RegisterState.busy,
        ),
        direction="column",
        spacing="3",
    )
    form = rx.fragment(
        _direction(),
        rx.callout(
            "Không đưa văn bản Mật, Tối mật, Tuyệt mật lên hệ thống này: hệ thống sẽ từ chối.",
            icon="shield-alert",
            color_scheme="amber",
        ),
        rx.card(
            rx.el.form(
                fields,
                id=FORM_ID,
                no_validate=True,
                on_submit=[
                    RegisterState.sending.prevent_default,
                    js_call(REGISTER_SCRIPT, RegisterState.registered),
                ],
            ),
            size="2",
        ),
    )
    return app_shell(
        "Vào sổ văn bản",
        rx.cond(
            allowed,
            form,
            rx.callout(
                "Bạn không có quyền vào sổ văn bản đến hay soạn dự thảo văn bản đi.",
                icon="info",
                color_scheme="gray",
            ),
        ),
        active_tab="van_ban",
    )
