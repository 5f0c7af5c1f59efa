"""Demo meetings of the demo chi bộ (``dangbo seed-demo``, idempotent): last month's regular
meeting, held, with attendance and published minutes; next week's thematic meeting, invited,
waiting for replies."""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta

from backend import db
from backend.core.clock import LOCAL_TZ, now, today
from backend.core.services import Services
from backend.meetings.tables import Meeting, MeetingEvent, MeetingInvitation
from backend.members.demo import CHI_BO
from backend.members.tables import PartyMember
from backend.orgs.services import organisation_id
from shared.meetings import Attendance, MeetingKind, MeetingStatus, Reply

PAST_TITLE = "Sinh hoạt chi bộ thường kỳ tháng trước"
NEXT_TITLE = "Sinh hoạt chuyên đề: Chuyển đổi số trong cơ quan đảng"

MINUTES = """BIÊN BẢN SINH HOẠT CHI BỘ THƯỜNG KỲ

1. Chi bộ nghe đồng chí Bí thư quán triệt nghị quyết của Đảng ủy cấp trên và thông báo tình hình thời sự trong tháng.

2. Chi bộ đánh giá kết quả thực hiện nhiệm vụ chính trị của cơ quan trong tháng: các đồng chí đảng viên hoàn thành tốt nhiệm vụ được giao.

3. Chi bộ thống nhất phương hướng, nhiệm vụ tháng tới: tiếp tục thực hiện Kế hoạch chuyển đổi số trong các cơ quan đảng; mỗi đảng viên sử dụng Sổ tay đảng viên điện tử.

Cuộc họp kết thúc lúc 16 giờ 30 cùng ngày."""  # noqa: E501


def _at(day, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=LOCAL_TZ)


async def seed_meetings(services: Services) -> dict[str, int]:
    chi_bo = await organisation_id(CHI_BO)
    if chi_bo is None:
        return {"meetings": 0}
    members = await PartyMember.select(
        PartyMember.id, PartyMember.mien_sinh_hoat, PartyMember.ho_ten
    ).where(PartyMember.organisation == chi_bo)
    if not members:
        return {"meetings": 0}
    created = 0
    first_of_month = today().replace(day=1)
    last_month = (first_of_month - timedelta(days=1)).replace(day=20)
    next_week = today() + timedelta(days=7)
    stamp = now()
    async with db.transaction():
        if not await Meeting.exists().where(
            (Meeting.organisation == chi_bo) & (Meeting.title == PAST_TITLE)
        ):
            [past] = await Meeting.insert(
                Meeting(
                    organisation=chi_bo,
                    kind=MeetingKind.THUONG_KY.value,
                    title=PAST_TITLE,
                    starts_at=_at(last_month, 14),
                    location="Phòng họp tầng 2, Văn phòng Tỉnh ủy",
                    agenda=json.dumps(
                        [
                            "Quán triệt nghị quyết của cấp trên; thông tin thời sự",
                            "Đánh giá kết quả thực hiện nhiệm vụ trong tháng",
                            "Phương hướng, nhiệm vụ tháng tới",
                        ],
                        ensure_ascii=False,
                    ),
                    status=MeetingStatus.HELD.value,
                    minutes=MINUTES,
                    minutes_recorded_at=_at(last_month, 17),
                    minutes_published_at=_at(last_month + timedelta(days=1), 8),
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(Meeting.id)
            for index, member in enumerate(members):
                absent = index == 1  # one member was excused
                await MeetingInvitation.insert(
                    MeetingInvitation(
                        meeting=past["id"],
                        member=member["id"],
                        exempt=bool(member["mien_sinh_hoat"]),
                        reply=(Reply.EXCUSED if absent else Reply.ATTENDING).value,
                        reason="Đi công tác" if absent else "",
                        attendance=(
                            Attendance.EXCUSED
                            if absent or member["mien_sinh_hoat"]
                            else Attendance.PRESENT
                        ).value,
                        note="Đi công tác" if absent else "",
                        noted_at=_at(last_month, 14),
                    )
                )
            await MeetingEvent.insert(
                MeetingEvent(meeting=past["id"], action="scheduled", detail="{}", at=stamp)
            )
            created += 1
        if not await Meeting.exists().where(
            (Meeting.organisation == chi_bo) & (Meeting.title == NEXT_TITLE)
        ):
            [upcoming] = await Meeting.insert(
                Meeting(
                    organisation=chi_bo,
                    kind=MeetingKind.CHUYEN_DE.value,
                    title=NEXT_TITLE,
                    topic="Sử dụng Sổ tay đảng viên điện tử và các ứng dụng số dùng chung",
                    starts_at=_at(next_week, 14),
                    location="Phòng họp tầng 2, Văn phòng Tỉnh ủy",
                    agenda=json.dumps(
                        [
                            "Giới thiệu Kế hoạch chuyển đổi số trong các cơ quan đảng",
                            "Hướng dẫn sử dụng Sổ tay đảng viên điện tử",
                            "Thảo luận, đăng ký việc làm cụ thể của từng đảng viên",
                        ],
                        ensure_ascii=False,
                    ),
                    status=MeetingStatus.INVITED.value,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(Meeting.id)
            await MeetingInvitation.insert(
                *[
                    MeetingInvitation(
                        meeting=upcoming["id"],
                        member=m["id"],
                        exempt=bool(m["mien_sinh_hoat"]),
                        reply=Reply.NONE.value,
                    )
                    for m in members
                ]
            )
            await MeetingEvent.insert(
                MeetingEvent(meeting=upcoming["id"], action="invited", detail="{}", at=stamp)
            )
            created += 1
    return {"meetings": created}
