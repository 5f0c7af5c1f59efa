"""The forms of the actions taken on one document: assign, give an opinion, forward, report
it done. The document screen shows each only when the API lists its action."""

from __future__ import annotations

import reflex as rx

from frontend.components.date_field import date_field
from frontend.van_ban.document_state import DocumentState


def _choices(
    name: str, placeholder: str, choices: rx.Var, required: bool = False, id: str | None = None
) -> rx.Component:
    # With an ``id``, a <label for> names the select; without, the placeholder does.
    named = {"id": id} if id else {"aria_label": placeholder}
    return rx.select.root(
        rx.select.trigger(placeholder=placeholder, width="100%", **named),
        rx.select.content(rx.foreach(choices, lambda c: rx.select.item(c.label, value=c.value))),
        name=name,
        required=required,
        size="3",
    )


def opinion_form() -> rx.Component:
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


def forward_form() -> rx.Component:
    return rx.form(
        rx.flex(
            _choices("user_id", "Chọn người nhận", DocumentState.colleagues, required=True),
            rx.select.root(
                rx.select.trigger(width="100%", aria_label="Vai trò của người nhận"),
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


def done_form() -> rx.Component:
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


def assign_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.el.label("Xử lý chính", html_for="assign-main", class_name="dangbo-field-label"),
            _choices(
                "main",
                "Chọn người xử lý chính",
                DocumentState.colleagues,
                required=True,
                id="assign-main",
            ),
            rx.el.label(
                "Phối hợp (không bắt buộc)", html_for="assign-co", class_name="dangbo-field-label"
            ),
            _choices("co", "Chọn người phối hợp", DocumentState.colleagues, id="assign-co"),
            rx.el.label("Hạn xử lý", html_for="deadline", class_name="dangbo-field-label"),
            date_field("deadline"),
            rx.text_area(name="instruction", placeholder="Ý kiến chỉ đạo…", rows="3", size="3"),
            rx.button("Phân công", type="submit", size="3", loading=DocumentState.busy),
            direction="column",
            spacing="2",
        ),
        on_submit=DocumentState.assign,
        reset_on_submit=True,
    )
