"""State of /so-tay/thu-vien/doc/[article_id]: one article as formatted text, the reader's
bookmark and highlights with notes on it, the previous and next article, and the font size (a
setting of this browser). Opening an article saves the reading position ("đọc tiếp")."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.so_tay import client
from frontend.so_tay.common import Notices, heading
from shared.library import ArticleDetail, HighlightCreate, LibraryAction

FONT_SIZES = (16, 18, 20, 22, 24, 28)
DEFAULT_FONT = 18


@dataclass
class BlockLine:
    index: int
    kind: str
    label: str
    text: str
    marked: bool


@dataclass
class NoteLine:
    id: int
    quote: str
    note: str
    stale: bool


class ReaderState(Notices, rx.State):
    article_id: int = 0
    loaded: bool = False
    document_title: str = ""
    document_href: str = ""
    heading: str = ""
    level: int = 1
    blocks: list[BlockLine] = []
    notes: list[NoteLine] = []
    bookmarked: bool = False
    live: bool = True
    previous_href: str = ""
    next_href: str = ""
    actions: list[str] = []
    # The block chosen to highlight ("Đánh dấu đoạn" mode), -1 when none.
    marking: bool = False
    chosen: int = -1
    font_px: str = rx.LocalStorage(str(DEFAULT_FONT), name="dangbo-reader-font")

    @rx.var
    def can_bookmark(self) -> bool:
        return LibraryAction.BOOKMARK.value in self.actions

    @rx.var
    def can_highlight(self) -> bool:
        return LibraryAction.HIGHLIGHT.value in self.actions

    @rx.var
    def text_size(self) -> str:
        return f"{self.font_px}px" if self.font_px.isdigit() else f"{DEFAULT_FONT}px"

    @rx.var
    def chosen_text(self) -> str:
        return next((b.text for b in self.blocks if b.index == self.chosen), "")

    def _apply(self, a: ArticleDetail) -> None:
        c = a.content
        self.article_id = c.id
        self.document_title = a.document_title
        self.document_href = routes.filled(routes.HANDBOOK_DOCUMENT, c.document_id)
        self.heading = heading(c.label, c.title)
        self.level = c.level
        marked = {h.block for h in a.highlights}
        self.blocks = [
            BlockLine(index=i, kind=b.kind.value, label=b.label, text=b.text, marked=i in marked)
            for i, b in enumerate(c.blocks)
        ]
        self.notes = [
            NoteLine(id=h.id, quote=h.quote, note=h.note, stale=h.stale) for h in a.highlights
        ]
        self.bookmarked = a.bookmarked
        self.live = a.live
        self.previous_href = (
            routes.filled(routes.HANDBOOK_ARTICLE, a.previous_id) if a.previous_id else ""
        )
        self.next_href = routes.filled(routes.HANDBOOK_ARTICLE, a.next_id) if a.next_id else ""
        self.actions = [x.value for x in a.actions]

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        self.marking, self.chosen = False, -1
        article_id = self._param("article_id")
        if article_id is None:
            return
        found = await self._read(lambda api: client.article(api, article_id))
        if found is None:
            return
        self._apply(found)
        self.loaded = True
        if found.live:
            # "Đọc tiếp": where the reader is; a failure here must not spoil the reading.
            await self._call(lambda api: client.save_reading(api, article_id))
            self.message = ""

    @rx.event
    def font(self, step: int):
        current = int(self.font_px) if self.font_px.isdigit() else DEFAULT_FONT
        sizes = list(FONT_SIZES)
        at = min(range(len(sizes)), key=lambda i: abs(sizes[i] - current))
        self.font_px = str(sizes[max(0, min(len(sizes) - 1, at + step))])

    @rx.event
    async def toggle_bookmark(self):
        on = not self.bookmarked
        found = await self._call(lambda api: client.set_bookmark(api, self.article_id, on))
        if found is not None:
            self._apply(found)
            self._say("Đã đánh dấu trang." if on else "Đã bỏ đánh dấu trang.", True)

    @rx.event
    def toggle_marking(self):
        self.marking = not self.marking
        self.chosen = -1

    @rx.event
    def choose(self, index: int):
        if self.marking:
            self.chosen = index

    @rx.event
    async def save_highlight(self, form: dict):
        block = next((b for b in self.blocks if b.index == self.chosen), None)
        if block is None:
            return self._say("Hãy chạm vào đoạn cần đánh dấu.", False)
        request = HighlightCreate(
            block=block.index, start=0, end=len(block.text), note=(form.get("note") or "")[:2000]
        )
        created = await self._call(lambda api: client.highlight(api, self.article_id, request))
        if created is None:
            return None
        found = await self._call(lambda api: client.article(api, self.article_id))
        if found is not None:
            self._apply(found)
        self.marking, self.chosen = False, -1
        self._say("Đã đánh dấu đoạn và lưu ghi chú.", True)
        return None

    @rx.event
    async def delete_highlight(self, highlight_id: int):
        self.message = ""
        await self._call(lambda api: client.delete_highlight(api, highlight_id))
        if self.message:  # refused: the API's explanation is shown
            return
        found = await self._call(lambda api: client.article(api, self.article_id))
        if found is not None:
            self._apply(found)
            self._say("Đã xóa đánh dấu.", True)
