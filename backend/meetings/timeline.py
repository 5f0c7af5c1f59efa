"""A meeting's timeline (scheduled, invited, attendance taken …), each event also audited."""

from backend.audit.timeline import Timeline
from backend.meetings.tables import MeetingEvent

TIMELINE = Timeline(MeetingEvent, "meeting", "meeting")
