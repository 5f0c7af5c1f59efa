"""State of /so-tay: the organisations in which the member holds a position (from
``GET /api/orgs/positions/mine``), each a link to what he may do for it there; what he may do
is decided on that screen by the API's ``actions``."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.so_tay import client
from frontend.so_tay.common import Notices


@dataclass
class OrgLink:
    href: str
    title: str
    note: str


class HubState(Notices, rx.State):
    organisations: list[OrgLink] = []

    @rx.event
    async def load(self):
        self.error, self.message = "", ""
        held = await self._call(client.my_positions) or []
        self.message = ""
        by_org: dict[int, OrgLink] = {}
        for p in held:
            if p.organisation_id in by_org:
                by_org[p.organisation_id].note += f", {p.position_label}"
                continue
            by_org[p.organisation_id] = OrgLink(
                href=routes.filled(routes.HANDBOOK_CHI_BO, p.organisation_id),
                title=p.organisation_name,
                note=p.position_label,
            )
        self.organisations = list(by_org.values())
