"""/dang-nhap (login with a passkey) and /dang-ky/<token> (enroll a passkey)."""

from __future__ import annotations

import reflex as rx

from frontend import routes
from frontend.area import Area, Page
from frontend.auth.state import EnrollState, LoginState
from frontend.components.js import js_call
from frontend.components.public import error_callout, public_page, submit_button
from frontend.components.vneid import vneid_button


def login_page() -> rx.Component:
    # Plain elements (see public_page); the enrollment form uses the same field and button.
    return public_page(
        rx.el.h1("Đăng nhập", class_name="dangbo-public-title"),
        rx.el.p(
            "Dùng khóa truy cập đã tạo trên thiết bị này: mở khóa bằng vân tay, khuôn mặt "
            "hoặc mã PIN của máy. Không cần mật khẩu.",
            class_name="dangbo-muted",
        ),
        rx.form(
            rx.el.label("Tên đăng nhập (không bắt buộc)", html_for="username"),
            rx.el.input(
                id="username",
                name="username",
                placeholder="ví dụ: nguyenvanan",
                auto_complete="username webauthn",
                auto_capitalize="none",
                spell_check=False,
                aria_describedby="username-hint",
                class_name="dangbo-input",
            ),
            rx.el.p(
                "Nhập tên khi thiết bị có khóa của nhiều tài khoản.",
                id="username-hint",
                class_name="dangbo-muted dangbo-small",
            ),
            submit_button(
                "Đăng nhập bằng khóa truy cập",
                "Đang xác thực…",
                LoginState.busy,
                id="passkey-login",
            ),
            on_submit=[
                LoginState.start,
                js_call("window.dangbo.passkeyLogin('username')", LoginState.finished),
            ],
            class_name="dangbo-form",
        ),
        error_callout(LoginState.error),
        rx.el.p(
            "Chưa có khóa truy cập hoặc mất thiết bị? Đề nghị quản trị gửi liên kết đăng ký.",
            class_name="dangbo-muted dangbo-small",
        ),
        rx.el.div(
            rx.el.p("Công dân góp ý dự thảo văn kiện:", class_name="dangbo-muted dangbo-small"),
            vneid_button("Công dân: đăng nhập bằng VNeID"),
            class_name="dangbo-form",
        ),
        rx.el.nav(
            rx.el.a(
                "Xác minh chữ ký số của một văn bản",
                href=routes.VERIFY,
                class_name="dangbo-public-link",
            ),
            aria_label="Không cần đăng nhập",
            class_name="dangbo-public-links",
        ),
    )


def enroll_page() -> rx.Component:
    return public_page(
        rx.el.h1("Đăng ký khóa truy cập", class_name="dangbo-public-title"),
        rx.cond(
            EnrollState.loading,
            rx.skeleton(height="120px", width="100%", loading=True),
            rx.cond(
                EnrollState.invitation_error != "",
                rx.flex(
                    error_callout(EnrollState.invitation_error),
                    rx.link("Về trang đăng nhập", href=routes.LOGIN, size="3"),
                    direction="column",
                    spacing="3",
                ),
                _enroll_form(),
            ),
        ),
    )


def _fact(label: str, value: rx.Var) -> rx.Component:
    return rx.flex(
        rx.text(label, color_scheme="gray", size="2"),
        rx.text(value, weight="medium"),
        direction="column",
    )


def _enroll_form() -> rx.Component:
    return rx.flex(
        rx.card(
            rx.flex(
                _fact("Họ và tên", EnrollState.full_name),
                _fact("Tên đăng nhập", EnrollState.username),
                _fact("Tổ chức", EnrollState.organisation_name),
                _fact("Liên kết hết hạn lúc", EnrollState.expires_at),
                direction="column",
                spacing="3",
            ),
            size="2",
        ),
        rx.text(
            "Khóa truy cập được tạo và giữ trên thiết bị này, mở bằng vân tay, khuôn mặt "
            "hoặc mã PIN. Liên kết chỉ dùng được một lần.",
            color_scheme="gray",
        ),
        rx.form(
            rx.el.label("Tên gợi nhớ cho khóa", html_for="passkey-name"),
            rx.el.input(
                id="passkey-name",
                name="passkey_name",
                default_value="Điện thoại của tôi",
                max_length=80,
                class_name="dangbo-input",
            ),
            submit_button(
                "Tạo khóa truy cập",
                "Đang tạo khóa…",
                EnrollState.busy,
                rx.icon("fingerprint", size=20),
                id="passkey-register",
            ),
            on_submit=[
                EnrollState.start,
                js_call(
                    "window.dangbo.passkeyRegister("
                    "window.location.pathname.replace(/\\/+$/, '').split('/').pop(), "
                    "'passkey-name')",
                    EnrollState.finished,
                ),
            ],
            class_name="dangbo-form",
        ),
        error_callout(EnrollState.error),
        direction="column",
        spacing="4",
    )


AREA = Area(
    name="auth",
    pages=[
        Page(
            route=routes.LOGIN,
            component=login_page,
            title="Đăng nhập",
            on_load=[LoginState.on_load],
            public=True,
        ),
        Page(
            route=routes.ENROLL,
            component=enroll_page,
            title="Đăng ký khóa truy cập",
            on_load=[EnrollState.load_invitation],
            public=True,
        ),
    ],
)
