"""Đại hội: congresses, their bodies, delegates, credentials, check-in, the live agenda and
the speakers list."""

from backend.congress.policy import global_actions
from backend.congress.tables import TABLES
from backend.core.domain import Domain

DOMAIN = Domain(
    name="congress",
    tables=TABLES,
    global_actions=global_actions,
)
