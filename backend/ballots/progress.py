"""Each step of a key ceremony in one transaction, and ``ballot_key.progress`` on the
congress's live stream (``congress:{id}``) after it, so that the members' browsers move on to
the next step without polling. The event names the poll, the run and its status only; the
browsers then load the progress (and hash the transcript) themselves."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from backend import db
from backend.ballots.tables import BallotCeremony, BallotKey
from backend.congress.live import stream_of
from backend.events.log import EventLog

PROGRESS = "ballot_key.progress"


async def append_progress(events: EventLog, congress_id: int, poll_id: int) -> None:
    run = (
        await BallotCeremony.select(BallotCeremony.id, BallotCeremony.status)
        .where(BallotCeremony.poll == poll_id)
        .order_by(BallotCeremony.id, ascending=False)
        .first()
    )
    key = await BallotKey.select(BallotKey.ready).where(BallotKey.poll == poll_id).first()
    await events.append(
        stream_of(congress_id),
        PROGRESS,
        {
            "poll": poll_id,
            "ceremony": run["id"] if run else None,
            "status": run["status"] if run else None,
            "ready": bool(key and key["ready"]),
        },
    )


@asynccontextmanager
async def ceremony_step(events: EventLog, congress_id: int, poll_id: int) -> AsyncIterator[None]:
    """The step's transaction; its progress event commits with it and is announced after."""
    async with db.transaction():
        yield
        await append_progress(events, congress_id, poll_id)
    await events.announce(stream_of(congress_id))
