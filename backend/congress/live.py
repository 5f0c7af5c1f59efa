"""What every live write of a congress shares: its event stream's name, and the lock that
puts a congress's live writes one after the other.

A live write (a check-in, an agenda move, a change to a speakers list) reads the state it
changes, writes, and appends an event carrying the new state (the counts, the item, the
list) to ``congress:{id}``. Two such writes at once must not both read the old state: on
PostgreSQL the first statement of the transaction locks the congress's row
(``SELECT … FOR UPDATE``) until the commit; on SQLite every write transaction already holds
the database's write lock from its ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

from typing import Any

import msgspec

from backend import db
from backend.congress.tables import Congress

STREAM_PREFIX = "congress"


def stream_of(congress_id: int) -> str:
    return f"{STREAM_PREFIX}:{congress_id}"


async def lock_congress(congress_id: int) -> None:
    """Inside the caller's transaction: wait for the congress's other live writes to commit."""
    if db.is_postgres():
        await Congress.raw('SELECT "id" FROM "congress" WHERE "id" = {} FOR UPDATE', congress_id)


def event_data(value: Any) -> dict[str, Any]:
    """A struct (or a dict of them) as the JSON object an event carries."""
    return msgspec.to_builtins(value)
