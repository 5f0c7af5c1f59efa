"""/khoi-phuc-tai-khoan: the one page of a session whose passkey an account recovery holds.

The API refuses such a session everything but this (403 ``recovery_held``), so the page has
no navigation: it says, in Vietnamese, that the new passkey waits for a second person (another
administrator, or the head of the user's organisation) or for the waiting period, and until
when; the user may ask again or sign out.
"""

from __future__ import annotations

import reflex as rx

from frontend.account.recovery_state import HeldState
from frontend.components.js import js_call
from frontend.components.public import error_callout, public_page
from frontend.session import SessionState


def _fact(label: str, value: rx.Var, id: str) -> rx.Component:
    return rx.el.div(
        rx.el.dt(label, class_name="dangbo-muted dangbo-small"),
        rx.el.dd(value, id=id, style={"margin": "0", "fontWeight": "600"}),
    )


def held_page() -> rx.Component:
    return public_page(
        rx.cond(
            HeldState.release_at != "",
            rx.fragment(
                rx.el.h1("Khóa truy cập mới đang chờ xác nhận", class_name="dangbo-public-title"),
                rx.el.p(
                    "Khóa truy cập trên thiết bị này được đăng ký qua liên kết khôi phục tài "
                    "khoản do quản trị cấp. Để không ai dùng được tài khoản của người khác, "
                    "khóa này chưa làm được gì: không xem văn bản, không ký, không thao tác thay "
                    "chủ tài khoản.",
                    class_name="dangbo-muted",
                ),
                rx.el.dl(
                    _fact("Tài khoản", SessionState.full_name, "held-user"),
                    _fact("Tổ chức", SessionState.organisation_name, "held-organisation"),
                    _fact("Khóa truy cập", HeldState.passkey_name, "held-passkey"),
                    _fact(
                        "Liên kết do",
                        rx.text.span(HeldState.issued_by, " cấp lúc ", HeldState.issued_at),
                        "held-issued",
                    ),
                    _fact("Tự dùng được từ", HeldState.release_at, "held-release-at"),
                    style={"display": "grid", "gap": "12px", "margin": "0"},
                ),
                rx.callout(
                    rx.text(
                        "Khóa sẽ dùng được khi một quản trị viên khác hoặc lãnh đạo của tổ chức "
                        "xác nhận bằng khóa truy cập của chính họ, hoặc từ ",
                        rx.text.strong(HeldState.release_at),
                        " nếu chủ tài khoản không từ chối từ thiết bị khác. Nếu bạn là chủ tài "
                        "khoản, hãy báo quản trị hoặc lãnh đạo của tổ chức để được xác nhận sớm.",
                    ),
                    icon="clock",
                    color_scheme="amber",
                    role="status",
                    id="held-explanation",
                ),
                error_callout(HeldState.error),
                rx.el.button(
                    rx.icon("refresh-cw", size=20),
                    rx.cond(HeldState.checking, "Đang kiểm tra…", "Kiểm tra lại"),
                    type="button",
                    id="held-check",
                    disabled=HeldState.checking,
                    on_click=HeldState.check_again,
                    class_name="dangbo-button",
                ),
                rx.el.button(
                    rx.icon("log-out", size=20),
                    "Đăng xuất",
                    type="button",
                    id="sign-out",
                    on_click=js_call("window.dangbo.signOut(false)"),
                    class_name="dangbo-button",
                    style={
                        "background": "var(--gray-a3)",
                        "color": "var(--gray-12)",
                    },
                ),
            ),
            rx.skeleton(height="240px", loading=True),
        )
    )
