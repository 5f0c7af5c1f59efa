"""Who may do what with chi bộ meetings: the one table the commands and the answers read.

The chi bộ's bí thư and phó bí thư run its meetings: schedule, edit, attach files, invite,
take attendance, record and publish the minutes, cancel. An invited member replies (attending,
or excused with a reason) until the meeting is held. Statistics are for those who run the chi
bộ and for the cấp ủy above it. Who may *read* a meeting is :func:`may_read`: its chi bộ's
members, the invited, and the same leaders.

Rules see records already loaded with the actor's positions and the chi bộ's place
(``tests/unit/test_meetings_policy.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.accounts.identity import Actor
from backend.core.policy import Policy, on
from backend.core.problems import Problem
from backend.orgs.positions import Place, Standing, committee_above, led_by
from shared.meetings import MEETING_STATUS_LABELS, MeetingAction, MeetingStatus

A = MeetingAction
S = MeetingStatus


@dataclass(frozen=True)
class ChiBoRecord:
    place: Place
    standing: Standing
    is_chi_bo: bool


@dataclass(frozen=True)
class MeetingRecord:
    place: Place  # the meeting's chi bộ
    standing: Standing  # the actor's positions
    status: MeetingStatus
    member_of: bool  # the actor is a member of the chi bộ
    invited: bool  # the actor holds an invitation
    day_reached: bool  # today (local) is the meeting's day or later
    minutes_recorded: bool
    minutes_published: bool


def runs(record: MeetingRecord | ChiBoRecord) -> bool:
    return led_by(record.standing, record.place)


def oversees(record: MeetingRecord | ChiBoRecord) -> bool:
    """Sits on the organisation's own cấp ủy (its chi ủy, for a chi bộ) or on one above it."""
    return record.standing.on_committee(record.place.organisation_id) or committee_above(
        record.standing, record.place
    )


def may_read(actor: Actor, record: MeetingRecord) -> bool:
    return record.member_of or record.invited or oversees(record)


def in_status(*statuses: MeetingStatus):
    return lambda r: r.status in statuses


def conflict(template: str):
    """A 409 naming the meeting's status (``template`` has ``{status}``)."""
    return lambda r: Problem(
        409, template.format(status=MEETING_STATUS_LABELS[r.status]), code="invalid_transition"
    )


def _can_take_attendance(r: MeetingRecord) -> bool:
    return r.status in (S.INVITED, S.HELD) and r.day_reached and not r.minutes_published


def _cannot_take_attendance(r: MeetingRecord) -> Problem:
    if r.status in (S.INVITED, S.HELD) and not r.day_reached:
        return Problem(409, "Chưa đến ngày họp, chưa điểm danh được.", code="too_early")
    if r.minutes_published:
        return Problem(409, "Biên bản đã công bố; không sửa điểm danh được.", code="published")
    return conflict("Cuộc họp đang ở trạng thái “{status}”, không điểm danh được.")(r)


def _publishable(r: MeetingRecord) -> bool:
    return r.status is S.HELD and r.minutes_recorded and not r.minutes_published


def _not_publishable(r: MeetingRecord) -> Problem:
    if r.minutes_published:
        return Problem(409, "Biên bản đã được công bố.", code="published")
    if r.status is S.HELD:
        return Problem(409, "Chưa có biên bản để công bố.", code="no_minutes")
    return conflict("Cuộc họp đang ở trạng thái “{status}”, chưa có biên bản.")(r)


RUNS = "Chỉ bí thư hoặc phó bí thư chi bộ được {what}."

POLICY: Policy[MeetingAction, object] = Policy(
    {
        A.SCHEDULE: on(
            ChiBoRecord,
            lambda actor, r: runs(r),
            RUNS.format(what="lên lịch sinh hoạt chi bộ"),
            lambda r: r.is_chi_bo,
            lambda r: Problem(422, "Chỉ chi bộ mới lên lịch sinh hoạt chi bộ.", code="not_chi_bo"),
        ),
        A.VIEW_STATISTICS: on(
            ChiBoRecord,
            lambda actor, r: oversees(r),
            "Chỉ cấp ủy của tổ chức hoặc cấp ủy cấp trên được xem thống kê dự họp.",
        ),
        A.EDIT: on(
            MeetingRecord,
            lambda actor, r: runs(r),
            RUNS.format(what="sửa cuộc họp"),
            in_status(S.PREPARING, S.INVITED),
            conflict("Cuộc họp đang ở trạng thái “{status}”, không sửa được."),
        ),
        A.ATTACH_FILE: on(
            MeetingRecord,
            lambda actor, r: runs(r),
            RUNS.format(what="đính kèm tài liệu họp"),
            lambda r: r.status is not S.CANCELLED and not r.minutes_published,
            conflict("Cuộc họp đang ở trạng thái “{status}”, không thêm tài liệu được."),
        ),
        A.INVITE: on(
            MeetingRecord,
            lambda actor, r: runs(r),
            RUNS.format(what="mời họp"),
            in_status(S.PREPARING, S.INVITED),
            conflict("Cuộc họp đang ở trạng thái “{status}”, không mời họp được."),
        ),
        A.REPLY: on(
            MeetingRecord,
            lambda actor, r: r.invited,
            "Chỉ đảng viên được mời họp mới trả lời giấy mời.",
            in_status(S.INVITED),
            conflict("Cuộc họp đang ở trạng thái “{status}”, không trả lời giấy mời được nữa."),
        ),
        A.TAKE_ATTENDANCE: on(
            MeetingRecord,
            lambda actor, r: runs(r),
            RUNS.format(what="điểm danh"),
            _can_take_attendance,
            _cannot_take_attendance,
        ),
        A.RECORD_MINUTES: on(
            MeetingRecord,
            lambda actor, r: runs(r),
            RUNS.format(what="ghi biên bản"),
            lambda r: r.status is S.HELD and not r.minutes_published,
            lambda r: (
                Problem(409, "Biên bản đã công bố; không sửa được.", code="published")
                if r.minutes_published
                else conflict(
                    "Cuộc họp đang ở trạng thái “{status}”; điểm danh trước khi ghi biên bản."
                )(r)
            ),
        ),
        A.PUBLISH_MINUTES: on(
            MeetingRecord,
            lambda actor, r: runs(r),
            RUNS.format(what="công bố biên bản"),
            _publishable,
            _not_publishable,
        ),
        A.CANCEL: on(
            MeetingRecord,
            lambda actor, r: runs(r),
            RUNS.format(what="hủy cuộc họp"),
            in_status(S.PREPARING, S.INVITED),
            conflict("Cuộc họp đang ở trạng thái “{status}”, không hủy được."),
        ),
    }
)
