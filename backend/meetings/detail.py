"""The meeting's detail answer: what the meeting screen shows, with what the caller may do.

Members see their own invitation and, once published, the minutes; those who run the chi bộ
(and the cấp ủy above) see every invitation and the minutes as they are being written.
"""

from __future__ import annotations

import json

from backend.accounts.identity import Actor
from backend.core.convert import to_structs
from backend.meetings.policy import POLICY, MeetingRecord, oversees
from backend.meetings.records import meeting_record, meeting_row
from backend.meetings.tables import MeetingFile, MeetingInvitation
from shared.meetings import (
    ATTENDANCE_LABELS,
    MEETING_KIND_LABELS,
    MEETING_STATUS_LABELS,
    REPLY_LABELS,
    Attendance,
    Invitee,
    MeetingCounts,
    MeetingDetail,
    MeetingKind,
    MeetingStatus,
    Reply,
)
from shared.meetings import (
    MeetingFile as MeetingFileInfo,
)


def invitee(row: dict) -> Invitee:
    reply = Reply(row["reply"])
    attendance = Attendance(row["attendance"]) if row["attendance"] else None
    return Invitee(
        member_id=row["member"],
        ho_ten=row["ho_ten"],
        exempt=bool(row["exempt"]),
        has_account=row["user"] is not None,
        reply=reply,
        reply_label=REPLY_LABELS[reply],
        reason=row["reason"],
        replied_at=row["replied_at"],
        attendance=attendance,
        attendance_label=ATTENDANCE_LABELS[attendance] if attendance else "",
        note=row["note"],
    )


async def invitations(meeting_id: int) -> list[dict]:
    return (
        await MeetingInvitation.select(
            MeetingInvitation.all_columns(),
            MeetingInvitation.member.ho_ten.as_alias("ho_ten"),
            MeetingInvitation.member.user.as_alias("user"),
        )
        .where(MeetingInvitation.meeting == meeting_id)
        .order_by(MeetingInvitation.member.ho_ten)
    )


def counts(rows: list[dict]) -> MeetingCounts:
    def count(column: str, value: str) -> int:
        return sum(1 for r in rows if r[column] == value)

    return MeetingCounts(
        invited=len(rows),
        attending=count("reply", Reply.ATTENDING),
        excused=count("reply", Reply.EXCUSED),
        no_reply=count("reply", Reply.NONE),
        present=count("attendance", Attendance.PRESENT),
        absent=count("attendance", Attendance.EXCUSED) + count("attendance", Attendance.ABSENT),
    )


async def detail_of(
    actor: Actor, row: dict, record: MeetingRecord, invitation: dict | None
) -> MeetingDetail:
    meeting_id = row["id"]
    rows = await invitations(meeting_id)
    files = (
        await MeetingFile.select().where(MeetingFile.meeting == meeting_id).order_by(MeetingFile.id)
    )
    full = oversees(record)
    own = next((r for r in rows if invitation and r["id"] == invitation["id"]), None)
    status = MeetingStatus(row["status"])
    kind = MeetingKind(row["kind"])
    agenda = row["agenda"]
    return MeetingDetail(
        id=meeting_id,
        organisation_id=row["organisation"],
        organisation_name=row["organisation_name"],
        kind=kind,
        kind_label=MEETING_KIND_LABELS[kind],
        title=row["title"],
        topic=row["topic"],
        starts_at=row["starts_at"],
        location=row["location"],
        agenda=json.loads(agenda) if isinstance(agenda, str) else list(agenda),
        status=status,
        status_label=MEETING_STATUS_LABELS[status],
        files=to_structs(files, MeetingFileInfo),
        my_invitation=invitee(own) if own else None,
        invitees=[invitee(r) for r in rows] if full else [],
        counts=counts(rows),
        minutes=row["minutes"] if (full or record.minutes_published) else None,
        minutes_recorded_at=row["minutes_recorded_at"],
        minutes_published_at=row["minutes_published_at"],
        cancel_reason=row["cancel_reason"],
        created_by_name=row["created_by_name"] or "",
        actions=POLICY.actions(actor, record),
    )


async def after_write(actor: Actor, meeting_id: int) -> MeetingDetail:
    """The detail a write answers with: the row read again, readability not asked again."""
    row = await meeting_row(meeting_id)
    record, invitation = await meeting_record(actor, row)
    return await detail_of(actor, row, record, invitation)
