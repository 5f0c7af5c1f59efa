"""The presidium runs the sessions: opens one (its first item becomes the current one),
moves the current item (next, previous, or a given item of the open session; the item it
leaves is done), and closes it.

Each step appends an event to ``congress:{id}`` carrying the new position (the session, the
current item with its title, ordinal and start, who has the floor and who is next), so a phone
redraws from the event alone: ``session.opened``, ``agenda.moved``, ``session.closed``.
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.congress.checkin import session_row
from backend.congress.live import lock_congress, stream_of
from backend.congress.live_state import position_data, state_of
from backend.congress.policy import POLICY
from backend.congress.records import ITEM_NOT_FOUND, congress_row, readable_congress
from backend.congress.tables import AgendaItemRow, Congress, CongressSessionRow, Speaker
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.events.log import EventLog
from shared.congress import (
    CongressAction,
    CongressStatus,
    ItemStatus,
    SessionStatus,
    SpeakerStatus,
)
from shared.congress_hall import AgendaMove, LiveState


def _no_open_session() -> Problem:
    return Problem(
        409,
        "Chưa có phiên họp nào đang diễn ra; Đoàn Chủ tịch cần khai mạc phiên trước.",
        code="no_open_session",
    )


async def finish_speaking(congress_id: int) -> int | None:
    """Inside a transaction: the speaker who has the floor in the congress finishes now.
    Returns his request's id, or None."""
    speaking = (
        await Speaker.select(Speaker.id)
        .where((Speaker.congress == congress_id) & (Speaker.status == SpeakerStatus.SPEAKING))
        .first()
    )
    if speaking is None:
        return None
    await Speaker.update(
        {Speaker.status: SpeakerStatus.DONE.value, Speaker.finished_at: now()}
    ).where(Speaker.id == speaking["id"])
    return speaking["id"]


async def _end_item(item_id: int | None) -> None:
    if item_id is not None:
        await AgendaItemRow.update(
            {AgendaItemRow.status: ItemStatus.DONE.value, AgendaItemRow.ended_at: now()}
        ).where(AgendaItemRow.id == item_id)


async def _start_item(item_id: int) -> None:
    await AgendaItemRow.update(
        {
            AgendaItemRow.status: ItemStatus.CURRENT.value,
            AgendaItemRow.started_at: now(),
            AgendaItemRow.ended_at: None,
        }
    ).where(AgendaItemRow.id == item_id)


class Agenda:
    def __init__(self, events: EventLog) -> None:
        self.events = events

    async def _run(self, actor: Actor, congress_id: int) -> None:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.RUN_SESSIONS, actor, record)

    async def _publish(self, congress_id: int, kind: str, extra: dict) -> None:
        """Inside the transaction: the event with the position as written."""
        data = await position_data(congress_id)
        await self.events.append(stream_of(congress_id), kind, data | extra)

    async def open_session(self, actor: Actor, congress_id: int, session_id: int) -> LiveState:
        await self._run(actor, congress_id)
        await session_row(congress_id, session_id)
        async with db.transaction():
            await lock_congress(congress_id)
            congress = await congress_row(congress_id)
            session = await session_row(congress_id, session_id)
            if session["status"] == SessionStatus.OPEN:
                raise Problem(
                    409, f"Phiên “{session['title']}” đang họp.", code="session_already_open"
                )
            if session["status"] == SessionStatus.CLOSED:
                raise Problem(
                    409,
                    f"Phiên “{session['title']}” đã bế mạc, không khai mạc lại được.",
                    code="session_closed",
                )
            if congress["current_session_id"] is not None:
                current = await session_row(congress_id, congress["current_session_id"])
                raise Problem(
                    409,
                    f"Phiên “{current['title']}” đang họp; hãy bế mạc phiên đó trước khi khai "
                    "mạc phiên khác.",
                    code="other_session_open",
                )
            first = (
                await AgendaItemRow.select(AgendaItemRow.id)
                .where(AgendaItemRow.session == session_id)
                .order_by(AgendaItemRow.ordinal)
                .first()
            )
            stamp = now()
            await CongressSessionRow.update(
                {
                    CongressSessionRow.status: SessionStatus.OPEN.value,
                    CongressSessionRow.opened_at: stamp,
                }
            ).where(CongressSessionRow.id == session_id)
            if first is not None:
                await _start_item(first["id"])
            await Congress.update(
                {
                    Congress.status: CongressStatus.IN_SESSION.value,
                    Congress.current_session_id: session_id,
                    Congress.current_item_id: first["id"] if first else None,
                    Congress.updated_at: stamp,
                }
            ).where(Congress.id == congress_id)
            await TIMELINE.record(congress_id, actor, "session_opened", {"session_id": session_id})
            await self._publish(congress_id, "session.opened", {})
        await self.events.announce(stream_of(congress_id))
        return await state_of(self.events, congress_id)

    async def close_session(self, actor: Actor, congress_id: int, session_id: int) -> LiveState:
        await self._run(actor, congress_id)
        await session_row(congress_id, session_id)
        async with db.transaction():
            await lock_congress(congress_id)
            congress = await congress_row(congress_id)
            session = await session_row(congress_id, session_id)
            if session["status"] != SessionStatus.OPEN:
                raise Problem(
                    409,
                    f"Phiên “{session['title']}” không đang họp, không bế mạc được.",
                    code="session_not_open",
                )
            stamp = now()
            await finish_speaking(congress_id)
            await _end_item(congress["current_item_id"])
            await CongressSessionRow.update(
                {
                    CongressSessionRow.status: SessionStatus.CLOSED.value,
                    CongressSessionRow.closed_at: stamp,
                }
            ).where(CongressSessionRow.id == session_id)
            await Congress.update(
                {
                    Congress.current_session_id: None,
                    Congress.current_item_id: None,
                    Congress.updated_at: stamp,
                }
            ).where(Congress.id == congress_id)
            await TIMELINE.record(congress_id, actor, "session_closed", {"session_id": session_id})
            closed = await session_row(congress_id, session_id)
            from_position = await position_data(congress_id)
            await self.events.append(
                stream_of(congress_id),
                "session.closed",
                from_position | {"closed_session": _closed_data(closed)},
            )
        await self.events.announce(stream_of(congress_id))
        return await state_of(self.events, congress_id)

    async def move(self, actor: Actor, congress_id: int, data: AgendaMove) -> LiveState:
        await self._run(actor, congress_id)
        if data.to == "item" and data.item_id is None:
            raise Problem(422, "Hãy chọn nội dung cần chuyển đến.", code="item_required")
        async with db.transaction():
            await lock_congress(congress_id)
            congress = await congress_row(congress_id)
            session_id = congress["current_session_id"]
            if session_id is None:
                raise _no_open_session()
            items = (
                await AgendaItemRow.select(AgendaItemRow.id, AgendaItemRow.title)
                .where(AgendaItemRow.session == session_id)
                .order_by(AgendaItemRow.ordinal)
            )
            target = await _target(congress_id, data, items, congress["current_item_id"])
            previous = congress["current_item_id"]
            finished = await finish_speaking(congress_id)
            await _end_item(previous)
            await _start_item(target)
            await Congress.update(
                {Congress.current_item_id: target, Congress.updated_at: now()}
            ).where(Congress.id == congress_id)
            await TIMELINE.record(
                congress_id, actor, "agenda_moved", {"from": previous, "to": target}
            )
            await self._publish(
                congress_id,
                "agenda.moved",
                {"previous_item_id": previous, "finished_speaker_id": finished},
            )
        await self.events.announce(stream_of(congress_id))
        return await state_of(self.events, congress_id)


def _closed_data(session: dict) -> dict:
    return {
        "id": session["id"],
        "ordinal": session["ordinal"],
        "title": session["title"],
        "status": session["status"],
        "closed_at": session["closed_at"].isoformat() if session["closed_at"] else None,
    }


async def _target(congress_id: int, data: AgendaMove, items: list[dict], current: int | None):
    ids = [i["id"] for i in items]
    at = ids.index(current) if current in ids else None
    if data.to == "item":
        if data.item_id not in ids:
            found = (
                await AgendaItemRow.select(AgendaItemRow.id)
                .where((AgendaItemRow.id == data.item_id) & (AgendaItemRow.congress == congress_id))
                .first()
            )
            if found is None:
                raise Problem(404, ITEM_NOT_FOUND, code="agenda_item_not_found")
            raise Problem(
                409,
                "Nội dung này thuộc phiên khác, không phải phiên đang họp.",
                code="item_in_other_session",
            )
        target = data.item_id
    elif data.to == "next":
        index = 0 if at is None else at + 1
        if index >= len(ids):
            raise Problem(
                409,
                "Đây đã là nội dung cuối cùng của phiên; khi xong, hãy bế mạc phiên.",
                code="last_item",
            )
        target = ids[index]
    else:
        if at is None or at == 0:
            raise Problem(409, "Đây đã là nội dung đầu tiên của phiên.", code="first_item")
        target = ids[at - 1]
    if target == current:
        raise Problem(409, "Nội dung này đang diễn ra.", code="item_already_current")
    return target
