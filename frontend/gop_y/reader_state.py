"""State of /gop-y/[consultation_id]: a draft read unit by unit, with each unit's counts; a
citizen's vote on a unit, his comment on a unit, on a passage of one, or on the whole draft,
after the consent notice; the comments of the chosen unit, under pseudonyms only.

The counts are drawn from this state when the page loads; afterwards the page's script
(``pwa/public/gop-y.js``) follows the stream ``consultation:{id}`` and writes the new figures
into the page itself, with no round trip through this state per event."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import reflex as rx

from frontend.components.live_from import live_from
from frontend.cong_dan import client as citizens
from frontend.gop_y import client
from frontend.so_tay.common import Notices
from shared.clock import dmy, dmy_hm
from shared.consultations import (
    COMMENT_MAX_CHARS,
    CONSULTATION_STATUS_LABELS,
    UNIT_KIND_LABELS,
    CommentCreate,
    CommentView,
    ConsultationAction,
    ConsultationDetail,
    TargetKind,
    UnitKind,
    VoteChoice,
)

_HEADINGS = {UnitKind.PHAN, UnitKind.CHUONG, UnitKind.MUC, UnitKind.DIEU, UnitKind.KET}


@dataclass
class UnitLine:
    key: str
    heading: bool  # a phần, chương, mục, điều: drawn as a heading
    label: str  # "II.", "1.", "a)", "-" or ""
    title: str
    body: str  # the unit's own text; a passage is quoted from it, or from the title without it
    indent: str
    comments: int
    agree: int
    disagree: int
    my_vote: str  # tan_thanh, khong_tan_thanh or ""
    name: str  # how the unit is named in a sentence ("Điểm 1.", "Mục II.")


@dataclass
class CommentLine:
    id: int
    author: str
    text: str
    quote: str
    note: str  # when, on which version
    answer: str
    mine: bool


@dataclass
class ExplainLine:
    unit: str
    decision: str
    reason: str
    comments: str


@dataclass
class Section:
    heading: str
    paragraphs: list[str]


def _unit_lines(d: ConsultationDetail) -> list[UnitLine]:
    counts = {u.key: u for u in d.counts.units}
    lines = []
    for u in d.units:
        heading = u.kind in _HEADINGS
        c = counts.get(u.key)
        lines.append(
            UnitLine(
                key=u.key,
                heading=heading,
                label=u.label,
                title=u.title,
                body=u.text,
                indent=f"{max(0, min(u.level - 1, 4)) * 0.75}em",
                comments=c.comments if c else 0,
                agree=c.agree if c else 0,
                disagree=c.disagree if c else 0,
                my_vote=d.my_votes[u.key].value if u.key in d.my_votes else "",
                name=f"{UNIT_KIND_LABELS[u.kind]} {u.label}".strip(),
            )
        )
    return lines


def comment_line(c: CommentView) -> CommentLine:
    return CommentLine(
        id=c.id,
        author="Bạn" if c.mine else c.author,
        text=c.text,
        quote=c.quote or "",
        note=f"{dmy_hm(c.created_at)} · trên bản {c.version}",
        answer=c.answer or "",
        mine=c.mine,
    )


class ReaderState(Notices, rx.State):
    consultation_id: int = 0
    draft_id: int = 0
    loaded: bool = False
    title: str = ""
    description: str = ""
    status: str = ""
    period: str = ""
    version: int = 0
    total_comments: int = 0
    # the stream's last event when the consultation was read: the live counts follow from it
    live_after: str = ""  # frontend/components/live_from.py
    whole_draft: int = 0
    units: list[UnitLine] = []
    actions: list[str] = []
    # The consent notice (Luật 91/2025), when a citizen has not accepted it yet.
    consent_needed: bool = False
    consent_version: str = ""
    consent_title: str = ""
    consent_sections: list[Section] = []
    # The unit open below its text: its votes, its comments and the form.
    active: str = ""
    active_name: str = ""
    active_comments: list[CommentLine] = []
    active_more: str = ""
    # The giải trình table, once the editors have published it.
    explanations: list[ExplainLine] = []
    # The whole draft's comments (the section at the end).
    general: list[CommentLine] = []
    # The form: on the unit, on a passage of it (``quote``), or on the whole draft.
    quote: str = ""
    quote_start: int = -1
    quote_end: int = -1
    idempotency_key: str = ""
    max_chars: int = COMMENT_MAX_CHARS

    @rx.var
    def can(self) -> dict[str, bool]:
        return {a.value: a.value in self.actions for a in ConsultationAction}

    def _apply(self, d: ConsultationDetail) -> None:
        self.consultation_id = d.id
        self.draft_id = d.draft_id
        self.title = d.title
        self.description = d.description
        self.status = CONSULTATION_STATUS_LABELS[d.status]
        self.period = f"Từ {dmy(d.opens_at)} đến {dmy(d.closes_at)}"
        self.version = d.version
        self.total_comments = d.counts.comments
        self.whole_draft = d.counts.whole_draft
        self.units = _unit_lines(d)
        self.actions = [a.value for a in d.actions]
        if d.last_event_id is not None:  # a read (a write's answer has none)
            self.live_after = live_from(client.stream(d.id), d.last_event_id)

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        self.active, self.active_comments, self.quote = "", [], ""
        self.live_after = ""
        consultation_id = self._param("consultation_id")
        if consultation_id is None:
            return
        found = await self._read(lambda api: client.consultation(api, consultation_id))
        if found is None:
            return
        self._apply(found)
        self.consent_needed = False
        if ConsultationAction.COMMENT in found.actions:
            notice = await self._call(citizens.consent)
            if notice is not None and not notice.accepted:
                self.consent_needed = True
                self.consent_version = notice.version
                self.consent_title = notice.title
                self.consent_sections = [Section(s.heading, s.paragraphs) for s in notice.sections]
        page = await self._call(lambda api: client.comments(api, consultation_id, whole_draft=True))
        self.general = [comment_line(c) for c in page.items] if page else []
        table = await self._call(lambda api: client.explanations(api, consultation_id))
        self.explanations = [
            ExplainLine(r.unit_label, r.decision_label, r.reason, f"{r.comments} góp ý")
            for r in (table.rows if table else [])
            if r.published
        ]
        self.message = ""  # a table not readable yet is no fault of the reader's
        self.idempotency_key = uuid.uuid4().hex
        self.loaded = True

    @rx.event
    async def accept_consent(self):
        self.busy = True
        notice = await self._call(lambda api: citizens.accept_consent(api, self.consent_version))
        self.busy = False
        if notice is not None and notice.accepted:
            self.consent_needed = False
            self._say("Bạn đã đồng ý. Bây giờ bạn có thể góp ý.", True)

    @rx.event
    async def open_unit(self, key: str):
        """Open a unit below its text (or close it when it is the open one)."""
        if self.active == key:
            self.active = ""
            return
        self.active, self.quote, self.active_comments, self.active_more = key, "", [], ""
        self.active_name = next((u.name for u in self.units if u.key == key), "")
        await self._read_unit()

    async def _read_unit(self, cursor: str = "") -> None:
        key, consultation_id = self.active, self.consultation_id
        page = await self._call(
            lambda api: client.comments(api, consultation_id, key, False, cursor)
        )
        if page is None:
            return
        lines = [comment_line(c) for c in page.items]
        self.active_comments = [*self.active_comments, *lines] if cursor else lines
        self.active_more = page.next_cursor or ""

    @rx.event
    async def more_comments(self):
        await self._read_unit(self.active_more)

    @rx.event
    async def vote(self, key: str, choice: str):
        """Agree or disagree with a unit; the same choice again takes the vote back."""
        unit = next((u for u in self.units if u.key == key), None)
        if unit is None:
            return
        wanted = None if unit.my_vote == choice else VoteChoice(choice)
        consultation_id = self.consultation_id
        result = await self._call(lambda api: client.vote(api, consultation_id, key, wanted))
        if result is None:
            return
        unit.my_vote = result.choice.value if result.choice else ""
        unit.agree, unit.disagree = result.agree, result.disagree
        self.units = list(self.units)
        self._say("Đã ghi nhận ý kiến của bạn." if result.choice else "Đã bỏ ý kiến.", True)

    @rx.event
    def take_passage(self, found: dict | None):
        """The passage selected in the page (``window.dangboGopY.take()``): its unit, quote and
        offsets; the unit opens with the passage in its form."""
        if not found or not found.get("quote"):
            self._say("Hãy bôi đen một đoạn trong nội dung dự thảo trước.", False)
            return
        key = str(found.get("key", ""))
        if key not in {u.key for u in self.units}:
            return
        if self.active != key:
            self.active, self.active_comments, self.active_more = key, [], ""
            self.active_name = next((u.name for u in self.units if u.key == key), "")
        self.quote = str(found["quote"])
        self.quote_start, self.quote_end = int(found["start"]), int(found["end"])
        return ReaderState.refresh_unit

    @rx.event
    async def refresh_unit(self):
        await self._read_unit()

    @rx.event
    def drop_passage(self):
        self.quote = ""

    @rx.event
    async def send(self, form: dict):
        text = (form.get("text") or "").strip()
        where = form.get("where") or ""
        if not text:
            return self._say("Hãy nhập nội dung góp ý.", False)
        if where == "draft":
            request = CommentCreate(target=TargetKind.DRAFT, text=text)
        elif self.quote:
            request = CommentCreate(
                target=TargetKind.PASSAGE,
                text=text,
                unit_key=self.active,
                quote=self.quote,
                start=self.quote_start,
                end=self.quote_end,
            )
        else:
            request = CommentCreate(target=TargetKind.UNIT, text=text, unit_key=self.active)
        self.busy = True
        consultation_id, key = self.consultation_id, self.idempotency_key
        made = await self._call(lambda api: client.comment(api, consultation_id, request, key))
        self.busy = False
        if made is None:
            return None
        self.idempotency_key = uuid.uuid4().hex
        self.quote = ""
        if request.target is TargetKind.DRAFT:
            self.general = [comment_line(made), *self.general]
        else:
            self.active_comments = [comment_line(made), *self.active_comments]
            for u in self.units:
                if u.key == made.unit_key:
                    u.comments += 1
            self.units = list(self.units)
        self._say("Đã gửi góp ý. Bạn xem lại trong “Góp ý của tôi”.", True)
        return None
