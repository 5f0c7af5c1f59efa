"""The live position of a congress as one answer (``GET /api/congresses/{id}/live``) and as
the data of the events that move it: the open session, its current item, who has the floor
and who is next, and the session's attendance."""

from __future__ import annotations

from typing import Any

from backend.accounts.identity import Actor
from backend.congress.attendance import counts_of
from backend.congress.live import event_data, stream_of
from backend.congress.policy import POLICY
from backend.congress.records import congress_row, readable_congress
from backend.congress.speaker_lists import floor_of
from backend.congress.tables import AgendaItemRow, CongressSessionRow
from backend.events.log import EventLog
from shared.congress import CongressAction, CongressStatus, SessionStatus
from shared.congress_hall import LiveItem, LiveSession, LiveState


def live_session(row: dict) -> LiveSession:
    return LiveSession(
        id=row["id"],
        ordinal=row["ordinal"],
        title=row["title"],
        status=SessionStatus(row["status"]),
        opened_at=row["opened_at"],
        closed_at=row["closed_at"],
    )


def live_item(row: dict) -> LiveItem:
    return LiveItem(
        id=row["id"],
        session_id=row["session"],
        ordinal=row["ordinal"],
        title=row["title"],
        presenter=row["presenter"],
        planned_minutes=row["planned_minutes"],
        started_at=row["started_at"],
        speaking_open=bool(row["speaking_open"]),
    )


async def _session(session_id: int | None) -> dict | None:
    if session_id is None:
        return None
    return await CongressSessionRow.select().where(CongressSessionRow.id == session_id).first()


async def _item(item_id: int | None) -> dict | None:
    if item_id is None:
        return None
    return await AgendaItemRow.select().where(AgendaItemRow.id == item_id).first()


async def position_data(congress_id: int) -> dict[str, Any]:
    """The congress's position now (inside a transaction: as that transaction wrote it), as
    an event's data: ``session``, ``item``, ``speaker``, ``next_speakers``."""
    row = await congress_row(congress_id)
    session = await _session(row["current_session_id"])
    item = await _item(row["current_item_id"])
    speaker, next_speakers = await floor_of(item["id"] if item else None)
    return event_data(
        {
            "session": live_session(session) if session else None,
            "item": live_item(item) if item else None,
            "speaker": speaker,
            "next_speakers": next_speakers,
        }
    )


async def state_of(events: EventLog, congress_id: int) -> LiveState:
    # The last event id first: whatever committed after it is in the state read below or in
    # the events a client then reads from that id (each carries the state it changed).
    stream = stream_of(congress_id)
    last_event_id = await events.last_id(stream)
    row = await congress_row(congress_id)
    session = await _session(row["current_session_id"])
    item = await _item(row["current_item_id"])
    speaker, next_speakers = await floor_of(item["id"] if item else None)
    return LiveState(
        congress_id=congress_id,
        congress_name=row["name"],
        congress_status=CongressStatus(row["status"]),
        session=live_session(session) if session else None,
        item=live_item(item) if item else None,
        speaker=speaker,
        next_speakers=next_speakers,
        attendance=await counts_of(congress_id, session["id"]) if session else None,
        last_event_id=last_event_id,
        stream=stream,
    )


async def live_state(events: EventLog, actor: Actor, congress_id: int) -> LiveState:
    _, record = await readable_congress(actor, congress_id)
    POLICY.require(CongressAction.READ, actor, record)
    return await state_of(events, congress_id)
