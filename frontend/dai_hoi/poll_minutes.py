"""The biên bản kiểm phiếu on a poll's screen, after close: its download (the PDF in the file
store) for everyone who may see the result, who of the counting board has signed it off and
when, and the member's "Ký xác nhận biên bản", a passkey step-up run in the page by
``pwa/public/signing.js`` against ``…/minutes/sign/begin`` and ``…/finish``
(``backend/polls/signoff.py``). A refusal (already signed, the minutes changed meanwhile) is
the API's sentence, shown on the screen."""

from __future__ import annotations

import reflex as rx

from frontend.components.js import js_call
from frontend.dai_hoi import client
from frontend.dai_hoi.poll_state import PollState
from frontend.so_tay.common import section
from shared.polls import PollAction

# The congress's and the poll's ids from the page address (/dai-hoi/3/bieu-quyet/7).
_PATH = "location.pathname.replace(/\\/$/, '').split('/')"
_IDS = {"congress_id": f"{_PATH}[2]", "poll_id": f"{_PATH}[4]"}
SIGN_SCRIPT = (
    "window.dangbo.signWithPasskey("
    f"{client.MINUTES_SIGN_BEGIN.js_url(**_IDS)}, "
    f"{client.MINUTES_SIGN_FINISH.js_url(**_IDS)}, "
    "'Biên bản chưa được ký xác nhận.')"
)

_TARGET = {"minHeight": "44px"}


def _signature(line: rx.Var) -> rx.Component:
    return rx.flex(
        rx.icon("circle-check", size=18, color="var(--green-11)", flex_shrink="0"),
        rx.text(rx.text.strong(line["name"]), " — ký lúc ", line["at"], size="3"),
        spacing="2",
        align="center",
        custom_attrs={"data-minutes-signature": ""},
    )


def minutes_section() -> rx.Component:
    return rx.cond(
        PollState.minutes_href != "",
        section(
            "Biên bản kiểm phiếu",
            rx.el.a(
                rx.icon("file-down", size=18),
                "Tải biên bản kiểm phiếu (PDF)",
                href=PollState.minutes_href,
                download=True,
                id="minutes-download",
                # Reflex draws a link as React Router's, which would route the address inside
                # the app: the browser itself must follow it, so that it downloads the file.
                custom_attrs={"reloadDocument": True},
                style={
                    **_TARGET,
                    "display": "inline-flex",
                    "alignItems": "center",
                    "gap": "8px",
                    "color": "var(--accent-11)",
                    "fontWeight": "500",
                },
            ),
            rx.text(PollState.signers_line, size="2", color_scheme="gray", id="minutes-signers"),
            rx.cond(
                PollState.signatures.length() > 0,
                rx.flex(
                    rx.foreach(PollState.signatures, _signature),
                    direction="column",
                    spacing="1",
                ),
            ),
            rx.cond(
                PollState.can.contains(PollAction.SIGN_MINUTES.value),
                rx.flex(
                    rx.text(
                        "Đọc kỹ biên bản trước khi ký. Xác nhận bằng khóa truy cập (vân tay, "
                        "khuôn mặt hoặc mã PIN) trên thiết bị này.",
                        size="2",
                    ),
                    rx.button(
                        rx.icon("pen-line", size=18),
                        "Ký xác nhận biên bản",
                        size="3",
                        loading=PollState.busy,
                        on_click=js_call(SIGN_SCRIPT, PollState.minutes_signed),
                        style=_TARGET,
                    ),
                    direction="column",
                    spacing="2",
                ),
            ),
            rx.cond(
                ~PollState.message_ok & (PollState.message != ""),
                rx.callout(PollState.message, icon="triangle-alert", color_scheme="red"),
            ),
        ),
    )
