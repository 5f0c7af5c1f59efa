"""Đại hội: congresses, their bodies, delegates, credentials, check-in, the live agenda and
the speakers list."""

from backend.congress.bodies import Bodies
from backend.congress.credentials import Credentials
from backend.congress.delegate_controllers import CongressDelegateController
from backend.congress.demo import seed_congress
from backend.congress.documents import CongressFiles, readable_file
from backend.congress.import_layout import LAYOUT
from backend.congress.importing import DelegateImport
from backend.congress.policy import global_actions
from backend.congress.setup import Setup
from backend.congress.setup_controllers import CongressSetupController
from backend.congress.tables import TABLES
from backend.core.domain import Domain
from backend.core.services import Services
from backend.files.services import FileStore
from backend.imports.jobs import ImportRunner
from backend.notifications.notifier import Notifier


def build(services: Services) -> None:
    notifier = services.get(Notifier)
    services.add(Setup())
    services.add(Bodies(notifier))
    services.add(CongressFiles(services.get(FileStore)))
    services.add(DelegateImport(notifier))
    services.add(Credentials())
    services.get(ImportRunner).declare(LAYOUT)


DOMAIN = Domain(
    name="congress",
    tables=TABLES,
    controllers=[CongressSetupController, CongressDelegateController],
    build=build,
    seed=seed_congress,
    file_access=readable_file,
    global_actions=global_actions,
)
