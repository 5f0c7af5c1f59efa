"""The simulator beside the app: on the one origin under ``/vneid-sim`` for the demo
(``DANGBO_VNEID_SIMULATOR=1``), configured from the app's own settings and client key."""

from __future__ import annotations

from litestar import Litestar
from litestar.types import ASGIApp, Receive, Scope, Send

from backend.citizens.client_key import VneidClientKey
from backend.citizens.simulator.app import SimulatorConfig, create_simulator
from backend.citizens.vneid import SIMULATOR_PATH, VneidClient
from backend.settings import Settings


def simulator_config(
    settings: Settings, client_key: VneidClientKey, base_path: str = ""
) -> SimulatorConfig:
    """The simulator registered for this app: its client id and secret, its callback, its
    public key (the one the app decrypts with)."""
    from_app = VneidClient.config_for(settings)

    async def public_key():
        return (await client_key.private_key()).public_key()

    return SimulatorConfig(
        client_id=from_app.client_id,
        client_secret=from_app.client_secret,
        public_key=public_key,
        redirect_uris=(settings.vneid_redirect_uri,),
        base_path=base_path,
    )


def mounted_simulator(api: Litestar, settings: Settings) -> ASGIApp | None:
    """The simulator for ``api``, to serve under ``SIMULATOR_PATH``; None unless enabled."""
    if not settings.vneid_simulator or settings.is_production:
        return None
    client_key = api.state.services.get(VneidClientKey)
    simulator = create_simulator(
        simulator_config(settings, client_key, SIMULATOR_PATH), production=settings.is_production
    )

    async def under_path(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            return
        inner = dict(scope)
        inner["path"] = scope["path"][len(SIMULATOR_PATH) :] or "/"
        inner["raw_path"] = inner["path"].encode()
        await simulator(inner, receive, send)  # type: ignore[arg-type]

    return under_path
