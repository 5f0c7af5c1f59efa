"""The live counts of a consultation on the event stream ``consultation:{id}``.

After each comment, withdrawal, hiding, restoring and vote commits, ``counts.changed`` is sent
for its unit, at most every :data:`COUNTS_EVERY` seconds per unit and process
(:class:`backend.events.coalesce.Coalescer`): a burst of comments makes one event, in its own
short transaction, rather than one inside each comment's, where the stream's counter row would
make every comment on the consultation wait for the one before it. The data is small: the
consultation's totals and the counts of the unit that changed (``unit`` is null for a comment
on the whole draft); a client that needs every unit reads ``GET /api/consultations/{id}``.
The counts are read from the tally rows (:mod:`backend.consultations.tally`), not recounted.
Anyone who may read the consultation may follow its stream.
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.consultations.consulting import readable
from backend.consultations.tally import unit_counts
from backend.core.problems import Problem
from backend.events.coalesce import Coalescer
from backend.events.log import EventLog

STREAM = "consultation"
COUNTS_CHANGED = "counts.changed"
COUNTS_EVERY = 0.25  # seconds: the counts on the screens follow within a second


def stream_of(consultation_id: int) -> str:
    return f"{STREAM}:{consultation_id}"


class Live:
    def __init__(self, log: EventLog) -> None:
        self.log = log
        self._later = Coalescer(COUNTS_EVERY, "consultation counts")

    def changed(self, consultation_id: int, unit_key: str | None) -> None:
        """After the write's commit: the unit's counts go out shortly."""
        self._later.touch((consultation_id, unit_key), lambda: self.send(consultation_id, unit_key))

    async def send(self, consultation_id: int, unit_key: str | None) -> None:
        """The counts are read once the stream's turn is taken (``EventLog.append``): every
        earlier event of the consultation has committed by then, so the last event carries
        the current counts."""
        async with db.transaction():
            await self.log.append(
                stream_of(consultation_id),
                COUNTS_CHANGED,
                lambda: unit_counts(consultation_id, unit_key),
            )
        await self.log.announce(stream_of(consultation_id))

    async def drain(self) -> None:
        """Wait for the events scheduled (tests, shutdown)."""
        await self._later.drain()


async def may_follow(actor: Actor, consultation_id: int) -> bool:
    try:
        await readable(actor, consultation_id)
    except Problem:
        return False
    return True
