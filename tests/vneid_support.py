"""The VNeID simulator in process, wired to the API's VNeID client, and a browser's walk
through the redirect flow (start → simulator page → choice → callback)."""

from __future__ import annotations

import dataclasses
import re
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import httpx

from backend.accounts.tables import User
from backend.citizens.client_key import VneidClientKey
from backend.citizens.simulator.app import SimulatorConfig, create_simulator
from backend.citizens.tables import Citizen
from backend.citizens.vneid import VneidClient, config_of

PROVIDER = "http://vneid.test"
CLIENT_ID = "dangbo-test"
CLIENT_SECRET = "bi-mat-cua-ung-dung"


@dataclass
class Harness:
    vneid: VneidClient
    simulator: SimulatorConfig
    public_key: object  # the app's, as the simulator knows it
    provider: httpx.AsyncBaseTransport  # the simulator, as the browser reaches it

    async def counts(self) -> tuple[int, int]:
        return await User.count(), await Citizen.count()


def harness(app, **client_changes) -> tuple[Harness, tuple]:
    services = app.state.services
    settings = app.state.settings
    vneid = services.get(VneidClient)
    client_key = services.get(VneidClientKey)

    async def public_key():
        return (await client_key.private_key()).public_key()

    simulator = SimulatorConfig(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        public_key=public_key,
        redirect_uris=(settings.vneid_redirect_uri,),
    )
    saved = (vneid.config, vneid.transport)
    vneid.config = dataclasses.replace(
        config_of(settings),
        authorization_url=f"{PROVIDER}/authorize",
        token_url=f"{PROVIDER}/token",
        userinfo_url=f"{PROVIDER}/userinfo",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        **{"pkce": True, **client_changes},
    )
    provider = httpx.ASGITransport(app=create_simulator(simulator))
    vneid.transport = provider
    return Harness(vneid, simulator, public_key, provider), saved


def restore(app, saved: tuple) -> None:
    vneid = app.state.services.get(VneidClient)
    vneid.config, vneid.transport = saved


def provider_browser(h: Harness) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=h.provider, base_url=PROVIDER)


async def start(api) -> str:
    started = await api.get("/api/citizens/vneid/start")
    assert started.status_code == 303, started.text
    return started.headers["location"]


async def choose(h: Harness, location: str, citizen: str = "0", **entered) -> str:
    """The simulator's page at ``location``, then the choice; returns the callback address."""
    async with provider_browser(h) as browser:
        page = await browser.get(location)
        assert page.status_code == 200, page.text
        assert "VNeID" in page.text and 'lang="vi"' in page.text
        params = dict(parse_qsl(urlsplit(location).query))
        chosen = await browser.post("/authorize", data={**params, "citizen": citizen, **entered})
    assert chosen.status_code == 303, chosen.text
    return chosen.headers["location"]


async def callback(api, address: str) -> httpx.Response:
    parts = urlsplit(address)
    return await api.get(f"{parts.path}?{parts.query}")


async def sign_in(api, h: Harness, citizen: str = "0", **entered) -> httpx.Response:
    return await callback(api, await choose(h, await start(api), citizen, **entered))


def failure_of(response: httpx.Response) -> str:
    assert response.status_code == 303, response.text
    found = re.search(r"[?&]ma=([a-z_]+)", response.headers["location"])
    assert found, response.headers["location"]
    return found.group(1)


def new_person() -> dict[str, str]:
    """The simulator form's fields for a person never seen before (a random number)."""
    pid = "0" + "".join(secrets.choice("0123456789") for _ in range(11))
    return {
        "pid": pid,
        "full_name": "Trần Văn Đức",
        "birth_date": "05/11/1995",
        "level": "2",
        "province": "Bắc Ninh",
        "commune": "Xã Tiên Du",
    }
