"""Attendance statistics of a chi bộ over a period (this year by default): per meeting, per
member (the lowest rate first) and, for a đảng bộ, per chi bộ; drawn as CSS bars."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.so_tay import client
from frontend.so_tay.chi_bo_state import ChiBoState
from frontend.so_tay.common import Notices, parse_dmy, percent
from shared.clock import dmy
from shared.meetings import AttendanceStatistics, Figures


@dataclass
class Bar:
    label: str
    rate: int
    caption: str


def _bar(label: str, figures: Figures) -> Bar:
    return Bar(
        label=label,
        rate=round(figures.rate),
        caption=f"{percent(figures.rate)} ({figures.present}/{figures.expected})",
    )


class StatisticsState(Notices, rx.State):
    shown: bool = False
    period: str = ""
    total: str = ""
    meetings: list[Bar] = []
    members: list[Bar] = []
    chi_bo: list[Bar] = []
    note: str = ""

    def _apply(self, s: AttendanceStatistics) -> None:
        self.period = f"Từ {dmy(s.date_from)} đến {dmy(s.date_to)}"
        t = s.total
        self.total = (
            f"Tỷ lệ có mặt {percent(t.rate)}: {t.present} có mặt, {t.excused} vắng có lý do, "
            f"{t.absent} vắng không lý do."
        )
        self.meetings = [_bar(f"{m.label} · {m.title}", m.figures) for m in s.meetings]
        self.members = [_bar(m.ho_ten, m.figures) for m in s.members]
        self.chi_bo = [_bar(c.name, c.figures) for c in s.chi_bo]
        self.note = (
            f"Không tính {s.exempt_left_out} lượt mời đảng viên miễn sinh hoạt."
            if s.exempt_left_out
            else ""
        )

    @rx.event
    async def show(self, form: dict):
        chi_bo = await self.get_state(ChiBoState)
        organisation_id = chi_bo.organisation_id
        dates = []
        for key, what in (("date_from", "Từ ngày"), ("date_to", "Đến ngày")):
            typed = str(form.get(key) or "").strip()
            day = parse_dmy(typed)
            if typed and day is None:
                return self._say(f"{what}: ghi ngày theo dd/mm/yyyy.", False)
            dates.append(day.isoformat() if day else "")
        date_from, date_to = dates
        self.message = ""
        self.busy = True
        found = await self._call(
            lambda api: client.statistics(api, organisation_id, date_from, date_to)
        )
        self.busy = False
        if found is not None:
            self._apply(found)
            self.shown = True
