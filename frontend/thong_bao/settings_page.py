"""/thong-bao/cai-dat: which notifications come as push, quiet hours, and the devices that
receive them (this browser's subscription is handled by /push.js, in the page)."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.components.js import js_call
from frontend.components.layout import app_shell
from frontend.components.public import action_notice, error_callout
from frontend.thong_bao.state import DeviceRow, PreferenceRow, PreferencesState

# /push.js is an ES module served from the site root: imported at run time (the argument is
# not a literal, so the bundler leaves it alone), never eval'd (the CSP forbids that).
_PUSH = "((path) => import(/* @vite-ignore */ path))('/push.js')"


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
            href=routes.NOTIFICATIONS,
            style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
        ),
        _preferences_section(),
        _devices_section(),
        action_notice(PreferencesState),
        active_tab="thong_bao",
    )
