"""/gop-y: Góp ý."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.area import Area, Page
from frontend.components.layout import app_shell, under_construction


def gop_y_page() -> rx.Component:
    return app_shell(
        "Góp ý",
        under_construction(
            "góp ý văn kiện",
            "Nơi đọc dự thảo văn kiện, góp ý từng điều và theo dõi việc tiếp thu, giải trình.",
        ),
        active_tab="gop_y",
    )


AREA = Area(name="gop_y", pages=[Page(route=routes.FEEDBACK, component=gop_y_page, title="Góp ý")])
