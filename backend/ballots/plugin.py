"""Phiếu kín điện tử: the counting board's key ceremony for a secret poll and its election
key (``docs/ballots.md``). The cryptographic core is ``backend/ballots/crypto``."""

from backend.ballots.board import freeze
from backend.ballots.board_controllers import SecretBallotController
from backend.ballots.board_tables import BOARD_TABLES
from backend.ballots.casting import Casting
from backend.ballots.ceremony import Ceremony
from backend.ballots.check_pool import BallotChecker, ballot_checks
from backend.ballots.checking import Checking
from backend.ballots.controllers import KeyCeremonyController
from backend.ballots.keys import key_ready
from backend.ballots.tables import TABLES
from backend.ballots.tallying import Tallying
from backend.core.domain import Domain
from backend.core.services import Services
from backend.events.log import EventLog
from backend.polls.minutes import Minutes
from backend.polls.voting import TurnoutFeed
from backend.polls.window import SecretKeyGate


def build(services: Services) -> None:
    events = services.get(EventLog)
    services.add(Ceremony(events))
    services.add(Checking(events))
    # The polls domain opens a secret poll only once its key is ready.
    services.get(SecretKeyGate).register(key_ready)
    # Casting and the tally: proofs checked in a process pool, the board frozen at close.
    checker = BallotChecker(services.settings.ballot_check_workers)
    services.add(checker)
    services.add(Casting(checker, services.get(TurnoutFeed)))
    services.add(Tallying(services.get(Minutes)))
    services.get(SecretKeyGate).register_freeze(freeze)


DOMAIN = Domain(
    name="ballots",
    tables=[*TABLES, *BOARD_TABLES],
    controllers=[KeyCeremonyController, SecretBallotController],
    build=build,
    lifespan=ballot_checks,
)
