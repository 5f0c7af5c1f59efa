"""The lãnh đạo's "Chờ phân công" card on the home screen: the incoming documents of his
organisation registered or submitted to him and not yet assigned
(``GET /api/documents/awaiting-assignment``), newest first. Shown only to those whose
``/api/me`` lists ``view_awaiting_assignment``."""

from __future__ import annotations

import reflex as rx

from frontend.api import ApiError, api_client
from frontend.session import SessionState, offered
from frontend.van_ban import client
from frontend.van_ban.inbox_state import DocRow, _row
from frontend.van_ban.urgency import urgency_badge
from shared.documents import DocumentAction

SHOWN = 5


class AwaitingState(rx.State):
    rows: list[DocRow] = []
    more: bool = False
    loaded: bool = False
    error: str = ""

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login`` (the home page's ``on_load``): asks the
        API only for those who may see the list."""
        self.loaded = False
        self.error = ""
        session = await self.get_state(SessionState)
        if not session.may(client.DOMAIN, DocumentAction.VIEW_AWAITING_ASSIGNMENT):
            self.rows, self.more = [], False
            return
        try:
            async with api_client(self) as api:
                page = await client.awaiting_assignment(api, limit=SHOWN)
        except ApiError as error:
            self.error = error.detail
            return
        self.rows = [_row(document) for document in page.items]
        self.more = page.next_cursor is not None
        self.loaded = True


def _line(row: DocRow) -> rx.Component:
    return rx.link(
        rx.flex(
            rx.flex(
                urgency_badge(row.do_khan, row.do_khan_label),
                rx.text(row.ky_hieu, size="2", weight="bold", color_scheme="gray"),
                rx.text(row.status, size="2", color_scheme="gray"),
                spacing="2",
                align="center",
                wrap="wrap",
            ),
            rx.text(
                row.trich_yeu,
                size="3",
                weight="medium",
                style={"color": "var(--gray-12)", "overflowWrap": "anywhere"},
            ),
            direction="column",
            spacing="1",
            padding_y="8px",
            min_height="44px",
            style={"borderTop": "1px solid var(--gray-a4)"},
        ),
        href=row.href,
        underline="none",
    )


def awaiting_card() -> rx.Component:
    return rx.cond(
        offered(client.DOMAIN, DocumentAction.VIEW_AWAITING_ASSIGNMENT),
        rx.card(
            rx.flex(
                rx.heading("Chờ phân công", as_="h2", size="4"),
                rx.cond(
                    AwaitingState.error != "",
                    rx.text(AwaitingState.error, size="2", color="var(--red-11)"),
                    rx.cond(
                        AwaitingState.loaded,
                        rx.cond(
                            AwaitingState.rows.length() > 0,
                            rx.flex(
                                rx.foreach(AwaitingState.rows, _line),
                                rx.cond(
                                    AwaitingState.more,
                                    rx.text(
                                        f"Còn văn bản khác; đây là {SHOWN} văn bản mới nhất.",
                                        size="2",
                                        color_scheme="gray",
                                    ),
                                ),
                                direction="column",
                            ),
                            rx.text(
                                "Không có văn bản nào chờ phân công.", size="2", color_scheme="gray"
                            ),
                        ),
                        rx.skeleton(height="64px", loading=True),
                    ),
                ),
                direction="column",
                spacing="2",
            ),
            size="2",
            id="cho-phan-cong",
        ),
    )
