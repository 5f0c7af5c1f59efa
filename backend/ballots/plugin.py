"""Phiếu kín điện tử: the counting board's key ceremony for a secret poll and its election
key (``docs/ballots.md``). The cryptographic core is ``backend/ballots/crypto``."""

from backend.ballots.ceremony import Ceremony
from backend.ballots.checking import Checking
from backend.ballots.controllers import KeyCeremonyController
from backend.ballots.keys import key_ready
from backend.ballots.tables import TABLES
from backend.core.domain import Domain
from backend.core.services import Services
from backend.events.log import EventLog
from backend.polls.window import SecretKeyGate


def build(services: Services) -> None:
    events = services.get(EventLog)
    services.add(Ceremony(events))
    services.add(Checking(events))
    # The polls domain opens a secret poll only once its key is ready.
    services.get(SecretKeyGate).register(key_ready)


DOMAIN = Domain(
    name="ballots",
    tables=TABLES,
    controllers=[KeyCeremonyController],
    build=build,
)
