"""The installation's private keys (signing CA, VAPID), sealed in the shared database."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.vault.tables import ServerKey
from backend.vault.vault import KeyVault


def build(services: Services) -> None:
    services.add(KeyVault(services.settings.secret_key))


DOMAIN = Domain(name="vault", tables=[ServerKey], build=build)
