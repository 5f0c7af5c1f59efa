"""/gop-y/[consultation_id]: the draft read unit by unit at 360 px. Each unit shows its counts
(comments, agree, disagree); touched, it opens below its text: the citizen's vote, the
comments on it (pseudonyms only) and the form. Selecting words in a unit's text shows "Góp ý
đoạn này" (``pwa/public/gop-y.js``). The whole draft's comments come last. A citizen who has
not accepted the consent notice reads it first."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.js import js_call
from frontend.components.layout import app_shell
from frontend.components.route import route_param
from frontend.gop_y import client
from frontend.gop_y.reader_state import (
    CommentLine,
    ExplainLine,
    ReaderState,
    Section,
    UnitLine,
)
from frontend.so_tay.common import empty, screen, section
from shared.consultations import ConsultationAction, VoteChoice

SCRIPT = "/gop-y.js"
_TARGET = {"minHeight": "44px"}


def _can(action: ConsultationAction) -> rx.Var[bool]:
    return ReaderState.can[action.value]


def live_box(*children: rx.Component) -> rx.Component:
    """The box ``gop-y.js`` looks for: the stream to follow, from the page address, and the
    stream's last event when the consultation was read (the script follows from it)."""
    head, _, tail = client.STREAM.partition("{consultation_id}")
    stream = rx.Var.create(head) + route_param("consultation_id").to(str) + tail
    return rx.el.div(
        *children,
        rx.el.script(src=SCRIPT, type="module", async_=True),
        custom_attrs={
            "data-gop-y-live": "",
            "data-stream": stream,
            "data-after": ReaderState.live_after,
        },
    )


def count(key: rx.Var | str, what: str, value: rx.Var) -> rx.Component:
    """A figure the live script rewrites (``data-gop-y-count="<unit>:<what>"``)."""
    return rx.el.span(value, custom_attrs={"data-gop-y-count": key + ":" + what})


def _counts(unit: UnitLine) -> rx.Component:
    return rx.text(
        count(unit.key, "comments", unit.comments),
        " góp ý · ",
        count(unit.key, "agree", unit.agree),
        " tán thành · ",
        count(unit.key, "disagree", unit.disagree),
        " không tán thành",
        size="1",
        color_scheme="gray",
    )


def _comment(line: CommentLine) -> rx.Component:
    return rx.flex(
        rx.text(line.author, size="2", weight="bold"),
        rx.cond(
            line.quote != "",
            rx.el.blockquote(
                line.quote,
                style={
                    "margin": "0",
                    "paddingLeft": "8px",
                    "borderLeft": "3px solid var(--amber-9)",
                    "fontStyle": "italic",
                    "overflowWrap": "anywhere",
                },
            ),
        ),
        rx.text(line.text, size="3", style={"whiteSpace": "pre-wrap", "overflowWrap": "anywhere"}),
        rx.text(line.note, size="1", color_scheme="gray"),
        rx.cond(
            line.answer != "",
            rx.box(
                rx.text("Trả lời của tổ biên tập", size="1", weight="bold"),
                rx.text(line.answer, size="2", style={"whiteSpace": "pre-wrap"}),
                padding="8px",
                background="var(--gray-a3)",
                border_radius="6px",
            ),
        ),
        direction="column",
        spacing="1",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
        class_name="gop-y-comment",
    )


def _form(where: str, label: str, button: str) -> rx.Component:
    return rx.form(
        rx.flex(
            rx.el.input(type="hidden", name="where", value=where),
            rx.text_area(
                name="text",
                placeholder="Nội dung góp ý…",
                rows="4",
                size="3",
                required=True,
                max_length=ReaderState.max_chars,
                aria_label=label,
            ),
            rx.text(
                "Góp ý hiện dưới bí danh, không kèm họ tên hay số định danh của bạn.",
                size="1",
                color_scheme="gray",
            ),
            rx.button(button, type="submit", size="3", loading=ReaderState.busy),
            direction="column",
            spacing="2",
        ),
        on_submit=ReaderState.send,
        reset_on_submit=True,
    )


def _vote_button(unit: UnitLine, choice: VoteChoice, label: str, colour: str) -> rx.Component:
    chosen = unit.my_vote == choice.value
    return rx.button(
        rx.icon("thumbs-up" if choice is VoteChoice.AGREE else "thumbs-down", size=18),
        label,
        variant=rx.cond(chosen, "solid", "outline"),
        color_scheme=colour,
        size="3",
        aria_pressed=chosen,
        on_click=ReaderState.vote(unit.key, choice.value),
        style={"flex": "1 1 140px"},
    )


def _panel(unit: UnitLine) -> rx.Component:
    """Below the open unit: the vote, the form, its comments."""
    return rx.flex(
        rx.cond(
            _can(ConsultationAction.VOTE),
            rx.flex(
                _vote_button(unit, VoteChoice.AGREE, "Tán thành", "green"),
                _vote_button(unit, VoteChoice.DISAGREE, "Không tán thành", "red"),
                spacing="2",
                wrap="wrap",
            ),
        ),
        rx.cond(
            _can(ConsultationAction.COMMENT) & ~ReaderState.consent_needed,
            rx.flex(
                rx.cond(
                    ReaderState.quote != "",
                    rx.flex(
                        rx.text("Góp ý về đoạn:", size="2", weight="bold"),
                        rx.el.blockquote(
                            ReaderState.quote,
                            style={
                                "margin": "0",
                                "paddingLeft": "8px",
                                "borderLeft": "3px solid var(--amber-9)",
                                "fontStyle": "italic",
                            },
                        ),
                        rx.button(
                            "Góp ý cả " + ReaderState.active_name.lower(),
                            variant="ghost",
                            size="3",
                            on_click=ReaderState.drop_passage,
                        ),
                        direction="column",
                        spacing="1",
                    ),
                    rx.text(
                        "Muốn góp ý một đoạn: bôi đen đoạn đó rồi bấm “Góp ý đoạn này”.",
                        size="1",
                        color_scheme="gray",
                    ),
                ),
                _form("unit", "Góp ý về " + ReaderState.active_name, "Gửi góp ý"),
                direction="column",
                spacing="2",
            ),
        ),
        rx.cond(
            ReaderState.active_comments.length() > 0,
            rx.flex(rx.foreach(ReaderState.active_comments, _comment), direction="column"),
            empty("Chưa có góp ý nào về phần này."),
        ),
        rx.cond(
            ReaderState.active_more != "",
            rx.button(
                "Xem thêm góp ý",
                variant="soft",
                size="3",
                on_click=ReaderState.more_comments,
            ),
        ),
        direction="column",
        spacing="3",
        padding="12px",
        margin_y="8px",
        border_radius="8px",
        background="var(--gray-a2)",
        # The whole width of the text, whatever the unit's indent.
        style={
            "border": "1px solid var(--gray-a5)",
            "marginLeft": "calc(-1 * " + unit.indent + ")",
        },
        id="gop-y-panel",
    )


def _unit(unit: UnitLine) -> rx.Component:
    open_ = ReaderState.active == unit.key
    quoted_title = unit.body == ""
    title = rx.el.span(
        unit.title, custom_attrs={"data-unit-text": rx.cond(quoted_title, unit.key, "")}
    )
    lead = rx.cond(
        unit.heading,
        rx.el.h3(
            rx.cond(unit.label != "", rx.el.strong(unit.label, " ")),
            title,
            style={"fontSize": "1.05em", "margin": "0.5em 0 0.25em", "lineHeight": "1.4"},
        ),
        rx.cond(
            (unit.label != "") | (unit.title != ""),
            rx.el.p(
                rx.el.strong(unit.label, " "), title, style={"margin": "0", "fontWeight": "600"}
            ),
        ),
    )
    return rx.box(
        lead,
        rx.cond(
            unit.body != "",
            rx.el.p(
                unit.body,
                custom_attrs={"data-unit-text": unit.key},
                style={
                    "margin": "0",
                    "lineHeight": "1.65",
                    "whiteSpace": "pre-wrap",
                    "overflowWrap": "anywhere",
                },
            ),
        ),
        rx.el.button(
            # Named by what it shows, after the unit it is about (for screen readers).
            rx.el.span("Ý kiến về " + unit.name + ": ", class_name="gop-y-sr-only"),
            _counts(unit),
            rx.icon(rx.cond(open_, "chevron-up", "chevron-down"), size=16, aria_hidden="true"),
            type="button",
            aria_expanded=open_,
            on_click=ReaderState.open_unit(unit.key),
            class_name="gop-y-unit-button",
            style={
                **_TARGET,
                "display": "flex",
                "alignItems": "center",
                "gap": "6px",
                "width": "100%",
                "padding": "0",
                "border": "none",
                "background": "transparent",
                "cursor": "pointer",
                "textAlign": "left",
            },
        ),
        rx.cond(open_, _panel(unit)),
        id="unit-" + unit.key,
        custom_attrs={"data-unit": unit.key},
        style={"paddingLeft": unit.indent, "borderBottom": "1px solid var(--gray-a3)"},
    )


def _consent_section(s: Section) -> rx.Component:
    return rx.flex(
        rx.heading(s.heading, as_="h3", size="3"),
        rx.foreach(s.paragraphs, lambda p: rx.text(p, size="2")),
        direction="column",
        spacing="1",
    )


def _consent() -> rx.Component:
    return section(
        ReaderState.consent_title,
        rx.text("Trước khi góp ý, xin đọc thông báo sau.", size="2", weight="medium"),
        rx.foreach(ReaderState.consent_sections, _consent_section),
        rx.button(
            "Tôi đã đọc và đồng ý",
            size="3",
            loading=ReaderState.busy,
            on_click=ReaderState.accept_consent,
        ),
    )


def _header() -> rx.Component:
    return rx.flex(
        rx.heading(ReaderState.title, as_="h2", size="5"),
        rx.flex(
            rx.badge(ReaderState.status, size="2"),
            rx.text(ReaderState.period, size="2", color_scheme="gray"),
            spacing="2",
            wrap="wrap",
            align="center",
        ),
        rx.cond(ReaderState.description != "", rx.text(ReaderState.description, size="2")),
        rx.text(
            count("all", "comments", ReaderState.total_comments),
            " góp ý · bản dự thảo số ",
            ReaderState.version,
            size="2",
        ),
        rx.flex(
            rx.cond(
                _can(ConsultationAction.MODERATE),
                rx.link(
                    rx.button("Kiểm duyệt góp ý", variant="soft", size="3"),
                    href=routes.FEEDBACK
                    + "/"
                    + ReaderState.consultation_id.to_string()
                    + "/kiem-duyet",
                ),
            ),
            rx.cond(
                _can(ConsultationAction.SYNTHESIZE),
                rx.link(
                    rx.button("Tổng hợp, giải trình", variant="soft", size="3"),
                    href=routes.FEEDBACK
                    + "/"
                    + ReaderState.consultation_id.to_string()
                    + "/tong-hop",
                ),
            ),
            rx.cond(
                _can(ConsultationAction.MODERATE),
                rx.link(
                    rx.button("Dự thảo và các phiên bản", variant="soft", size="3"),
                    href=routes.FEEDBACK_DRAFTS + "/" + ReaderState.draft_id.to_string(),
                ),
            ),
            spacing="2",
            wrap="wrap",
        ),
        direction="column",
        spacing="2",
    )


def _explanation(line: ExplainLine) -> rx.Component:
    return rx.flex(
        rx.text(line.unit, size="2", weight="bold"),
        rx.flex(
            rx.badge(line.decision, size="2"),
            rx.text(line.comments, size="1", color_scheme="gray"),
            spacing="2",
            align="center",
        ),
        rx.text(line.reason, size="2", style={"whiteSpace": "pre-wrap"}),
        direction="column",
        spacing="1",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _passage_button() -> rx.Component:
    # Shown by gop-y.js (body[data-gop-y-selection]) while words of a unit are selected.
    return rx.cond(
        _can(ConsultationAction.COMMENT) & ~ReaderState.consent_needed,
        rx.button(
            rx.icon("message-square-quote", size=18),
            "Góp ý đoạn này",
            size="3",
            class_name="gop-y-passage-button",
            on_click=js_call("window.dangboGopY.take()", ReaderState.take_passage),
        ),
    )


def reader_page() -> rx.Component:
    content = rx.flex(
        _header(),
        rx.cond(ReaderState.consent_needed, _consent()),
        rx.cond(
            ReaderState.explanations.length() > 0,
            section(
                "Giải trình của tổ biên tập",
                rx.foreach(ReaderState.explanations, _explanation),
            ),
        ),
        section(
            "Nội dung dự thảo",
            rx.text(
                "Chạm vào dòng số ý kiến dưới mỗi phần để biểu thị tán thành và góp ý.",
                size="1",
                color_scheme="gray",
            ),
            rx.box(rx.foreach(ReaderState.units, _unit), class_name="gop-y-draft"),
        ),
        section(
            "Góp ý chung về toàn văn dự thảo",
            rx.cond(
                _can(ConsultationAction.COMMENT) & ~ReaderState.consent_needed,
                _form("draft", "Góp ý về toàn văn dự thảo", "Gửi góp ý chung"),
            ),
            rx.cond(
                ReaderState.general.length() > 0,
                rx.flex(rx.foreach(ReaderState.general, _comment), direction="column"),
                empty("Chưa có góp ý chung nào."),
            ),
        ),
        _passage_button(),
        direction="column",
        spacing="4",
    )
    ready = ReaderState.loaded & (
        ReaderState.consultation_id.to_string() == route_param("consultation_id")
    )
    return app_shell(
        "Góp ý dự thảo",
        live_box(*screen(ReaderState, rx.cond(ready, content, rx.spinner()))),
        active_tab="gop_y",
    )
