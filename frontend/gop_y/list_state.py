"""State of /gop-y (the consultations the caller may read) and /gop-y/cua-toi (a citizen's own
comments: status, the hidden reason, the answer, withdrawal while open)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.gop_y import client
from frontend.so_tay.common import Notices
from shared.clock import dmy, dmy_hm
from shared.consultations import (
    COMMENT_STATUS_LABELS,
    CONSULTATION_STATUS_LABELS,
    ConsultationAction,
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


def _mine(c: MyComment) -> MyLine:
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

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        page = await self._read(client.my_comments)
        if page is None:
            return
        self.lines = [_mine(c) for c in page.items]
        self.more = page.next_cursor or ""
        self.loaded = True

    @rx.event
    async def load_more(self):
        cursor = self.more
        page = await self._call(lambda api: client.my_comments(api, cursor))
        if page is not None:
            self.lines = [*self.lines, *(_mine(c) for c in page.items)]
            self.more = page.next_cursor or ""

    @rx.event
    async def withdraw(self, comment_id: int):
        done = await self._call(lambda api: client.withdraw(api, comment_id))
        if done is None:
            return
        self._say("Đã rút góp ý.", True)
        page = await self._call(client.my_comments)
        if page is not None:
            self.lines = [_mine(c) for c in page.items]
            self.more = page.next_cursor or ""
