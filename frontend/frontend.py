"""The Reflex app: every area's pages (``frontend/areas.py``), the API beside them on one
origin, the PWA head tags, the Vietnamese connection line and 404 page.

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
from frontend.area import Page
from frontend.areas import areas
from frontend.components import app_started, connection
from frontend.not_found import TITLE as NOT_FOUND_TITLE
from frontend.not_found import not_found_page
from frontend.pwa_plugin import script_hashes_file, static_dir
from frontend.session import SessionState
from frontend.static_serving import static_tuning
from frontend.theme import APP_NAME, BACKGROUND_COLOUR, THEME_COLOUR

settings = get_settings()
api = create_app(settings)
api_client.use_api(api, settings.origin)


def mount_api(reflex_asgi):
    return one_origin(static_tuning(reflex_asgi, static_dir), api, script_hashes_file())


def pwa_head() -> list[rx.Component]:
    """Manifest, icons and theme colour (iPhones read the apple-* tags), and the self-hosted
    scripts: the offline store, /app.js (service worker, sign-out, offline navigation),
    passkeys, signing and saving documents offline."""
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
        rx.el.script(src="/offline-store.js", defer=True),  # before app.js, which uses it
        rx.el.script(src="/app.js", defer=True),
        rx.el.script(src="/passkey.js", defer=True),
        rx.el.script(src="/signing.js", defer=True),
        rx.el.script(src="/van-ban-vao-so.js", defer=True),
        rx.el.script(src="/offline-docs.js", defer=True),
    ]


app = rx.App(
    html_lang="vi",
    head_components=pwa_head(),
    api_transformer=mount_api,
    style={"background_color": BACKGROUND_COLOUR},
)
app.register_lifespan_task(api.lifespan)
connection.install(app)  # Vietnamese connection line instead of Reflex's English toast
app_started.install(app)  # a form sent before the app started is sent again then

_DESCRIPTION = "Ứng dụng chuyển đổi số của Đảng bộ tỉnh: văn bản, sổ tay đảng viên, đại hội, góp ý."


def add_page(page: Page) -> None:
    on_load = list(page.on_load) if page.public else [SessionState.require_login, *page.on_load]
    app.add_page(
        page.component,
        route=page.route,
        title=f"{page.title} · {APP_NAME}",
        description=_DESCRIPTION,
        image="/icons/icon-512.png",
        on_load=on_load or None,
    )


for area in areas():
    for page in area.pages:
        add_page(page)


# An address the app does not have: a Vietnamese page instead of "404: Page not found".
app.add_page(
    not_found_page,
    route="404",
    title=f"{NOT_FOUND_TITLE} · {APP_NAME}",
    description=_DESCRIPTION,
    image="/icons/icon-512.png",
)
