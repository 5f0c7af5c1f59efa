"""/quan-tri: invite a user or re-invite one who lost a device (quản trị only)."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.account import client as account
from frontend.admin.state import ROLE_OPTIONS, AdminState
from frontend.area import Area, Page
from frontend.components.js import js_call
from frontend.components.layout import app_shell
from frontend.components.public import error_callout
from frontend.session import offered
from shared.accounts import AccountAction


def _role_checkbox(value: str, label: str) -> rx.Component:
    # The checkbox's own label holds the text, so the checkbox is named by it; .dangbo-check
    # makes that label a 44 px row.
    return rx.el.div(
        rx.checkbox(
            label,
            checked=AdminState.roles.contains(value),
            on_change=lambda checked: AdminState.toggle_role(value, checked),
            size="3",
            spacing="3",
            name=f"role-{value}",
        ),
        class_name="dangbo-check",
    )


def _invite_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.flex(
                rx.heading("Mời người dùng mới", as_="h2", size="4"),
                rx.el.label("Họ và tên", html_for="invite-name", style={"fontWeight": "600"}),
                rx.input(id="invite-name", name="full_name", size="3", max_length=120),
                rx.el.label("Tổ chức", html_for="invite-org", style={"fontWeight": "600"}),
                rx.el.select(
                    rx.foreach(
                        AdminState.organisations,
                        lambda o: rx.el.option(o.label, value=o.code),
                    ),
                    id="invite-org",
                    name="organisation_code",
                    value=AdminState.organisation_code,
                    on_change=AdminState.set_organisation,
                    style={
                        "minHeight": "44px",
                        "fontSize": "16px",
                        "padding": "0 8px",
                        "borderRadius": "var(--radius-3)",
                        "border": "1px solid var(--gray-a7)",
                        "background": "var(--color-surface)",
                        "width": "100%",
                        "maxWidth": "100%",
                    },
                ),
                rx.el.fieldset(
                    rx.el.legend("Vai trò", style={"fontWeight": "600", "marginBottom": "4px"}),
                    *[_role_checkbox(value, label) for value, label in ROLE_OPTIONS],
                    style={"border": "0", "padding": "0", "margin": "0"},
                ),
                rx.button(
                    rx.icon("user-plus", size=20),
                    "Tạo liên kết đăng ký",
                    type="submit",
                    size="3",
                    loading=AdminState.busy,
                    width="100%",
                ),
                direction="column",
                spacing="2",
            ),
            on_submit=AdminState.invite,
        ),
        size="3",
    )


def _reinvite_form() -> rx.Component:
    return rx.card(
        rx.form(
            rx.flex(
                rx.heading("Cấp lại khi mất thiết bị", as_="h2", size="4"),
                rx.text(
                    "Liên kết mới thay cho mọi liên kết cũ chưa dùng. Nếu không chọn thu hồi, "
                    "khóa cũ vẫn dùng được cho đến khi người dùng tự thu hồi ở trang Tài khoản.",
                    size="2",
                    color_scheme="gray",
                ),
                rx.el.label(
                    "Tên đăng nhập", html_for="reinvite-username", style={"fontWeight": "600"}
                ),
                rx.input(
                    id="reinvite-username",
                    name="username",
                    size="3",
                    auto_capitalize="none",
                    spell_check=False,
                ),
                rx.el.div(
                    rx.checkbox(
                        "Thu hồi mọi khóa truy cập cũ và đăng xuất mọi thiết bị "
                        "(thiết bị bị mất hoặc bị lấy cắp)",
                        checked=AdminState.revoke_existing,
                        on_change=AdminState.set_revoke_existing,
                        size="3",
                        spacing="3",
                        id="reinvite-revoke",
                    ),
                    class_name="dangbo-check",
                ),
                rx.button(
                    rx.icon("refresh-cw", size=20),
                    "Cấp lại liên kết",
                    type="submit",
                    size="3",
                    variant="outline",
                    loading=AdminState.busy,
                    width="100%",
                ),
                direction="column",
                spacing="2",
            ),
            on_submit=AdminState.reinvite,
        ),
        size="3",
    )


def _link_card() -> rx.Component:
    return rx.cond(
        AdminState.link != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("link")),
            rx.flex(
                rx.text(
                    "Liên kết đăng ký cho ",
                    rx.text.strong(AdminState.link_username),
                    " (dùng một lần, hết hạn lúc ",
                    AdminState.link_expires_at,
                    "):",
                ),
                rx.code(
                    AdminState.link,
                    id="invitation-link",
                    style={"overflowWrap": "anywhere", "userSelect": "all"},
                ),
                rx.button(
                    rx.icon("copy", size=18),
                    rx.cond(AdminState.link_copied, "Đã sao chép", "Sao chép liên kết"),
                    size="3",
                    variant="soft",
                    on_click=js_call(
                        "window.dangbo.copyText(document.getElementById('invitation-link')"
                        ".textContent)",
                        AdminState.copied,
                    ),
                ),
                rx.cond(
                    AdminState.link_note != "",
                    rx.text(AdminState.link_note, id="invitation-note", weight="medium"),
                ),
                rx.text(
                    "Gửi liên kết qua kênh tin cậy. Không ai khác nên mở nó.",
                    size="2",
                    color_scheme="gray",
                ),
                direction="column",
                spacing="2",
            ),
            color_scheme="green",
            size="2",
        ),
    )


def admin_page() -> rx.Component:
    return app_shell(
        "Quản trị",
        error_callout(AdminState.error),
        rx.cond(
            offered(account.DOMAIN, AccountAction.INVITE),
            rx.flex(
                _link_card(), _invite_form(), _reinvite_form(), direction="column", spacing="4"
            ),
        ),
    )


AREA = Area(
    name="admin",
    pages=[
        Page(route=routes.ADMIN, component=admin_page, title="Quản trị", on_load=[AdminState.load])
    ],
)
