"""Phiếu kín điện tử: the counting board's key ceremony for a secret poll and its election
key (``docs/ballots.md``). The cryptographic core is ``backend/ballots/crypto``."""

from backend.ballots.tables import TABLES
from backend.core.domain import Domain

DOMAIN = Domain(name="ballots", tables=TABLES)
