"""Attendance statistics over a period, in a shape a chart draws.

For a chi bộ: one point per meeting held (its date and the share present) and one bar per
member. For a đảng bộ: one bar per chi bộ below it. Only meetings held in the period count,
and invitations of members exempt from sinh hoạt (miễn sinh hoạt, when invited) are left out
of every figure, as Quy định 339-QĐ/TW leaves them out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from backend.accounts.identity import Actor
from backend.core.clock import LOCAL_TZ, dmy, today
from backend.core.problems import Problem
from backend.meetings.policy import POLICY
from backend.meetings.records import chi_bo_record
from backend.meetings.tables import Meeting, MeetingInvitation
from backend.members.records import membership_of
from backend.orgs.services import descendant_ids, organisation_struct
from backend.orgs.tables import Organisation
from shared.meetings import (
    Attendance,
    AttendanceStatistics,
    ChiBoFigures,
    Figures,
    MeetingAction,
    MeetingFigures,
    MeetingKind,
    MeetingStatus,
    MemberFigures,
)
from shared.orgs import OrgKind

LONGEST_PERIOD = timedelta(days=5 * 366)
CHUNK = 1000  # ids per IN (...): both engines cap a statement's parameters


def figures(attendances: Iterable[str | None]) -> Figures:
    values = list(attendances)
    present = values.count(Attendance.PRESENT)
    excused = values.count(Attendance.EXCUSED)
    expected = len(values)
    return Figures(
        expected=expected,
        present=present,
        excused=excused,
        absent=expected - present - excused,
        rate=round(100 * present / expected, 1) if expected else 0.0,
    )


def _bounds(date_from: date, date_to: date) -> tuple[datetime, datetime]:
    start = datetime.combine(date_from, time.min, tzinfo=LOCAL_TZ)
    end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=LOCAL_TZ)
    return start, end


async def statistics(
    actor: Actor, organisation_id: int | None, date_from: date | None, date_to: date | None
) -> AttendanceStatistics:
    if organisation_id is None:
        membership = await membership_of(actor.id)
        if membership is None:
            raise Problem(
                422, "Hãy chọn chi bộ hoặc đảng bộ cần xem.", code="organisation_required"
            )
        organisation_id = membership.organisation_id
    org_row, record = await chi_bo_record(actor, organisation_id)
    POLICY.require(MeetingAction.VIEW_STATISTICS, actor, record)
    date_to = date_to or today()
    date_from = date_from or date(date_to.year, 1, 1)
    if date_from > date_to:
        raise Problem(422, "Ngày bắt đầu phải trước ngày kết thúc.", code="bad_period")
    if date_to - date_from > LONGEST_PERIOD:
        raise Problem(422, "Khoảng thời gian tối đa là 5 năm.", code="bad_period")
    is_chi_bo = org_row["kind"] == OrgKind.CHI_BO
    organisations = {organisation_id} if is_chi_bo else await descendant_ids(organisation_id)
    start, end = _bounds(date_from, date_to)
    held = (
        await Meeting.select(
            Meeting.id, Meeting.organisation, Meeting.title, Meeting.kind, Meeting.starts_at
        )
        .where(
            Meeting.organisation.is_in(list(organisations))
            & (Meeting.status == MeetingStatus.HELD.value)
            & (Meeting.starts_at >= start)
            & (Meeting.starts_at < end)
        )
        .order_by(Meeting.starts_at)
    )
    invitations: list[dict] = []
    held_ids = [m["id"] for m in held]
    for start in range(0, len(held_ids), CHUNK):  # a đảng bộ over years: many meetings
        invitations += await MeetingInvitation.select(
            MeetingInvitation.meeting,
            MeetingInvitation.member,
            MeetingInvitation.member.ho_ten.as_alias("ho_ten"),
            MeetingInvitation.exempt,
            MeetingInvitation.attendance,
        ).where(MeetingInvitation.meeting.is_in(held_ids[start : start + CHUNK]))
    counted = [i for i in invitations if not i["exempt"]]
    by_meeting: dict[int, list] = defaultdict(list)
    by_member: dict[int, list] = defaultdict(list)
    names: dict[int, str] = {}
    for i in counted:
        by_meeting[i["meeting"]].append(i["attendance"])
        by_member[i["member"]].append(i["attendance"])
        names[i["member"]] = i["ho_ten"]
    meetings, chi_bo = [], []
    if is_chi_bo:
        meetings = [
            MeetingFigures(
                meeting_id=m["id"],
                label=dmy(m["starts_at"].astimezone(LOCAL_TZ).date()),
                title=m["title"],
                kind=MeetingKind(m["kind"]),
                figures=figures(by_meeting[m["id"]]),
            )
            for m in held
        ]
    else:
        chi_bo = await _per_chi_bo(organisations, held, by_meeting)
    return AttendanceStatistics(
        organisation=await organisation_struct(organisation_id),
        date_from=date_from,
        date_to=date_to,
        total=figures(i["attendance"] for i in counted),
        meetings=meetings,
        members=sorted(
            (
                MemberFigures(member_id=m, ho_ten=names[m], figures=figures(values))
                for m, values in by_member.items()
            ),
            key=lambda f: (f.figures.rate, f.ho_ten),
        )
        if is_chi_bo
        else [],
        chi_bo=chi_bo,
        exempt_left_out=len(invitations) - len(counted),
    )


async def _per_chi_bo(
    organisations: set[int], held: list[dict], by_meeting: dict[int, list]
) -> list[ChiBoFigures]:
    rows = await Organisation.select(Organisation.id, Organisation.name).where(
        Organisation.id.is_in(list(organisations)) & (Organisation.kind == OrgKind.CHI_BO.value)
    )
    found = []
    for org in sorted(rows, key=lambda r: r["name"]):
        own = [m for m in held if m["organisation"] == org["id"]]
        values = [a for m in own for a in by_meeting[m["id"]]]
        found.append(
            ChiBoFigures(
                organisation_id=org["id"],
                name=org["name"],
                meetings=len(own),
                figures=figures(values),
            )
        )
    return found
