"""/so-tay: the handbook's sections, and the organisations the member helps run."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.layout import app_shell
from frontend.so_tay.common import link_row, section
from frontend.so_tay.hub_state import HubState

SECTIONS = (
    (routes.HANDBOOK_PROFILE, "Hồ sơ đảng viên", "Thông tin của bạn; đề nghị sửa khi chưa đúng"),
    (routes.HANDBOOK_MEETINGS, "Sinh hoạt chi bộ", "Lịch họp, giấy mời, biên bản"),
    (routes.HANDBOOK_LIBRARY, "Thư viện văn kiện", "Điều lệ, quy định, nghị quyết, hướng dẫn"),
    (routes.HANDBOOK_STUDY, "Học tập nghị quyết", "Chuyên đề, tài liệu và bài kiểm tra"),
    (routes.HANDBOOK_QUESTIONS, "Hỏi – đáp", "Hỏi cấp ủy; các câu hỏi đã được trả lời"),
)


def so_tay_page() -> rx.Component:
    return app_shell(
        "Sổ tay đảng viên",
        section(
            "Sổ tay",
            rx.flex(
                *[link_row(href, title, note) for href, title, note in SECTIONS], direction="column"
            ),
        ),
        rx.cond(
            HubState.organisations.length() > 0,
            section(
                "Công tác chi bộ",
                rx.flex(
                    rx.foreach(HubState.organisations, lambda o: link_row(o.href, o.title, o.note)),
                    direction="column",
                ),
            ),
        ),
        active_tab="so_tay",
    )
