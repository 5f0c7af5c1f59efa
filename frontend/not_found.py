"""The page of an address the app does not have, in Vietnamese (Reflex's own says
"404: Page not found"). Added as the app's ``404`` page by ``frontend/frontend.py``."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.public import public_page

TITLE = "Không tìm thấy trang"


def not_found_page() -> rx.Component:
    return public_page(
        rx.el.h1(TITLE, class_name="dangbo-public-title"),
        rx.el.p(
            "Địa chỉ này không có trong ứng dụng: có thể đường dẫn đã cũ hoặc bị gõ nhầm.",
        ),
        rx.el.a("Về trang chủ", href=routes.HOME, class_name="dangbo-button"),
    )
