"""What every screen of one congress reads first: the congress (``CongressDetail``), its
sessions and agenda, documents, bodies, and what the caller may do on it (``actions``), from
which each screen shows its buttons and the links to the others."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.dai_hoi import client
from frontend.so_tay.common import Notices
from shared.clock import dmy, dmy_hm
from shared.congress import (
    CONGRESS_BODY_LABELS,
    SESSION_STATUS_LABELS,
    CongressAction,
    CongressDetail,
    SessionStatus,
)


@dataclass
class ItemLine:
    id: str
    label: str  # "1. Khai mạc đại hội"
    note: str  # presenter, planned minutes, status
    status: str


@dataclass
class SessionLine:
    id: str
    title: str
    when: str
    status: str
    status_label: str
    agenda: list[ItemLine]


@dataclass
class DocumentLine:
    id: str
    href: str
    title: str
    note: str
    is_file: bool = False  # a file to download, not a document of the register to open


@dataclass
class MemberLine:
    name: str
    title: str


@dataclass
class BodyLine:
    body: str
    label: str
    members: list[MemberLine]
    approval: str  # the show of hands recorded, or what is still missing
    needs_approval: bool


def session_lines(c: CongressDetail) -> list[SessionLine]:
    return [
        SessionLine(
            id=str(s.id),
            title=s.title,
            when=dmy_hm(s.starts_at),
            status=s.status.value,
            status_label=SESSION_STATUS_LABELS[s.status],
            agenda=[
                ItemLine(
                    id=str(i.id),
                    label=f"{i.ordinal}. {i.title}",
                    note=" · ".join(
                        p
                        for p in (
                            i.presenter,
                            f"{i.planned_minutes} phút" if i.planned_minutes else "",
                        )
                        if p
                    ),
                    status=i.status.value,
                )
                for i in s.items
            ],
        )
        for s in c.sessions
    ]


def _document(d) -> DocumentLine:
    if d.register_document_id is not None:
        return DocumentLine(
            str(d.id), routes.document(d.register_document_id), d.title, "Văn bản trong sổ"
        )
    size = f"{d.size / 1_000_000:.1f} MB" if d.size >= 100_000 else f"{d.size // 1000 or 1} kB"
    href = client.FILE.url({"download": True}, sha256=d.sha256)
    note = " · ".join(p for p in (d.filename, size) if p)
    return DocumentLine(str(d.id), href, d.title, note, is_file=True)


def _body(b) -> BodyLine:
    a = b.approval
    if a is not None:
        approval = (
            f"Đại hội biểu quyết thông qua {dmy_hm(a.recorded_at)}: tán thành {a.votes_for}, "
            f"không tán thành {a.votes_against}, không biểu quyết {a.abstentions}"
            + (" (danh sách đã thay đổi sau đó)" if b.changed_since_approval else "")
        )
    elif b.needs_approval:
        approval = "Chưa biểu quyết thông qua"
    else:
        approval = ""
    return BodyLine(
        body=b.body.value,
        label=b.label,
        members=[MemberLine(m.full_name, m.title) for m in b.members],
        approval=approval,
        needs_approval=b.needs_approval,
    )


class CongressState(Notices, rx.State):
    congress_id: int = 0
    loaded: bool = False
    name: str = ""
    kind_label: str = ""
    term: str = ""
    when: str = ""
    venue: str = ""
    status: str = ""
    status_label: str = ""
    organisation: str = ""
    summoned: int = 0
    my_bodies: list[str] = []
    is_delegate: bool = False
    sessions: list[SessionLine] = []
    documents: list[DocumentLine] = []
    bodies: list[BodyLine] = []
    actions: list[str] = []

    @rx.var
    def can(self) -> dict[str, bool]:
        return {a.value: a.value in self.actions for a in CongressAction}

    @rx.var
    def href(self) -> dict[str, str]:
        """The addresses of this congress's screens."""
        screens = {
            "home": routes.CONGRESS_ONE,
            "checkin": routes.CONGRESS_CHECKIN,
            "console": routes.CONGRESS_CONSOLE,
            "credentials": routes.CONGRESS_CREDENTIALS,
            "projector": routes.CONGRESS_PROJECTOR,
            "setup": routes.CONGRESS_SETUP,
        }
        return {k: routes.filled(v, self.congress_id) for k, v in screens.items()}

    @rx.var
    def roles_line(self) -> str:
        parts = [*self.my_bodies, *(["Đại biểu"] if self.is_delegate else [])]
        return ", ".join(parts)

    @rx.var
    def open_session(self) -> str:
        """The session open now, else the next one not closed: the one to check in for."""
        for wanted in (SessionStatus.OPEN.value, SessionStatus.PLANNED.value):
            for s in self.sessions:
                if s.status == wanted:
                    return s.id
        return self.sessions[-1].id if self.sessions else ""

    def apply(self, c: CongressDetail) -> None:
        self.congress_id = c.id
        self.name = c.name
        self.kind_label = c.kind_label
        self.term = c.term
        self.when = (
            dmy(c.starts_on)
            if c.starts_on == c.ends_on
            else (f"{dmy(c.starts_on)} – {dmy(c.ends_on)}")
        )
        self.venue = c.venue
        self.status = c.status.value
        self.status_label = c.status_label
        self.organisation = c.organisation_name
        self.summoned = c.delegates_summoned
        self.my_bodies = [CONGRESS_BODY_LABELS[b] for b in c.my_bodies]
        self.is_delegate = c.my_delegate_id is not None
        self.sessions = session_lines(c)
        self.documents = [_document(d) for d in c.documents]
        self.bodies = [_body(b) for b in c.bodies]
        self.actions = [a.value for a in c.actions]

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        congress_id = self._param("congress_id")
        if congress_id is None:
            return
        found = await self._read(lambda api: client.detail(api, congress_id))
        if found is None:
            return
        self.apply(found)
        self.loaded = True
