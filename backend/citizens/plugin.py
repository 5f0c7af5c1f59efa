"""Công dân: VNeID sign-in, the citizen's record, consent, his data export and erasure."""

from backend.accounts.sessions import SessionService
from backend.citizens.client_key import VneidClientKey
from backend.citizens.controllers import CitizenController, VneidController
from backend.citizens.keys import CitizenKeys
from backend.citizens.own_data import CitizenData
from backend.citizens.policy import global_actions
from backend.citizens.registry import CitizenRegistry
from backend.citizens.tables import Citizen
from backend.citizens.vneid import VneidClient
from backend.core.domain import Domain, DomainHooks
from backend.core.services import Services
from backend.core.stores import OneTimeStore, make_store
from backend.vault.vault import KeyVault


def build(services: Services) -> None:
    settings = services.settings
    keys = services.add(CitizenKeys(settings.secret_key))
    registry = services.add(CitizenRegistry(keys))
    sessions = services.get(SessionService)
    services.add(CitizenData(keys, sessions, services.get(DomainHooks)))
    # Sign-ins in progress wait in the ceremonies store (Redis across workers).
    store = services.stores.setdefault(
        "ceremonies", make_store(settings.redis_url, f"{settings.redis_prefix}:ceremonies")
    )
    client_key = services.add(VneidClientKey(settings, services.get(KeyVault)))
    services.add(VneidClient(settings, OneTimeStore(store), client_key, registry, sessions))


DOMAIN = Domain(
    name="citizens",
    tables=[Citizen],
    controllers=[CitizenController],
    rate_limited=[VneidController],
    build=build,
    global_actions=global_actions,
)
