"""/thong-bao: the notification list; /thong-bao/mo/<id>: where a tapped push notification
lands (its state marks it read and goes to its link)."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.layout import app_shell
from frontend.components.public import action_notice, error_callout
from frontend.thong_bao.state import NotificationRow, NotificationState


def _settings_link(label: str = "Cài đặt thông báo") -> rx.Component:
    return rx.link(
        rx.flex(rx.icon("settings", size=20), label, align="center", spacing="2"),
        href=routes.NOTIFICATION_SETTINGS,
        id="notification-settings-link",
        style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
    )


def _item(row: NotificationRow) -> rx.Component:
    return rx.el.button(
        rx.flex(
            rx.box(
                width="10px",
                height="10px",
                border_radius="5px",
                flex_shrink="0",
                margin_top="7px",
                background=rx.cond(row.unread, "var(--red-9)", "transparent"),
                aria_hidden="true",
            ),
            rx.flex(
                rx.flex(
                    rx.badge(row.kind_label, color_scheme="gray", variant="soft", size="2"),
                    rx.cond(
                        row.urgent, rx.badge("Khẩn", color_scheme="red", variant="solid", size="2")
                    ),
                    rx.cond(
                        row.unread,
                        rx.badge("Chưa đọc", color_scheme="red", variant="soft", size="2"),
                    ),
                    spacing="2",
                    wrap="wrap",
                    align="center",
                ),
                rx.text(
                    row.title,
                    size="3",
                    weight=rx.cond(row.unread, "bold", "regular"),
                    style={"overflowWrap": "anywhere", "color": "var(--gray-12)"},
                ),
                rx.cond(
                    row.subject != "",
                    rx.text(
                        row.subject,
                        size="3",
                        weight="medium",
                        class_name="notification-subject",
                        style={"overflowWrap": "anywhere", "color": "var(--gray-12)"},
                    ),
                ),
                rx.cond(
                    row.body != "",
                    rx.text(
                        row.body,
                        size="2",
                        color_scheme="gray",
                        style={"overflowWrap": "anywhere"},
                    ),
                ),
                rx.text(row.created_at, size="2", color_scheme="gray"),
                direction="column",
                spacing="1",
                min_width="0",
                flex="1",
            ),
            spacing="3",
            align="start",
        ),
        on_click=NotificationState.open_item(row.id),
        class_name="notification-item",
        data_unread=rx.cond(row.unread, "true", "false"),
        style={
            "display": "block",
            "width": "100%",
            "textAlign": "left",
            "padding": "12px",
            "minHeight": "44px",
            "cursor": "pointer",
            "font": "inherit",
            "borderRadius": "var(--radius-4)",
            "border": rx.cond(row.unread, "1px solid var(--red-7)", "1px solid var(--gray-a5)"),
            "background": rx.cond(row.unread, "var(--red-2)", "var(--color-panel-solid)"),
        },
    )


def _empty_list() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.icon("bell-off", size=28, color="var(--gray-10)"),
            rx.heading("Chưa có thông báo nào", as_="h2", size="4"),
            rx.text(
                "Khi có văn bản giao cho đồng chí, lịch họp chi bộ, biểu quyết ở đại hội hoặc "
                "trả lời góp ý, thông báo sẽ hiện ở đây.",
                color_scheme="gray",
            ),
            rx.text(
                "Bật thông báo trên điện thoại để nhận kịp thời cả khi không mở ứng dụng.",
                color_scheme="gray",
            ),
            _settings_link("Bật thông báo trên thiết bị"),
            direction="column",
            spacing="3",
        ),
        size="3",
        id="notifications-empty",
    )


def _list() -> rx.Component:
    return rx.cond(
        NotificationState.loading,
        rx.flex(
            *[rx.skeleton(height="88px", width="100%", loading=True) for _ in range(3)],
            direction="column",
            spacing="3",
        ),
        rx.cond(
            NotificationState.items.length() > 0,
            rx.flex(
                rx.el.ul(
                    rx.foreach(
                        NotificationState.items,
                        lambda row: rx.el.li(_item(row), style={"listStyle": "none"}),
                    ),
                    id="notification-list",
                    style={
                        "display": "flex",
                        "flexDirection": "column",
                        "gap": "12px",
                        "margin": "0",
                        "padding": "0",
                    },
                ),
                rx.cond(
                    NotificationState.next_before > 0,
                    rx.button(
                        "Xem thêm",
                        size="3",
                        variant="soft",
                        color_scheme="gray",
                        width="100%",
                        loading=NotificationState.loading_more,
                        on_click=NotificationState.load_more,
                    ),
                ),
                direction="column",
                spacing="3",
            ),
            _empty_list(),
        ),
    )


def thong_bao_page() -> rx.Component:
    return app_shell(
        "Thông báo",
        rx.flex(
            _settings_link(),
            rx.button(
                rx.icon("check-check", size=18),
                "Đánh dấu tất cả đã đọc",
                size="3",
                variant="soft",
                id="mark-all-read",
                on_click=NotificationState.mark_all_read,
                disabled=NotificationState.items.length() == 0,
            ),
            justify="between",
            align="center",
            wrap="wrap",
            gap="8px",
        ),
        error_callout(NotificationState.error),
        _list(),
        action_notice(NotificationState),
        active_tab="thong_bao",
    )


def open_notification_page() -> rx.Component:
    return app_shell(
        "Thông báo",
        error_callout(NotificationState.error),
        rx.flex(
            rx.spinner(size="3"),
            rx.text("Đang mở thông báo…", color_scheme="gray"),
            align="center",
            spacing="3",
        ),
        active_tab="thong_bao",
    )
