"""The document register: incoming and outgoing văn bản, workflow, signing, search."""

from backend.core.domain import Domain
from backend.documents.controllers import DocumentController
from backend.documents.demo import seed_documents
from backend.documents.services import readable_file
from backend.documents.signing_controllers import DocumentSigningController
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
    seed=seed_documents,
    file_access=readable_file,
)
