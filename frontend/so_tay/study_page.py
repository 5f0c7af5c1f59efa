"""/so-tay/hoc-tap and /so-tay/hoc-tap/[module_id]: study modules, their readings, the quiz
(multiple choice; the explanations after submitting) and the completion figures."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.so_tay.common import bar, empty, link_row, screen, section
from frontend.so_tay.study_state import ModuleState, QuizLine, ResultLine, StudyState


def study_page() -> rx.Component:
    content = section(
        "Chuyên đề học tập",
        rx.cond(
            StudyState.modules.length() > 0,
            rx.flex(
                rx.foreach(StudyState.modules, lambda m: link_row(m.href, m.title, m.note)),
                direction="column",
            ),
            empty("Chưa có chuyên đề nào cho chi bộ của bạn."),
        ),
    )
    return app_shell(
        "Học tập nghị quyết",
        *screen(StudyState, rx.cond(StudyState.loaded, content, rx.spinner())),
        active_tab="so_tay",
    )


def _question(q: QuizLine) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(
            rx.text(q.number, ": ", q.text, size="3", weight="medium"),
            style={"padding": "0", "marginBottom": "8px"},
        ),
        rx.radio_group.root(
            rx.flex(
                rx.foreach(
                    q.choices,
                    lambda c: rx.el.label(
                        rx.radio_group.item(value=c[0]),
                        rx.text(c[1], size="3"),
                        style={
                            "display": "flex",
                            "gap": "10px",
                            "alignItems": "center",
                            "minHeight": "44px",
                            "cursor": "pointer",
                        },
                    ),
                ),
                direction="column",
            ),
            name=q.name,
            size="3",
        ),
        style={"border": "none", "padding": "0", "margin": "0 0 12px 0", "minWidth": "0"},
    )


def _result(r: ResultLine) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.cond(
                r.right,
                rx.icon("circle-check", size=20, color="var(--green-11)"),
                rx.icon("circle-x", size=20, color="var(--red-11)"),
            ),
            rx.text(r.number, ": ", r.text, size="3", weight="medium"),
            spacing="2",
        ),
        rx.text(r.chosen, size="2"),
        rx.cond(~r.right, rx.text(r.correct, size="2", color="var(--green-11)")),
        rx.cond(r.explanation != "", rx.text(r.explanation, size="2", color_scheme="gray")),
        direction="column",
        spacing="1",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def module_page() -> rx.Component:
    content = rx.flex(
        section(
            ModuleState.title,
            rx.text(ModuleState.about, size="2", color_scheme="gray"),
            rx.cond(
                ModuleState.summary != "",
                rx.text(ModuleState.summary, size="3", style={"whiteSpace": "pre-wrap"}),
            ),
        ),
        rx.cond(
            ModuleState.readings.length() > 0,
            section(
                "Tài liệu cần đọc",
                rx.foreach(ModuleState.readings, lambda r: link_row(r.href, r.title, r.note)),
            ),
        ),
        rx.cond(
            ModuleState.result_score != "",
            section(
                "Kết quả của bạn",
                rx.text(ModuleState.result_score, size="3", weight="bold"),
                rx.foreach(ModuleState.results, _result),
            ),
        ),
        rx.cond(
            ModuleState.can_take & (ModuleState.quiz.length() > 0),
            section(
                rx.cond(ModuleState.result_score != "", "Làm lại bài", "Bài kiểm tra"),
                rx.form(
                    rx.flex(
                        rx.foreach(ModuleState.quiz, _question),
                        rx.button("Nộp bài", type="submit", size="3", loading=ModuleState.busy),
                        direction="column",
                    ),
                    on_submit=ModuleState.submit,
                ),
            ),
        ),
        rx.cond(
            ModuleState.completion != "",
            section(
                "Kết quả học tập",
                rx.text(ModuleState.completion, size="3"),
                rx.foreach(ModuleState.chi_bo, lambda b: bar(b.label, b.rate, b.caption)),
                rx.foreach(ModuleState.question_figures, lambda b: bar(b.label, b.rate, b.caption)),
                rx.foreach(ModuleState.completed, lambda line: rx.text(line, size="2")),
            ),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Học tập nghị quyết",
        *screen(ModuleState, rx.cond(ModuleState.loaded, content, rx.spinner())),
        active_tab="so_tay",
    )
