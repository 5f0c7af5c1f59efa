"""The secret poll's two screens beside the poll's page (docs/ballots.md "The board member's
screen", "The public board page"):

- ``…/bieu-quyet/[poll_id]/kiem-phieu``: a counting-board member's tally screen. His browser
  checks the encrypted ballots as they arrive (a Web Worker), at close shows the frozen board's
  hash to compare aloud, checks the board, and sends his partial decryption of the sums with
  the share kept on this device (``pwa/public/kiem-phieu-kin.js``);
- ``…/bieu-quyet/[poll_id]/bang-phieu``: the board of a closed secret poll, for everyone of the
  congress, with "Tìm phiếu của tôi" (``pwa/public/bang-phieu-kin.js``).

Both are drawn by their scripts from the API, not through the page's state: the crypto runs in
the browser and a thousand rows never pass through the UI server."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.components.route import route_param
from frontend.dai_hoi.common import this_congress
from frontend.dai_hoi.live import live_field
from frontend.dai_hoi.poll_state import PollState
from frontend.so_tay.common import section

_TARGET = {"minHeight": "44px"}
TALLY_SCRIPT = "/kiem-phieu-kin.js"
BOARD_SCRIPT = "/bang-phieu-kin.js"


def poll_href(tail: str = "") -> rx.Var[str]:
    return (
        "/dai-hoi/"
        + route_param("congress_id").to(str)
        + "/bieu-quyet/"
        + route_param("poll_id").to(str)
        + tail
    )


def _box(marker: str, script: str, *children: rx.Component) -> rx.Component:
    return rx.el.div(
        *children,
        rx.el.script(src=script, type="module", async_=True),
        class_name="dangbo-kin",
        custom_attrs={
            marker: "",
            "data-congress": route_param("congress_id").to(str),
            "data-poll": route_param("poll_id").to(str),
        },
    )


def _back() -> rx.Component:
    return rx.link("← Cuộc bỏ phiếu", href=poll_href(), style=_TARGET)


def tally_page() -> rx.Component:
    return app_shell(
        "Kiểm phiếu kín",
        this_congress(
            _back(),
            _box(
                "data-secret-tally",
                TALLY_SCRIPT,
                live_field("status", rx.el.p, class_name="dangbo-kin-status", role="status"),
                live_field("progress", rx.el.p, class_name="dangbo-kin-note"),
                section(
                    "Mã băm của bảng phiếu",
                    live_field("hash", rx.el.p, class_name="dangbo-kin-hash", id="tally-hash"),
                    live_field("hash-full", rx.el.p, class_name="dangbo-kin-hex"),
                    rx.text(
                        "Hiện khi cuộc bỏ phiếu kết thúc: 32 ký tự đầu, để các thành viên đọc "
                        "to và so với nhau trước khi giải mã.",
                        size="2",
                        color_scheme="gray",
                    ),
                ),
                live_field("checks", rx.el.ul, class_name="dangbo-kin-list"),
                live_field("actions", rx.el.div),
                live_field("tally", rx.el.p, class_name="dangbo-kin-note", role="status"),
            ),
            rx.link("Bảng phiếu công khai", href=poll_href("/bang-phieu"), style=_TARGET),
        ),
        active_tab="dai_hoi",
    )


def board_page() -> rx.Component:
    return app_shell(
        "Bảng phiếu kín",
        this_congress(
            _back(),
            _box(
                "data-secret-board",
                BOARD_SCRIPT,
                rx.el.p(
                    "Đang tải bảng phiếu…",
                    class_name="dangbo-kin-status",
                    role="status",
                    custom_attrs={"data-field": "status"},
                ),
                live_field("body", rx.el.div, class_name="dangbo-kin-body"),
            ),
        ),
        active_tab="dai_hoi",
    )


def secret_links() -> rx.Component:
    """On the poll's page of a secret poll: the board once closed, the tally screen for the
    key holders (the API's ``follow_ballots`` says who)."""
    return rx.cond(
        PollState.secret & (PollState.follows_ballots | PollState.board_ready),
        section(
            "Phiếu kín điện tử",
            rx.cond(
                PollState.follows_ballots,
                rx.link(
                    "Kiểm phiếu kín (Ban Kiểm phiếu)", href=poll_href("/kiem-phieu"), style=_TARGET
                ),
            ),
            rx.cond(
                PollState.board_ready,
                rx.link("Bảng phiếu kín công khai", href=poll_href("/bang-phieu"), style=_TARGET),
            ),
            rx.cond(
                PollState.secret_pending,
                rx.text(
                    "Kết quả trên đây mới gồm phiếu giấy: phiếu kín điện tử được cộng vào khi "
                    "đủ thành viên Ban Kiểm phiếu gửi phần giải mã.",
                    size="2",
                    color_scheme="gray",
                ),
            ),
        ),
    )
