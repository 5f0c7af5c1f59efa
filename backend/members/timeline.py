"""A member record's timeline (imported, corrected), each event also in the audit log."""

from backend.audit.timeline import Timeline
from backend.members.tables import MemberEvent

TIMELINE = Timeline(MemberEvent, "member", "member")
