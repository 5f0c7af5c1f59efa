"""/dai-hoi: Đại hội."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.area import Area, Page
from frontend.components.layout import app_shell, under_construction


def dai_hoi_page() -> rx.Component:
    return app_shell(
        "Đại hội",
        under_construction(
            "đại hội",
            "Nơi điểm danh, theo dõi chương trình, đọc tài liệu, đăng ký phát biểu và biểu quyết.",
        ),
        active_tab="dai_hoi",
    )


AREA = Area(
    name="dai_hoi", pages=[Page(route=routes.CONGRESS, component=dai_hoi_page, title="Đại hội")]
)
