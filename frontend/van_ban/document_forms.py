"""The forms of the actions taken on one document: assign, give an opinion, forward, report
it done. The document screen opens each in the sheet of its action bar, and offers it only
when the API lists its action. Every field has a label (its ``id``)."""

from __future__ import annotations

import reflex as rx

from frontend.van_ban.document_state import DocumentState


def _label(text: str, field_id: str) -> rx.Component:
    return rx.el.label(text, html_for=field_id, class_name="rt-Text rt-r-size-2 rt-r-weight-medium")


def _choices(name: str, placeholder: str, choices: rx.Var, required: bool = False) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, width="100%", id=f"van-ban-{name}"),
        rx.select.content(rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value))),
        name=name,
        required=required,
        size="3",
    )


def opinion_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.text_area(
                name="text",
                placeholder="Ý kiến xử lý của bạn…",
                aria_label="Ý kiến xử lý",
                rows="3",
                size="3",
                required=True,
            ),
            rx.button("Gửi ý kiến", type="submit", size="3", loading=DocumentState.busy),
            direction="column",
            spacing="2",
        ),
        on_submit=DocumentState.add_opinion,
        reset_on_submit=True,
    )


def forward_form() -> rx.Component:
    return rx.form(
        rx.flex(
            _label("Người nhận", "van-ban-user_id"),
            _choices("user_id", "Chọn người nhận", DocumentState.colleagues, required=True),
            _label("Vai trò", "van-ban-role"),
            rx.select.root(
                rx.select.trigger(width="100%", id="van-ban-role"),
                rx.select.content(
                    rx.select.item("Phối hợp xử lý", value="phoi_hop"),
                    rx.select.item("Để biết", value="de_biet"),
                ),
                name="role",
                default_value="phoi_hop",
                size="3",
            ),
            rx.input(
                name="note",
                placeholder="Lời nhắn (không bắt buộc)",
                aria_label="Lời nhắn",
                size="3",
            ),
            rx.button(
                "Chuyển tiếp", type="submit", variant="soft", size="3", loading=DocumentState.busy
            ),
            direction="column",
            spacing="2",
        ),
        on_submit=DocumentState.forward,
        reset_on_submit=True,
    )


def done_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.text_area(
                name="result",
                placeholder="Kết quả xử lý…",
                aria_label="Kết quả xử lý",
                rows="2",
                size="3",
                required=True,
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


def assign_form() -> rx.Component:
    return rx.form(
        rx.flex(
            _label("Xử lý chính", "van-ban-main"),
            _choices("main", "Chọn người xử lý chính", DocumentState.colleagues, required=True),
            _label("Phối hợp (không bắt buộc)", "van-ban-co"),
            _choices("co", "Chọn người phối hợp", DocumentState.colleagues),
            _label("Hạn xử lý", "van-ban-deadline"),
            rx.input(name="deadline", type="date", size="3", id="van-ban-deadline"),
            _label("Ý kiến chỉ đạo", "van-ban-instruction"),
            rx.text_area(
                name="instruction",
                id="van-ban-instruction",
                placeholder="Ý kiến chỉ đạo…",
                rows="3",
                size="3",
            ),
            rx.button("Phân công", type="submit", size="3", loading=DocumentState.busy),
            direction="column",
            spacing="2",
        ),
        on_submit=DocumentState.assign,
        reset_on_submit=True,
    )
