"""A question's timeline (asked, answered, published), each event also audited."""

from backend.audit.timeline import Timeline
from backend.questions.tables import QuestionEvent

TIMELINE = Timeline(QuestionEvent, "question", "question")
