"""State of /so-tay/chi-bo/[organisation_id]: a chi bộ for those who run it. Its roll and the
correction requests waiting (``MemberRoll.actions``), its meetings and the scheduling form
(``ChiBoMeetings.actions``). Each part shows only when the API lists its action; the import and
the statistics have states of their own (``import_state``, ``statistics_state``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import reflex as rx

from frontend import routes
from frontend.so_tay import client
from frontend.so_tay.common import Notices, parse_dmy, parse_hm
from frontend.so_tay.meetings_state import MeetingLine, meeting_line
from shared.clock import LOCAL_TZ, dmy
from shared.meetings import MeetingAction, MeetingCreate, MeetingKind
from shared.members import Correction, CorrectionResolve, MemberAction, MemberRoll


@dataclass
class RollLine:
    name: str
    note: str


@dataclass
class CorrectionRequest:
    id: int
    member: str
    field: str
    change: str
    reason: str
    can_resolve: bool


def _roll_line(m) -> RollLine:
    flags = [m.so_the, m.chuc_vu, f"vào Đảng {dmy(m.ngay_vao_dang)}"]
    if m.mien_sinh_hoat:
        flags.append("miễn sinh hoạt")
    if not m.has_account:
        flags.append("chưa có tài khoản")
    return RollLine(name=m.ho_ten, note=" · ".join(f for f in flags if f))


def _request(c: Correction) -> CorrectionRequest:
    return CorrectionRequest(
        id=c.id,
        member=c.member_name,
        field=c.field_label,
        change=f"{c.current_value or '(trống)'} → {c.proposed_value}",
        reason=c.reason,
        can_resolve=MemberAction.RESOLVE_CORRECTION in c.actions,
    )


class ChiBoState(Notices, rx.State):
    organisation_id: int = 0
    name: str = ""
    loaded: bool = False
    roll_actions: list[str] = []
    meeting_actions: list[str] = []
    members: list[RollLine] = []
    exempt: int = 0
    corrections: list[CorrectionRequest] = []
    meetings: list[MeetingLine] = []

    @rx.var
    def may(self) -> dict[str, bool]:
        return {
            "view_roll": MemberAction.VIEW_ROLL.value in self.roll_actions,
            "import": MemberAction.IMPORT.value in self.roll_actions,
            "schedule": MeetingAction.SCHEDULE.value in self.meeting_actions,
            "statistics": MeetingAction.VIEW_STATISTICS.value in self.meeting_actions,
        }

    def _apply_roll(self, roll: MemberRoll) -> None:
        self.name = roll.organisation.name
        self.roll_actions = [a.value for a in roll.actions]
        self.members = [_roll_line(m) for m in roll.members]
        self.exempt = roll.exempt
        self.corrections = [_request(c) for c in roll.pending_corrections]

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        self.roll_actions, self.meeting_actions, self.members, self.corrections = [], [], [], []
        organisation_id = self._param("organisation_id")
        if organisation_id is None:
            return
        self.organisation_id = organisation_id
        chi_bo = await self._read(lambda api: client.chi_bo_meetings(api, organisation_id))
        if chi_bo is None:
            return
        self.name = chi_bo.organisation.name
        self.meeting_actions = [a.value for a in chi_bo.actions]
        self.meetings = [meeting_line(m) for m in chi_bo.meetings]
        # The roll is for its bí thư and phó bí thư and the cấp ủy above; a chi ủy viên who
        # only sees statistics is refused it, which is not an error of this screen.
        roll = await self._call(lambda api: client.roll(api, organisation_id))
        self.message = ""
        if roll is not None:
            self._apply_roll(roll)
        self.loaded = True

    async def reload_roll(self) -> None:
        roll = await self._call(lambda api: client.roll(api, self.organisation_id))
        if roll is not None:
            self._apply_roll(roll)

    @rx.event
    async def resolve(self, form: dict):
        raw = str(form.get("correction_id") or "")
        if not raw.isdigit():
            return None
        accept = form.get("decision") == "accept"
        note = (form.get("note") or "").strip()[:1000]
        if not accept and not note:
            return self._say("Không chấp nhận thì cần ghi lý do.", False)
        self.busy = True
        done = await self._call(
            lambda api: client.resolve_correction(
                api, int(raw), CorrectionResolve(accept=accept, note=note)
            )
        )
        self.busy = False
        if done is not None:
            await self.reload_roll()
            self._say(f"{done.member_name}: {done.state_label.lower()}.", True)
        return None

    @rx.event
    async def schedule(self, form: dict):
        try:
            kind = MeetingKind(form.get("kind") or "")
        except ValueError:
            return self._say("Hãy chọn loại buổi sinh hoạt.", False)
        day, at = parse_dmy(str(form.get("day") or "")), parse_hm(str(form.get("time") or ""))
        if day is None or at is None:
            return self._say("Ngày ghi dd/mm/yyyy, giờ ghi hh:mm (ví dụ 15/01/2027, 14:00).", False)
        starts_at = datetime.combine(day, at, tzinfo=LOCAL_TZ)
        title = (form.get("title") or "").strip()
        if len(title) < 3:
            return self._say("Tên buổi sinh hoạt cần ít nhất 3 ký tự.", False)
        agenda = [line.strip()[:500] for line in str(form.get("agenda") or "").splitlines()]
        request = MeetingCreate(
            organisation_id=self.organisation_id,
            kind=kind,
            title=title[:200],
            starts_at=starts_at,
            location=(form.get("location") or "").strip()[:200],
            topic=(form.get("topic") or "").strip()[:300],
            agenda=[item for item in agenda if item][:30],
        )
        self.busy = True
        meeting = await self._call(lambda api: client.schedule(api, request))
        self.busy = False
        if meeting is None:
            return None
        return rx.redirect(routes.filled(routes.HANDBOOK_MEETING, meeting.id))
