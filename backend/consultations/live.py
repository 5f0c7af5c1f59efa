"""The live counts of a consultation on the event stream ``consultation:{id}``.

Each comment, withdrawal, hiding, restoring and vote appends ``counts.changed`` inside its
transaction (``EventLog.append``) and announces it after the commit. The data is small: the
consultation's totals and the counts of the unit that changed (``unit`` is null for a comment
on the whole draft); a client that needs every unit reads ``GET /api/consultations/{id}``.
The counts are read from the tally rows (:mod:`backend.consultations.tally`), not recounted.
Anyone who may read the consultation may follow its stream.
"""

from __future__ import annotations

from backend.accounts.identity import Actor
from backend.consultations.consulting import readable
from backend.consultations.tally import unit_counts
from backend.core.problems import Problem
from backend.events.log import EventLog

STREAM = "consultation"
COUNTS_CHANGED = "counts.changed"


def stream_of(consultation_id: int) -> str:
    return f"{STREAM}:{consultation_id}"


class Live:
    def __init__(self, log: EventLog) -> None:
        self.log = log

    async def changed(self, consultation_id: int, unit_key: str | None) -> None:
        """Inside the caller's transaction, after its write. The counts are read once the
        stream's turn is taken (``EventLog.append``): every earlier writer of the
        consultation has committed by then, so each event carries the counts of its commit and
        the last event the current counts."""
        await self.log.append(
            stream_of(consultation_id),
            COUNTS_CHANGED,
            lambda: unit_counts(consultation_id, unit_key),
        )

    async def announce(self, consultation_id: int) -> None:
        await self.log.announce(stream_of(consultation_id))


async def may_follow(actor: Actor, consultation_id: int) -> bool:
    try:
        await readable(actor, consultation_id)
    except Problem:
        return False
    return True
