"""State of /dai-hoi: the congresses the user takes part in (a delegate of, or a member of one
of its bodies)."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.components.date_field import DateInputError, parse_dmy
from frontend.dai_hoi import client
from frontend.so_tay.common import Notices
from shared.clock import dmy
from shared.congress import (
    CONGRESS_BODY_LABELS,
    CONGRESS_KIND_LABELS,
    CONGRESS_STATUS_LABELS,
    CongressCreate,
    CongressKind,
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
    creating: bool = False

    @rx.event
    def start_creating(self):
        self.creating = True

    @rx.event
    def stop_creating(self):
        self.creating = False

    @rx.event
    async def create(self, form: dict):
        """A new congress (the global action ``create``: the role ban_to_chuc); its creator
        joins its organising committee and goes on to set it up."""
        try:
            starts_on = parse_dmy(str(form.get("starts_on", "")), "Ngày khai mạc")
            ends_on = parse_dmy(str(form.get("ends_on", "")), "Ngày bế mạc")
        except DateInputError as error:
            self._say(str(error), False)
            return
        if starts_on is None or ends_on is None:
            self._say("Hãy nhập ngày khai mạc và ngày bế mạc (dd/mm/yyyy).", False)
            return
        try:
            data = CongressCreate(
                kind=CongressKind(str(form.get("kind") or CongressKind.DAI_HOI.value)),
                name=str(form.get("name", "")).strip(),
                term=str(form.get("term", "")).strip(),
                starts_on=starts_on,
                ends_on=ends_on,
                venue=str(form.get("venue", "")).strip(),
            )
        except ValueError:
            self._say("Loại không hợp lệ.", False)
            return
        self.busy = True
        found = await self._call(lambda api: client.create(api, data))
        self.busy = False
        if found is not None:
            self.creating = False
            return rx.redirect(routes.filled(routes.CONGRESS_SETUP, found.id))

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        found = await self._read(client.mine)
        if found is None:
            return
        self.congresses = [congress_line(c) for c in found.items]
        self.loaded = True
