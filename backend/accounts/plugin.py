"""Users, invitations, passkeys and sessions."""

from backend.accounts.controllers import AdminController, AuthController, MeController
from backend.accounts.demo import seed_users
from backend.accounts.services import AccountService
from backend.accounts.tables import Credential, Invitation, User, UserSession
from backend.core.domain import Domain, DomainHooks
from backend.core.services import Services
from backend.core.stores import OneTimeStore, make_store


def build(services: Services) -> None:
    settings = services.settings
    # The app shares its store (Redis across workers); a command-line run gets its own.
    ceremonies = services.stores.setdefault(
        "ceremonies", make_store(settings.redis_url, f"{settings.redis_prefix}:ceremonies")
    )
    services.add(AccountService(settings, OneTimeStore(ceremonies), services.get(DomainHooks)))


DOMAIN = Domain(
    name="accounts",
    tables=[User, Credential, Invitation, UserSession],
    rate_limited=[AuthController],
    controllers=[MeController, AdminController],
    build=build,
    seed=seed_users,
)
