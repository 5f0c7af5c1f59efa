"""The urgency badge (độ khẩn) that the list and the document screen both show."""

from __future__ import annotations

import reflex as rx


def urgency_badge(do_khan: rx.Var, label: rx.Var) -> rx.Component:
    return rx.match(
        do_khan,
        (
            "hoa_toc",
            rx.badge(rx.icon("zap", size=14), label, color_scheme="red", variant="solid", size="2"),
        ),
        ("thuong_khan", rx.badge(label, color_scheme="orange", variant="solid", size="2")),
        ("khan", rx.badge(label, color_scheme="amber", variant="soft", size="2")),
        rx.badge(label, color_scheme="gray", variant="soft", size="2"),
    )
