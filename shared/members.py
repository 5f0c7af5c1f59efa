"""Hồ sơ đảng viên: a member's record, his chi bộ's roll, correction requests."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Annotated

import msgspec

from shared.orgs import Organisation


class Gender(enum.StrEnum):
    NAM = "nam"
    NU = "nu"


GENDER_LABELS: dict[Gender, str] = {Gender.NAM: "Nam", Gender.NU: "Nữ"}


class MemberAction(enum.StrEnum):
    # On a member's record.
    REQUEST_CORRECTION = "request_correction"  # his own record
    # On a chi bộ's roll.
    VIEW_ROLL = "view_roll"  # its bí thư, phó bí thư, or the cấp ủy above
    IMPORT = "import"  # the same: import the roll from a CSV/XLSX file
    # On a correction request.
    RESOLVE_CORRECTION = "resolve_correction"  # the chi bộ's bí thư or phó bí thư


class CorrectionField(enum.StrEnum):
    HO_TEN = "ho_ten"
    NGAY_SINH = "ngay_sinh"
    GIOI_TINH = "gioi_tinh"
    NGAY_VAO_DANG = "ngay_vao_dang"
    NGAY_CHINH_THUC = "ngay_chinh_thuc"
    CHUC_VU = "chuc_vu"
    PHONE = "phone"


CORRECTION_FIELD_LABELS: dict[CorrectionField, str] = {
    CorrectionField.HO_TEN: "Họ và tên",
    CorrectionField.NGAY_SINH: "Ngày sinh",
    CorrectionField.GIOI_TINH: "Giới tính",
    CorrectionField.NGAY_VAO_DANG: "Ngày vào Đảng",
    CorrectionField.NGAY_CHINH_THUC: "Ngày chính thức",
    CorrectionField.CHUC_VU: "Chức vụ",
    CorrectionField.PHONE: "Số điện thoại",
}


class CorrectionState(enum.StrEnum):
    PENDING = "cho_xu_ly"
    ACCEPTED = "da_chap_nhan"
    REJECTED = "tu_choi"


CORRECTION_STATE_LABELS: dict[CorrectionState, str] = {
    CorrectionState.PENDING: "Chờ xử lý",
    CorrectionState.ACCEPTED: "Đã chấp nhận",
    CorrectionState.REJECTED: "Không chấp nhận",
}


class Correction(msgspec.Struct, frozen=True):
    id: int
    member_id: int
    member_name: str
    field: CorrectionField
    field_label: str
    current_value: str  # as the record said when asked (dates dd/mm/yyyy)
    proposed_value: str
    reason: str
    state: CorrectionState
    state_label: str
    requested_by_name: str
    created_at: datetime
    resolved_by_name: str = ""
    resolved_value: str = ""  # what the record now says, when accepted
    resolution_note: str = ""
    resolved_at: datetime | None = None
    actions: list[MemberAction] = []


class MemberProfile(msgspec.Struct, frozen=True):
    """A member's record as he (or his chi bộ's secretary) sees it."""

    id: int
    so_the: str
    ho_ten: str
    ngay_sinh: date
    gioi_tinh: Gender
    gioi_tinh_label: str
    ngay_vao_dang: date
    ngay_chinh_thuc: date | None
    organisation_id: int
    organisation_code: str
    organisation_name: str  # the chi bộ
    chuc_vu: str
    phone: str
    so_dinh_danh: str  # masked ("0012******89"), "" when none is recorded
    mien_sinh_hoat: bool
    ly_do_mien: str
    has_account: bool
    positions: list[str]  # his positions in the chi bộ ("Bí thư" …)
    corrections: list[Correction]
    updated_at: datetime
    actions: list[MemberAction] = []


class MemberSummary(msgspec.Struct, frozen=True):
    id: int
    so_the: str
    ho_ten: str
    gioi_tinh: Gender
    ngay_sinh: date
    ngay_vao_dang: date
    chuc_vu: str
    mien_sinh_hoat: bool
    has_account: bool


class MemberRoll(msgspec.Struct, frozen=True):
    """A chi bộ's members, for its secretary."""

    organisation: Organisation
    members: list[MemberSummary]
    exempt: int  # miễn sinh hoạt
    pending_corrections: list[Correction]
    actions: list[MemberAction] = []


class CorrectionCreate(msgspec.Struct, frozen=True):
    field: CorrectionField
    proposed_value: Annotated[str, msgspec.Meta(min_length=1, max_length=300)]
    reason: Annotated[str, msgspec.Meta(max_length=1000)] = ""


class CorrectionResolve(msgspec.Struct, frozen=True):
    accept: bool
    # The value written when accepted (the proposed one when not given); checked like an
    # import cell (dates dd/mm/yyyy …).
    value: Annotated[str, msgspec.Meta(max_length=300)] | None = None
    note: Annotated[str, msgspec.Meta(max_length=1000)] = ""  # required when rejecting
