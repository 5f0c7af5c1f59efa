"""Scheduling a chi bộ meeting: the date, the agenda, inviting the members, cancelling.

Invitations go to every member on the chi bộ's roll (those exempt from sinh hoạt too: they may
come, but are left out of the figures), each told through the notification centre (kind
``hop_chi_bo``) when he has an account. Inviting again after new members joined the roll
invites only them.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import LOCAL_TZ, dmy_hm, now, today
from backend.core.problems import Problem
from backend.meetings.detail import after_write
from backend.meetings.policy import POLICY
from backend.meetings.records import chi_bo_record, readable_meeting
from backend.meetings.tables import Meeting, MeetingInvitation
from backend.meetings.timeline import TIMELINE
from backend.members.tables import PartyMember
from backend.notifications.notifier import Notifier
from shared.meetings import (
    MEETING_KIND_LABELS,
    MeetingAction,
    MeetingCreate,
    MeetingDetail,
    MeetingKind,
    MeetingStatus,
    MeetingUpdate,
    Reply,
)
from shared.notifications import NotificationKind

FURTHEST_AHEAD = timedelta(days=2 * 366)


def _when(starts_at: datetime) -> datetime:
    """A time without an offset is read as Vietnam's local time."""
    if starts_at.tzinfo is None:
        starts_at = starts_at.replace(tzinfo=LOCAL_TZ)
    if starts_at.astimezone(LOCAL_TZ).date() < today():
        raise Problem(422, "Thời gian họp đã qua; hãy chọn hôm nay hoặc một ngày sau.", code="past")
    if starts_at > now() + FURTHEST_AHEAD:
        raise Problem(422, "Thời gian họp quá xa (hơn hai năm tới).", code="too_far")
    return starts_at


def _agenda(items: list[str]) -> str:
    return json.dumps([" ".join(i.split()) for i in items if i.strip()], ensure_ascii=False)


def _link(meeting_id: int) -> str:
    return f"/so-tay/hop/{meeting_id}"


async def invited_users(meeting_id: int) -> list[int]:
    rows = await MeetingInvitation.select(MeetingInvitation.member.user.as_alias("user")).where(
        MeetingInvitation.meeting == meeting_id
    )
    return [r["user"] for r in rows if r["user"] is not None]


class Scheduling:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def schedule(self, actor: Actor, data: MeetingCreate) -> MeetingDetail:
        _, record = await chi_bo_record(actor, data.organisation_id)
        POLICY.require(MeetingAction.SCHEDULE, actor, record)
        starts_at = _when(data.starts_at)
        topic = " ".join(data.topic.split())
        if data.kind is MeetingKind.CHUYEN_DE and not topic:
            raise Problem(422, "Sinh hoạt chuyên đề cần ghi chuyên đề.", code="topic_required")
        stamp = now()
        async with db.transaction():
            [row] = await Meeting.insert(
                Meeting(
                    organisation=data.organisation_id,
                    kind=data.kind.value,
                    title=" ".join(data.title.split()),
                    topic=topic,
                    starts_at=starts_at,
                    location=" ".join(data.location.split()),
                    agenda=_agenda(data.agenda),
                    status=MeetingStatus.PREPARING.value,
                    created_by=actor.id,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(Meeting.id)
            await TIMELINE.record(row["id"], actor, "scheduled", {"kind": data.kind.value})
        return await after_write(actor, row["id"])

    async def edit(self, actor: Actor, meeting_id: int, data: MeetingUpdate) -> MeetingDetail:
        row, record = await readable_meeting(actor, meeting_id)
        POLICY.require(MeetingAction.EDIT, actor, record)
        changes: dict = {}
        if data.title is not None:
            changes[Meeting.title] = " ".join(data.title.split())
        if data.location is not None:
            changes[Meeting.location] = " ".join(data.location.split())
        if data.topic is not None:
            changes[Meeting.topic] = " ".join(data.topic.split())
        if data.agenda is not None:
            changes[Meeting.agenda] = _agenda(data.agenda)
        moved = data.starts_at is not None and _when(data.starts_at) != row["starts_at"]
        if moved:
            changes[Meeting.starts_at] = _when(data.starts_at)
        if (
            row["kind"] == MeetingKind.CHUYEN_DE
            and Meeting.topic in changes
            and not changes[Meeting.topic]
        ):
            raise Problem(422, "Sinh hoạt chuyên đề cần ghi chuyên đề.", code="topic_required")
        if not changes:
            return await after_write(actor, meeting_id)
        async with db.transaction():
            await Meeting.update({**changes, Meeting.updated_at: now()}).where(
                Meeting.id == meeting_id
            )
            await TIMELINE.record(
                meeting_id, actor, "edited", {"fields": sorted(c._meta.name for c in changes)}
            )
            if moved and row["status"] == MeetingStatus.INVITED:
                await self.notifier.notify(
                    await invited_users(meeting_id),
                    kind=NotificationKind.HOP_CHI_BO,
                    title="Cuộc họp chi bộ đổi thời gian",
                    body=f"Thời gian mới: {dmy_hm(changes[Meeting.starts_at])}.",
                    link=_link(meeting_id),
                    topic=f"meeting:{meeting_id}",
                )
        return await after_write(actor, meeting_id)

    async def invite(self, actor: Actor, meeting_id: int) -> MeetingDetail:
        row, record = await readable_meeting(actor, meeting_id)
        POLICY.require(MeetingAction.INVITE, actor, record)
        async with db.transaction():
            roll = await PartyMember.select(
                PartyMember.id, PartyMember.user, PartyMember.mien_sinh_hoat
            ).where(PartyMember.organisation == row["organisation"])
            already = {
                r["member"]
                for r in await MeetingInvitation.select(MeetingInvitation.member).where(
                    MeetingInvitation.meeting == meeting_id
                )
            }
            new = [m for m in roll if m["id"] not in already]
            if not new and row["status"] == MeetingStatus.INVITED:
                raise Problem(409, "Mọi đảng viên của chi bộ đã được mời.", code="all_invited")
            if not roll:
                raise Problem(
                    409, "Chi bộ chưa có đảng viên nào trong danh sách.", code="empty_roll"
                )
            if new:
                await MeetingInvitation.insert(
                    *[
                        MeetingInvitation(
                            meeting=meeting_id,
                            member=m["id"],
                            exempt=bool(m["mien_sinh_hoat"]),
                            reply=Reply.NONE.value,
                        )
                        for m in new
                    ]
                ).on_conflict(target=(MeetingInvitation.meeting, MeetingInvitation.member))
            await Meeting.update(
                {Meeting.status: MeetingStatus.INVITED.value, Meeting.updated_at: now()}
            ).where(Meeting.id == meeting_id)
            await TIMELINE.record(meeting_id, actor, "invited", {"members": len(new)})
            kind = MEETING_KIND_LABELS[MeetingKind(row["kind"])]
            await self.notifier.notify(
                [m["user"] for m in new if m["user"] is not None],
                kind=NotificationKind.HOP_CHI_BO,
                title="Mời họp chi bộ",
                body=f"{kind}, {dmy_hm(row['starts_at'])}. Hãy xác nhận tham dự.",
                link=_link(meeting_id),
                topic=f"meeting:{meeting_id}",
            )
        return await after_write(actor, meeting_id)

    async def cancel(self, actor: Actor, meeting_id: int, reason: str) -> MeetingDetail:
        row, record = await readable_meeting(actor, meeting_id)
        POLICY.require(MeetingAction.CANCEL, actor, record)
        async with db.transaction():
            await Meeting.update(
                {
                    Meeting.status: MeetingStatus.CANCELLED.value,
                    Meeting.cancel_reason: " ".join(reason.split()),
                    Meeting.updated_at: now(),
                }
            ).where(Meeting.id == meeting_id)
            await TIMELINE.record(meeting_id, actor, "cancelled", {})
            await self.notifier.notify(
                await invited_users(meeting_id),
                kind=NotificationKind.HOP_CHI_BO,
                title="Cuộc họp chi bộ bị hủy",
                body=f"Cuộc họp {dmy_hm(row['starts_at'])} đã bị hủy.",
                link=_link(meeting_id),
                topic=f"meeting:{meeting_id}",
            )
        return await after_write(actor, meeting_id)
