"""/gop-y/[consultation_id]/kiem-duyet: the moderation queue (hide with a reason, restore,
answer) and the search in comments, for the tổ biên tập."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.gop_y.moderation_state import ModerationState, QueueLine
from frontend.so_tay.common import empty, field, screen, section
from shared.consultations import REASON_MAX_CHARS, CommentStatus

# Short enough for four segments side by side at 360 px.
_FILTERS = [
    ("all", "Tất cả"),
    (CommentStatus.VISIBLE.value, "Hiển thị"),
    (CommentStatus.HIDDEN.value, "Đã ẩn"),
    (CommentStatus.WITHDRAWN.value, "Đã rút"),
]


def _inline_form(name: str, label: str, button: str, on_submit, max_length: int) -> rx.Component:
    return rx.form(
        rx.flex(
            rx.text_area(
                name=name,
                rows="3",
                size="3",
                required=True,
                aria_label=label,
                max_length=max_length,
            ),
            rx.button(button, type="submit", size="3"),
            direction="column",
            spacing="2",
        ),
        on_submit=on_submit,
        reset_on_submit=True,
    )


def _line(line: QueueLine) -> rx.Component:
    editing = ModerationState.editing == line.id
    return rx.card(
        rx.flex(
            rx.flex(
                rx.badge(line.status, size="2"),
                rx.text(line.author, size="2", weight="bold"),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
            rx.text(line.where, size="2", weight="medium"),
            rx.cond(
                line.quote != "",
                rx.el.blockquote(
                    line.quote,
                    style={
                        "margin": "0",
                        "paddingLeft": "8px",
                        "borderLeft": "3px solid var(--amber-9)",
                        "fontStyle": "italic",
                    },
                ),
            ),
            rx.text(
                line.text, size="3", style={"whiteSpace": "pre-wrap", "overflowWrap": "anywhere"}
            ),
            rx.text(line.note, size="1", color_scheme="gray"),
            field("Lý do ẩn", line.hidden_reason),
            field("Đã trả lời", line.answer),
            rx.flex(
                rx.cond(
                    line.may_hide,
                    rx.button(
                        "Ẩn",
                        variant="soft",
                        color_scheme="red",
                        size="3",
                        on_click=ModerationState.edit(line.id, "hide"),
                    ),
                ),
                rx.cond(
                    line.may_restore,
                    rx.button(
                        "Hiện lại",
                        variant="soft",
                        size="3",
                        on_click=ModerationState.restore(line.id),
                    ),
                ),
                rx.cond(
                    line.may_answer,
                    rx.button(
                        "Trả lời",
                        variant="soft",
                        size="3",
                        on_click=ModerationState.edit(line.id, "answer"),
                    ),
                ),
                spacing="2",
                wrap="wrap",
            ),
            rx.cond(
                editing & (ModerationState.editing_what == "hide"),
                _inline_form(
                    "reason",
                    "Lý do ẩn (người góp ý sẽ thấy)",
                    "Ẩn góp ý",
                    ModerationState.hide,
                    REASON_MAX_CHARS,
                ),
            ),
            rx.cond(
                editing & (ModerationState.editing_what == "answer"),
                _inline_form("answer", "Câu trả lời", "Gửi trả lời", ModerationState.answer, 5000),
            ),
            direction="column",
            spacing="2",
        ),
        class_name="gop-y-queue-item",
    )


def moderation_page() -> rx.Component:
    content = rx.flex(
        rx.heading(ModerationState.title, as_="h2", size="5"),
        section(
            "Tìm trong góp ý",
            rx.form(
                rx.flex(
                    rx.input(
                        name="q",
                        type="search",
                        placeholder="Từ, cụm từ…",
                        size="3",
                        aria_label="Tìm trong góp ý",
                        style={"flex": "1"},
                    ),
                    rx.button("Tìm", type="submit", size="3"),
                    spacing="2",
                ),
                on_submit=ModerationState.search,
            ),
            rx.cond(
                ModerationState.searched,
                rx.cond(
                    ModerationState.hits.length() > 0,
                    rx.flex(
                        rx.foreach(ModerationState.hits, _line), direction="column", spacing="3"
                    ),
                    empty("Không tìm thấy góp ý nào."),
                ),
            ),
        ),
        section(
            "Hàng kiểm duyệt",
            rx.segmented_control.root(
                *[rx.segmented_control.item(label, value=value) for value, label in _FILTERS],
                value=rx.cond(ModerationState.status == "", "all", ModerationState.status),
                on_change=ModerationState.filter,
                size="3",
                width="100%",
            ),
            rx.cond(
                ModerationState.lines.length() > 0,
                rx.flex(rx.foreach(ModerationState.lines, _line), direction="column", spacing="3"),
                empty("Không có góp ý nào."),
            ),
            rx.cond(
                ModerationState.more != "",
                rx.button("Xem thêm", variant="soft", size="3", on_click=ModerationState.load_more),
            ),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Kiểm duyệt góp ý",
        *screen(ModerationState, rx.cond(ModerationState.loaded, content, rx.spinner())),
        active_tab="gop_y",
    )
