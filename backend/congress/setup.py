"""Setting a congress up: the congress itself (its creator joins its organising committee),
its sessions, the agenda items of each session, and ending it.

A congress starts ``chuan_bi``; opening its first session (the live agenda) makes it
``dang_dien_ra``; the organising committee ends it (``da_ket_thuc``), after which nothing of it
changes. Sessions and items are numbered by their ``ordinal``; a reorder names every id of the
list in its new order. Their writes wait for the congress's other live writes
(``live.lock_congress``); editing the current item publishes ``agenda.moved`` with the position
as written (the same item before and after), so that every screen shows the change.
"""

from __future__ import annotations

from datetime import datetime

from backend import db
from backend.accounts.identity import Actor
from backend.congress.detail import after_write
from backend.congress.live import lock_congress, stream_of
from backend.congress.live_state import position_data
from backend.congress.policy import POLICY
from backend.congress.records import readable_congress
from backend.congress.tables import AgendaItemRow, BodyMember, Congress, CongressSessionRow
from backend.congress.timeline import TIMELINE
from backend.core.clock import LOCAL_TZ, now
from backend.core.problems import Problem
from backend.events.log import EventLog
from backend.orgs.tables import Organisation
from shared.congress import (
    AgendaItemCreate,
    AgendaItemUpdate,
    CongressAction,
    CongressBody,
    CongressCreate,
    CongressDetail,
    CongressStatus,
    CongressUpdate,
    ItemStatus,
    Reorder,
    SessionCreate,
    SessionStatus,
    SessionUpdate,
)

A = CongressAction
SESSION_NOT_FOUND = "Không tìm thấy phiên họp này của đại hội."
ITEM_NOT_FOUND = "Không tìm thấy nội dung này trong chương trình đại hội."


def clean(text: str) -> str:
    return " ".join(text.split())


def _required(text: str, what: str) -> str:
    value = clean(text)
    if not value:
        raise Problem(422, f"Cần ghi {what}.", code="blank")
    return value


def _dates(starts_on, ends_on) -> None:
    if ends_on < starts_on:
        raise Problem(422, "Ngày bế mạc không được trước ngày khai mạc.", code="dates_out_of_order")
    if (ends_on - starts_on).days > 31:
        raise Problem(422, "Đại hội kéo dài quá một tháng; hãy kiểm tra lại ngày.", code="too_long")


def _when(starts_at: datetime) -> datetime:
    """A time without an offset is read as Vietnam's local time."""
    return starts_at.replace(tzinfo=LOCAL_TZ) if starts_at.tzinfo is None else starts_at


async def _session(congress_id: int, session_id: int) -> dict:
    row = (
        await CongressSessionRow.select()
        .where((CongressSessionRow.id == session_id) & (CongressSessionRow.congress == congress_id))
        .first()
    )
    if row is None:
        raise Problem(404, SESSION_NOT_FOUND, code="session_not_found")
    return row


async def _item(congress_id: int, item_id: int) -> dict:
    row = (
        await AgendaItemRow.select()
        .where((AgendaItemRow.id == item_id) & (AgendaItemRow.congress == congress_id))
        .first()
    )
    if row is None:
        raise Problem(404, ITEM_NOT_FOUND, code="agenda_item_not_found")
    return row


def _reorder_checked(current: list[int], wanted: list[int], what: str) -> None:
    if len(set(wanted)) != len(wanted) or set(wanted) != set(current):
        raise Problem(
            422,
            f"Thứ tự mới phải nêu đủ và mỗi {what} đúng một lần.",
            code="reorder_mismatch",
        )


async def _touch(congress_id: int) -> None:
    await Congress.update({Congress.updated_at: now()}).where(Congress.id == congress_id)


class Setup:
    def __init__(self, events: EventLog) -> None:
        self.events = events

    # ---- the congress -----------------------------------------------------------------

    async def create(self, actor: Actor, data: CongressCreate) -> CongressDetail:
        POLICY.require(A.CREATE, actor, None)
        organisation_id = data.organisation_id or actor.organisation_id
        if not await Organisation.exists().where(Organisation.id == organisation_id):
            raise Problem(422, "Không tìm thấy tổ chức đảng này.", code="organisation_not_found")
        _dates(data.starts_on, data.ends_on)
        stamp = now()
        async with db.transaction():
            [row] = await Congress.insert(
                Congress(
                    organisation=organisation_id,
                    kind=data.kind.value,
                    name=_required(data.name, "tên đại hội"),
                    term=_required(data.term, "nhiệm kỳ"),
                    venue=clean(data.venue),
                    starts_on=data.starts_on,
                    ends_on=data.ends_on,
                    status=CongressStatus.PREPARING.value,
                    created_by=actor.id,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(Congress.id)
            await BodyMember.insert(
                BodyMember(
                    congress=row["id"],
                    body=CongressBody.ORGANISING.value,
                    user=actor.id,
                    title="Trưởng ban",
                    position=1,
                    added_by=actor.id,
                    added_at=stamp,
                )
            )
            await TIMELINE.record(row["id"], actor, "created", {"kind": data.kind.value})
        return await after_write(actor, row["id"])

    async def edit(self, actor: Actor, congress_id: int, data: CongressUpdate) -> CongressDetail:
        row, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        changes: dict = {}
        if data.name is not None:
            changes[Congress.name] = _required(data.name, "tên đại hội")
        if data.term is not None:
            changes[Congress.term] = _required(data.term, "nhiệm kỳ")
        if data.venue is not None:
            changes[Congress.venue] = clean(data.venue)
        starts_on = data.starts_on or row["starts_on"]
        ends_on = data.ends_on or row["ends_on"]
        if data.starts_on is not None or data.ends_on is not None:
            _dates(starts_on, ends_on)
            changes[Congress.starts_on] = starts_on
            changes[Congress.ends_on] = ends_on
        if changes:
            async with db.transaction():
                await Congress.update({**changes, Congress.updated_at: now()}).where(
                    Congress.id == congress_id
                )
                await TIMELINE.record(
                    congress_id, actor, "edited", {"fields": sorted(c._meta.name for c in changes)}
                )
        return await after_write(actor, congress_id)

    async def end(self, actor: Actor, congress_id: int) -> CongressDetail:
        """The congress has ended (bế mạc): nothing of it changes afterwards. Refused while a
        session is open (the presidium closes it first)."""
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        if await CongressSessionRow.exists().where(
            (CongressSessionRow.congress == congress_id)
            & (CongressSessionRow.status == SessionStatus.OPEN.value)
        ):
            raise Problem(
                409,
                "Còn phiên họp đang diễn ra; Đoàn Chủ tịch bế mạc phiên đó trước khi kết thúc "
                "đại hội.",
                code="session_open",
            )
        stamp = now()
        async with db.transaction():
            await Congress.update(
                {
                    Congress.status: CongressStatus.ENDED.value,
                    Congress.current_item_id: None,
                    Congress.updated_at: stamp,
                }
            ).where(Congress.id == congress_id)
            await TIMELINE.record(congress_id, actor, "ended", {})
        return await after_write(actor, congress_id)

    # ---- sessions ---------------------------------------------------------------------

    async def add_session(
        self, actor: Actor, congress_id: int, data: SessionCreate
    ) -> CongressDetail:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        title = _required(data.title, "tên phiên họp")
        async with db.transaction():
            await lock_congress(congress_id)
            count = await CongressSessionRow.count().where(
                CongressSessionRow.congress == congress_id
            )
            [row] = await CongressSessionRow.insert(
                CongressSessionRow(
                    congress=congress_id,
                    ordinal=count + 1,
                    title=title,
                    starts_at=_when(data.starts_at),
                    status=SessionStatus.PLANNED.value,
                )
            ).returning(CongressSessionRow.id)
            await _touch(congress_id)
            await TIMELINE.record(congress_id, actor, "session_added", {"session": row["id"]})
        return await after_write(actor, congress_id)

    async def edit_session(
        self, actor: Actor, congress_id: int, session_id: int, data: SessionUpdate
    ) -> CongressDetail:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        session = await _session(congress_id, session_id)
        changes: dict = {}
        if data.title is not None:
            changes[CongressSessionRow.title] = _required(data.title, "tên phiên họp")
        if data.starts_at is not None:
            if session["status"] != SessionStatus.PLANNED.value:
                raise Problem(
                    409,
                    "Phiên họp đã khai mạc, không đổi giờ khai mạc được nữa.",
                    code="session_started",
                )
            changes[CongressSessionRow.starts_at] = _when(data.starts_at)
        if changes:
            async with db.transaction():
                await lock_congress(congress_id)
                await CongressSessionRow.update(changes).where(CongressSessionRow.id == session_id)
                await _touch(congress_id)
                await TIMELINE.record(congress_id, actor, "session_edited", {"session": session_id})
        return await after_write(actor, congress_id)

    async def reorder_sessions(
        self, actor: Actor, congress_id: int, data: Reorder
    ) -> CongressDetail:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        rows = await CongressSessionRow.select(CongressSessionRow.id).where(
            CongressSessionRow.congress == congress_id
        )
        _reorder_checked([r["id"] for r in rows], data.ids, "phiên họp")
        async with db.transaction():
            await lock_congress(congress_id)
            for ordinal, session_id in enumerate(data.ids, start=1):
                await CongressSessionRow.update({CongressSessionRow.ordinal: ordinal}).where(
                    CongressSessionRow.id == session_id
                )
            await _touch(congress_id)
            await TIMELINE.record(congress_id, actor, "sessions_reordered", {"ids": data.ids})
        return await after_write(actor, congress_id)

    # ---- agenda items -----------------------------------------------------------------

    async def add_item(
        self, actor: Actor, congress_id: int, session_id: int, data: AgendaItemCreate
    ) -> CongressDetail:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        session = await _session(congress_id, session_id)
        if session["status"] == SessionStatus.CLOSED.value:
            raise Problem(
                409, "Phiên họp đã bế mạc, không thêm nội dung được nữa.", code="session_closed"
            )
        title = _required(data.title, "tên nội dung")
        async with db.transaction():
            await lock_congress(congress_id)
            count = await AgendaItemRow.count().where(AgendaItemRow.session == session_id)
            [row] = await AgendaItemRow.insert(
                AgendaItemRow(
                    congress=congress_id,
                    session=session_id,
                    ordinal=count + 1,
                    title=title,
                    presenter=clean(data.presenter),
                    planned_minutes=data.planned_minutes,
                    status=ItemStatus.WAITING.value,
                    speaking_open=data.speaking_open,
                )
            ).returning(AgendaItemRow.id)
            await _touch(congress_id)
            await TIMELINE.record(
                congress_id, actor, "item_added", {"session": session_id, "item": row["id"]}
            )
        return await after_write(actor, congress_id)

    async def edit_item(
        self, actor: Actor, congress_id: int, item_id: int, data: AgendaItemUpdate
    ) -> CongressDetail:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        item = await _item(congress_id, item_id)
        changes: dict = {}
        if data.title is not None:
            changes[AgendaItemRow.title] = _required(data.title, "tên nội dung")
        if data.presenter is not None:
            changes[AgendaItemRow.presenter] = clean(data.presenter)
        if data.planned_minutes is not None:
            changes[AgendaItemRow.planned_minutes] = data.planned_minutes
        if data.speaking_open is not None:
            changes[AgendaItemRow.speaking_open] = data.speaking_open
        if changes and item["status"] == ItemStatus.DONE.value:
            raise Problem(409, "Nội dung này đã xong, không sửa được nữa.", code="item_done")
        if changes:
            async with db.transaction():
                await lock_congress(congress_id)
                await AgendaItemRow.update(changes).where(AgendaItemRow.id == item_id)
                await _touch(congress_id)
                await TIMELINE.record(
                    congress_id,
                    actor,
                    "item_edited",
                    {"item": item_id, "fields": sorted(c._meta.name for c in changes)},
                )
                current = await Congress.select(Congress.current_item_id).where(
                    Congress.id == congress_id
                )
                live = current[0]["current_item_id"] == item_id
                if live:
                    # The item on every screen changed: the screens follow.
                    data = await position_data(congress_id)
                    await self.events.append(
                        stream_of(congress_id),
                        "agenda.moved",
                        data | {"previous_item_id": item_id, "finished_speaker_id": None},
                    )
            if live:
                await self.events.announce(stream_of(congress_id))
        return await after_write(actor, congress_id)

    async def reorder_items(
        self, actor: Actor, congress_id: int, session_id: int, data: Reorder
    ) -> CongressDetail:
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(A.EDIT_SETUP, actor, record)
        await _session(congress_id, session_id)
        rows = await AgendaItemRow.select(AgendaItemRow.id).where(
            AgendaItemRow.session == session_id
        )
        _reorder_checked([r["id"] for r in rows], data.ids, "nội dung của phiên")
        async with db.transaction():
            await lock_congress(congress_id)
            for ordinal, item_id in enumerate(data.ids, start=1):
                await AgendaItemRow.update({AgendaItemRow.ordinal: ordinal}).where(
                    AgendaItemRow.id == item_id
                )
            await _touch(congress_id)
            await TIMELINE.record(
                congress_id, actor, "items_reordered", {"session": session_id, "ids": data.ids}
            )
        return await after_write(actor, congress_id)
