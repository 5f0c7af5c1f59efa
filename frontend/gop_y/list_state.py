"""State of /gop-y (the consultations the caller may read) and /gop-y/cua-toi (a citizen's own
comments: status, the hidden reason, the answer, the published giải trình of its unit,
withdrawal while open)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.api import ApiError, api_client
from frontend.gop_y import client
from frontend.so_tay.common import Notices
from shared.clock import dmy, dmy_hm
from shared.consultations import (
    COMMENT_STATUS_LABELS,
    CONSULTATION_STATUS_LABELS,
    ConsultationAction,
    ExplanationTable,
    MyComment,
)


@dataclass
class ConsultationLine:
    href: str
    title: str
    note: str


@dataclass
class MyLine:
    id: int
    href: str
    consultation: str
    unit: str
    quote: str
    text: str
    status: str
    note: str
    hidden_reason: str
    answer: str
    may_withdraw: bool
    # The giải trình of the comment's unit, once published: the decision and its reason.
    decision: str = ""
    reason: str = ""


def _mine(c: MyComment, tables: dict[int, ExplanationTable]) -> MyLine:
    table = tables.get(c.consultation_id)
    row = next(
        (r for r in (table.rows if table else []) if r.published and r.unit_key == c.unit_key),
        None,
    )
    return MyLine(
        id=c.id,
        href=routes.filled(routes.FEEDBACK_CONSULTATION, c.consultation_id),
        consultation=c.consultation_title,
        unit=c.unit_label,
        quote=c.quote or "",
        text=c.text,
        status=COMMENT_STATUS_LABELS[c.status],
        note=f"{dmy_hm(c.created_at)} · viết trên bản {c.version}",
        hidden_reason=c.hidden_reason or "",
        answer=c.answer or "",
        may_withdraw=ConsultationAction.WITHDRAW in c.actions,
        decision=row.decision_label if row else "",
        reason=row.reason if row else "",
    )


class ListState(Notices, rx.State):
    loaded: bool = False
    lines: list[ConsultationLine] = []

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        found = await self._read(client.consultations)
        if found is None:
            return
        self.lines = [
            ConsultationLine(
                href=routes.filled(routes.FEEDBACK_CONSULTATION, c.id),
                title=c.title,
                note=(
                    f"{CONSULTATION_STATUS_LABELS[c.status]} · {dmy(c.opens_at)} – "
                    f"{dmy(c.closes_at)} · {c.comments} góp ý"
                ),
            )
            for c in found
        ]
        self.loaded = True


class MineState(Notices, rx.State):
    loaded: bool = False
    lines: list[MyLine] = []
    more: str = ""

    async def _lines(self, comments: list[MyComment]) -> list[MyLine]:
        """The comments as lines, each with the published giải trình of its unit (one table
        per consultation; a table not readable yet is left out, no fault of the citizen's)."""
        tables: dict[int, ExplanationTable] = {}
        async with api_client(self) as api:
            for consultation_id in dict.fromkeys(c.consultation_id for c in comments):
                try:
                    tables[consultation_id] = await client.explanations(api, consultation_id)
                except ApiError:
                    continue
        return [_mine(c, tables) for c in comments]

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        page = await self._read(client.my_comments)
        if page is None:
            return
        self.lines = await self._lines(page.items)
        self.more = page.next_cursor or ""
        self.loaded = True

    @rx.event
    async def load_more(self):
        cursor = self.more
        page = await self._call(lambda api: client.my_comments(api, cursor))
        if page is not None:
            self.lines = [*self.lines, *(await self._lines(page.items))]
            self.more = page.next_cursor or ""

    @rx.event
    async def withdraw(self, comment_id: int):
        done = await self._call(lambda api: client.withdraw(api, comment_id))
        if done is None:
            return
        self._say("Đã rút góp ý.", True)
        page = await self._call(client.my_comments)
        if page is not None:
            self.lines = await self._lines(page.items)
            self.more = page.next_cursor or ""
