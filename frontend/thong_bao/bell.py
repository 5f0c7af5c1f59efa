"""The bell in the header of every signed-in page: unread count, link to /thong-bao."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.thong_bao.state import BellState


def notification_bell() -> rx.Component:
    return rx.link(
        rx.icon("bell", size=24, color="white"),
        rx.cond(
            BellState.unread > 0,
            rx.el.span(
                BellState.badge,
                id="bell-count",
                aria_hidden="true",
                style={
                    "position": "absolute",
                    "top": "2px",
                    "right": "0",
                    "minWidth": "20px",
                    "height": "20px",
                    "padding": "0 5px",
                    "borderRadius": "10px",
                    "background": "#F2C14E",  # the gold highlight: readable on the red header
                    "color": "#3B2300",
                    "fontSize": "12px",
                    "fontWeight": "700",
                    "lineHeight": "20px",
                    "textAlign": "center",
                    "boxShadow": "0 0 0 2px var(--red-10)",
                },
            ),
        ),
        href=routes.NOTIFICATIONS,
        id="notification-bell",
        aria_label=BellState.bell_label,
        underline="none",
        on_mount=BellState.refresh,
        style={
            "position": "relative",
            "display": "flex",
            "alignItems": "center",
            "justifyContent": "center",
            "minWidth": "44px",
            "minHeight": "44px",
        },
    )
