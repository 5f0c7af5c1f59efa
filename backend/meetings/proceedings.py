"""What happens around the meeting itself: members reply to the invitation, attendance is
taken at the meeting, the minutes (biên bản) are recorded and then published to the members.

The first attendance taken marks the meeting held. Each invitee starts from what he replied
(excused → vắng có lý do, otherwise vắng) and the secretary marks who is present, so a list
sent with only those present is complete.
"""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.problems import Problem
from backend.meetings.detail import after_write
from backend.meetings.policy import POLICY
from backend.meetings.records import meeting_record, readable_meeting
from backend.meetings.scheduling import invited_users
from backend.meetings.tables import Meeting, MeetingInvitation
from backend.meetings.timeline import TIMELINE
from backend.notifications.notifier import Notifier
from shared.meetings import (
    Attendance,
    AttendanceRequest,
    MeetingAction,
    MeetingDetail,
    MeetingStatus,
    Reply,
    ReplyRequest,
)
from shared.notifications import NotificationKind


class Proceedings:
    def __init__(self, notifier: Notifier) -> None:
        self.notifier = notifier

    async def reply(self, actor: Actor, meeting_id: int, data: ReplyRequest) -> MeetingDetail:
        row, _ = await readable_meeting(actor, meeting_id)
        record, invitation = await meeting_record(actor, row)
        POLICY.require(MeetingAction.REPLY, actor, record)
        assert invitation is not None  # the rule requires it
        reason = " ".join(data.reason.split())
        if not data.attending and not reason:
            raise Problem(422, "Xin vắng cần ghi lý do.", code="reason_required")
        reply = Reply.ATTENDING if data.attending else Reply.EXCUSED
        async with db.transaction():
            await MeetingInvitation.update(
                {
                    MeetingInvitation.reply: reply.value,
                    MeetingInvitation.reason: "" if data.attending else reason,
                    MeetingInvitation.replied_at: now(),
                }
            ).where(MeetingInvitation.id == invitation["id"])
            await TIMELINE.record(meeting_id, actor, "replied", {"reply": reply.value})
        return await after_write(actor, meeting_id)

    async def take_attendance(
        self, actor: Actor, meeting_id: int, data: AttendanceRequest
    ) -> MeetingDetail:
        row, record = await readable_meeting(actor, meeting_id)
        POLICY.require(MeetingAction.TAKE_ATTENDANCE, actor, record)
        invited = {
            r["member"]: r
            for r in await MeetingInvitation.select().where(MeetingInvitation.meeting == meeting_id)
        }
        unknown = [e.member_id for e in data.entries if e.member_id not in invited]
        if unknown:
            raise Problem(
                422,
                "Có người không nằm trong danh sách được mời họp.",
                code="not_invited",
                extra={"member_ids": unknown},
            )
        stamp = now()
        async with db.transaction():
            if row["status"] != MeetingStatus.HELD:
                for invitation in invited.values():
                    start = (
                        Attendance.EXCUSED
                        if invitation["reply"] == Reply.EXCUSED
                        else Attendance.ABSENT
                    )
                    await MeetingInvitation.update(
                        {
                            MeetingInvitation.attendance: start.value,
                            MeetingInvitation.note: invitation["reason"],
                            MeetingInvitation.noted_at: stamp,
                        }
                    ).where(MeetingInvitation.id == invitation["id"])
            for entry in data.entries:
                await MeetingInvitation.update(
                    {
                        MeetingInvitation.attendance: entry.attendance.value,
                        MeetingInvitation.note: " ".join(entry.note.split())
                        or invited[entry.member_id]["reason"],
                        MeetingInvitation.noted_at: stamp,
                    }
                ).where(MeetingInvitation.id == invited[entry.member_id]["id"])
            await Meeting.update(
                {Meeting.status: MeetingStatus.HELD.value, Meeting.updated_at: stamp}
            ).where(Meeting.id == meeting_id)
            present = sum(1 for e in data.entries if e.attendance is Attendance.PRESENT)
            await TIMELINE.record(
                meeting_id,
                actor,
                "attendance_taken",
                {"entries": len(data.entries), "present": present},
            )
        return await after_write(actor, meeting_id)

    async def record_minutes(self, actor: Actor, meeting_id: int, text: str) -> MeetingDetail:
        _, record = await readable_meeting(actor, meeting_id)
        POLICY.require(MeetingAction.RECORD_MINUTES, actor, record)
        text = text.strip()
        if not text:
            raise Problem(422, "Biên bản không được để trống.", code="empty_minutes")
        async with db.transaction():
            await Meeting.update(
                {
                    Meeting.minutes: text,
                    Meeting.minutes_recorded_at: now(),
                    Meeting.updated_at: now(),
                }
            ).where(Meeting.id == meeting_id)
            await TIMELINE.record(meeting_id, actor, "minutes_recorded", {"length": len(text)})
        return await after_write(actor, meeting_id)

    async def publish_minutes(self, actor: Actor, meeting_id: int) -> MeetingDetail:
        _, record = await readable_meeting(actor, meeting_id)
        POLICY.require(MeetingAction.PUBLISH_MINUTES, actor, record)
        async with db.transaction():
            await Meeting.update(
                {Meeting.minutes_published_at: now(), Meeting.updated_at: now()}
            ).where(Meeting.id == meeting_id)
            await TIMELINE.record(meeting_id, actor, "minutes_published", {})
            await self.notifier.notify(
                [u for u in await invited_users(meeting_id) if u != actor.id],
                kind=NotificationKind.HOP_CHI_BO,
                title="Biên bản họp chi bộ đã được công bố",
                body="Mở Sổ tay đảng viên để đọc biên bản cuộc họp.",
                link=f"/so-tay/hop/{meeting_id}",
            )
        return await after_write(actor, meeting_id)
