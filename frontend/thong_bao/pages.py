"""/thong-bao: Thông báo."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell, under_construction


def thong_bao_page() -> rx.Component:
    return app_shell(
        "Thông báo",
        under_construction(
            "thông báo",
            "Nơi xem các thông báo gửi đến bạn và bật thông báo đẩy trên điện thoại.",
        ),
        active_tab="thong_bao",
    )
