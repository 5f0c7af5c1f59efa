"""/dai-hoi/[congress_id]/diem-danh: the check-in staff's screen on a phone. Choose the
session, scan cards with the camera or type the card's number; each answer is said at once,
newest first, and the session's counts follow live. The scanning and the calls are the page's
own script (``pwa/public/dai-hoi-diem-danh.js``), so a scan does not wait for the UI server."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.dai_hoi import client
from frontend.dai_hoi.common import only_for, this_congress
from frontend.dai_hoi.congress_state import CongressState, SessionLine
from frontend.dai_hoi.live import connection_line, counts_card, live_box, live_field
from frontend.so_tay.common import screen, section

SCRIPT = "/dai-hoi-diem-danh.js"


def _checkin_url() -> rx.Var[str]:
    head, tail = client.CHECKINS.path.split("{congress_id}")
    return rx.Var.create(head) + CongressState.congress_id.to_string() + tail


def _option(s: SessionLine) -> rx.Component:
    return rx.el.option(s.title, " (", s.status_label, ")", value=s.id)


def _session_choice() -> rx.Component:
    return rx.flex(
        rx.el.label("Phiên họp", html_for="checkin-session", class_name="dangbo-field-label"),
        rx.el.select(
            rx.foreach(CongressState.sessions, _option),
            id="checkin-session",
            default_value=CongressState.open_session,
            key=CongressState.open_session,
            class_name="dangbo-select",
            custom_attrs={"data-field": "session"},
        ),
        direction="column",
        spacing="1",
    )


def _camera() -> rx.Component:
    return section(
        "Quét thẻ đại biểu",
        rx.el.video(
            class_name="dangbo-scan-video",
            muted=True,
            plays_inline=True,
            aria_label="Hình từ máy ảnh",
            custom_attrs={"data-field": "video"},
        ),
        live_field("camera-message", rx.el.p, class_name="dangbo-scan-message", role="status"),
        rx.flex(
            rx.el.button(
                "Bật máy ảnh",
                type="button",
                class_name="dangbo-button",
                custom_attrs={"data-do": "camera-on"},
            ),
            rx.el.button(
                "Tắt máy ảnh",
                type="button",
                class_name="dangbo-button dangbo-button-soft",
                custom_attrs={"data-do": "camera-off"},
            ),
            spacing="2",
            wrap="wrap",
        ),
    )


def _manual() -> rx.Component:
    return section(
        "Nhập số thẻ",
        rx.el.form(
            rx.el.label(
                "Số thẻ đại biểu", html_for="checkin-code", class_name="dangbo-field-label"
            ),
            rx.flex(
                rx.el.input(
                    id="checkin-code",
                    name="code",
                    input_mode="text",
                    auto_complete="off",
                    class_name="dangbo-input",
                    style={"flex": "1", "minWidth": "0"},
                ),
                rx.el.button("Điểm danh", type="submit", class_name="dangbo-button"),
                spacing="2",
            ),
            custom_attrs={"data-field": "manual"},
        ),
    )


def checkin_page() -> rx.Component:
    return app_shell(
        "Điểm danh",
        *screen(
            CongressState,
            this_congress(
                rx.heading(CongressState.name, as_="h1", size="4"),
                only_for(
                    CongressState.can["check_in"],
                    "tổ điểm danh và Ban Tổ chức",
                    rx.el.div(
                        _session_choice(),
                        _camera(),
                        _manual(),
                        section(
                            "Kết quả",
                            live_field("results", rx.el.ol, class_name="dangbo-checkin-results"),
                        ),
                        rx.el.script(src=SCRIPT, type="module", async_=True),
                        class_name="dangbo-checkin",
                        custom_attrs={"data-diem-danh": "", "data-checkin": _checkin_url()},
                    ),
                    live_box(connection_line(), counts_card()),
                ),
            ),
        ),
        active_tab="dai_hoi",
    )
