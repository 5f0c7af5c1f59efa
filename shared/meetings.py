"""Sinh hoạt chi bộ: meetings, invitations and replies, attendance, minutes, statistics."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated

import msgspec

from shared.orgs import Organisation


class MeetingKind(enum.StrEnum):
    THUONG_KY = "thuong_ky"  # the regular monthly meeting
    CHUYEN_DE = "chuyen_de"  # a thematic meeting


MEETING_KIND_LABELS: dict[MeetingKind, str] = {
    MeetingKind.THUONG_KY: "Sinh hoạt thường kỳ",
    MeetingKind.CHUYEN_DE: "Sinh hoạt chuyên đề",
}


class MeetingStatus(enum.StrEnum):
    PREPARING = "chuan_bi"  # scheduled; the agenda and files are being prepared
    INVITED = "da_moi"  # the members are invited
    HELD = "da_hop"  # attendance was taken
    CANCELLED = "da_huy"


MEETING_STATUS_LABELS: dict[MeetingStatus, str] = {
    MeetingStatus.PREPARING: "Đang chuẩn bị",
    MeetingStatus.INVITED: "Đã mời họp",
    MeetingStatus.HELD: "Đã họp",
    MeetingStatus.CANCELLED: "Đã hủy",
}


class Reply(enum.StrEnum):
    NONE = "chua_tra_loi"
    ATTENDING = "tham_du"
    EXCUSED = "xin_vang"


REPLY_LABELS: dict[Reply, str] = {
    Reply.NONE: "Chưa trả lời",
    Reply.ATTENDING: "Sẽ tham dự",
    Reply.EXCUSED: "Xin vắng",
}


class Attendance(enum.StrEnum):
    PRESENT = "co_mat"
    EXCUSED = "vang_co_ly_do"
    ABSENT = "vang_khong_ly_do"


ATTENDANCE_LABELS: dict[Attendance, str] = {
    Attendance.PRESENT: "Có mặt",
    Attendance.EXCUSED: "Vắng có lý do",
    Attendance.ABSENT: "Vắng không lý do",
}


class MeetingAction(enum.StrEnum):
    # On a chi bộ.
    SCHEDULE = "schedule"  # its bí thư or phó bí thư
    VIEW_STATISTICS = "view_statistics"  # the same, or the cấp ủy above
    # On a meeting.
    EDIT = "edit"
    ATTACH_FILE = "attach_file"
    INVITE = "invite"
    REPLY = "reply"  # an invited member, before the meeting is held
    TAKE_ATTENDANCE = "take_attendance"  # from the meeting's day
    RECORD_MINUTES = "record_minutes"
    PUBLISH_MINUTES = "publish_minutes"
    CANCEL = "cancel"


AgendaItem = Annotated[str, msgspec.Meta(min_length=1, max_length=500)]
Title = Annotated[str, msgspec.Meta(min_length=3, max_length=200)]


class MeetingCreate(msgspec.Struct, frozen=True):
    organisation_id: Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
    kind: MeetingKind
    title: Title
    starts_at: datetime  # with its offset (+07:00)
    location: Annotated[str, msgspec.Meta(max_length=200)] = ""
    topic: Annotated[str, msgspec.Meta(max_length=300)] = ""  # the chuyên đề, when thematic
    agenda: Annotated[list[AgendaItem], msgspec.Meta(max_length=30)] = []


class MeetingUpdate(msgspec.Struct, frozen=True):
    title: Title | None = None
    starts_at: datetime | None = None
    location: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    topic: Annotated[str, msgspec.Meta(max_length=300)] | None = None
    agenda: Annotated[list[AgendaItem], msgspec.Meta(max_length=30)] | None = None


class ReplyRequest(msgspec.Struct, frozen=True):
    attending: bool
    reason: Annotated[str, msgspec.Meta(max_length=500)] = ""  # required when excusing oneself


class AttendanceEntry(msgspec.Struct, frozen=True):
    member_id: Annotated[int, msgspec.Meta(gt=0, le=2**31 - 1)]
    attendance: Attendance
    note: Annotated[str, msgspec.Meta(max_length=300)] = ""


class AttendanceRequest(msgspec.Struct, frozen=True):
    entries: Annotated[list[AttendanceEntry], msgspec.Meta(max_length=1000)]


class MinutesRequest(msgspec.Struct, frozen=True):
    text: Annotated[str, msgspec.Meta(min_length=1, max_length=100_000)]


class CancelRequest(msgspec.Struct, frozen=True):
    reason: Annotated[str, msgspec.Meta(min_length=3, max_length=500)]


class MeetingFile(msgspec.Struct, frozen=True):
    sha256: str  # download with GET /api/files/{sha256}
    filename: str
    mime: str
    size: int
    created_at: datetime


class Invitee(msgspec.Struct, frozen=True):
    member_id: int
    ho_ten: str
    exempt: bool  # miễn sinh hoạt when invited: left out of the figures
    has_account: bool
    reply: Reply
    reply_label: str
    reason: str
    replied_at: datetime | None
    attendance: Attendance | None
    attendance_label: str
    note: str


class MeetingCounts(msgspec.Struct, frozen=True):
    invited: int
    attending: int  # replied "sẽ tham dự"
    excused: int  # replied "xin vắng"
    no_reply: int
    present: int  # once attendance is taken
    absent: int


class MeetingSummary(msgspec.Struct, frozen=True):
    id: int
    organisation_id: int
    organisation_name: str
    kind: MeetingKind
    kind_label: str
    title: str
    starts_at: datetime
    location: str
    status: MeetingStatus
    status_label: str
    my_reply: Reply | None = None  # None when the caller is not invited


class MeetingDetail(msgspec.Struct, frozen=True):
    id: int
    organisation_id: int
    organisation_name: str
    kind: MeetingKind
    kind_label: str
    title: str
    topic: str
    starts_at: datetime
    location: str
    agenda: list[str]
    status: MeetingStatus
    status_label: str
    files: list[MeetingFile]
    # The caller's own invitation; every invitation only for those who run the meeting.
    my_invitation: Invitee | None
    invitees: list[Invitee]
    counts: MeetingCounts
    minutes: str | None  # to members only once published
    minutes_recorded_at: datetime | None
    minutes_published_at: datetime | None
    cancel_reason: str
    created_by_name: str
    actions: list[MeetingAction] = []


class MeetingPage(msgspec.Struct, frozen=True):
    items: list[MeetingSummary]
    next_cursor: str | None = None


class ChiBoMeetings(msgspec.Struct, frozen=True):
    """What a chi bộ offers the caller (schedule, statistics), with its meetings."""

    organisation: Organisation
    meetings: list[MeetingSummary]
    actions: list[MeetingAction] = []


# ---- statistics (in a shape a chart draws: one point per meeting, one bar per member) --------


class Figures(msgspec.Struct, frozen=True):
    expected: int  # invitations of members not exempt
    present: int
    excused: int
    absent: int
    rate: float  # present / expected, in percent (0 when nothing was expected)


class MeetingFigures(msgspec.Struct, frozen=True):
    meeting_id: int
    label: str  # dd/mm/yyyy: the chart's x axis
    title: str
    kind: MeetingKind
    figures: Figures


class MemberFigures(msgspec.Struct, frozen=True):
    member_id: int
    ho_ten: str
    figures: Figures


class ChiBoFigures(msgspec.Struct, frozen=True):
    organisation_id: int
    name: str
    meetings: int
    figures: Figures


class AttendanceStatistics(msgspec.Struct, frozen=True):
    organisation: Organisation
    date_from: date
    date_to: date
    total: Figures
    meetings: list[MeetingFigures]  # for a chi bộ
    members: list[MemberFigures]  # for a chi bộ (members exempt throughout left out)
    chi_bo: list[ChiBoFigures]  # for a đảng bộ: each chi bộ below it
    exempt_left_out: int  # invitations of exempt members not counted
