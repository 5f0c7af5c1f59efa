"""/van-ban: Văn bản."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell, under_construction


def van_ban_page() -> rx.Component:
    return app_shell(
        "Văn bản",
        under_construction(
            "văn bản",
            "Nơi nhận, đọc, cho ý kiến xử lý và ký số văn bản đến, văn bản đi.",
        ),
        active_tab="van_ban",
    )
