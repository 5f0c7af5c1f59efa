"""/ : the home screen after signing in."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.account import client as account
from frontend.area import Area, Page
from frontend.components.layout import CITIZEN_TABS, TABS, Tab, app_shell, citizen_areas
from frontend.session import SessionState, offered
from frontend.van_ban.awaiting import AwaitingState, awaiting_card
from shared.accounts import AccountAction

_AREA_HINTS = {
    "van_ban": "Văn bản đến, văn bản đi, ý kiến xử lý và ký số.",
    "so_tay": "Sổ tay đảng viên: hồ sơ, sinh hoạt chi bộ, tài liệu học tập.",
    "dai_hoi": "Đại hội: điểm danh, chương trình, tài liệu, biểu quyết.",
    "gop_y": "Góp ý dự thảo văn kiện của cán bộ và nhân dân.",
    "thong_bao": "Thông báo gửi đến bạn.",
    "cua_toi": "Các góp ý bạn đã gửi, trạng thái và trả lời.",
    "cong_dan": "Dữ liệu của bạn: tải về, yêu cầu xóa.",
}


def _area_cards(tabs: tuple[Tab, ...]) -> rx.Component:
    return rx.flex(
        *[_area_card(tab.label, _AREA_HINTS[tab.key], tab.href, tab.icon) for tab in tabs],
        direction="column",
        spacing="3",
    )


def _area_card(title: str, hint: str, href: str, icon: str | None = None) -> rx.Component:
    """One area on the home screen. Plain elements styled by ``dangbo-area-*`` in
    ``styles/app.css``: Radix's Card, Flex and Text cost several times more script per render,
    and these six render on every page load."""
    return rx.link(
        *([rx.el.span(rx.icon(icon, size=24), class_name="dangbo-area-icon")] if icon else []),
        rx.el.span(
            rx.el.span(title, class_name="dangbo-area-title"),
            rx.el.span(hint, class_name="dangbo-area-hint"),
            class_name="dangbo-area-text",
        ),
        rx.icon("chevron-right", size=20, class_name="dangbo-area-chevron"),
        href=href,
        underline="none",
        class_name="dangbo-area-card",
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
            # Line for line the height of the greeting (26 + 24 + 24 px and the gaps), so the
            # areas below stay where they are when the session arrives.
            rx.flex(
                rx.skeleton(height="26px", width="70%", loading=True),
                rx.skeleton(height="24px", width="50%", loading=True),
                rx.skeleton(height="24px", width="30%", loading=True),
                direction="column",
                spacing="2",
                aria_busy="true",
                aria_label="Đang tải",
            ),
        ),
        # The bottom navigation's areas: the Party's until the session is known.
        rx.cond(citizen_areas(), _area_cards(CITIZEN_TABS), _area_cards(TABS)),
        # Below the areas, which are in the prerendered page: arriving with the session, the
        # lãnh đạo's list moves nothing already shown.
        awaiting_card(),
        rx.cond(
            offered(account.DOMAIN, AccountAction.INVITE),
            _area_card("Quản trị", "Mời người dùng, cấp lại khóa truy cập.", routes.ADMIN),
        ),
        _area_card(
            "Tài khoản", "Khóa truy cập, thiết bị đang đăng nhập, đăng xuất.", routes.ACCOUNT
        ),
        # The Party's areas show before the session is known (a citizen's replace them then).
        wait_for_session=False,
    )


AREA = Area(
    name="home",
    pages=[
        Page(
            route=routes.HOME,
            component=home_page,
            title="Trang chủ",
            on_load=[AwaitingState.load],  # the lãnh đạo's "Chờ phân công" card
        )
    ],
)
