"""Users, invitations, passkeys and sessions."""

from backend.accounts.admin_controllers import AdminController
from backend.accounts.assertions import AssertionCheck
from backend.accounts.ceremonies import CeremonyStore
from backend.accounts.controllers import AuthController, MeController
from backend.accounts.demo import seed_users
from backend.accounts.invitations import InvitationService
from backend.accounts.login import LoginCeremony
from backend.accounts.passkeys import PasskeyService
from backend.accounts.policy import global_actions
from backend.accounts.recoveries import RecoveryService
from backend.accounts.recovery_controllers import OwnRecoveryController, RecoveryController
from backend.accounts.registration import RegistrationCeremony
from backend.accounts.sessions import SessionService
from backend.accounts.step_up import StepUpCeremony
from backend.accounts.tables import AccountRecovery, Credential, Invitation, User, UserSession
from backend.accounts.users import UserDirectory
from backend.core.domain import Domain, DomainHooks
from backend.core.idempotency import IdempotentReplies
from backend.core.services import Services
from backend.core.stores import OneTimeStore, make_store
from backend.notifications.notifier import Notifier


def build(services: Services) -> None:
    settings = services.settings
    # The app shares its store (Redis across workers); a command-line run gets its own.
    store = services.stores.setdefault(
        "ceremonies", make_store(settings.redis_url, f"{settings.redis_prefix}:ceremonies")
    )
    ceremonies = services.add(CeremonyStore(OneTimeStore(store)))
    assertions = services.add(AssertionCheck(settings))
    sessions = services.add(SessionService(settings, services.get(DomainHooks)))
    step_up = services.add(StepUpCeremony(settings, ceremonies, assertions))
    recoveries = services.add(
        RecoveryService(settings, sessions, step_up, services.later(Notifier))
    )
    invitations = services.add(InvitationService(settings, sessions, recoveries))
    services.add(RegistrationCeremony(settings, ceremonies, invitations, sessions, recoveries))
    services.add(LoginCeremony(settings, ceremonies, assertions, sessions))
    services.add(PasskeyService())
    services.add(UserDirectory(settings))
    # A retried administrator's write gets its first answer again (shared across workers).
    replies = services.stores.setdefault(
        "idempotency", make_store(settings.redis_url, f"{settings.redis_prefix}:idempotency")
    )
    services.add(IdempotentReplies(OneTimeStore(replies)))


DOMAIN = Domain(
    name="accounts",
    tables=[User, Credential, Invitation, UserSession, AccountRecovery],
    rate_limited=[AuthController],
    controllers=[MeController, OwnRecoveryController, AdminController, RecoveryController],
    build=build,
    seed=seed_users,
    global_actions=global_actions,
)
