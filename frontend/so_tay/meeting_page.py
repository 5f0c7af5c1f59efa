"""/so-tay/hop/[meeting_id]: one meeting on a phone. The member's reply first (tham dự, or xin
vắng with a reason), then the agenda, files and minutes; for those who run it, the invitees,
attendance and minutes forms. Each control only when the API lists its action."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.so_tay.common import field, screen, section
from frontend.so_tay.meeting_state import FileLink, InviteeLine, MeetingState
from shared.meetings import ATTENDANCE_LABELS, MeetingAction, Reply


def _can(action: MeetingAction) -> rx.Var[bool]:
    return MeetingState.can[action.value]


def _reply() -> rx.Component:
    return section(
        "Trả lời giấy mời",
        rx.cond(
            MeetingState.my_reply != "",
            rx.text("Trả lời của bạn: ", rx.text.strong(MeetingState.my_reply), size="3"),
        ),
        rx.cond(MeetingState.my_reason != "", rx.text(MeetingState.my_reason, size="2")),
        rx.cond(
            MeetingState.my_reply_code != Reply.ATTENDING.value,
            rx.button(
                rx.icon("check", size=18),
                "Xác nhận tham dự",
                size="3",
                width="100%",
                loading=MeetingState.busy,
                on_click=MeetingState.attend,
            ),
        ),
        rx.cond(
            MeetingState.excusing,
            rx.form(
                rx.flex(
                    rx.text_area(
                        name="reason",
                        placeholder="Lý do xin vắng",
                        rows="2",
                        size="3",
                        required=True,
                        aria_label="Lý do xin vắng",
                    ),
                    rx.button("Gửi xin vắng", type="submit", variant="soft", size="3"),
                    direction="column",
                    spacing="2",
                ),
                on_submit=MeetingState.excuse,
                reset_on_submit=True,
            ),
            rx.button(
                "Xin vắng",
                variant="soft",
                color_scheme="gray",
                size="3",
                width="100%",
                on_click=MeetingState.start_excuse,
            ),
        ),
    )


def _file(link: FileLink) -> rx.Component:
    return rx.link(
        rx.flex(
            rx.icon("paperclip", size=18),
            rx.text(link.name, size="3"),
            spacing="2",
            align="center",
            min_height="44px",
        ),
        href=link.href,
        is_external=True,
        style={"overflowWrap": "anywhere"},
    )


def _invitee(line: InviteeLine) -> rx.Component:
    return rx.flex(
        rx.text(line.name, size="3", weight="medium"),
        rx.text(line.status, size="2", color_scheme="gray"),
        direction="column",
        padding_y="6px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _attendance_row(line: InviteeLine) -> rx.Component:
    return rx.flex(
        rx.el.label(line.name, html_for="att-" + line.member_id, class_name="rt-Text rt-r-size-3"),
        rx.el.select(
            *[rx.el.option(label, value=a.value) for a, label in ATTENDANCE_LABELS.items()],
            id="att-" + line.member_id,
            name="att-" + line.member_id,
            default_value=line.attendance,
            class_name="dangbo-input",
        ),
        direction="column",
        spacing="1",
    )


def _runner_sections() -> rx.Component:
    return rx.flex(
        rx.cond(
            _can(MeetingAction.INVITE),
            rx.button(
                rx.icon("send", size=18),
                "Gửi giấy mời tới đảng viên",
                size="3",
                width="100%",
                loading=MeetingState.busy,
                on_click=MeetingState.invite,
            ),
        ),
        rx.cond(
            MeetingState.invitees.length() > 0,
            section(
                "Đảng viên được mời",
                rx.text(MeetingState.counts, size="2", color_scheme="gray"),
                rx.foreach(MeetingState.invitees, _invitee),
            ),
        ),
        rx.cond(
            _can(MeetingAction.TAKE_ATTENDANCE),
            section(
                "Điểm danh",
                rx.form(
                    rx.flex(
                        rx.foreach(MeetingState.invitees, _attendance_row),
                        rx.button(
                            "Lưu điểm danh", type="submit", size="3", loading=MeetingState.busy
                        ),
                        direction="column",
                        spacing="3",
                    ),
                    on_submit=MeetingState.take_attendance,
                ),
            ),
        ),
        rx.cond(
            _can(MeetingAction.RECORD_MINUTES),
            section(
                "Ghi biên bản",
                rx.form(
                    rx.flex(
                        rx.text_area(
                            name="minutes",
                            default_value=MeetingState.minutes,
                            rows="8",
                            size="3",
                            aria_label="Biên bản",
                        ),
                        rx.button(
                            "Lưu biên bản", type="submit", size="3", loading=MeetingState.busy
                        ),
                        direction="column",
                        spacing="2",
                    ),
                    on_submit=MeetingState.record_minutes,
                ),
            ),
        ),
        rx.cond(
            _can(MeetingAction.PUBLISH_MINUTES),
            rx.button(
                "Công bố biên bản",
                size="3",
                width="100%",
                loading=MeetingState.busy,
                on_click=MeetingState.publish_minutes,
            ),
        ),
        direction="column",
        spacing="4",
    )


def meeting_page() -> rx.Component:
    detail = rx.flex(
        section(
            MeetingState.title,
            rx.flex(
                rx.badge(MeetingState.kind),
                rx.badge(MeetingState.status, color_scheme="gray"),
                spacing="2",
                wrap="wrap",
            ),
            field("Thời gian", MeetingState.when),
            field("Địa điểm", MeetingState.location),
            field("Chuyên đề", MeetingState.topic),
            field("Chi bộ", MeetingState.chi_bo),
            field("Lý do hủy", MeetingState.cancel_reason),
        ),
        rx.cond(_can(MeetingAction.REPLY), _reply()),
        rx.cond(
            ~_can(MeetingAction.REPLY) & (MeetingState.my_reply != ""),
            rx.text("Trả lời của bạn: ", rx.text.strong(MeetingState.my_reply), size="3"),
        ),
        rx.cond(
            MeetingState.agenda.length() > 0,
            section(
                "Chương trình",
                rx.el.ol(
                    rx.foreach(MeetingState.agenda, lambda item: rx.el.li(item)),
                    style={
                        "paddingLeft": "24px",
                        "margin": "0",
                        "lineHeight": "1.6",
                        "listStyleType": "decimal",
                    },
                ),
            ),
        ),
        rx.cond(
            MeetingState.files.length() > 0,
            section("Tài liệu", rx.foreach(MeetingState.files, _file)),
        ),
        rx.cond(
            (MeetingState.minutes != "") & ~_can(MeetingAction.RECORD_MINUTES),
            section(
                "Biên bản",
                rx.text(MeetingState.minutes_state, size="2", color_scheme="gray"),
                rx.text(MeetingState.minutes, size="3", style={"whiteSpace": "pre-wrap"}),
            ),
        ),
        rx.cond(
            MeetingState.minutes_state != "",
            rx.cond(
                _can(MeetingAction.RECORD_MINUTES),
                rx.text(MeetingState.minutes_state, size="2", color_scheme="gray"),
            ),
        ),
        _runner_sections(),
        direction="column",
        spacing="4",
    )
    return app_shell(
        "Cuộc họp chi bộ",
        *screen(MeetingState, rx.cond(MeetingState.loaded, detail, rx.spinner())),
        active_tab="so_tay",
    )
