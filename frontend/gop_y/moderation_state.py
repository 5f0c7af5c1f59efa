"""State of /gop-y/[consultation_id]/kiem-duyet: the tổ biên tập's queue of a consultation's
comments (by status), hiding with a reason, restoring, answering; and the search in comments
through the one search service. Authors appear by pseudonym and coarse facts only."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend.gop_y import client
from frontend.so_tay.common import Notices
from shared.citizens import AGE_BAND_LABELS, AgeBand
from shared.clock import dmy_hm
from shared.consultations import (
    COMMENT_STATUS_LABELS,
    UNIT_KIND_LABELS,
    ConsultationAction,
    ModeratedComment,
    TargetKind,
)


@dataclass
class QueueLine:
    id: int
    author: str
    where: str
    quote: str
    text: str
    status: str
    note: str
    hidden_reason: str
    answer: str
    may_hide: bool
    may_restore: bool
    may_answer: bool


def _facts(c: ModeratedComment) -> str:
    band = (
        AGE_BAND_LABELS.get(AgeBand(c.age_band)) if c.age_band in AgeBand._value2member_map_ else ""
    )
    return " · ".join(x for x in (band, c.commune, c.province) if x)


def queue_line(c: ModeratedComment, names: dict[str, str]) -> QueueLine:
    if c.target is TargetKind.DRAFT:
        where = "Toàn văn dự thảo"
    else:
        where = names.get(c.unit_key or "", c.unit_key or "")
        where = f"Đoạn trích của {where}" if c.target is TargetKind.PASSAGE else where
    facts = _facts(c)
    return QueueLine(
        id=c.id,
        author=c.author,
        where=where,
        quote=c.quote or "",
        text=c.text,
        status=COMMENT_STATUS_LABELS[c.status],
        note=f"{dmy_hm(c.created_at)} · bản {c.version}" + (f" · {facts}" if facts else ""),
        hidden_reason=c.hidden_reason or "",
        answer=c.answer or "",
        may_hide=ConsultationAction.HIDE in c.actions,
        may_restore=ConsultationAction.RESTORE in c.actions,
        may_answer=ConsultationAction.ANSWER in c.actions,
    )


class ModerationState(Notices, rx.State):
    consultation_id: int = 0
    title: str = ""
    loaded: bool = False
    # Unit key → how the unit reads now ("Điểm 1.", "Mục II.").
    _names: dict[str, str] = {}
    status: str = ""  # "" for all, or a CommentStatus value
    lines: list[QueueLine] = []
    more: str = ""
    query: str = ""
    hits: list[QueueLine] = []
    searched: bool = False
    # The comment whose hide or answer form is open.
    editing: int = 0
    editing_what: str = ""  # "hide" or "answer"

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        consultation_id = self._param("consultation_id")
        if consultation_id is None:
            return
        self.consultation_id = consultation_id
        detail = await self._read(lambda api: client.consultation(api, consultation_id))
        if detail is None:
            return
        self.title = detail.title
        self._names = {
            u.key: f"{UNIT_KIND_LABELS[u.kind]} {u.anchor}".strip() for u in detail.units
        }
        page = await self._read(
            lambda api: client.moderation(api, consultation_id, self.status or None)
        )
        if page is None:
            return
        self.lines = [queue_line(c, self._names) for c in page.items]
        self.more = page.next_cursor or ""
        self.hits, self.searched, self.editing = [], False, 0
        self.loaded = True

    @rx.event
    async def filter(self, status: str | list[str]):
        chosen = status[0] if isinstance(status, list) else status
        self.status = "" if chosen == "all" else chosen
        consultation_id, chosen = self.consultation_id, self.status or None
        page = await self._call(lambda api: client.moderation(api, consultation_id, chosen))
        if page is not None:
            self.lines = [queue_line(c, self._names) for c in page.items]
            self.more = page.next_cursor or ""

    @rx.event
    async def load_more(self):
        consultation_id, chosen, cursor = self.consultation_id, self.status or None, self.more
        page = await self._call(
            lambda api: client.moderation(api, consultation_id, chosen, None, cursor)
        )
        if page is not None:
            self.lines = [*self.lines, *(queue_line(c, self._names) for c in page.items)]
            self.more = page.next_cursor or ""

    @rx.event
    def edit(self, comment_id: int, what: str):
        same = self.editing == comment_id and self.editing_what == what
        self.editing, self.editing_what = (0, "") if same else (comment_id, what)

    def _replace(self, done: ModeratedComment) -> None:
        fresh = queue_line(done, self._names)
        self.lines = [fresh if line.id == done.id else line for line in self.lines]
        self.hits = [fresh if line.id == done.id else line for line in self.hits]
        self.editing = 0

    @rx.event
    async def hide(self, form: dict):
        reason, comment_id = (form.get("reason") or "").strip(), self.editing
        if not reason:
            return self._say("Hãy nêu lý do ẩn góp ý.", False)
        done = await self._call(lambda api: client.hide(api, comment_id, reason))
        if done is not None:
            self._replace(done)
            self._say("Đã ẩn góp ý.", True)
        return None

    @rx.event
    async def restore(self, comment_id: int):
        done = await self._call(lambda api: client.restore(api, comment_id))
        if done is not None:
            self._replace(done)
            self._say("Đã hiện lại góp ý.", True)

    @rx.event
    async def answer(self, form: dict):
        text, comment_id = (form.get("answer") or "").strip(), self.editing
        if not text:
            return self._say("Hãy nhập câu trả lời.", False)
        done = await self._call(lambda api: client.answer(api, comment_id, text))
        if done is not None:
            self._replace(done)
            self._say("Đã gửi trả lời; người góp ý được thông báo.", True)
        return None

    @rx.event
    async def search(self, form: dict):
        q = (form.get("q") or "").strip()
        self.query = q
        if not q:
            self.hits, self.searched = [], False
            return
        consultation_id = self.consultation_id
        found = await self._call(lambda api: client.search(api, q, consultation_id))
        if found is not None:
            self.hits = [queue_line(h.comment, self._names) for h in found.items]
            self.searched = True
