"""/dai-hoi: my congresses, or what to do when there is none."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.dai_hoi.list_state import CongressListState
from frontend.so_tay.common import link_row, screen, section


def _empty() -> rx.Component:
    return rx.flex(
        rx.text("Bạn chưa được triệu tập dự đại hội, hội nghị nào.", size="3"),
        rx.text(
            "Khi Ban Tổ chức đại hội đưa bạn vào danh sách đại biểu hoặc vào một ban của đại "
            "hội, đại hội sẽ hiện ở đây và bạn nhận được thông báo.",
            size="2",
            color_scheme="gray",
        ),
        direction="column",
        spacing="2",
    )


def list_page() -> rx.Component:
    return app_shell(
        "Đại hội",
        *screen(
            CongressListState,
            section(
                "Đại hội, hội nghị của tôi",
                rx.cond(
                    CongressListState.loaded,
                    rx.cond(
                        CongressListState.congresses.length() > 0,
                        rx.flex(
                            rx.foreach(
                                CongressListState.congresses,
                                lambda c: link_row(c.href, c.title, c.note),
                            ),
                            direction="column",
                        ),
                        _empty(),
                    ),
                    rx.spinner(),
                ),
            ),
        ),
        active_tab="dai_hoi",
    )
