"""The local CA, signers' certificates, PAdES signing and verification."""

from backend.accounts.services import AccountService
from backend.core.domain import Domain
from backend.core.services import Services
from backend.signing.controllers import SigningController
from backend.signing.services import SigningService
from backend.signing.tables import SigningKey


def build(services: Services) -> None:
    services.add(SigningService(services.settings, services.get(AccountService)))


DOMAIN = Domain(name="signing", tables=[SigningKey], controllers=[SigningController], build=build)
