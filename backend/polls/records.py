"""Loading what the polls' rules judge: a poll of a congress the actor may read, with his
bodies, his delegate row, whether he is present, how he took part, and the poll's state."""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.congress.policy import CongressRecord
from backend.congress.records import readable_congress
from backend.congress.tables import Checkin, Congress, CongressSessionRow
from backend.core.problems import Problem
from backend.polls.policy import PollRecord
from backend.polls.tables import (
    Poll,
    PollCandidateRow,
    PollMinutes,
    PollMinutesSignature,
    PollParticipation,
    PollSourceCount,
)
from shared.congress import CongressBody, SessionStatus
from shared.polls import Channel, PollMode, PollSource, PollStatus

NOT_FOUND = "Không tìm thấy cuộc bỏ phiếu này trong đại hội."


async def poll_row(congress_id: int, poll_id: int, *, lock: str = "") -> dict:
    """The poll's row (404 when it is not of this congress). Inside a transaction on
    PostgreSQL, ``lock`` (``"FOR SHARE"`` or ``"FOR UPDATE"``) holds the row until the commit:
    votes share it, closing takes it alone, so no vote lands after the close counted."""
    if lock and db.is_postgres():
        rows = await Poll.raw(
            f'SELECT * FROM "poll" WHERE "id" = {{}} AND "congress" = {{}} {lock}',
            poll_id,
            congress_id,
        )
        row = rows[0] if rows else None
    else:
        row = (
            await Poll.select().where((Poll.id == poll_id) & (Poll.congress == congress_id)).first()
        )
    if row is None:
        raise Problem(404, NOT_FOUND, code="poll_not_found")
    return row


async def open_session_id(congress_id: int) -> int | None:
    """The congress's session now open (đang họp), if any."""
    congress = (
        await Congress.select(Congress.current_session_id).where(Congress.id == congress_id).first()
    )
    session_id = congress["current_session_id"] if congress else None
    if session_id is None:
        return None
    session = (
        await CongressSessionRow.select(CongressSessionRow.status)
        .where(CongressSessionRow.id == session_id)
        .first()
    )
    if session is None or session["status"] != SessionStatus.OPEN.value:
        return None
    return session_id


async def is_present(congress_id: int, delegate_id: int) -> bool:
    """Checked in to the congress's open session."""
    session_id = await open_session_id(congress_id)
    if session_id is None:
        return False
    return await Checkin.exists().where(
        (Checkin.session == session_id) & (Checkin.delegate == delegate_id)
    )


async def participation_of(poll_id: int, delegate_id: int) -> Channel | None:
    row = (
        await PollParticipation.select(PollParticipation.channel)
        .where((PollParticipation.poll == poll_id) & (PollParticipation.delegate == delegate_id))
        .first()
    )
    return Channel(row["channel"]) if row else None


async def paper_entered(poll_id: int) -> bool:
    return await PollSourceCount.exists().where(
        (PollSourceCount.poll == poll_id) & (PollSourceCount.source == PollSource.PAPER.value)
    )


async def candidate_users(poll_id: int) -> set[int]:
    """The accounts of the poll's candidates who are delegates with one."""
    rows = await PollCandidateRow.select(PollCandidateRow.delegate.user).where(
        (PollCandidateRow.poll == poll_id) & PollCandidateRow.delegate.is_not_null()
    )
    return {r["delegate.user"] for r in rows if r["delegate.user"] is not None}


async def record_of(actor: Actor, congress: CongressRecord, row: dict) -> PollRecord:
    """Only what the rules can ask in the poll's state (a vote is the hot path)."""
    poll_id = row["id"]
    delegate_id = congress.delegate_id
    status = PollStatus(row["status"])
    counter = CongressBody.COUNTING in congress.bodies
    closed = status is PollStatus.CLOSED
    return PollRecord(
        congress=congress,
        status=status,
        mode=PollMode(row["mode"]),
        checked_in=(
            delegate_id is not None
            and status is PollStatus.OPEN
            and await is_present(congress.congress_id, delegate_id)
        ),
        participation=(
            await participation_of(poll_id, delegate_id) if delegate_id is not None else None
        ),
        candidate=counter and actor.id in await candidate_users(poll_id),
        paper_entered=status is PollStatus.OPEN and await paper_entered(poll_id),
        signed=closed
        and counter
        and await PollMinutesSignature.exists().where(
            (PollMinutesSignature.poll == poll_id) & (PollMinutesSignature.user == actor.id)
        ),
        minutes_ready=closed and await PollMinutes.exists().where(PollMinutes.poll == poll_id),
    )


async def readable_poll(actor: Actor, congress_id: int, poll_id: int) -> tuple[dict, PollRecord]:
    """The poll and the actor's record on it; 404 for a congress he may not read."""
    _, congress = await readable_congress(actor, congress_id)
    row = await poll_row(congress_id, poll_id)
    return row, await record_of(actor, congress, row)
