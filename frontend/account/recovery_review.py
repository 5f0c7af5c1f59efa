"""On /tai-khoan: the recoveries of the user's own account he may still refuse from here (an
administrator's link for a new passkey, and the passkey it enrolled), and, for whoever may
confirm other people's recoveries, the way to that page."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.account import client as account
from frontend.account.recovery_state import RecoveryRow, ReviewState
from frontend.components.confirm import confirm_dialog
from frontend.components.public import error_callout, notice_callout
from frontend.session import offered
from shared.accounts import AccountAction


def _recovery(row: RecoveryRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.icon("shield-alert", size=20, color="var(--red-11)"),
                rx.text(row.state_label, weight="bold"),
                align="center",
                spacing="2",
            ),
            rx.text(
                "Liên kết đăng ký khóa truy cập mới do ",
                rx.text.strong(row.issued_by),
                " cấp lúc ",
                row.issued_at,
                ".",
            ),
            rx.cond(
                row.held,
                rx.text(
                    "Khóa “",
                    row.passkey_name,
                    "” đã được đăng ký qua liên kết này lúc ",
                    row.enrolled_at,
                    " và sẽ dùng được từ ",
                    rx.text.strong(row.release_at),
                    " nếu bạn không từ chối và không ai xác nhận sớm hơn.",
                ),
                rx.text("Chưa có khóa truy cập nào được đăng ký qua liên kết này."),
            ),
            rx.text(
                "Nếu bạn không yêu cầu, hãy từ chối ngay: liên kết và khóa mới sẽ bị thu hồi.",
                size="2",
                color_scheme="gray",
            ),
            rx.button(
                rx.icon("ban", size=18),
                "Từ chối, không phải tôi",
                size="3",
                color_scheme="red",
                on_click=ReviewState.ask_refuse(row.id),
                class_name="recovery-refuse",
            ),
            direction="column",
            spacing="2",
        ),
        size="2",
    )


def _refuse_dialog() -> rx.Component:
    return confirm_dialog(
        title="Từ chối khôi phục tài khoản?",
        description="Liên kết sẽ không dùng được nữa; khóa truy cập đã đăng ký qua nó bị thu hồi "
        "và mọi thiết bị đăng nhập bằng khóa đó bị đăng xuất.",
        cancel="Hủy",
        action=rx.button("Từ chối", id="confirm-refuse", size="3", on_click=ReviewState.refuse),
        closes=False,
        open=ReviewState.refuse_open,
        on_open_change=ReviewState.close,
    )


def recovery_review() -> rx.Component:
    """The section, shown only when there is something to refuse or something said."""
    return rx.fragment(
        error_callout(ReviewState.error),
        notice_callout(ReviewState.notice),
        rx.cond(
            ReviewState.rows.length() > 0,
            rx.flex(
                rx.heading("Tài khoản của bạn đang được khôi phục", as_="h2", size="4"),
                rx.foreach(ReviewState.rows, _recovery),
                direction="column",
                spacing="3",
                id="khoi-phuc",
            ),
        ),
        _refuse_dialog(),
    )


def confirm_link() -> rx.Component:
    """For another administrator or the head of an organisation: the held recoveries."""
    return rx.cond(
        offered(account.DOMAIN, AccountAction.CONFIRM_RECOVERY),
        rx.flex(
            rx.heading("Khôi phục tài khoản", as_="h2", size="4"),
            rx.link(
                rx.flex(
                    rx.icon("user-check", size=20),
                    "Xác nhận khôi phục tài khoản của người khác",
                    spacing="2",
                    align="center",
                ),
                href=routes.CONFIRM_RECOVERIES,
                style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
            ),
            direction="column",
            spacing="3",
        ),
    )
