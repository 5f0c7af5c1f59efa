"""/so-tay/hop: the chi bộ's meetings, upcoming (soonest first) or past (newest first)."""

from __future__ import annotations

import reflex as rx

from frontend.components.layout import app_shell
from frontend.so_tay.common import empty, link_row, screen, section
from frontend.so_tay.meetings_state import MeetingLine, MeetingsState


def meetings_page() -> rx.Component:
    return app_shell(
        "Sinh hoạt chi bộ",
        *screen(
            MeetingsState,
            rx.segmented_control.root(
                rx.segmented_control.item("Sắp tới", value="upcoming"),
                rx.segmented_control.item("Đã qua", value="past"),
                value=rx.cond(MeetingsState.upcoming, "upcoming", "past"),
                on_change=MeetingsState.show,
                size="3",
                width="100%",
            ),
            section(
                rx.cond(MeetingsState.upcoming, "Cuộc họp sắp tới", "Cuộc họp đã qua"),
                rx.cond(
                    MeetingsState.loaded,
                    rx.cond(
                        MeetingsState.meetings.length() > 0,
                        rx.flex(
                            rx.foreach(
                                MeetingsState.meetings,
                                lambda m: link_row(m.href, m.title, m.note),
                            ),
                            direction="column",
                        ),
                        empty("Chưa có cuộc họp nào."),
                    ),
                    rx.spinner(),
                ),
                rx.cond(
                    MeetingsState.next_cursor != "",
                    rx.button("Xem thêm", variant="soft", size="3", on_click=MeetingsState.more),
                ),
            ),
        ),
        active_tab="so_tay",
    )


__all__ = ["MeetingLine", "meetings_page"]
