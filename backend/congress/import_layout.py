"""The column layout of a congress's delegate list (``docs/imports.md`` and
``docs/congress.md`` show it to users)."""

from __future__ import annotations

from typing import Any

from backend.core.clock import today
from backend.imports import cells
from backend.imports.layout import CellError, Column, Layout, Parser, Row
from shared.congress import DelegateKind, Sex

KIND = "dai_bieu"
MIN_AGE = 18  # a person is admitted to the Party from the age of 18

KINDS = {
    "Chính thức": DelegateKind.OFFICIAL,
    "Dự khuyết": DelegateKind.ALTERNATE,
    "Đương nhiên": DelegateKind.EX_OFFICIO,
}
SEXES = {"Nam": Sex.MALE, "Nữ": Sex.FEMALE}


def year(what: str) -> Parser:
    """A year of four digits, from 1900 to this year (a number cell of Excel too)."""

    def parse(raw: Any) -> int | None:
        if cells.blank(raw):
            return None
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        shown = str(raw).strip()
        if not shown.isdigit() or len(shown) != 4:
            raise CellError(f"{what} “{shown}” phải là năm gồm 4 chữ số (ví dụ 1975)")
        value = int(shown)
        if not 1900 <= value <= today().year:
            raise CellError(f"{what} {value} không hợp lý (từ 1900 đến {today().year})")
        return value

    return parse


def _joined_after_adulthood(row: Row) -> list[tuple[str, str]]:
    born, joined = row.values.get("nam_sinh"), row.values.get("nam_vao_dang")
    if born and joined and joined < born + MIN_AGE:
        return [("Năm vào Đảng", f"vào Đảng khi chưa đủ {MIN_AGE} tuổi")]
    return []


LAYOUT = Layout(
    kind=KIND,
    title="Danh sách đại biểu dự đại hội",
    natural_key="so_the",
    columns=[
        Column(
            "Số thẻ đại biểu",
            "so_the",
            cells.code(20, "Số thẻ đại biểu"),
            description="Số thẻ của đại biểu tại đại hội này; nhập lại tệp thì cập nhật theo số.",
            aliases=("Số thẻ", "Mã đại biểu"),
        ),
        Column(
            "Họ và tên",
            "ho_ten",
            cells.text(200, min_length=2),
            description="Đầy đủ, có dấu.",
            aliases=("Họ tên",),
        ),
        Column(
            "Loại đại biểu",
            "loai",
            cells.choice(KINDS, "Chính thức, Dự khuyết, Đương nhiên"),
            description="Chính thức, Dự khuyết hoặc Đương nhiên.",
            aliases=("Loại",),
        ),
        Column(
            "Đoàn",
            "doan",
            cells.text(200),
            description="Đoàn đại biểu (ví dụ: Đoàn Đảng bộ xã Lương Tài).",
            aliases=("Đoàn đại biểu",),
        ),
        Column(
            "Đơn vị",
            "don_vi",
            cells.text(300),
            required=False,
            description="Cơ quan, đơn vị công tác.",
            aliases=("Đơn vị công tác",),
        ),
        Column("Chức vụ", "chuc_vu", cells.text(300), required=False),
        Column("Năm sinh", "nam_sinh", year("Năm sinh"), description="4 chữ số."),
        Column(
            "Giới tính", "gioi_tinh", cells.choice(SEXES, "Nam, Nữ"), description="Nam hoặc Nữ."
        ),
        Column("Dân tộc", "dan_toc", cells.text(50), description="Ví dụ: Kinh, Tày, Mường."),
        Column(
            "Trình độ chuyên môn",
            "chuyen_mon",
            cells.text(100),
            required=False,
            description="Ví dụ: Thạc sĩ, Đại học.",
            aliases=("Chuyên môn",),
        ),
        Column(
            "Lý luận chính trị",
            "ly_luan",
            cells.text(50),
            required=False,
            description="Cao cấp, Trung cấp, Sơ cấp …",
            aliases=("Trình độ lý luận chính trị",),
        ),
        Column("Năm vào Đảng", "nam_vao_dang", year("Năm vào Đảng"), required=False),
        Column(
            "Tên đăng nhập",
            "username",
            cells.text(80),
            required=False,
            description="Tài khoản của đại biểu trong hệ thống, nếu đã có: đại biểu xem được "
            "đại hội của mình.",
            aliases=("Tài khoản",),
        ),
    ],
    row_checks=[_joined_after_adulthood],
)
