"""State of /van-ban: the user's assignments with their filters, the search, and (for those
who keep them) the registers of incoming and outgoing documents."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.api import ApiError, api_client
from frontend.session import SessionState
from frontend.van_ban import client
from shared.clock import dmy
from shared.documents import (
    ASSIGNMENT_ROLE_LABELS,
    ASSIGNMENT_STATUS_LABELS,
    DO_KHAN_LABELS,
    STATUS_LABELS,
    DocumentAction,
    DocumentSummary,
    InboxItem,
)


@dataclass
class DocRow:
    """One line of the inbox or of search results, ready to show."""

    id: int
    href: str
    ky_hieu: str
    trich_yeu: str
    co_quan: str
    do_khan: str
    do_khan_label: str
    deadline: str
    overdue: bool
    role: str = ""
    status: str = ""
    done: bool = False


def _row(document: DocumentSummary, item: InboxItem | None = None) -> DocRow:
    deadline = item.deadline if item and item.deadline else document.han_xu_ly
    number = document.ky_hieu or (
        f"Số đến {document.so_den}" if document.so_den else document.loai_label
    )
    return DocRow(
        id=document.id,
        href=routes.document(document.id),
        ky_hieu=number,
        trich_yeu=document.trich_yeu,
        co_quan=document.co_quan_ban_hanh,
        do_khan=document.do_khan.value,
        do_khan_label=DO_KHAN_LABELS[document.do_khan],
        deadline=dmy(deadline),
        overdue=item.overdue if item else document.overdue,
        role=ASSIGNMENT_ROLE_LABELS[item.role] if item else "",
        status=(
            ASSIGNMENT_STATUS_LABELS[item.assignment_status]
            if item
            else STATUS_LABELS[document.status]
        ),
        done=bool(item and item.assignment_status.value == "hoan_thanh"),
    )


class InboxState(rx.State):
    rows: list[DocRow] = []
    total: int = 0
    next_cursor: str = ""
    view: str = "open"  # open | overdue | done
    do_khan: str = "all"
    query: str = ""
    searched: str = ""
    loading: bool = True
    error: str = ""
    # mine (my assignments) | den | di (the registers, for those with view_register)
    scope: str = "mine"

    async def _fetch(self, append: bool = False) -> None:
        self.error = ""
        try:
            async with api_client(self) as api:
                if self.scope in ("den", "di") and not self.searched:
                    page = await client.register_page(
                        api, self.scope, self.next_cursor if append else ""
                    )
                    rows = [_row(document) for document in page.items]
                    self.next_cursor = page.next_cursor or ""
                elif self.searched:
                    page = await client.search(api, self.searched)
                    rows = [_row(hit.document) for hit in page.items]
                    self.next_cursor, self.total = "", len(rows)
                else:
                    page = await client.inbox(
                        api,
                        view="done" if self.view == "done" else "open",
                        overdue=self.view == "overdue",
                        do_khan=None if self.do_khan == "all" else self.do_khan,
                        cursor=self.next_cursor if append else None,
                        limit=20,
                    )
                    rows = [_row(item.document, item) for item in page.items]
                    self.next_cursor = page.next_cursor or ""
                    if page.total is not None:
                        self.total = page.total
        except ApiError as error:
            self.error = error.detail
            self.loading = False
            return
        self.rows = (self.rows + rows) if append else rows
        self.loading = False

    @rx.event
    async def load(self):
        """Runs after ``SessionState.require_login`` (see the page's ``on_load``)."""
        session = await self.get_state(SessionState)
        if self.scope != "mine" and not session.may(client.DOMAIN, DocumentAction.VIEW_REGISTER):
            self.scope = "mine"  # the tab's last user kept the registers; this one does not
        await self._reload()

    async def _reload(self) -> None:
        self.loading = True
        self.next_cursor = ""
        await self._fetch()

    @rx.event
    async def set_view(self, view: str | list[str]):
        self.view = view if isinstance(view, str) else view[0]
        self.searched = ""
        self.query = ""
        await self._reload()

    @rx.event
    async def set_scope(self, scope: str | list[str]):
        self.scope = scope if isinstance(scope, str) else scope[0]
        self.searched = ""
        self.query = ""
        await self._reload()

    @rx.event
    async def set_do_khan(self, value: str | list[str]):
        self.do_khan = value if isinstance(value, str) else value[0]
        await self._reload()

    @rx.event
    async def search(self, form: dict):
        self.searched = (form.get("q") or "").strip()
        self.query = self.searched
        await self._reload()

    @rx.event
    async def clear_search(self):
        self.searched = ""
        self.query = ""
        await self._reload()

    @rx.event
    async def load_more(self):
        if self.next_cursor:
            await self._fetch(append=True)
