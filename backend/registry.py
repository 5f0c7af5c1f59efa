"""Every table, in dependency order, so the engine can be bound once."""

from backend.accounts.tables import Credential, Invitation, User, UserSession
from backend.audit.tables import AuditEvent
from backend.orgs.tables import Organisation

TABLES = [Organisation, User, Credential, Invitation, UserSession, AuditEvent]

from backend.documents.tables import (  # noqa: E402
    Assignment,
    Document,
    DocumentEvent,
    DocumentFile,
    DocumentShare,
    NumberCounter,
    Opinion,
    ReadReceipt,
)
from backend.files.tables import StoredFile  # noqa: E402

TABLES += [StoredFile, Document, DocumentFile, NumberCounter, Assignment, Opinion]
TABLES += [DocumentShare, ReadReceipt, DocumentEvent]

from backend.notifications.tables import (  # noqa: E402
    Notification,
    NotificationPreference,
    PushDelivery,
    PushSubscription,
)

TABLES += [Notification, PushSubscription, NotificationPreference, PushDelivery]

from backend.signing.tables import SigningKey  # noqa: E402

TABLES.append(SigningKey)
