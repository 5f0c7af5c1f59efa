"""The enrollment link an invitation gives, with a copy button (the invite form and the
re-invitation dialog both show one)."""

from __future__ import annotations

import reflex as rx

from frontend.components.js import js_call


def link_card(
    *,
    link: rx.Var,
    username: rx.Var,
    expires_at: rx.Var,
    copied: rx.Var,
    on_copied: rx.event.EventHandler,
    link_id: str,
    extra: rx.Component | None = None,
) -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("link")),
        rx.flex(
            rx.text(
                "Liên kết đăng ký cho ",
                rx.text.strong(username),
                " (dùng một lần, hết hạn lúc ",
                expires_at,
                "):",
            ),
            rx.code(
                link,
                id=link_id,
                style={"overflowWrap": "anywhere", "userSelect": "all"},
            ),
            rx.button(
                rx.icon("copy", size=18),
                rx.cond(copied, "Đã sao chép", "Sao chép liên kết"),
                type="button",
                size="3",
                variant="soft",
                on_click=js_call(
                    f"window.dangbo.copyText(document.getElementById('{link_id}').textContent)",
                    on_copied,
                ),
            ),
            *([extra] if extra is not None else []),
            rx.text(
                "Gửi liên kết qua kênh tin cậy. Không ai khác nên mở nó.",
                size="2",
                color_scheme="gray",
            ),
            direction="column",
            spacing="2",
        ),
        color_scheme="green",
        size="2",
    )
