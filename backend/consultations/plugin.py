"""Góp ý dự thảo: drafts and their versions, consultations, citizens' comments and votes,
moderation."""

from backend.consultations.policy import global_actions
from backend.consultations.tables import TABLES
from backend.core.domain import Domain

DOMAIN = Domain(
    name="consultations",
    tables=TABLES,
    global_actions=global_actions,
)
