"""A congress's timeline (a card reissued, a session opened, the floor given …), each event
also audited."""

from backend.audit.timeline import Timeline
from backend.congress.tables import CongressEvent

TIMELINE = Timeline(CongressEvent, "congress", "congress")
