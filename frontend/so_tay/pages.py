"""/so-tay: Sổ tay."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.area import Area, Page
from frontend.components.layout import app_shell, under_construction


def so_tay_page() -> rx.Component:
    return app_shell(
        "Sổ tay",
        under_construction(
            "sổ tay đảng viên",
            "Nơi xem hồ sơ đảng viên, lịch sinh hoạt chi bộ và đọc tài liệu cả khi không có mạng.",
        ),
        active_tab="so_tay",
    )


AREA = Area(
    name="so_tay", pages=[Page(route=routes.HANDBOOK, component=so_tay_page, title="Sổ tay")]
)
