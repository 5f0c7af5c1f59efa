"""/tai-khoan: who I am, the recoveries of my account I may refuse, my passkeys, where I am
signed in, sign out; /khoi-phuc-tai-khoan: the page of a session a recovery holds."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.account.recovery_page import held_page
from frontend.account.recovery_review import confirm_link, recovery_review
from frontend.account.recovery_state import HeldState, ReviewState
from frontend.account.state import AccountState, PasskeyRow, SessionRow
from frontend.area import Area, Page
from frontend.components.confirm import confirm_dialog
from frontend.components.js import js_call
from frontend.components.layout import app_shell
from frontend.components.public import error_callout, notice_callout
from frontend.session import SessionState


def _section(title: str, *children: rx.Component) -> rx.Component:
    return rx.flex(
        rx.heading(title, as_="h2", size="4"),
        *children,
        direction="column",
        spacing="3",
    )


def _profile() -> rx.Component:
    return rx.card(
        rx.flex(
            rx.text(SessionState.full_name, weight="bold", size="4"),
            rx.text("Tên đăng nhập: ", SessionState.username, color_scheme="gray"),
            rx.text(SessionState.organisation_name, color_scheme="gray"),
            rx.flex(
                rx.foreach(SessionState.role_labels, lambda r: rx.badge(r, size="2")),
                spacing="2",
                wrap="wrap",
            ),
            direction="column",
            spacing="1",
        ),
        size="2",
    )


def _passkey(row: PasskeyRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.icon("key-round", size=20, color="var(--red-11)"),
                rx.text(row.name, weight="bold", style={"overflowWrap": "anywhere"}),
                align="center",
                spacing="2",
            ),
            rx.text("Tạo lúc ", row.created_at, size="2", color_scheme="gray"),
            rx.text("Dùng gần nhất: ", row.last_used_at, size="2", color_scheme="gray"),
            rx.cond(
                row.backed_up,
                rx.text("Được đồng bộ giữa các thiết bị", size="2", color_scheme="gray"),
            ),
            rx.flex(
                rx.button(
                    rx.icon("pencil", size=18),
                    "Đổi tên",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    on_click=AccountState.ask_rename(row.id),
                ),
                rx.button(
                    rx.icon("trash-2", size=18),
                    "Thu hồi",
                    variant="soft",
                    size="3",
                    on_click=AccountState.ask_revoke(row.id),
                ),
                spacing="2",
                margin_top="8px",
                wrap="wrap",
            ),
            direction="column",
            spacing="1",
        ),
        size="2",
    )


def _session(row: SessionRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.flex(
                rx.icon("smartphone", size=20, color="var(--gray-11)"),
                rx.text(row.device, weight="bold"),
                rx.cond(row.current, rx.badge("Thiết bị này", color_scheme="green", size="2")),
                align="center",
                spacing="2",
                wrap="wrap",
            ),
            rx.text("Đăng nhập lúc ", row.created_at, size="2", color_scheme="gray"),
            rx.text("Hoạt động gần nhất: ", row.last_seen_at, size="2", color_scheme="gray"),
            rx.cond(
                ~row.current,
                rx.button(
                    rx.icon("log-out", size=18),
                    "Đăng xuất thiết bị này",
                    variant="soft",
                    color_scheme="gray",
                    size="3",
                    margin_top="8px",
                    on_click=AccountState.revoke_session(row.id),
                ),
            ),
            direction="column",
            spacing="1",
        ),
        size="2",
    )


def _rename_dialog() -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Đổi tên khóa truy cập"),
            rx.form(
                rx.flex(
                    rx.el.label("Tên mới", html_for="passkey-new-name"),
                    rx.input(
                        id="passkey-new-name",
                        name="name",
                        default_value=AccountState.selected_name,
                        max_length=80,
                        size="3",
                        auto_focus=True,
                    ),
                    error_callout(AccountState.dialog_error),
                    rx.flex(
                        rx.dialog.close(
                            rx.button("Hủy", variant="soft", color_scheme="gray", size="3")
                        ),
                        rx.button("Lưu", type="submit", size="3"),
                        spacing="3",
                        justify="end",
                    ),
                    direction="column",
                    spacing="3",
                ),
                on_submit=AccountState.rename,
            ),
            max_width="420px",
        ),
        open=AccountState.rename_open,
        on_open_change=AccountState.close_dialogs,
    )


def _revoke_dialog() -> rx.Component:
    return confirm_dialog(
        title="Thu hồi khóa truy cập?",
        description=rx.text(
            "Khóa “",
            AccountState.selected_name,
            "” sẽ không dùng để đăng nhập được nữa. Nếu đây là khóa duy nhất, "
            "bạn cần quản trị gửi liên kết đăng ký mới.",
        ),
        below=error_callout(AccountState.dialog_error),
        cancel="Hủy",
        action=rx.button("Thu hồi", id="confirm-revoke", size="3", on_click=AccountState.revoke),
        closes=False,  # stays open to show the server's refusal
        open=AccountState.revoke_open,
        on_open_change=AccountState.close_dialogs,
    )


def account_page() -> rx.Component:
    return app_shell(
        "Tài khoản",
        _profile(),
        recovery_review(),
        error_callout(AccountState.error),
        notice_callout(AccountState.notice),
        _section(
            "Khóa truy cập",
            rx.cond(
                AccountState.loading,
                rx.skeleton(height="96px", loading=True),
                rx.cond(
                    AccountState.passkeys.length() > 0,
                    rx.flex(
                        rx.foreach(AccountState.passkeys, _passkey), direction="column", spacing="3"
                    ),
                    rx.text("Chưa có khóa truy cập nào còn hiệu lực.", color_scheme="gray"),
                ),
            ),
        ),
        _section(
            "Thiết bị đang đăng nhập",
            rx.cond(
                AccountState.loading,
                rx.skeleton(height="96px", loading=True),
                rx.flex(
                    rx.foreach(AccountState.sessions, _session), direction="column", spacing="3"
                ),
            ),
        ),
        _section(
            "Thông báo",
            rx.link(
                rx.flex(rx.icon("bell", size=20), "Cài đặt thông báo và thiết bị", spacing="2"),
                href=routes.NOTIFICATION_SETTINGS,
                style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
            ),
        ),
        confirm_link(),
        _section(
            "Văn bản",
            rx.link(
                rx.flex(rx.icon("shield-check", size=20), "Xác minh chữ ký số", spacing="2"),
                href=routes.VERIFY,
                style={"minHeight": "44px", "display": "inline-flex", "alignItems": "center"},
            ),
        ),
        _section(
            "Đăng xuất",
            rx.button(
                rx.icon("log-out", size=20),
                "Đăng xuất",
                id="sign-out",
                size="3",
                width="100%",
                on_click=js_call("window.dangbo.signOut(false)"),
            ),
            rx.button(
                rx.icon("shield-off", size=20),
                "Đăng xuất khỏi mọi thiết bị",
                id="sign-out-everywhere",
                size="3",
                variant="outline",
                width="100%",
                on_click=js_call("window.dangbo.signOut(true)"),
            ),
        ),
        _rename_dialog(),
        _revoke_dialog(),
    )


AREA = Area(
    name="account",
    pages=[
        Page(
            route=routes.ACCOUNT,
            component=account_page,
            title="Tài khoản",
            on_load=[AccountState.load, ReviewState.load],
        ),
        Page(
            route=routes.RECOVERY,
            component=held_page,
            title="Khôi phục tài khoản",
            on_load=[HeldState.load],
        ),
    ],
)
