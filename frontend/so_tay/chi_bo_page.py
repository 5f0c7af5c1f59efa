"""/so-tay/chi-bo/[organisation_id]: a chi bộ for its bí thư, phó bí thư and cấp ủy. Its
meetings and the scheduling form, the correction requests, the import of the member list, the
roll, and the attendance statistics: each part only when the API lists its action."""

from __future__ import annotations

import reflex as rx

from frontend.components.import_panel import import_panel
from frontend.components.layout import app_shell
from frontend.so_tay.chi_bo_state import ChiBoState, CorrectionRequest, RollLine
from frontend.so_tay.common import bar, empty, link_row, screen, section
from frontend.so_tay.import_state import MAX_MB, UPLOAD_ID, ImportState
from frontend.so_tay.statistics_state import Bar, StatisticsState
from shared.meetings import MEETING_KIND_LABELS


def _label(text: str, for_id: str) -> rx.Component:
    return rx.el.label(text, html_for=for_id, class_name="rt-Text rt-r-size-2 rt-r-weight-medium")


def _typed(id_: str, name: str, example: str, required: bool = False) -> rx.Component:
    """A date or time typed in Vietnamese order: the browser's own pickers write theirs in the
    device's format (often mm/dd/yyyy, in English), which a member must not be shown."""
    return rx.input(
        id=id_,
        name=name,
        placeholder=example,
        input_mode="numeric",
        auto_complete="off",
        size="3",
        required=required,
    )


def _schedule_form() -> rx.Component:
    return rx.form(
        rx.flex(
            _label("Loại buổi sinh hoạt", "meeting-kind"),
            rx.el.select(
                *[rx.el.option(label, value=k.value) for k, label in MEETING_KIND_LABELS.items()],
                id="meeting-kind",
                name="kind",
                class_name="dangbo-input",
            ),
            rx.input(
                name="title",
                placeholder="Tên buổi sinh hoạt",
                size="3",
                required=True,
                aria_label="Tên buổi sinh hoạt",
            ),
            rx.flex(
                rx.flex(
                    _label("Ngày (dd/mm/yyyy)", "meeting-day"),
                    _typed("meeting-day", "day", "15/01/2027", required=True),
                    direction="column",
                    style={"flex": "1 1 140px"},
                ),
                rx.flex(
                    _label("Giờ (hh:mm)", "meeting-time"),
                    _typed("meeting-time", "time", "14:00", required=True),
                    direction="column",
                    style={"flex": "1 1 100px"},
                ),
                spacing="2",
                wrap="wrap",
            ),
            rx.input(name="location", placeholder="Địa điểm", size="3", aria_label="Địa điểm"),
            rx.input(
                name="topic", placeholder="Chuyên đề (nếu có)", size="3", aria_label="Chuyên đề"
            ),
            rx.text_area(
                name="agenda",
                placeholder="Chương trình: mỗi nội dung một dòng",
                rows="4",
                size="3",
                aria_label="Chương trình",
            ),
            rx.button("Lên lịch", type="submit", size="3", loading=ChiBoState.busy),
            direction="column",
            spacing="2",
        ),
        on_submit=ChiBoState.schedule,
    )


def _correction(c: CorrectionRequest) -> rx.Component:
    return rx.flex(
        rx.text(c.member, " · ", c.field, size="3", weight="bold"),
        rx.text(c.change, size="3", style={"overflowWrap": "anywhere"}),
        rx.cond(c.reason != "", rx.text(c.reason, size="2", color_scheme="gray")),
        rx.cond(
            c.can_resolve,
            rx.form(
                rx.flex(
                    rx.el.input(type="hidden", name="correction_id", value=c.id),
                    rx.input(
                        name="note",
                        placeholder="Ghi chú (cần khi không chấp nhận)",
                        size="3",
                        aria_label="Ghi chú",
                    ),
                    rx.el.select(
                        rx.el.option("Chấp nhận", value="accept"),
                        rx.el.option("Không chấp nhận", value="reject"),
                        name="decision",
                        aria_label="Quyết định",
                        class_name="dangbo-input",
                    ),
                    rx.button("Xử lý đề nghị", type="submit", size="3", loading=ChiBoState.busy),
                    direction="column",
                    spacing="2",
                ),
                on_submit=ChiBoState.resolve,
            ),
        ),
        direction="column",
        spacing="2",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _refused(state) -> rx.Component:
    """A refusal of a part that is not the screen's own state (the import, the statistics)."""
    return rx.cond(
        state.message != "",
        rx.callout(state.message, icon="triangle-alert", color_scheme="red", role="alert"),
    )


def _import() -> rx.Component:
    return section(
        "Nhập danh sách đảng viên",
        *import_panel(
            ImportState,
            note="Tệp CSV hoặc Excel (.xlsx) theo mẫu; nhập lại thì cập nhật theo số thẻ. "
            "Chỉ ghi khi mọi dòng đều đúng.",
            pick="Chọn tệp danh sách",
            label="Chọn tệp danh sách đảng viên để nhập",
            upload_id=UPLOAD_ID,
            max_mb=MAX_MB,
        ),
    )


def _bars(title: str, rows: rx.Var) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.flex(
            rx.heading(title, as_="h3", size="3"),
            rx.foreach(rows, lambda b: bar(b.label, b.rate, b.caption)),
            direction="column",
            spacing="2",
        ),
    )


def _statistics() -> rx.Component:
    return section(
        "Thống kê dự họp",
        _refused(StatisticsState),
        rx.form(
            rx.flex(
                rx.flex(
                    _label("Từ ngày (dd/mm/yyyy)", "stats-from"),
                    _typed("stats-from", "date_from", "01/01/2026"),
                    direction="column",
                    style={"flex": "1 1 140px"},
                ),
                rx.flex(
                    _label("Đến ngày (dd/mm/yyyy)", "stats-to"),
                    _typed("stats-to", "date_to", "31/12/2026"),
                    direction="column",
                    style={"flex": "1 1 140px"},
                ),
                rx.button(
                    "Xem thống kê",
                    type="submit",
                    size="3",
                    loading=StatisticsState.busy,
                    style={"flex": "1 1 100%"},
                ),
                spacing="2",
                wrap="wrap",
            ),
            on_submit=StatisticsState.show,
        ),
        rx.cond(
            StatisticsState.shown,
            rx.flex(
                rx.text(StatisticsState.period, size="2", color_scheme="gray"),
                rx.text(StatisticsState.total, size="3"),
                rx.cond(
                    StatisticsState.note != "",
                    rx.text(StatisticsState.note, size="2", color_scheme="gray"),
                ),
                _bars("Theo cuộc họp", StatisticsState.meetings),
                _bars("Theo đảng viên", StatisticsState.members),
                _bars("Theo chi bộ", StatisticsState.chi_bo),
                direction="column",
                spacing="3",
            ),
        ),
    )


def _member(line: RollLine) -> rx.Component:
    return rx.flex(
        rx.text(line.name, size="3", weight="medium"),
        rx.text(line.note, size="2", color_scheme="gray"),
        direction="column",
        padding_y="6px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def chi_bo_page() -> rx.Component:
    may = ChiBoState.may
    content = rx.flex(
        rx.heading(ChiBoState.name, as_="h2", size="5"),
        section(
            "Cuộc họp sắp tới",
            rx.cond(
                ChiBoState.meetings.length() > 0,
                rx.flex(
                    rx.foreach(ChiBoState.meetings, lambda m: link_row(m.href, m.title, m.note)),
                    direction="column",
                ),
                empty("Chưa có cuộc họp nào sắp tới."),
            ),
        ),
        rx.cond(may["schedule"], section("Lên lịch sinh hoạt", _schedule_form())),
        rx.cond(
            ChiBoState.corrections.length() > 0,
            section("Đề nghị sửa hồ sơ", rx.foreach(ChiBoState.corrections, _correction)),
        ),
        rx.cond(may["import"], _import()),
        rx.cond(
            may["view_roll"],
            section(
                "Danh sách đảng viên",
                rx.text(
                    ChiBoState.members.length(),
                    " đảng viên, ",
                    ChiBoState.exempt,
                    " miễn sinh hoạt",
                    size="2",
                    color_scheme="gray",
                ),
                rx.foreach(ChiBoState.members, _member),
            ),
        ),
        rx.cond(may["statistics"], _statistics()),
        direction="column",
        spacing="4",
    )
    return rx.fragment(
        app_shell(
            "Chi bộ",
            *screen(ChiBoState, rx.cond(ChiBoState.loaded, content, rx.spinner())),
            active_tab="so_tay",
        ),
    )


__all__ = ["Bar", "chi_bo_page"]
