"""/gop-y (the consultations; the editors' drafts) and /gop-y/cua-toi (my comments)."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.layout import app_shell
from frontend.gop_y.list_state import ListState, MineState, MyLine
from frontend.session import offered
from frontend.so_tay.common import empty, field, link_row, screen, section
from shared.consultations import ConsultationAction

DOMAIN = "consultations"


def list_page() -> rx.Component:
    content = rx.flex(
        rx.cond(
            offered(DOMAIN, ConsultationAction.MY_COMMENTS),
            link_row(routes.FEEDBACK_MINE, "Góp ý của tôi", "Trạng thái, trả lời, rút góp ý"),
        ),
        rx.cond(
            offered(DOMAIN, ConsultationAction.MANAGE),
            link_row(
                routes.FEEDBACK_DRAFTS,
                "Dự thảo và đợt lấy ý kiến",
                "Đăng dự thảo, phiên bản mới, mở đợt lấy ý kiến",
            ),
        ),
        section(
            "Các đợt lấy ý kiến",
            rx.cond(
                ListState.lines.length() > 0,
                rx.flex(
                    rx.foreach(ListState.lines, lambda c: link_row(c.href, c.title, c.note)),
                    direction="column",
                ),
                empty("Chưa có đợt lấy ý kiến nào."),
            ),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Góp ý dự thảo",
        *screen(ListState, rx.cond(ListState.loaded, content, rx.spinner())),
        active_tab="gop_y",
    )


def _my(line: MyLine) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.link(line.consultation, href=line.href, size="2", weight="medium"),
            rx.flex(
                rx.badge(line.status, size="2"),
                rx.text(line.unit, size="2", weight="bold"),
                spacing="2",
                wrap="wrap",
                align="center",
            ),
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
            rx.cond(
                line.decision != "",
                rx.box(
                    rx.text("Giải trình của tổ biên tập", size="1", weight="bold"),
                    rx.badge(line.decision, size="2"),
                    rx.text(line.reason, size="2", style={"whiteSpace": "pre-wrap"}),
                    padding="8px",
                    background="var(--gray-a3)",
                    border_radius="6px",
                    class_name="gop-y-mine-explanation",
                ),
            ),
            rx.cond(
                line.may_withdraw,
                rx.button(
                    "Rút góp ý",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    on_click=MineState.withdraw(line.id),
                ),
            ),
            direction="column",
            spacing="2",
        ),
        class_name="gop-y-mine",
    )


def mine_page() -> rx.Component:
    content = rx.flex(
        rx.text(
            "Người khác chỉ thấy bí danh của bạn trong từng đợt lấy ý kiến.",
            size="2",
            color_scheme="gray",
        ),
        rx.cond(
            MineState.lines.length() > 0,
            rx.flex(rx.foreach(MineState.lines, _my), direction="column", spacing="3"),
            empty("Bạn chưa góp ý nào."),
        ),
        rx.cond(
            MineState.more != "",
            rx.button("Xem thêm", variant="soft", size="3", on_click=MineState.load_more),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Góp ý của tôi",
        *screen(MineState, rx.cond(MineState.loaded, content, rx.spinner())),
        active_tab="cua_toi",  # a citizen's own tab (layout.CITIZEN_TABS)
    )
