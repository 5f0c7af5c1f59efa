"""ASGI entry points.

``app`` is the API alone (``dangbo serve --api-only``, granian, several workers behind a proxy).
``one_origin`` puts the API beside the Reflex app on one origin (Reflex's ``api_transformer``).
"""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar
from litestar.types import ASGIApp, Receive, Scope, Send

from backend.app import create_app
from backend.citizens.simulator.mount import mounted_simulator
from backend.citizens.vneid import SIMULATOR_PATH
from backend.core.edge import Edge
from backend.settings import get_settings


def one_origin(ui: ASGIApp, api: Litestar, script_hashes_file: Path | None = None) -> ASGIApp:
    settings = get_settings()
    # The VNeID simulator of the demo (DANGBO_VNEID_SIMULATOR=1, never in production).
    simulator = mounted_simulator(api, settings)

    async def dispatch(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and (
            scope["path"] == "/api" or scope["path"].startswith("/api/")
        ):
            await api(scope, receive, send)
        elif (
            simulator is not None
            and scope["type"] == "http"
            and scope["path"].startswith(f"{SIMULATOR_PATH}/")
        ):
            await simulator(scope, receive, send)
        else:
            await ui(scope, receive, send)

    return Edge(
        dispatch,
        https=settings.is_https,
        script_hashes_file=script_hashes_file,
        origin=settings.origin,
    )


def _api_only() -> ASGIApp:
    settings = get_settings()
    return Edge(create_app(), https=settings.is_https, origin=settings.origin)


def __getattr__(name: str) -> ASGIApp:
    # Built lazily, so importing this module (for one_origin) does not build a second app.
    if name == "app":
        global app
        app = _api_only()
        return app
    raise AttributeError(name)
