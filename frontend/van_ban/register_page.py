"""/van-ban/vao-so: register an incoming document or start an outgoing draft."""

from __future__ import annotations

import reflex as rx

from frontend.components.date_field import date_field
from frontend.components.layout import app_shell
from frontend.components.upload import named_upload
from frontend.session import offered
from frontend.van_ban.choices import (
    CLASSIFICATION_CHOICES,
    TYPE_CHOICES,
    URGENCY_CHOICES,
    Choice,
)
from frontend.van_ban.client import DOMAIN
from frontend.van_ban.register_state import UPLOAD_ID, RegisterState
from shared.documents import DocumentAction

_OOXML = "application/vnd.openxmlformats-officedocument"
ACCEPTED = {
    "application/pdf": [".pdf"],
    f"{_OOXML}.wordprocessingml.document": [".docx"],
    f"{_OOXML}.spreadsheetml.sheet": [".xlsx"],
}


def _labelled(label: str, key: str, control: rx.Component, hint: str = "") -> rx.Component:
    """A field with its label tied to the control (``key`` is the control's id)."""
    return rx.flex(
        rx.el.label(label, html_for=key, class_name="dangbo-field-label"),
        control,
        *([rx.text(hint, size="1", color_scheme="gray")] if hint else []),
        direction="column",
        spacing="1",
    )


def _text_field(key: str, placeholder: str = "") -> rx.Component:
    return rx.input(
        id=key,
        placeholder=placeholder,
        size="3",
        on_change=lambda value: RegisterState.set_field(key, value),
    )


def _date_field(key: str) -> rx.Component:
    return date_field(
        key,
        value=RegisterState.fields.get(key, ""),
        on_change=lambda value: RegisterState.set_date(key, value),
    )


def _select_field(key: str, choices: list[Choice], default: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(id=key, width="100%"),
        rx.select.content(*[rx.select.item(c.label, value=c.value) for c in choices]),
        default_value=default,
        name=key,
        on_change=lambda value: RegisterState.set_field(key, value),
        size="3",
    )


def _direction() -> rx.Component:
    incoming = offered(DOMAIN, DocumentAction.REGISTER_INCOMING)
    outgoing = offered(DOMAIN, DocumentAction.DRAFT_OUTGOING)
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


def register_page() -> rx.Component:
    incoming = RegisterState.direction == "den"
    allowed = offered(DOMAIN, DocumentAction.REGISTER_INCOMING) | offered(
        DOMAIN, DocumentAction.DRAFT_OUTGOING
    )
    form = rx.fragment(
        _direction(),
        rx.callout(
            "Không đưa văn bản Mật, Tối mật, Tuyệt mật lên hệ thống này: hệ thống sẽ từ chối.",
            icon="shield-alert",
            color_scheme="amber",
        ),
        rx.card(
            rx.flex(
                rx.flex(
                    rx.text("Tệp văn bản", class_name="dangbo-field-label"),
                    named_upload(
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
                        label="Tệp văn bản: PDF, Word hoặc Excel",
                        max_files=1,
                        multiple=False,
                        accept=ACCEPTED,
                        border="1px dashed var(--gray-a8)",
                        padding="16px",
                        border_radius="var(--radius-3)",
                        text_align="center",
                    ),
                    direction="column",
                    spacing="1",
                ),
                rx.cond(
                    incoming,
                    rx.flex(
                        _labelled(
                            "Số và ký hiệu",
                            "so_ky_hieu",
                            _text_field("so_ky_hieu", "Ví dụ 15-KH/TU"),
                        ),
                        _labelled(
                            "Loại văn bản",
                            "loai_den",
                            _select_field(
                                "loai_den",
                                [Choice("auto", "Theo số và ký hiệu"), *TYPE_CHOICES],
                                "auto",
                            ),
                            "Chọn khi bản nhận được không ghi số và ký hiệu.",
                        ),
                        _labelled(
                            "Cơ quan ban hành",
                            "co_quan_ban_hanh",
                            _text_field("co_quan_ban_hanh", "Ví dụ Tỉnh ủy Bắc Ninh"),
                        ),
                        _labelled("Ngày ban hành", "ngay_ban_hanh", _date_field("ngay_ban_hanh")),
                        _labelled("Người ký", "nguoi_ky", _text_field("nguoi_ky")),
                        direction="column",
                        spacing="3",
                    ),
                    _labelled(
                        "Loại văn bản", "loai_di", _select_field("loai_di", TYPE_CHOICES, "BC")
                    ),
                ),
                _labelled(
                    "Trích yếu",
                    "trich_yeu",
                    rx.text_area(
                        id="trich_yeu",
                        rows="3",
                        size="3",
                        on_change=lambda value: RegisterState.set_field("trich_yeu", value),
                    ),
                ),
                _labelled(
                    "Độ khẩn", "do_khan", _select_field("do_khan", URGENCY_CHOICES, "thuong")
                ),
                _labelled(
                    "Độ mật",
                    "do_mat",
                    _select_field("do_mat", CLASSIFICATION_CHOICES, "khong"),
                ),
                _labelled("Hạn xử lý", "han_xu_ly", _date_field("han_xu_ly")),
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
