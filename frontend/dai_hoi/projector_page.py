"""/dai-hoi/[congress_id]/man-chieu: the hall's screen, on the computer that drives the
projector. The current item in large type, the speaker with his time, who is next, and the
quorum; no navigation, readable from the back of the hall. Everything on it is live
(``pwa/public/dai-hoi-truc-tiep.js``)."""

from __future__ import annotations

import reflex as rx

from frontend.dai_hoi.congress_state import CongressState
from frontend.dai_hoi.live import connection_line, live_box, live_field


def projector_page() -> rx.Component:
    return rx.el.main(
        rx.cond(
            CongressState.loaded & ~CongressState.can["view_projector"],
            rx.el.p(
                "Màn chiếu dành cho các ban của đại hội.",
                role="status",
                class_name="dangbo-hall-session",
            ),
        ),
        live_box(
            connection_line(),
            live_field("congress", rx.el.p, class_name="dangbo-hall-congress"),
            live_field("session", rx.el.p, class_name="dangbo-hall-session"),
            rx.el.h1(
                live_field("item-ordinal", class_name="dangbo-hall-ordinal"),
                live_field("item-title"),
                class_name="dangbo-hall-item",
            ),
            live_field("item-presenter", rx.el.p, class_name="dangbo-hall-presenter"),
            rx.el.section(
                rx.el.div(
                    rx.el.p("Đang phát biểu", class_name="dangbo-hall-label"),
                    live_field("speaker-name", rx.el.p, class_name="dangbo-hall-speaker"),
                    live_field("speaker-delegation", rx.el.p, class_name="dangbo-hall-note"),
                    live_field("speaker-timer", rx.el.p, class_name="dangbo-hall-timer"),
                ),
                rx.el.div(
                    rx.el.p("Tiếp theo", class_name="dangbo-hall-label"),
                    live_field("next", rx.el.ul, class_name="dangbo-hall-next"),
                ),
                class_name="dangbo-hall-speakers",
            ),
            rx.el.footer(
                rx.el.span("Có mặt "),
                live_field("present", rx.el.strong),
                rx.el.span(" / triệu tập "),
                live_field("summoned", rx.el.strong),
                rx.el.span(" · "),
                live_field("quorum"),
                class_name="dangbo-hall-quorum",
            ),
            class_name="dangbo-hall",
        ),
        # Keeps CongressState (who may see this screen) loaded; the screen itself is live.
        rx.cond(CongressState.error != "", rx.el.p(CongressState.error, role="alert")),
        class_name="dangbo-hall-page",
        lang="vi",
    )
