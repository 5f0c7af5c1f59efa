"""/so-tay/ho-so: the member's own record, masked số định danh, and correction requests."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.so_tay.common import field, screen, section
from frontend.so_tay.profile_state import CorrectionLine, ProfileState


def _correction(line: CorrectionLine) -> rx.Component:
    return rx.flex(
        rx.text(line.field, size="2", weight="bold"),
        rx.text(line.change, size="3", style={"overflowWrap": "anywhere"}),
        rx.text(line.state, size="2", color_scheme="gray"),
        rx.cond(line.note != "", rx.text(line.note, size="2", color_scheme="gray")),
        direction="column",
        spacing="1",
        padding_y="6px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _correction_form() -> rx.Component:
    return rx.form(
        rx.flex(
            rx.el.label(
                "Mục cần sửa", html_for="correction-field", class_name="rt-Text rt-r-size-2"
            ),
            rx.el.select(
                rx.foreach(ProfileState.fields, lambda f: rx.el.option(f[1], value=f[0])),
                id="correction-field",
                name="field",
                class_name="dangbo-input",
            ),
            rx.input(
                name="proposed_value",
                placeholder="Giá trị đúng",
                size="3",
                required=True,
                aria_label="Giá trị đúng",
            ),
            rx.text_area(
                name="reason",
                placeholder="Lý do, giấy tờ kèm theo (không bắt buộc)",
                rows="2",
                size="3",
                aria_label="Lý do",
            ),
            rx.button("Gửi đề nghị sửa", type="submit", size="3", loading=ProfileState.busy),
            direction="column",
            spacing="2",
        ),
        on_submit=ProfileState.request_correction,
        reset_on_submit=True,
    )


def profile_page() -> rx.Component:
    record = rx.flex(
        section(
            ProfileState.ho_ten,
            field("Ngày sinh", ProfileState.ngay_sinh),
            field("Giới tính", ProfileState.gioi_tinh),
            field("Ngày vào Đảng", ProfileState.ngay_vao_dang),
            field("Ngày chính thức", ProfileState.ngay_chinh_thuc),
            field("Số thẻ đảng viên", ProfileState.so_the),
            field("Chi bộ", ProfileState.chi_bo),
            field("Chức vụ Đảng", ProfileState.positions),
            field("Chức vụ", ProfileState.chuc_vu),
            field("Điện thoại", ProfileState.phone),
            field("Số định danh", ProfileState.so_dinh_danh),
            rx.cond(ProfileState.exempt != "", rx.badge(ProfileState.exempt, color_scheme="amber")),
        ),
        rx.cond(
            ProfileState.corrections.length() > 0,
            section("Đề nghị sửa hồ sơ", rx.foreach(ProfileState.corrections, _correction)),
        ),
        rx.cond(
            ProfileState.can_correct,
            section(
                "Thông tin chưa đúng?",
                rx.text("Gửi đề nghị để bí thư chi bộ xem và sửa.", size="2", color_scheme="gray"),
                _correction_form(),
            ),
        ),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Hồ sơ đảng viên",
        *screen(ProfileState, rx.cond(ProfileState.loaded, record, rx.spinner())),
        active_tab="so_tay",
    )
