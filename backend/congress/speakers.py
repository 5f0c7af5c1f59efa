"""The speakers lists: a delegate asks to speak on an item or files a written contribution
(tham luận); the secretariat approves or declines the contributions; the presidium orders the
list, gives the floor (one speaker at a time in the congress: the one speaking finishes) and
ends a speech; a delegate may withdraw his own request.

Every change appends ``speakers.changed`` (the item, who has the floor on it and who is next)
to the congress's stream. The delegate is notified when his contribution is approved or
declined and when he is given the floor.
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.congress.agenda import finish_speaking
from backend.congress.live import event_data, lock_congress, stream_of
from backend.congress.policy import POLICY, CongressRecord, ItemRecord, SpeakerRecord
from backend.congress.records import item_record, readable_congress
from backend.congress.speaker_lists import (
    delegate_requests,
    floor_of,
    item_entries,
    speaker_entry,
)
from backend.congress.tables import AgendaItemRow, Delegate, Speaker
from backend.congress.timeline import TIMELINE
from backend.core.clock import now
from backend.core.problems import Problem
from backend.events.log import EventLog
from backend.notifications.notifier import Notifier
from shared.congress import (
    SPEAKER_STATUS_LABELS,
    CongressAction,
    ItemStatus,
    SpeakerKind,
    SpeakerStatus,
)
from shared.congress_hall import (
    ContributionRequest,
    ContributionReview,
    ItemSpeakers,
    MyRequests,
    SpeakerOrder,
    SpeakRequest,
)
from shared.notifications import NotificationKind

SPEAKER_NOT_FOUND = "Không tìm thấy đăng ký phát biểu hoặc tham luận này."
ACTIVE = (SpeakerStatus.REQUESTED.value, SpeakerStatus.QUEUED.value, SpeakerStatus.SPEAKING.value)
# Actions on the congress that the speakers screen offers, beside the item's own.
_LIST_ACTIONS = (CongressAction.GIVE_FLOOR, CongressAction.KEEP_SPEAKERS)
# A delegate's actions on one of his own entries.
_ENTRY_ACTIONS = (CongressAction.WITHDRAW_SPEECH, CongressAction.ATTACH_PAPER)


def _state_problem(entry_status: SpeakerStatus, expected: str, code: str) -> Problem:
    return Problem(
        409,
        f"Đăng ký này đang ở trạng thái “{SPEAKER_STATUS_LABELS[entry_status]}”, {expected}.",
        code=code,
    )


async def speaker_row(congress_id: int, speaker_id: int) -> dict:
    row = (
        await Speaker.select()
        .where((Speaker.id == speaker_id) & (Speaker.congress == congress_id))
        .first()
    )
    if row is None:
        raise Problem(404, SPEAKER_NOT_FOUND, code="speaker_not_found")
    return row


async def _next_position(item_id: int) -> int:
    rows = await Speaker.select(Speaker.position).where(
        (Speaker.item == item_id) & (Speaker.status == SpeakerStatus.QUEUED)
    )
    return max((r["position"] for r in rows), default=0) + 1


async def _delegate_user(delegate_id: int) -> list[int]:
    row = await Delegate.select(Delegate.user).where(Delegate.id == delegate_id).first()
    return [row["user"]] if row and row["user"] else []


class Speakers:
    def __init__(self, events: EventLog, notifier: Notifier) -> None:
        self.events = events
        self.notifier = notifier

    # --- reading -----------------------------------------------------------------------

    async def item_list(self, actor: Actor, congress_id: int, item_id: int) -> ItemSpeakers:
        item, record = await item_record(actor, congress_id, item_id)
        return await _answer(actor, item, record)

    async def mine(self, actor: Actor, congress_id: int) -> MyRequests:
        """The caller's own requests and contributions, each with what he may do on it."""
        _, congress = await readable_congress(actor, congress_id)
        if congress.delegate_id is None:
            return MyRequests(requests=[])
        requests = await delegate_requests(congress_id, congress.delegate_id)
        for entry in requests:
            record = SpeakerRecord(
                congress=congress,
                delegate_id=entry.delegate_id,
                status=entry.status,
                kind=entry.kind,
            )
            entry.actions = [a for a in POLICY.actions(actor, record) if a in _ENTRY_ACTIONS]
        return MyRequests(requests=requests)

    # --- writing -----------------------------------------------------------------------

    async def _changed(self, congress_id: int, item_id: int, speaker_id: int) -> None:
        """Inside the transaction: ``speakers.changed`` with the item's floor as written."""
        speaker, next_speakers = await floor_of(item_id)
        entry = await speaker_entry(speaker_id)
        assert entry is not None
        # Which entry changed, not its content: a paper waiting for review is the
        # secretariat's and its author's to read (``GET …/speakers``), not every subscriber's.
        changed = {
            "id": entry.id,
            "delegate_id": entry.delegate_id,
            "kind": entry.kind,
            "status": entry.status,
        }
        await self.events.append(
            stream_of(congress_id),
            "speakers.changed",
            event_data(
                {
                    "item_id": item_id,
                    "speaker": speaker,
                    "next_speakers": next_speakers,
                    "changed": changed,
                }
            ),
        )

    async def _after(self, actor: Actor, congress_id: int, item_id: int) -> ItemSpeakers:
        await self.events.announce(stream_of(congress_id))
        return await self.item_list(actor, congress_id, item_id)

    async def register(
        self, actor: Actor, congress_id: int, item_id: int, data: SpeakRequest
    ) -> ItemSpeakers:
        """Ask to speak in the hall: the delegate joins the end of the item's list."""
        _, record = await item_record(actor, congress_id, item_id)
        POLICY.require(CongressAction.REQUEST_TO_SPEAK, actor, record)
        delegate_id = record.congress.delegate_id
        async with db.transaction():
            await lock_congress(congress_id)
            already = (
                await Speaker.select(Speaker.id)
                .where(
                    (Speaker.item == item_id)
                    & (Speaker.delegate == delegate_id)
                    & (Speaker.kind == SpeakerKind.SPEECH)
                    & Speaker.status.is_in(list(ACTIVE))
                )
                .first()
            )
            if already is not None:
                raise Problem(
                    409,
                    "Đồng chí đã đăng ký phát biểu ở nội dung này.",
                    code="already_registered",
                )
            [row] = await Speaker.insert(
                Speaker(
                    congress=congress_id,
                    item=item_id,
                    delegate=delegate_id,
                    kind=SpeakerKind.SPEECH.value,
                    status=SpeakerStatus.QUEUED.value,
                    position=await _next_position(item_id),
                    planned_minutes=data.planned_minutes,
                    created_at=now(),
                )
            ).returning(Speaker.id)
            await TIMELINE.record(
                congress_id, actor, "speech_requested", {"item_id": item_id, "speaker": row["id"]}
            )
            await self._changed(congress_id, item_id, row["id"])
        return await self._after(actor, congress_id, item_id)

    async def contribute(
        self, actor: Actor, congress_id: int, item_id: int, data: ContributionRequest
    ) -> ItemSpeakers:
        """File a written contribution, for the secretariat to approve."""
        _, record = await item_record(actor, congress_id, item_id)
        POLICY.require(CongressAction.REQUEST_TO_SPEAK, actor, record)
        title = " ".join(data.title.split())
        if not title:
            raise Problem(422, "Tham luận cần có tiêu đề.", code="title_required")
        async with db.transaction():
            await lock_congress(congress_id)
            [row] = await Speaker.insert(
                Speaker(
                    congress=congress_id,
                    item=item_id,
                    delegate=record.congress.delegate_id,
                    kind=SpeakerKind.WRITTEN.value,
                    status=SpeakerStatus.REQUESTED.value,
                    title=title,
                    summary=data.summary.strip(),
                    created_at=now(),
                )
            ).returning(Speaker.id)
            await TIMELINE.record(
                congress_id,
                actor,
                "contribution_filed",
                {"item_id": item_id, "speaker": row["id"]},
            )
            await self._changed(congress_id, item_id, row["id"])
        return await self._after(actor, congress_id, item_id)

    async def review(
        self, actor: Actor, congress_id: int, speaker_id: int, data: ContributionReview
    ) -> ItemSpeakers:
        """The secretariat approves a written contribution (it joins the list) or declines
        it with a note; the delegate is notified either way."""
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.KEEP_SPEAKERS, actor, record)
        note = " ".join(data.note.split())
        if not data.approve and not note:
            raise Problem(422, "Không duyệt tham luận cần ghi rõ lý do.", code="note_required")
        async with db.transaction():
            await lock_congress(congress_id)
            row = await speaker_row(congress_id, speaker_id)
            if row["kind"] != SpeakerKind.WRITTEN:
                raise Problem(
                    409, "Chỉ tham luận mới cần Đoàn Thư ký duyệt.", code="not_a_contribution"
                )
            if row["status"] != SpeakerStatus.REQUESTED:
                raise _state_problem(
                    SpeakerStatus(row["status"]), "không xét duyệt lại được", "already_reviewed"
                )
            changes = {
                Speaker.status: (
                    SpeakerStatus.QUEUED if data.approve else SpeakerStatus.DECLINED
                ).value,
                Speaker.review_note: note,
                Speaker.reviewed_by: actor.id,
            }
            if data.approve:
                changes[Speaker.position] = await _next_position(row["item"])
                changes[Speaker.planned_minutes] = data.planned_minutes
            await Speaker.update(changes).where(Speaker.id == speaker_id)
            await TIMELINE.record(
                congress_id,
                actor,
                "contribution_approved" if data.approve else "contribution_declined",
                {"speaker": speaker_id},
            )
            await self.notifier.notify(
                await _delegate_user(row["delegate"]),
                kind=NotificationKind.DAI_HOI,
                title=(
                    "Tham luận của đồng chí đã được duyệt"
                    if data.approve
                    else "Tham luận của đồng chí không được duyệt"
                ),
                body=("Tham luận đã vào danh sách phát biểu." if data.approve else note),
                link=f"/dai-hoi/{congress_id}",
            )
            await self._changed(congress_id, row["item"], speaker_id)
        return await self._after(actor, congress_id, row["item"])

    async def order(
        self, actor: Actor, congress_id: int, item_id: int, data: SpeakerOrder
    ) -> ItemSpeakers:
        """The presidium's order of the item's queue: every queued request exactly once."""
        _, record = await item_record(actor, congress_id, item_id)
        POLICY.require(CongressAction.GIVE_FLOOR, actor, record.congress)
        async with db.transaction():
            await lock_congress(congress_id)
            queued = {
                r["id"]
                for r in await Speaker.select(Speaker.id).where(
                    (Speaker.item == item_id) & (Speaker.status == SpeakerStatus.QUEUED)
                )
            }
            if (
                len(data.speaker_ids) != len(set(data.speaker_ids))
                or set(data.speaker_ids) != queued
            ):
                raise Problem(
                    422,
                    "Thứ tự phát biểu phải gồm đúng mỗi đại biểu đang chờ phát biểu một lần "
                    "(danh sách vừa thay đổi? hãy tải lại).",
                    code="order_mismatch",
                    extra={"queued": sorted(queued)},
                )
            for position, speaker_id in enumerate(data.speaker_ids, start=1):
                await Speaker.update({Speaker.position: position}).where(Speaker.id == speaker_id)
            await TIMELINE.record(congress_id, actor, "speakers_ordered", {"item_id": item_id})
            if data.speaker_ids:
                await self._changed(congress_id, item_id, data.speaker_ids[0])
        return await self._after(actor, congress_id, item_id)

    async def give_floor(self, actor: Actor, congress_id: int, speaker_id: int) -> ItemSpeakers:
        """The speaker has the floor now; whoever had it finishes."""
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.GIVE_FLOOR, actor, record)
        async with db.transaction():
            await lock_congress(congress_id)
            row = await speaker_row(congress_id, speaker_id)
            if row["status"] != SpeakerStatus.QUEUED:
                raise _state_problem(
                    SpeakerStatus(row["status"]),
                    "chỉ mời phát biểu người đang chờ trong danh sách",
                    "not_queued",
                )
            item = (
                await AgendaItemRow.select(AgendaItemRow.status)
                .where(AgendaItemRow.id == row["item"])
                .first()
            )
            if item is None or item["status"] != ItemStatus.CURRENT:
                raise Problem(
                    409,
                    "Chỉ mời phát biểu ở nội dung đang diễn ra của phiên họp.",
                    code="item_not_current",
                )
            finished = await finish_speaking(congress_id)
            await Speaker.update(
                {Speaker.status: SpeakerStatus.SPEAKING.value, Speaker.floor_at: now()}
            ).where(Speaker.id == speaker_id)
            await TIMELINE.record(
                congress_id,
                actor,
                "floor_given",
                {"speaker": speaker_id, "finished": finished},
            )
            await self.notifier.notify(
                await _delegate_user(row["delegate"]),
                kind=NotificationKind.DAI_HOI,
                title="Mời đồng chí phát biểu",
                body="Đoàn Chủ tịch mời đồng chí lên phát biểu.",
                link=f"/dai-hoi/{congress_id}",
                urgent=True,
            )
            await self._changed(congress_id, row["item"], speaker_id)
        return await self._after(actor, congress_id, row["item"])

    async def finish(self, actor: Actor, congress_id: int, speaker_id: int) -> ItemSpeakers:
        """End the speech: the answer's entry carries the minutes spoken against those
        planned."""
        _, record = await readable_congress(actor, congress_id)
        POLICY.require(CongressAction.GIVE_FLOOR, actor, record)
        async with db.transaction():
            await lock_congress(congress_id)
            row = await speaker_row(congress_id, speaker_id)
            if row["status"] != SpeakerStatus.SPEAKING:
                raise _state_problem(
                    SpeakerStatus(row["status"]),
                    "không phải người đang phát biểu",
                    "not_speaking",
                )
            await Speaker.update(
                {Speaker.status: SpeakerStatus.DONE.value, Speaker.finished_at: now()}
            ).where(Speaker.id == speaker_id)
            await TIMELINE.record(congress_id, actor, "speech_finished", {"speaker": speaker_id})
            await self._changed(congress_id, row["item"], speaker_id)
        return await self._after(actor, congress_id, row["item"])

    async def withdraw(self, actor: Actor, congress_id: int, speaker_id: int) -> ItemSpeakers:
        """A delegate withdraws his own request or contribution (before he speaks)."""
        _, record = await readable_congress(actor, congress_id)
        row = await speaker_row(congress_id, speaker_id)
        POLICY.require(CongressAction.WITHDRAW_SPEECH, actor, speaker_record(record, row))
        async with db.transaction():
            await lock_congress(congress_id)
            row = await speaker_row(congress_id, speaker_id)
            POLICY.require(CongressAction.WITHDRAW_SPEECH, actor, speaker_record(record, row))
            await Speaker.update({Speaker.status: SpeakerStatus.WITHDRAWN.value}).where(
                Speaker.id == speaker_id
            )
            await TIMELINE.record(congress_id, actor, "speaker_withdrew", {"speaker": speaker_id})
            await self._changed(congress_id, row["item"], speaker_id)
        return await self._after(actor, congress_id, row["item"])


def speaker_record(congress: CongressRecord, row: dict) -> SpeakerRecord:
    return SpeakerRecord(
        congress=congress,
        delegate_id=row["delegate"],
        status=SpeakerStatus(row["status"]),
        kind=SpeakerKind(row["kind"]),
    )


async def _answer(actor: Actor, item: dict, record: ItemRecord) -> ItemSpeakers:
    entries = await item_entries(item["id"])
    congress: CongressRecord = record.congress
    actions = [a for a in POLICY.actions(actor, congress) if a in _LIST_ACTIONS]
    actions += POLICY.actions(actor, record)
    if not congress.bodies:
        # A delegate sees the hall's list and his own requests, not others' pending papers.
        entries = [
            e
            for e in entries
            if e.delegate_id == congress.delegate_id
            or e.status in (SpeakerStatus.SPEAKING, SpeakerStatus.QUEUED, SpeakerStatus.DONE)
        ]
    for entry in entries:
        mine = SpeakerRecord(
            congress=congress, delegate_id=entry.delegate_id, status=entry.status, kind=entry.kind
        )
        entry.actions = [a for a in POLICY.actions(actor, mine) if a in _ENTRY_ACTIONS]
    return ItemSpeakers(
        item_id=item["id"],
        item_title=item["title"],
        item_status=ItemStatus(item["status"]),
        speaking_open=bool(item["speaking_open"]),
        speakers=entries,
        actions=actions,
    )
