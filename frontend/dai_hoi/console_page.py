"""/dai-hoi/[congress_id]/dieu-hanh: the console of the presidium and the secretariat, on a
tablet (1280 × 800; on a phone the columns stack). Left: what happens now and the attendance
with the quorum, live. Right: the agenda control and the speakers list of the item under way.
Each button only when the congress's ``actions`` list its action."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.components.public import action_notice
from frontend.dai_hoi.common import only_for, this_congress
from frontend.dai_hoi.congress_state import CongressState, SessionLine
from frontend.dai_hoi.console_state import ConsoleState, SpeakerLine
from frontend.dai_hoi.live import connection_line, counts_card, live_box, now_card
from frontend.dai_hoi.poll_page import polls_section
from frontend.dai_hoi.poll_prepare_page import prepare_section
from frontend.so_tay.common import empty, screen, section
from shared.congress import SessionStatus, SpeakerStatus


def _can(action: str) -> rx.Var[bool]:
    return CongressState.can[action]


def _session_row(s: SessionLine) -> rx.Component:
    return rx.flex(
        rx.flex(
            rx.text(s.title, size="3", weight="medium"),
            rx.text(s.status_label, size="2", color_scheme="gray"),
            direction="column",
            style={"flex": "1", "minWidth": "0"},
        ),
        rx.cond(
            (s.status == SessionStatus.PLANNED.value) & ~ConsoleState.session_open,
            rx.button(
                "Khai mạc phiên",
                size="3",
                loading=ConsoleState.busy,
                on_click=ConsoleState.open_session(s.id),
            ),
        ),
        align="center",
        spacing="2",
        padding_y="6px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
    )


def _agenda_control() -> rx.Component:
    return rx.cond(
        _can("run_sessions"),
        section(
            "Điều hành chương trình",
            rx.cond(
                ConsoleState.session_open,
                rx.flex(
                    rx.text("Đang họp: ", rx.text.strong(ConsoleState.session_title), size="3"),
                    rx.text(
                        "Nội dung: ",
                        rx.text.strong(
                            rx.cond(ConsoleState.item_title != "", ConsoleState.item_title, "—")
                        ),
                        size="3",
                    ),
                    rx.flex(
                        rx.button(
                            rx.icon("chevron-left", size=18),
                            "Nội dung trước",
                            variant="soft",
                            size="3",
                            loading=ConsoleState.busy,
                            on_click=ConsoleState.previous_item,
                        ),
                        rx.button(
                            "Nội dung tiếp theo",
                            rx.icon("chevron-right", size=18),
                            size="3",
                            loading=ConsoleState.busy,
                            on_click=ConsoleState.next_item,
                        ),
                        rx.button(
                            "Bế mạc phiên",
                            variant="soft",
                            color_scheme="gray",
                            size="3",
                            loading=ConsoleState.busy,
                            on_click=ConsoleState.close_session,
                        ),
                        spacing="2",
                        wrap="wrap",
                    ),
                    direction="column",
                    spacing="2",
                ),
                rx.text("Chưa có phiên nào đang họp.", size="3"),
            ),
            rx.foreach(CongressState.sessions, _session_row),
        ),
    )


def _speaker_row(s: SpeakerLine) -> rx.Component:
    queued = s.status == SpeakerStatus.QUEUED.value
    return rx.flex(
        rx.flex(
            rx.text(s.name, size="3", weight="medium"),
            rx.text(
                s.delegation, " · ", s.kind, " · ", s.status_label, size="2", color_scheme="gray"
            ),
            rx.cond(s.note != "", rx.text(s.note, size="2")),
            direction="column",
            style={"flex": "1", "minWidth": "0"},
        ),
        rx.flex(
            rx.cond(
                queued & _can("give_floor"),
                rx.fragment(
                    rx.icon_button(
                        rx.icon("arrow-up", size=18),
                        variant="soft",
                        size="3",
                        aria_label="Lên trước",
                        on_click=ConsoleState.up(s.id),
                    ),
                    rx.icon_button(
                        rx.icon("arrow-down", size=18),
                        variant="soft",
                        size="3",
                        aria_label="Xuống sau",
                        on_click=ConsoleState.down(s.id),
                    ),
                    rx.button("Mời phát biểu", size="3", on_click=ConsoleState.give_floor(s.id)),
                ),
            ),
            rx.cond(
                (s.status == SpeakerStatus.SPEAKING.value) & _can("give_floor"),
                rx.button(
                    "Kết thúc",
                    color_scheme="gray",
                    size="3",
                    on_click=ConsoleState.finish(s.id),
                ),
            ),
            rx.cond(
                (s.status == SpeakerStatus.REQUESTED.value)
                & (s.kind == "Tham luận")
                & _can("keep_speakers"),
                rx.fragment(
                    rx.button("Duyệt", size="3", on_click=ConsoleState.approve(s.id)),
                    rx.button(
                        "Không duyệt",
                        variant="soft",
                        color_scheme="gray",
                        size="3",
                        on_click=ConsoleState.decline(s.id),
                    ),
                ),
            ),
            spacing="2",
            wrap="wrap",
        ),
        spacing="3",
        align="center",
        wrap="wrap",
        padding_y="8px",
        style={"borderBottom": "1px solid var(--gray-a4)"},
        custom_attrs={"data-speaker": s.id.to_string(), "data-status": s.status},
    )


def _speakers() -> rx.Component:
    return section(
        "Danh sách phát biểu",
        rx.cond(
            ConsoleState.item_id != 0,
            rx.cond(
                ConsoleState.speakers.length() > 0,
                rx.flex(rx.foreach(ConsoleState.speakers, _speaker_row), direction="column"),
                empty("Chưa có ai đăng ký phát biểu về nội dung này."),
            ),
            empty("Chưa có nội dung nào đang diễn ra."),
        ),
        # Clicked by dai-hoi-truc-tiep.js when the stream says the list or the position changed.
        rx.el.button(
            "Làm mới",
            type="button",
            on_click=ConsoleState.refresh,
            class_name="dangbo-refresh",
            tab_index=-1,
            aria_hidden="true",
            custom_attrs={
                "data-refresh-on": "speakers.changed agenda.moved session.opened session.closed"
            },
        ),
    )


def console_page() -> rx.Component:
    return app_shell(
        "Điều hành đại hội",
        *screen(
            CongressState,
            this_congress(
                rx.heading(CongressState.name, as_="h1", size="5"),
                only_for(
                    CongressState.can["view_console"],
                    "Đoàn Chủ tịch, Đoàn Thư ký và Ban Tổ chức",
                    rx.el.div(
                        live_box(
                            connection_line(), now_card(), counts_card(), class_name="dangbo-stack"
                        ),
                        rx.el.div(_agenda_control(), _speakers(), class_name="dangbo-stack"),
                        class_name="dangbo-console",
                    ),
                    polls_section(),
                    prepare_section(),
                ),
            ),
        ),
        action_notice(ConsoleState),
        active_tab="dai_hoi",
        content_width="1200px",
    )
