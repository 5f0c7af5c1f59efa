"""Biểu quyết và bầu cử: a congress's polls, their counting rules, electronic votes, paper
ballots reconciled, results and the minutes."""

from backend.core.domain import Domain
from backend.polls.tables import TABLES

DOMAIN = Domain(
    name="polls",
    tables=TABLES,
)
