"""State of /so-tay/hop/[meeting_id]: one meeting, the caller's invitation and reply, and what
those who run it may do (invite, take attendance, record and publish the minutes), as the
API's ``actions`` allow. Every write answers with the whole meeting, which the screen shows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import reflex as rx

from frontend.api import ApiClient
from frontend.so_tay import client
from frontend.so_tay.common import Notices
from shared.clock import dmy_hm
from shared.meetings import (
    Attendance,
    AttendanceEntry,
    AttendanceRequest,
    MeetingAction,
    MeetingDetail,
    ReplyRequest,
)


@dataclass
class FileLink:
    href: str
    name: str


@dataclass
class InviteeLine:
    member_id: str
    name: str
    status: str
    # The attendance to preselect: taken, else from the reply (excused → vắng có lý do).
    attendance: str


class MeetingState(Notices, rx.State):
    meeting_id: int = 0
    loaded: bool = False
    title: str = ""
    kind: str = ""
    topic: str = ""
    when: str = ""
    location: str = ""
    status: str = ""
    chi_bo: str = ""
    agenda: list[str] = []
    files: list[FileLink] = []
    my_reply: str = ""
    my_reply_code: str = ""
    my_reason: str = ""
    invitees: list[InviteeLine] = []
    counts: str = ""
    minutes: str = ""
    minutes_state: str = ""
    cancel_reason: str = ""
    actions: list[str] = []
    excusing: bool = False

    @rx.var
    def can(self) -> dict[str, bool]:
        return {a.value: a.value in self.actions for a in MeetingAction}

    def _apply(self, m: MeetingDetail) -> None:
        self.meeting_id = m.id
        self.title = m.title
        self.kind = m.kind_label
        self.topic = m.topic
        self.when = dmy_hm(m.starts_at)
        self.location = m.location
        self.status = m.status_label
        self.chi_bo = m.organisation_name
        self.agenda = list(m.agenda)
        self.files = [
            FileLink(client.FILE.url({"download": True}, sha256=f.sha256), f.filename)
            for f in m.files
        ]
        mine = m.my_invitation
        self.my_reply = mine.reply_label if mine else ""
        self.my_reply_code = mine.reply.value if mine else ""
        self.my_reason = mine.reason if mine else ""
        self.invitees = [
            InviteeLine(
                member_id=str(i.member_id),
                name=i.ho_ten + (" (miễn sinh hoạt)" if i.exempt else ""),
                status=i.attendance_label or i.reply_label + (f": {i.reason}" if i.reason else ""),
                attendance=(
                    i.attendance.value
                    if i.attendance
                    else Attendance.EXCUSED.value
                    if i.reply.value == "xin_vang"
                    else Attendance.PRESENT.value
                ),
            )
            for i in m.invitees
        ]
        c = m.counts
        self.counts = (
            f"Mời {c.invited} · tham dự {c.attending} · xin vắng {c.excused} · "
            f"chưa trả lời {c.no_reply}"
            + (f" · có mặt {c.present} · vắng {c.absent}" if c.present or c.absent else "")
        )
        self.minutes = m.minutes or ""
        self.minutes_state = (
            f"Đã công bố {dmy_hm(m.minutes_published_at)}"
            if m.minutes_published_at
            else f"Đã ghi {dmy_hm(m.minutes_recorded_at)}, chưa công bố"
            if m.minutes_recorded_at
            else ""
        )
        self.cancel_reason = m.cancel_reason
        self.actions = [a.value for a in m.actions]

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded, self.excusing = "", "", False, False
        meeting_id = self._param("meeting_id")
        if meeting_id is None:
            return
        found = await self._read(lambda api: client.meeting(api, meeting_id))
        if found is None:
            return
        self._apply(found)
        self.loaded = True

    async def _act(self, work: Callable[[ApiClient], Awaitable[MeetingDetail]], done: str):
        self.busy = True
        self.message = ""
        found = await self._call(work)
        self.busy = False
        if found is not None:
            self._apply(found)
            self._say(done, True)

    @rx.event
    async def attend(self):
        await self._act(
            lambda api: client.reply(api, self.meeting_id, ReplyRequest(attending=True)),
            "Đã xác nhận tham dự.",
        )

    @rx.event
    def start_excuse(self):
        self.excusing = True

    @rx.event
    async def excuse(self, form: dict):
        reason = (form.get("reason") or "").strip()
        if not reason:
            return self._say("Xin vắng cần ghi lý do.", False)
        await self._act(
            lambda api: client.reply(api, self.meeting_id, ReplyRequest(False, reason[:500])),
            "Đã gửi xin vắng.",
        )
        self.excusing = False
        return None

    @rx.event
    async def invite(self):
        await self._act(
            lambda api: client.invite(api, self.meeting_id), "Đã gửi giấy mời tới đảng viên."
        )

    @rx.event
    async def take_attendance(self, form: dict):
        entries = [
            AttendanceEntry(int(line.member_id), Attendance(form[f"att-{line.member_id}"]))
            for line in self.invitees
            if form.get(f"att-{line.member_id}") in Attendance._value2member_map_
        ]
        await self._act(
            lambda api: client.take_attendance(api, self.meeting_id, AttendanceRequest(entries)),
            "Đã ghi điểm danh.",
        )

    @rx.event
    async def record_minutes(self, form: dict):
        text = (form.get("minutes") or "").strip()
        if not text:
            return self._say("Hãy nhập biên bản.", False)
        await self._act(
            lambda api: client.record_minutes(api, self.meeting_id, text), "Đã lưu biên bản."
        )
        return None

    @rx.event
    async def publish_minutes(self):
        await self._act(
            lambda api: client.publish_minutes(api, self.meeting_id),
            "Đã công bố biên bản tới đảng viên.",
        )
