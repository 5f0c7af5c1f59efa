"""The column layout of a chi bộ's member list (``docs/imports.md`` shows it to users)."""

from __future__ import annotations

from datetime import date

from backend.imports import cells
from backend.imports.layout import Column, Layout, Row
from shared.members import Gender

KIND = "dang_vien"
MIN_AGE = 18  # Điều lệ Đảng: a person is admitted from the age of 18

GENDERS = {"Nam": Gender.NAM, "Nữ": Gender.NU}


def _years_after(born: date, years: int) -> date:
    try:
        return born.replace(year=born.year + years)
    except ValueError:  # 29/02
        return born.replace(year=born.year + years, day=28)


def _dates_in_order(row: Row) -> list[tuple[str, str]]:
    v = row.values
    problems = []
    born, joined, official = v.get("ngay_sinh"), v.get("ngay_vao_dang"), v.get("ngay_chinh_thuc")
    if born and joined and joined < _years_after(born, MIN_AGE):
        problems.append(("Ngày vào Đảng", f"vào Đảng khi chưa đủ {MIN_AGE} tuổi"))
    if joined and official and official < joined:
        problems.append(("Ngày chính thức", "trước ngày vào Đảng"))
    return problems


def _exemption_explained(row: Row) -> list[tuple[str, str]]:
    v = row.values
    if v.get("mien_sinh_hoat") and not v.get("ly_do_mien"):
        return [("Lý do miễn", "miễn sinh hoạt thì cần ghi lý do (tuổi cao, sức khỏe …)")]
    if v.get("ly_do_mien") and v.get("mien_sinh_hoat") is False:
        return [("Lý do miễn", "có lý do miễn nhưng cột “Miễn sinh hoạt” ghi là không")]
    return []


LAYOUT = Layout(
    kind=KIND,
    title="Danh sách đảng viên của chi bộ",
    natural_key="so_the",
    columns=[
        Column(
            "Số thẻ đảng viên",
            "so_the",
            cells.code(20, "Số thẻ"),
            description="Số in trên thẻ đảng viên; nhập lại tệp thì cập nhật theo số này.",
            aliases=("Số thẻ", "So the dang vien"),
        ),
        Column(
            "Họ và tên",
            "ho_ten",
            cells.text(120, min_length=2),
            description="Đầy đủ, có dấu.",
            aliases=("Họ tên",),
        ),
        Column("Ngày sinh", "ngay_sinh", cells.date_dmy(), description="dd/mm/yyyy."),
        Column(
            "Giới tính", "gioi_tinh", cells.choice(GENDERS, "Nam, Nữ"), description="Nam hoặc Nữ."
        ),
        Column("Ngày vào Đảng", "ngay_vao_dang", cells.date_dmy(), description="dd/mm/yyyy."),
        Column(
            "Ngày chính thức",
            "ngay_chinh_thuc",
            cells.date_dmy(),
            required=False,
            description="dd/mm/yyyy; để trống khi còn là đảng viên dự bị.",
        ),
        Column(
            "Chức vụ",
            "chuc_vu",
            cells.text(120),
            required=False,
            description="Chức vụ công tác (ví dụ: Chuyên viên).",
        ),
        Column(
            "Số điện thoại",
            "phone",
            cells.phone,
            required=False,
            description="10 chữ số, bắt đầu bằng 0.",
            aliases=("Điện thoại",),
        ),
        Column(
            "Số định danh",
            "so_dinh_danh",
            cells.digits(12, "Số định danh"),
            required=False,
            description="Số định danh cá nhân (12 chữ số); lưu mã hóa, chỉ hiện dạng che.",
            aliases=("Số định danh cá nhân", "CCCD", "Số CCCD"),
        ),
        Column(
            "Miễn sinh hoạt",
            "mien_sinh_hoat",
            cells.yes_no,
            required=False,
            description="Ghi “x” nếu được miễn sinh hoạt, công tác; để trống là không.",
        ),
        Column(
            "Lý do miễn",
            "ly_do_mien",
            cells.text(300),
            required=False,
            description="Bắt buộc khi được miễn (tuổi cao, sức khỏe …).",
        ),
        Column(
            "Tài khoản",
            "username",
            cells.text(80),
            required=False,
            description="Tên đăng nhập của đảng viên trong hệ thống, nếu đã có.",
            aliases=("Tên đăng nhập",),
        ),
    ],
    row_checks=[_dates_in_order, _exemption_explained],
)
