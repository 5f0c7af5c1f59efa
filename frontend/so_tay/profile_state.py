"""State of /so-tay/ho-so: the member's own record and his correction requests."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.so_tay import client
from frontend.so_tay.common import Notices
from shared.clock import dmy, dmy_hm
from shared.members import (
    CORRECTION_FIELD_LABELS,
    CorrectionCreate,
    CorrectionField,
    MemberAction,
    MemberProfile,
)


@dataclass
class CorrectionLine:
    field: str
    change: str
    state: str
    note: str


class ProfileState(Notices, rx.State):
    loaded: bool = False
    member_id: int = 0
    ho_ten: str = ""
    ngay_sinh: str = ""
    gioi_tinh: str = ""
    ngay_vao_dang: str = ""
    ngay_chinh_thuc: str = ""
    so_the: str = ""
    chi_bo: str = ""
    chuc_vu: str = ""
    phone: str = ""
    so_dinh_danh: str = ""
    positions: str = ""
    exempt: str = ""
    corrections: list[CorrectionLine] = []
    can_correct: bool = False
    fields: list[list[str]] = [[f.value, label] for f, label in CORRECTION_FIELD_LABELS.items()]

    def _apply(self, p: MemberProfile) -> None:
        self.member_id = p.id
        self.ho_ten = p.ho_ten
        self.ngay_sinh = dmy(p.ngay_sinh)
        self.gioi_tinh = p.gioi_tinh_label
        self.ngay_vao_dang = dmy(p.ngay_vao_dang)
        self.ngay_chinh_thuc = dmy(p.ngay_chinh_thuc) if p.ngay_chinh_thuc else "Đảng viên dự bị"
        self.so_the = p.so_the
        self.chi_bo = p.organisation_name
        self.chuc_vu = p.chuc_vu
        self.phone = p.phone
        self.so_dinh_danh = p.so_dinh_danh
        self.positions = ", ".join(p.positions)
        self.exempt = f"Miễn sinh hoạt: {p.ly_do_mien}" if p.mien_sinh_hoat else ""
        self.can_correct = MemberAction.REQUEST_CORRECTION in p.actions
        self.corrections = [
            CorrectionLine(
                field=c.field_label,
                change=f"{c.current_value or '(trống)'} → {c.proposed_value}",
                state=f"{c.state_label} · {dmy_hm(c.resolved_at or c.created_at)}",
                note=c.resolution_note or c.reason,
            )
            for c in p.corrections
        ]

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        # 404 no_member_record: the API's sentence says what to do.
        profile = await self._read(client.my_profile)
        if profile is None:
            return
        self._apply(profile)
        self.loaded = True

    @rx.event
    async def request_correction(self, form: dict):
        value = (form.get("proposed_value") or "").strip()
        if not value:
            return self._say("Hãy nhập giá trị đúng.", False)
        try:
            field = CorrectionField(form.get("field") or "")
        except ValueError:
            return self._say("Hãy chọn mục cần sửa.", False)
        request = CorrectionCreate(field, value, (form.get("reason") or "").strip()[:1000])
        self.busy = True
        profile = await self._call(
            lambda api: client.request_correction(api, self.member_id, request)
        )
        self.busy = False
        if profile is not None:
            self._apply(profile)
            self._say("Đã gửi đề nghị sửa hồ sơ tới bí thư chi bộ.", True)
        return None
