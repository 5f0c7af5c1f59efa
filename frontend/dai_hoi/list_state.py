"""State of /dai-hoi: the congresses the user takes part in (a delegate of, or a member of one
of its bodies)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.dai_hoi import client
from frontend.so_tay.common import Notices
from shared.clock import dmy
from shared.congress import (
    CONGRESS_BODY_LABELS,
    CONGRESS_KIND_LABELS,
    CONGRESS_STATUS_LABELS,
    CongressSummary,
)


@dataclass
class CongressLine:
    href: str
    title: str
    note: str


def congress_line(c: CongressSummary) -> CongressLine:
    roles = [CONGRESS_BODY_LABELS[b] for b in c.my_bodies]
    if c.my_delegate_id is not None:
        roles.insert(0, "Đại biểu")
    when = (
        dmy(c.starts_on) if c.starts_on == c.ends_on else f"{dmy(c.starts_on)} – {dmy(c.ends_on)}"
    )
    return CongressLine(
        href=routes.filled(routes.CONGRESS_ONE, c.id),
        title=c.name,
        note=" · ".join(
            p
            for p in (
                f"{CONGRESS_KIND_LABELS[c.kind]} nhiệm kỳ {c.term}",
                when,
                CONGRESS_STATUS_LABELS[c.status],
                ", ".join(roles),
            )
            if p
        ),
    )


class CongressListState(Notices, rx.State):
    loaded: bool = False
    congresses: list[CongressLine] = []

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        found = await self._read(client.mine)
        if found is None:
            return
        self.congresses = [congress_line(c) for c in found.items]
        self.loaded = True
