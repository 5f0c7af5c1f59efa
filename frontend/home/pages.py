"""/ : the home screen after signing in."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.layout import TABS, app_shell
from frontend.session import SessionState

_AREA_HINTS = {
    "van_ban": "Văn bản đến, văn bản đi, ý kiến xử lý và ký số.",
    "so_tay": "Sổ tay đảng viên: hồ sơ, sinh hoạt chi bộ, tài liệu học tập.",
    "dai_hoi": "Đại hội: điểm danh, chương trình, tài liệu, biểu quyết.",
    "gop_y": "Góp ý dự thảo văn kiện của cán bộ và nhân dân.",
    "thong_bao": "Thông báo gửi đến bạn.",
}


def _area_card(key: str, label: str, href: str, icon: str) -> rx.Component:
    return rx.link(
        rx.card(
            rx.flex(
                rx.flex(
                    rx.icon(icon, size=24, color="var(--red-11)"),
                    width="44px",
                    height="44px",
                    align="center",
                    justify="center",
                    border_radius="12px",
                    background="var(--red-a3)",
                    flex_shrink="0",
                ),
                rx.flex(
                    rx.text(label, weight="bold", size="3"),
                    rx.text(_AREA_HINTS[key], size="2", color_scheme="gray"),
                    direction="column",
                    min_width="0",
                ),
                rx.icon("chevron-right", size=20, color="var(--gray-9)", flex_shrink="0"),
                align="center",
                spacing="3",
            ),
            size="2",
        ),
        href=href,
        underline="none",
        style={"color": "inherit", "display": "block"},
    )


def home_page() -> rx.Component:
    return app_shell(
        "Trang chủ",
        rx.cond(
            SessionState.signed_in,
            rx.flex(
                rx.heading(
                    rx.text.span("Xin chào, "),
                    rx.text.span(SessionState.full_name),
                    as_="h2",
                    size="5",
                ),
                rx.text(SessionState.organisation_name, color_scheme="gray"),
                rx.flex(
                    rx.foreach(
                        SessionState.role_labels,
                        lambda label: rx.badge(label, size="2", variant="soft"),
                    ),
                    spacing="2",
                    wrap="wrap",
                ),
                direction="column",
                spacing="2",
            ),
            rx.flex(
                rx.skeleton(height="28px", width="70%", loading=True),
                rx.skeleton(height="20px", width="50%", loading=True),
                direction="column",
                spacing="2",
                aria_busy="true",
                aria_label="Đang tải",
            ),
        ),
        rx.flex(
            *[_area_card(tab.key, tab.label, tab.href, tab.icon) for tab in TABS],
            direction="column",
            spacing="3",
        ),
        rx.cond(
            SessionState.is_admin,
            _area_link_card("Quản trị", "Mời người dùng, cấp lại khóa truy cập.", routes.ADMIN),
        ),
        _area_link_card(
            "Tài khoản", "Khóa truy cập, thiết bị đang đăng nhập, đăng xuất.", routes.ACCOUNT
        ),
        # The areas are the same for everyone: they show before the session is known.
        wait_for_session=False,
    )


def _area_link_card(title: str, hint: str, href: str) -> rx.Component:
    return rx.link(
        rx.card(
            rx.flex(
                rx.flex(
                    rx.text(title, weight="bold"),
                    rx.text(hint, size="2", color_scheme="gray"),
                    direction="column",
                    flex="1",
                ),
                rx.icon("chevron-right", size=20, color="var(--gray-9)"),
                align="center",
                spacing="3",
            ),
            size="2",
            variant="surface",
        ),
        href=href,
        underline="none",
        style={"color": "inherit", "display": "block"},
    )
