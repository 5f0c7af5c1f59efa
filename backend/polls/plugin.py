"""Biểu quyết và bầu cử: a congress's polls, their counting rules, electronic votes, paper
ballots reconciled, results and the minutes."""

from backend.accounts.step_up import StepUpCeremony
from backend.core.domain import Domain
from backend.core.services import Services
from backend.events.log import EventLog
from backend.files.services import FileStore
from backend.notifications.notifier import Notifier
from backend.polls.controllers import PollController
from backend.polls.demo import seed_polls
from backend.polls.minutes import Minutes, readable_minutes
from backend.polls.paper import Paper
from backend.polls.preparing import Preparing
from backend.polls.signoff import SignOff
from backend.polls.tables import TABLES
from backend.polls.voting import TurnoutFeed, Voting
from backend.polls.window import SecretKeyGate, Window


def build(services: Services) -> None:
    events = services.get(EventLog)
    feed = TurnoutFeed(events)
    services.add(feed)
    services.add(Preparing())
    minutes = Minutes(services.get(FileStore))
    services.add(minutes)
    secret_keys = SecretKeyGate()
    services.add(secret_keys)
    services.add(Window(events, services.get(Notifier), minutes, secret_keys))
    services.add(SignOff(services.get(StepUpCeremony), minutes))
    services.add(Voting(feed))
    services.add(Paper(feed))


DOMAIN = Domain(
    name="polls",
    tables=TABLES,
    controllers=[PollController],
    build=build,
    seed=seed_polls,
    file_access=readable_minutes,
)
