"""/thong-bao: the notification list; /thong-bao/cai-dat: preferences and devices;
/thong-bao/mo/<id>: where a tapped push notification lands (marks it read, goes to its link).
"""

from __future__ import annotations

import reflex as rx

from frontend.components.js import js_call
from frontend.components.layout import app_shell
from frontend.components.public import action_notice, error_callout
from frontend.thong_bao.state import (
    DeviceRow,
    NotificationRow,
    NotificationState,
    PreferenceRow,
    PreferencesState,
)

SETTINGS = "/thong-bao/cai-dat"

# /push.js is an ES module served from the site root: imported at run time (the argument is
# not a literal, so the bundler leaves it alone), never eval'd (the CSP forbids that).
_PUSH = "((path) => import(/* @vite-ignore */ path))('/push.js')"


def _settings_link(label: str = "Cài đặt thông báo") -> rx.Component:
    return rx.link(
        rx.flex(rx.icon("settings", size=20), label, align="center", spacing="2"),
        href=SETTINGS,
        id="notification-settings-link",
        style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
    )


# ---- the list -----------------------------------------------------------------------------


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


# ---- preferences and devices --------------------------------------------------------------


def _clock_select(value, on_change, label: str) -> rx.Component:
    return rx.select.root(
        rx.select.trigger(aria_label=label, style={"minHeight": "44px", "minWidth": "96px"}),
        rx.select.content(
            rx.foreach(PreferencesState.clock_choices, lambda c: rx.select.item(c, value=c)),
            position="popper",
            style={"maxHeight": "280px"},
        ),
        value=value,
        on_change=on_change,
        size="3",
    )


def _switch_row(label: str, checked, on_change, switch_id) -> rx.Component:
    return rx.el.label(
        rx.text(label, size="3", style={"flex": "1"}),
        rx.switch(checked=checked, on_change=on_change, size="3", id=switch_id),
        style={
            "display": "flex",
            "alignItems": "center",
            "gap": "12px",
            "minHeight": "44px",
            "cursor": "pointer",
        },
    )


def _preference(row: PreferenceRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.heading(row.label, as_="h3", size="3"),
            _switch_row(
                "Thông báo đẩy",
                row.push_enabled,
                lambda v: PreferencesState.set_push(row.kind, v),
                "push-" + row.kind,
            ),
            rx.cond(
                row.push_enabled,
                rx.flex(
                    _switch_row(
                        "Giờ yên lặng",
                        row.quiet,
                        lambda v: PreferencesState.set_quiet(row.kind, v),
                        "quiet-" + row.kind,
                    ),
                    rx.cond(
                        row.quiet,
                        rx.flex(
                            rx.text("Từ", size="3"),
                            _clock_select(
                                row.quiet_start,
                                lambda v: PreferencesState.set_quiet_start(row.kind, v),
                                "Giờ yên lặng bắt đầu",
                            ),
                            rx.text("đến", size="3"),
                            _clock_select(
                                row.quiet_end,
                                lambda v: PreferencesState.set_quiet_end(row.kind, v),
                                "Giờ yên lặng kết thúc",
                            ),
                            align="center",
                            spacing="2",
                            wrap="wrap",
                        ),
                    ),
                    direction="column",
                    spacing="2",
                ),
                rx.text(
                    "Vẫn xem được trong ứng dụng, nhưng không gửi lên điện thoại.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
            direction="column",
            spacing="2",
        ),
        size="2",
        class_name="preference-card",
    )


def _preferences_section() -> rx.Component:
    return rx.flex(
        rx.heading("Nhận thông báo theo loại", as_="h2", size="4"),
        rx.callout(
            "Thông báo khẩn (văn bản hỏa tốc, mở biểu quyết ở đại hội) vẫn được gửi cả trong "
            "giờ yên lặng.",
            icon="info",
            color_scheme="blue",
            size="2",
        ),
        error_callout(PreferencesState.error),
        rx.cond(
            PreferencesState.loading,
            rx.skeleton(height="160px", loading=True),
            rx.flex(
                rx.foreach(PreferencesState.rows, _preference),
                rx.button(
                    rx.icon("save", size=18),
                    "Lưu cài đặt",
                    size="3",
                    width="100%",
                    id="save-preferences",
                    loading=PreferencesState.saving,
                    on_click=PreferencesState.save,
                ),
                direction="column",
                spacing="3",
            ),
        ),
        direction="column",
        spacing="3",
    )


def _device(row: DeviceRow) -> rx.Component:
    this_one = row.endpoint_sha256 == PreferencesState.this_device
    return rx.card(
        rx.flex(
            rx.flex(
                rx.icon("smartphone", size=20, color="var(--gray-11)"),
                rx.text(row.label, weight="bold", style={"overflowWrap": "anywhere"}),
                rx.cond(this_one, rx.badge("Thiết bị này", color_scheme="green", size="2")),
                align="center",
                spacing="2",
                wrap="wrap",
            ),
            rx.text("Bật lúc ", row.created_at, size="2", color_scheme="gray"),
            rx.text(
                "Gửi thành công gần nhất: ", row.last_success_at, size="2", color_scheme="gray"
            ),
            rx.text("Dịch vụ đẩy: ", row.push_service, size="2", color_scheme="gray"),
            rx.flex(
                rx.button(
                    rx.icon("send", size=18),
                    "Gửi thử",
                    size="3",
                    variant="soft",
                    color_scheme="gray",
                    on_click=PreferencesState.test_device(row.id),
                ),
                rx.cond(
                    this_one,
                    rx.button(
                        rx.icon("trash-2", size=18),
                        "Xóa",
                        size="3",
                        variant="soft",
                        on_click=js_call(
                            f"{_PUSH}.then((m) => m.disable())", PreferencesState.disabled
                        ),
                    ),
                    rx.button(
                        rx.icon("trash-2", size=18),
                        "Xóa",
                        size="3",
                        variant="soft",
                        on_click=PreferencesState.remove_device(row.id),
                    ),
                ),
                spacing="2",
                margin_top="8px",
                wrap="wrap",
            ),
            direction="column",
            spacing="1",
        ),
        size="2",
        class_name="push-device",
    )


def _explain_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Bật thông báo trên thiết bị này"),
            rx.dialog.description(
                rx.flex(
                    rx.text(
                        "Đồng chí sẽ nhận được thông báo ngay cả khi không mở ứng dụng: văn bản "
                        "mới được giao, lịch họp chi bộ, biểu quyết ở đại hội, trả lời góp ý."
                    ),
                    rx.text(
                        "Thông báo chỉ có tiêu đề ngắn; nội dung văn bản không đi qua dịch vụ "
                        "đẩy của trình duyệt mà chỉ xem được sau khi mở ứng dụng."
                    ),
                    rx.text(
                        "Sau khi bấm «Tiếp tục», trình duyệt sẽ hỏi quyền gửi thông báo: hãy "
                        "chọn «Cho phép»."
                    ),
                    direction="column",
                    spacing="2",
                ),
            ),
            rx.flex(
                rx.dialog.close(
                    rx.button("Để sau", size="3", variant="soft", color_scheme="gray"),
                ),
                rx.button(
                    "Tiếp tục",
                    size="3",
                    id="confirm-enable-push",
                    # The permission prompt must come from this click: call the module first.
                    on_click=[
                        js_call(f"{_PUSH}.then((m) => m.enable())", PreferencesState.enabled),
                        PreferencesState.start_enabling,
                    ],
                ),
                justify="end",
                spacing="3",
                margin_top="16px",
            ),
        ),
        open=PreferencesState.explain_open,
        on_open_change=PreferencesState.close_explain,
    )


def _devices_section() -> rx.Component:
    return rx.flex(
        rx.heading("Thiết bị nhận thông báo", as_="h2", size="4"),
        rx.cond(
            PreferencesState.device_hint != "",
            rx.callout(PreferencesState.device_hint, icon="info", color_scheme="amber", size="2"),
        ),
        rx.cond(
            PreferencesState.this_device == "",
            rx.button(
                rx.icon("bell-ring", size=20),
                "Bật thông báo trên thiết bị này",
                size="3",
                width="100%",
                id="enable-push",
                disabled=~PreferencesState.device_supported,
                loading=PreferencesState.enabling,
                on_click=PreferencesState.explain,
            ),
            rx.text("Thiết bị này đang nhận thông báo.", color_scheme="green", weight="medium"),
        ),
        error_callout(PreferencesState.devices_error),
        rx.cond(
            PreferencesState.devices.length() > 0,
            rx.flex(rx.foreach(PreferencesState.devices, _device), direction="column", spacing="3"),
            rx.text(
                "Chưa có thiết bị nào. Bật thông báo trên điện thoại để nhận văn bản và lịch họp "
                "kịp thời.",
                color_scheme="gray",
            ),
        ),
        _explain_dialog(),
        direction="column",
        spacing="3",
        on_mount=js_call(f"{_PUSH}.then((m) => m.status())", PreferencesState.device_status),
    )


def thong_bao_settings_page() -> rx.Component:
    return app_shell(
        "Cài đặt thông báo",
        rx.link(
            rx.flex(
                rx.icon("arrow-left", size=20), "Danh sách thông báo", align="center", spacing="2"
            ),
            href="/thong-bao",
            style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
        ),
        _preferences_section(),
        _devices_section(),
        action_notice(PreferencesState),
        active_tab="thong_bao",
    )
