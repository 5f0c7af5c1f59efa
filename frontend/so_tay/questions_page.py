"""/so-tay/hoi-dap and /so-tay/hoi-dap/[question_id]: questions to the cấp ủy and the FAQ."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.so_tay.common import empty, field, link_row, screen, section
from frontend.so_tay.questions_state import FaqLine, QuestionsState, QuestionState
from shared.questions import QuestionAction


def _faq(line: FaqLine) -> rx.Component:
    return rx.el.details(
        rx.el.summary(
            rx.text(line.question, size="3", weight="medium"),
            style={
                "minHeight": "44px",
                "display": "flex",
                "alignItems": "center",
                "cursor": "pointer",
            },
        ),
        rx.text(line.answer, size="3", style={"whiteSpace": "pre-wrap"}),
        rx.text(line.note, size="1", color_scheme="gray"),
        style={"borderBottom": "1px solid var(--gray-a4)", "paddingBottom": "8px"},
    )


def _lines(rows: rx.Var) -> rx.Component:
    return rx.flex(
        rx.foreach(rows, lambda q: link_row(q.href, q.title, q.note)), direction="column"
    )


def questions_page() -> rx.Component:
    content = rx.flex(
        section(
            "Hỏi cấp ủy",
            rx.text("Câu hỏi chỉ cấp ủy chi bộ của bạn đọc được.", size="2", color_scheme="gray"),
            rx.form(
                rx.flex(
                    rx.text_area(
                        name="text",
                        placeholder="Câu hỏi của bạn…",
                        rows="4",
                        size="3",
                        required=True,
                        max_length=QuestionsState.max_chars,
                        aria_label="Câu hỏi",
                    ),
                    rx.button("Gửi câu hỏi", type="submit", size="3", loading=QuestionsState.busy),
                    direction="column",
                    spacing="2",
                ),
                on_submit=QuestionsState.ask,
                reset_on_submit=True,
            ),
        ),
        rx.cond(
            QuestionsState.inbox.length() > 0,
            section("Câu hỏi gửi cấp ủy", _lines(QuestionsState.inbox)),
        ),
        section(
            "Câu hỏi của tôi",
            rx.cond(
                QuestionsState.mine.length() > 0,
                _lines(QuestionsState.mine),
                empty("Bạn chưa gửi câu hỏi nào."),
            ),
        ),
        section(
            "Hỏi – đáp chung",
            rx.cond(
                QuestionsState.faq.length() > 0,
                rx.foreach(QuestionsState.faq, _faq),
                empty("Chưa có câu hỏi nào được công bố."),
            ),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Hỏi – đáp",
        *screen(QuestionsState, rx.cond(QuestionsState.loaded, content, rx.spinner())),
        active_tab="so_tay",
    )


def _can(action: QuestionAction) -> rx.Var[bool]:
    return QuestionState.can[action.value]


def question_page() -> rx.Component:
    content = rx.flex(
        section(
            "Câu hỏi",
            rx.badge(QuestionState.status, width="fit-content"),
            rx.text(
                QuestionState.text,
                size="3",
                style={"whiteSpace": "pre-wrap", "overflowWrap": "anywhere"},
            ),
            rx.text(QuestionState.about, size="2", color_scheme="gray"),
        ),
        rx.cond(
            QuestionState.answer != "",
            section(
                "Trả lời của cấp ủy",
                rx.text(QuestionState.answer, size="3", style={"whiteSpace": "pre-wrap"}),
                field("Người trả lời", QuestionState.answered),
                rx.cond(
                    QuestionState.faq != "",
                    rx.text(QuestionState.faq, size="2", color_scheme="gray"),
                ),
            ),
        ),
        rx.cond(
            _can(QuestionAction.PUBLISH_FAQ),
            rx.button(
                "Đưa vào hỏi – đáp chung (ẩn danh)",
                variant="soft",
                size="3",
                width="100%",
                on_click=QuestionState.publish_faq,
            ),
        ),
        rx.cond(
            _can(QuestionAction.WITHDRAW_FAQ),
            rx.button(
                "Rút khỏi hỏi – đáp chung",
                variant="soft",
                color_scheme="gray",
                size="3",
                width="100%",
                on_click=QuestionState.withdraw_faq,
            ),
        ),
        rx.cond(
            _can(QuestionAction.ANSWER),
            section(
                "Trả lời",
                rx.form(
                    rx.flex(
                        rx.text_area(
                            name="answer",
                            default_value=QuestionState.answer,
                            rows="5",
                            size="3",
                            required=True,
                            aria_label="Câu trả lời",
                        ),
                        rx.button(
                            "Gửi trả lời", type="submit", size="3", loading=QuestionState.busy
                        ),
                        direction="column",
                        spacing="2",
                    ),
                    on_submit=QuestionState.send_answer,
                ),
            ),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Hỏi – đáp",
        *screen(QuestionState, rx.cond(QuestionState.loaded, content, rx.spinner())),
        active_tab="so_tay",
    )
