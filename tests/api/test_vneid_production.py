"""The VNeID simulator can never be on in production: the settings refuse it, the API does not
start with it, its factory and its command refuse production, and the client never points at
it there."""

from __future__ import annotations

import msgspec
import pytest

from backend.citizens.simulator.app import SimulatorInProduction, create_simulator
from backend.citizens.simulator.mount import simulator_config
from backend.citizens.vneid import config_of
from backend.settings import UnsafeForProduction, load_settings, production_problems
from tests.api.test_production import SAFE, dangbo


def test_production_settings_refuse_the_simulator():
    env = {**SAFE, "DANGBO_VNEID_SIMULATOR": "1"}
    settings = load_settings({"DANGBO_VAR_DIR": "/nonexistent-var", **env})
    assert settings.vneid_simulator
    found = production_problems(settings, env)
    assert len(found) == 1 and "DANGBO_VNEID_SIMULATOR" in found[0], found
    # The same settings outside production: the simulator is allowed and used.
    dev = msgspec.structs.replace(settings, environment="development")
    assert production_problems(dev, env) == []
    assert config_of(dev).token_url == "https://dangbo.example.vn/vneid-sim/token"
    # In production the client never points at it, whatever the flag says.
    assert config_of(settings).token_url == "" and not config_of(settings).ready


def test_the_api_does_not_start_with_the_simulator_in_production(settings):
    from backend.app import create_app

    unsafe = msgspec.structs.replace(
        settings,
        environment="production",
        origin="https://dangbo.example.vn",
        vneid_simulator=True,
    )
    with pytest.raises(UnsafeForProduction) as refused:
        create_app(unsafe)
    assert "DANGBO_VNEID_SIMULATOR" in str(refused.value)


def test_the_simulator_itself_refuses_production(app):
    from backend.citizens.client_key import VneidClientKey

    config = simulator_config(app.state.settings, app.state.services.get(VneidClientKey))
    with pytest.raises(SimulatorInProduction):
        create_simulator(config, production=True)
    assert create_simulator(config) is not None


def test_the_simulator_command_refuses_production():
    refused = dangbo("vneid-simulator", "--port", "1", env={**SAFE})
    assert refused.returncode == 2
    assert "không chạy ở chế độ production" in refused.stderr
