"""Reflex configuration: the UI app ``frontend`` beside the Litestar API on one origin."""

import reflex as rx
from reflex_base.plugins.sitemap import SitemapPlugin

from backend.settings import get_settings
from frontend.pwa_plugin import FONT_PACKAGE, PwaPlugin
from frontend.theme import RadixThemesTrimmedPlugin, app_theme

# The public origin (DANGBO_ORIGIN) is where the browser reaches both the pages and the
# state websocket; CORS is limited to it, so no other site can make credentialed calls.
ORIGIN = get_settings().origin

config = rx.Config(
    app_name="frontend",
    api_url=ORIGIN,
    deploy_url=ORIGIN,
    cors_allowed_origins=[ORIGIN],
    telemetry_enabled=False,
    show_built_with_reflex=False,
    default_color_mode="light",
    frontend_packages=[FONT_PACKAGE],
    # Brotli first (a fifth smaller than gzip on the scripts and styles), gzip for the rest.
    frontend_compression_formats=["brotli", "gzip"],
    plugins=[RadixThemesTrimmedPlugin(theme=app_theme()), PwaPlugin()],
    disable_plugins=[SitemapPlugin],
)
