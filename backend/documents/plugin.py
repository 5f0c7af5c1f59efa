"""The document register: incoming and outgoing văn bản, workflow, signing, search."""

from backend.core.domain import Domain
from backend.core.services import Services
from backend.documents import indexing
from backend.documents.controllers import DocumentController
from backend.documents.demo import seed_documents
from backend.documents.outgoing import Outgoing
from backend.documents.policy import global_actions
from backend.documents.queries import readable_file
from backend.documents.registration import Registration
from backend.documents.signing_controllers import DocumentSigningController
from backend.documents.subjects import notification_subjects
from backend.documents.tables import (
    Assignment,
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentShare,
    NumberCounter,
    Opinion,
    ReadReceipt,
)
from backend.documents.workflow import Workflow
from backend.files.services import FileStore
from backend.notifications.notifier import Notifier


def build(services: Services) -> None:
    files, notifier = services.get(FileStore), services.get(Notifier)
    services.add(Registration(files))
    services.add(Workflow(notifier))
    services.add(Outgoing(files, notifier))


DOMAIN = Domain(
    name="documents",
    tables=[
        Document,
        DocumentFile,
        NumberCounter,
        Assignment,
        Opinion,
        DocumentShare,
        ReadReceipt,
        DocumentEvent,
    ],
    controllers=[DocumentController, DocumentSigningController],
    build=build,
    seed=seed_documents,
    file_access=readable_file,
    global_actions=global_actions,
    search_index=indexing.reindex_all,
    notification_subjects=notification_subjects,
)
