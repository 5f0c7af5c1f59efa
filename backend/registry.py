"""Every table, in dependency order, so the engine can be bound once."""

from backend.accounts.tables import Credential, Invitation, User, UserSession
from backend.audit.tables import AuditEvent
from backend.orgs.tables import Organisation

TABLES = [Organisation, User, Credential, Invitation, UserSession, AuditEvent]
