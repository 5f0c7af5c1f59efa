"""Công dân: VNeID sign-in, the citizen's record, consent, his data export and erasure."""

from backend.citizens.keys import CitizenKeys
from backend.citizens.registry import CitizenRegistry
from backend.citizens.tables import Citizen
from backend.core.domain import Domain
from backend.core.services import Services


def build(services: Services) -> None:
    keys = services.add(CitizenKeys(services.settings.secret_key))
    services.add(CitizenRegistry(keys))


DOMAIN = Domain(name="citizens", tables=[Citizen], build=build)
