"""The Reflex app: pages, the API beside them on one origin, the PWA head tags.

``/api/*`` goes to the Litestar app (built once here), everything else to Reflex; both sit
behind the security headers (``backend.asgi.one_origin``). Reflex does not pass lifespan
events to an ``api_transformer``, so the API's lifespan (database, Redis, channels) is
registered as a Reflex lifespan task.
"""

from __future__ import annotations

import reflex as rx

from backend.app import create_app
from backend.asgi import one_origin
from backend.settings import get_settings
from frontend import api as api_client
from frontend import routes
from frontend.account.pages import account_page
from frontend.account.state import AccountState
from frontend.admin.pages import admin_page
from frontend.admin.state import AdminState
from frontend.auth.pages import enroll_page, login_page
from frontend.auth.state import EnrollState, LoginState
from frontend.dai_hoi.pages import dai_hoi_page
from frontend.gop_y.pages import gop_y_page
from frontend.home.pages import home_page
from frontend.pwa_plugin import script_hashes_file, static_dir
from frontend.session import SessionState
from frontend.so_tay.pages import so_tay_page
from frontend.static_serving import static_tuning
from frontend.theme import APP_NAME, BACKGROUND_COLOUR, THEME_COLOUR
from frontend.thong_bao.pages import (
    open_notification_page,
    thong_bao_page,
    thong_bao_settings_page,
)
from frontend.thong_bao.state import NotificationState, PreferencesState
from frontend.van_ban.pages import van_ban_page
from frontend.van_ban.state import InboxState

settings = get_settings()
api = create_app(settings)
api_client.use_api(api, settings.origin)


def mount_api(reflex_asgi):
    return one_origin(static_tuning(reflex_asgi, static_dir), api, script_hashes_file())


def pwa_head() -> list[rx.Component]:
    """Manifest, icons and theme colour (iPhones read the apple-* tags), and the two
    self-hosted scripts: /app.js (service worker, sign-out) and /passkey.js."""
    return [
        rx.el.link(rel="manifest", href="/manifest.webmanifest"),
        rx.el.meta(name="theme-color", content=THEME_COLOUR),
        rx.el.meta(name="color-scheme", content="light"),
        rx.el.link(rel="icon", href="/icons/mark.svg", type="image/svg+xml"),
        rx.el.link(rel="apple-touch-icon", href="/icons/apple-touch-icon.png", sizes="180x180"),
        rx.el.meta(name="apple-mobile-web-app-capable", content="yes"),
        rx.el.meta(name="mobile-web-app-capable", content="yes"),
        rx.el.meta(name="apple-mobile-web-app-title", content=APP_NAME),
        rx.el.meta(name="apple-mobile-web-app-status-bar-style", content="black-translucent"),
        rx.el.meta(name="application-name", content=APP_NAME),
        # Plain tags (rx.script would add them only after hydration).
        rx.el.script(src="/app.js", defer=True),
        rx.el.script(src="/passkey.js", defer=True),
        rx.el.script(src="/signing.js", defer=True),
        rx.el.script(src="/offline-docs.js", defer=True),
    ]


app = rx.App(
    html_lang="vi",
    head_components=pwa_head(),
    api_transformer=mount_api,
    style={"background_color": BACKGROUND_COLOUR},
)
app.register_lifespan_task(api.lifespan)

_DESCRIPTION = "Ứng dụng chuyển đổi số của Đảng bộ tỉnh: văn bản, sổ tay đảng viên, đại hội, góp ý."


def _add(component, route: str, title: str, on_load=None) -> None:
    app.add_page(
        component,
        route=route,
        title=f"{title} · {APP_NAME}",
        description=_DESCRIPTION,
        image="/icons/icon-512.png",
        on_load=on_load,
    )


_add(login_page, routes.LOGIN, "Đăng nhập", LoginState.on_load)
_add(enroll_page, routes.ENROLL, "Đăng ký khóa truy cập", EnrollState.load_invitation)
_add(home_page, routes.HOME, "Trang chủ", SessionState.require_login)
_add(account_page, routes.ACCOUNT, "Tài khoản", [SessionState.require_login, AccountState.load])
_add(admin_page, routes.ADMIN, "Quản trị", [SessionState.require_login, AdminState.load])
_add(van_ban_page, routes.DOCUMENTS, "Văn bản", [SessionState.require_login, InboxState.load])
_add(so_tay_page, routes.HANDBOOK, "Sổ tay", SessionState.require_login)
_add(dai_hoi_page, routes.CONGRESS, "Đại hội", SessionState.require_login)
_add(gop_y_page, routes.FEEDBACK, "Góp ý", SessionState.require_login)
_add(
    thong_bao_page,
    routes.NOTIFICATIONS,
    "Thông báo",
    [SessionState.require_login, NotificationState.load],
)
_add(
    thong_bao_settings_page,
    "/thong-bao/cai-dat",
    "Cài đặt thông báo",
    [SessionState.require_login, PreferencesState.load],
)
_add(
    open_notification_page,
    "/thong-bao/mo/[notification_id]",
    "Thông báo",
    [SessionState.require_login, NotificationState.open_from_push],
)

from frontend.xac_minh.pages import xac_minh_page  # noqa: E402

_add(xac_minh_page, routes.VERIFY, "Xác minh chữ ký số", SessionState.require_login)

from frontend.van_ban.pages import document_page, register_page  # noqa: E402
from frontend.van_ban.state import DocumentState, RegisterState  # noqa: E402

_add(
    register_page,
    "/van-ban/vao-so",
    "Vào sổ văn bản",
    [SessionState.require_login, RegisterState.load],
)
_add(
    document_page,
    "/van-ban/[document_id]",
    "Văn bản",
    [SessionState.require_login, DocumentState.load],
)
