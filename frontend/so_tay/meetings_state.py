"""State of /so-tay/hop: the meetings of the member's chi bộ (and of those he runs), upcoming
or past, and the chi bộ he may manage (from his positions)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.so_tay import client
from frontend.so_tay.common import Notices
from shared.clock import dmy_hm
from shared.meetings import REPLY_LABELS, MeetingSummary


@dataclass
class MeetingLine:
    href: str
    title: str
    note: str


def meeting_line(m: MeetingSummary) -> MeetingLine:
    reply = f" · {REPLY_LABELS[m.my_reply]}" if m.my_reply is not None else ""
    return MeetingLine(
        href=routes.filled(routes.HANDBOOK_MEETING, m.id),
        title=m.title,
        note=f"{dmy_hm(m.starts_at)} · {m.kind_label} · {m.status_label}{reply}",
    )


class MeetingsState(Notices, rx.State):
    upcoming: bool = True
    loaded: bool = False
    meetings: list[MeetingLine] = []
    next_cursor: str = ""

    async def _fetch(self, cursor: str = "") -> None:
        page = await self._call(lambda api: client.meetings(api, self.upcoming, cursor=cursor))
        if page is None:
            return
        lines = [meeting_line(m) for m in page.items]
        self.meetings = [*self.meetings, *lines] if cursor else lines
        self.next_cursor = page.next_cursor or ""
        self.loaded = True

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        await self._fetch()

    @rx.event
    async def show(self, which: str | list[str]):
        self.upcoming = which != "past"
        self.loaded = False
        await self._fetch()

    @rx.event
    async def more(self):
        await self._fetch(self.next_cursor)
