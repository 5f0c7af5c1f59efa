"""VNeID sign-in against the simulator in process: the full redirect flow (PKCE, encrypted
code, encrypted token and userinfo), one person one account, and every failure with its page
and nothing half-created."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from backend.citizens.simulator.people import TEST_CITIZENS
from shared.citizens import (
    CITIZEN_HOME_PAGE,
    CONSENT_PAGE,
    FAILURE_PAGE,
    VNEID_FAILURE_TEXTS,
    VneidFailure,
)
from tests.conftest import make_client, prime_csrf
from tests.vneid_support import (
    callback,
    choose,
    failure_of,
    harness,
    new_person,
    restore,
    sign_in,
    start,
)


@pytest.fixture
async def h(app):
    found, saved = harness(app)
    yield found
    restore(app, saved)


@pytest.fixture
async def api(app):
    async with make_client(app) as client:
        await prime_csrf(client)
        yield client


async def test_a_citizen_signs_in_through_the_redirect_flow_and_is_asked_to_consent(h, api):
    location = await start(api)
    query = dict(parse_qsl(urlsplit(location).query))
    assert location.startswith("http://vneid.test/authorize?")
    assert query["response_type"] == "code" and query["client_id"] == "dangbo-test"
    assert query["redirect_uri"] == "http://localhost:3000/api/citizens/vneid/callback"
    assert query["code_challenge_method"] == "S256" and len(query["code_challenge"]) == 43
    person = new_person()
    address = await choose(h, location, "nhap", **person)
    assert "encrypt_key=" in address and "state=" in address
    assert person["pid"] not in address
    before = await h.counts()
    done = await callback(api, address)
    assert done.status_code == 303 and done.headers["location"] == CONSENT_PAGE
    assert (await h.counts()) == (before[0] + 1, before[1] + 1)
    me = (await api.get("/api/me")).json()
    assert me["roles"] == ["cong_dan"] and me["full_name"] == "Công dân"
    assert me["username"].startswith("cd-") and person["full_name"] not in str(me)
    assert set(me["actions"]["citizens"]) == {"accept_consent", "download_data", "erase_data"}
    mine = (await api.get("/api/citizens/me")).json()
    assert mine["full_name"] == "Trần Văn Đức" and mine["age_band"] == "30_44"
    assert (mine["province"], mine["commune"]) == ("Bắc Ninh", "Xã Tiên Du")
    assert mine["account_level"] == 2 and mine["consent_version"] == ""

    # Accepting the notice; the next sign-in of the same person lands on the citizen's home.
    notice = (await api.get("/api/citizens/consent")).json()
    assert notice["accepted"] is False and "91/2025" in str(notice["sections"])
    accepted = await api.post("/api/citizens/consent", json={"version": notice["version"]})
    assert accepted.status_code == 200 and accepted.json()["accepted"] is True
    async with make_client(api._transport.app) as other_device:
        await prime_csrf(other_device)
        again = await sign_in(other_device, h, "nhap", **person)
        assert again.headers["location"] == CITIZEN_HOME_PAGE
        assert (await other_device.get("/api/me")).json()["id"] == me["id"]
    assert (await h.counts()) == (before[0] + 1, before[1] + 1)


async def test_without_pkce_and_with_a_plain_code_the_flow_still_works(app, api):
    found, saved = harness(app, pkce=False)
    found.simulator.encrypt_code = False
    try:
        location = await start(api)
        assert "code_challenge" not in location
        done = await callback(api, await choose(found, location, "nhap", **new_person()))
        assert done.status_code == 303 and done.headers["location"] == CONSENT_PAGE
    finally:
        restore(app, saved)


async def test_an_entered_citizen_signs_in(h, api):
    entered = {**new_person(), "full_name": "Vũ Thị Lan", "commune": "Xã Quế Võ"}
    done = await sign_in(api, h, "nhap", **entered)
    assert done.headers["location"] == CONSENT_PAGE
    mine = (await api.get("/api/citizens/me")).json()
    assert mine["full_name"] == "Vũ Thị Lan" and mine["commune"] == "Xã Quế Võ"


async def _refused(h, api, response: httpx.Response, before, failure: VneidFailure) -> None:
    assert failure_of(response) == failure.value
    assert response.headers["location"].startswith(f"{FAILURE_PAGE}?")
    assert "dangbo_session" not in response.headers.get("set-cookie", "")
    assert (await h.counts()) == before  # no user row, no citizen row
    assert (await api.get("/api/me")).status_code == 401
    title, text = VNEID_FAILURE_TEXTS[failure]
    assert title and text.endswith(".")


async def test_a_wrong_state_is_refused(h, api):
    address = await choose(h, await start(api), "0")
    parts = urlsplit(address)
    query = [(k, "sai" + v if k == "state" else v) for k, v in parse_qsl(parts.query)]
    before = await h.counts()
    response = await api.get(f"{parts.path}?{urlencode(query)}")
    await _refused(h, api, response, before, VneidFailure.STATE)


async def test_a_callback_from_another_browser_is_refused(h, api, app):
    address = await choose(h, await start(api), "0")
    before = await h.counts()
    async with make_client(app) as stranger:
        response = await callback(stranger, address)
    await _refused(h, api, response, before, VneidFailure.STATE)


async def test_a_replayed_callback_and_a_replayed_code_are_refused(h, api, app):
    address = await choose(h, await start(api), "nhap", **new_person())
    assert (await callback(api, address)).headers["location"] == CONSENT_PAGE
    async with make_client(app) as fresh:
        await prime_csrf(fresh)
        before = await h.counts()
        # The same callback again: its state was taken.
        response = await callback(fresh, address)
        await _refused(h, fresh, response, before, VneidFailure.STATE)
        # The same code with a state of its own: VNeID refuses the used code.
        new_state = dict(parse_qsl(urlsplit(await start(fresh)).query))["state"]
        parts = urlsplit(address)
        query = [(k, new_state if k == "state" else v) for k, v in parse_qsl(parts.query)]
        response = await fresh.get(f"{parts.path}?{urlencode(query)}")
        await _refused(h, fresh, response, before, VneidFailure.CODE)


async def test_an_expired_code_is_refused(h, api):
    address = await choose(h, await start(api), "0")
    clock = h.simulator.clock
    h.simulator.clock = lambda: clock() + 3600
    before = await h.counts()
    await _refused(h, api, await callback(api, address), before, VneidFailure.CODE)


async def test_an_undecryptable_answer_is_refused(h, api):
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()

    async def wrong_key():
        return stranger

    h.simulator.public_key = wrong_key
    before = await h.counts()
    # The encrypted code does not open.
    await _refused(h, api, await sign_in(api, h, "0"), before, VneidFailure.UNREADABLE)
    # A plain code, but the token answer does not open.
    h.simulator.encrypt_code = False
    await _refused(h, api, await sign_in(api, h, "0"), before, VneidFailure.UNREADABLE)


async def test_an_account_below_the_minimum_level_is_refused(h, api):
    assert TEST_CITIZENS[4].account_level == 1
    before = await h.counts()
    await _refused(h, api, await sign_in(api, h, "4"), before, VneidFailure.LEVEL)


async def test_a_closed_account_is_refused(h, api, app):
    from backend.accounts.tables import User

    person = new_person()
    assert (await sign_in(api, h, "nhap", **person)).headers["location"] == CONSENT_PAGE
    user_id = (await api.get("/api/me")).json()["id"]
    await User.update({User.is_active: False}).where(User.id == user_id)
    async with make_client(app) as again:
        await prime_csrf(again)
        before = await h.counts()
        await _refused(h, again, await sign_in(again, h, "nhap", **person), before,
                       VneidFailure.CLOSED)  # fmt: skip


async def test_a_cancelled_sign_in_says_so(h, api):
    before = await h.counts()
    await _refused(h, api, await sign_in(api, h, "huy"), before, VneidFailure.DENIED)


@contextlib.asynccontextmanager
async def _silent_server():
    """A server that accepts connections and never answers (a provider hanging)."""
    held: list[asyncio.StreamWriter] = []

    async def hang(reader, writer):
        held.append(writer)

    server = await asyncio.start_server(hang, "127.0.0.1", 0)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:
        for writer in held:
            writer.close()
        server.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_the_provider_down_is_refused_clearly(h, api):
    before = await h.counts()
    # Connection refused: nothing listens on the token address.
    address = await choose(h, await start(api), "0")
    h.vneid.transport = None  # the real network from here on
    closed = f"http://127.0.0.1:{_closed_port()}/token"
    h.vneid.config = dataclasses.replace(h.vneid.config, token_url=closed)
    await _refused(h, api, await callback(api, address), before, VneidFailure.UNAVAILABLE)
    # A timeout: the provider accepts the connection and never answers.
    async with _silent_server() as port:
        h.vneid.config = dataclasses.replace(
            h.vneid.config, token_url=f"http://127.0.0.1:{port}/token", timeout_seconds=0.5
        )
        address = await choose(h, await start(api), "0")
        await _refused(h, api, await callback(api, address), before, VneidFailure.UNAVAILABLE)
    # VNeID answering 503.
    h.vneid.config = dataclasses.replace(h.vneid.config, token_url="http://127.0.0.1:9/token")
    h.vneid.transport = httpx.MockTransport(lambda request: httpx.Response(503))
    address = await choose(h, await start(api), "0")
    await _refused(h, api, await callback(api, address), before, VneidFailure.UNAVAILABLE)


async def test_without_configuration_the_start_says_vneid_is_off(app, api):
    from backend.citizens.vneid import VneidClient, config_of

    vneid = app.state.services.get(VneidClient)
    assert vneid.config == config_of(app.state.settings) and not vneid.config.ready
    started = await api.get("/api/citizens/vneid/start")
    assert failure_of(started) == VneidFailure.OFF.value
