"""A congress's timeline (set up, bodies proposed and approved, delegates imported, credentials
reviewed …), each event also in the audit log."""

from backend.audit.timeline import Timeline
from backend.congress.tables import CongressEvent

TIMELINE = Timeline(CongressEvent, "congress", "congress")
