"""Đại hội: congresses, their bodies, delegates, credentials, check-in, the live agenda and
the speakers list."""

from backend.accounts.identity import Actor
from backend.congress.agenda import Agenda
from backend.congress.bodies import Bodies
from backend.congress.cards import Cards, CardTokens
from backend.congress.checkin import Checkins
from backend.congress.credentials import Credentials
from backend.congress.delegate_controllers import CongressDelegateController
from backend.congress.demo import seed_congress
from backend.congress.documents import CongressFiles, readable_file
from backend.congress.import_layout import LAYOUT
from backend.congress.importing import DelegateImport
from backend.congress.live import STREAM_PREFIX
from backend.congress.live_controllers import CardController, CheckinController, LiveController
from backend.congress.papers import Papers, readable_paper
from backend.congress.policy import global_actions, may_read
from backend.congress.records import congress_record
from backend.congress.setup import Setup
from backend.congress.setup_controllers import CongressSetupController
from backend.congress.speakers import Speakers
from backend.congress.tables import TABLES, Congress
from backend.core.domain import Domain
from backend.core.sealed import Sealer
from backend.core.services import Services
from backend.events.log import EventLog
from backend.files.services import FileStore
from backend.imports.jobs import ImportRunner
from backend.notifications.notifier import Notifier


def build(services: Services) -> None:
    notifier = services.get(Notifier)
    events = services.get(EventLog)
    services.add(Setup(events))
    services.add(Bodies(notifier))
    services.add(CongressFiles(services.get(FileStore)))
    services.add(DelegateImport(notifier))
    services.add(Credentials(events))
    services.get(ImportRunner).declare(LAYOUT)
    tokens = CardTokens(Sealer(services.settings.secret_key))
    services.add(tokens)
    services.add(Cards(tokens))
    services.add(Checkins(tokens, events))
    services.add(Agenda(events))
    speakers = Speakers(events, notifier)
    services.add(speakers)
    services.add(Papers(services.get(FileStore), speakers))


async def may_follow(actor: Actor, congress_id: int) -> bool:
    """Who may read ``congress:{id}``: its delegates and the members of its bodies."""
    row = await Congress.select().where(Congress.id == congress_id).first()
    return row is not None and may_read(await congress_record(actor, row))


async def downloadable(actor: Actor, sha256: str) -> str | None:
    """The congress's documents for delegates, and the written contributions."""
    return await readable_file(actor, sha256) or await readable_paper(actor, sha256)


DOMAIN = Domain(
    name="congress",
    tables=TABLES,
    controllers=[
        CongressSetupController,
        CongressDelegateController,
        CardController,
        CheckinController,
        LiveController,
    ],
    build=build,
    seed=seed_congress,
    file_access=downloadable,
    global_actions=global_actions,
    event_streams={STREAM_PREFIX: may_follow},
)
