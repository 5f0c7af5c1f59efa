"""Users, invitations, passkeys and sessions."""

from backend.accounts.assertions import AssertionCheck
from backend.accounts.ceremonies import CeremonyStore
from backend.accounts.controllers import AdminController, AuthController, MeController
from backend.accounts.demo import seed_users
from backend.accounts.invitations import InvitationService
from backend.accounts.login import LoginCeremony
from backend.accounts.passkeys import PasskeyService
from backend.accounts.policy import global_actions
from backend.accounts.registration import RegistrationCeremony
from backend.accounts.sessions import SessionService
from backend.accounts.step_up import StepUpCeremony
from backend.accounts.tables import Credential, Invitation, User, UserSession
from backend.core.domain import Domain, DomainHooks
from backend.core.services import Services
from backend.core.stores import OneTimeStore, make_store


def build(services: Services) -> None:
    settings = services.settings
    # The app shares its store (Redis across workers); a command-line run gets its own.
    store = services.stores.setdefault(
        "ceremonies", make_store(settings.redis_url, f"{settings.redis_prefix}:ceremonies")
    )
    ceremonies = services.add(CeremonyStore(OneTimeStore(store)))
    assertions = services.add(AssertionCheck(settings))
    sessions = services.add(SessionService(settings, services.get(DomainHooks)))
    invitations = services.add(InvitationService(settings, sessions))
    services.add(RegistrationCeremony(settings, ceremonies, invitations, sessions))
    services.add(LoginCeremony(settings, ceremonies, assertions, sessions))
    services.add(StepUpCeremony(settings, ceremonies, assertions))
    services.add(PasskeyService())


DOMAIN = Domain(
    name="accounts",
    tables=[User, Credential, Invitation, UserSession],
    rate_limited=[AuthController],
    controllers=[MeController, AdminController],
    build=build,
    seed=seed_users,
    global_actions=global_actions,
)
