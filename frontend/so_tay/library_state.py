"""State of the library's shelves: /so-tay/thu-vien (collections, "đọc tiếp", what changed
since the last visit, bookmarks), a collection's documents and a document's table of
contents."""

from __future__ import annotations

from dataclasses import dataclass

import reflex as rx

from frontend import routes
from frontend.so_tay import client
from frontend.so_tay.common import Notices, heading
from shared.clock import dmy, dmy_hm
from shared.library import LibraryChanges


@dataclass
class ShelfLine:
    href: str
    title: str
    note: str


def _article_href(article_id: int) -> str:
    return routes.filled(routes.HANDBOOK_ARTICLE, article_id)


class LibraryState(Notices, rx.State):
    loaded: bool = False
    collections: list[ShelfLine] = []
    continue_reading: list[ShelfLine] = []
    changes: list[ShelfLine] = []
    changes_since: str = ""
    bookmarks: list[ShelfLine] = []

    def _apply_changes(self, found: LibraryChanges) -> None:
        self.changes = [
            ShelfLine(
                href=_article_href(c.article_id),
                title=heading(c.label, c.title),
                note=f"{'Mới' if c.new else 'Sửa đổi'} · {c.document_title} · {dmy(c.changed_at)}",
            )
            for c in found.changes
        ]
        self.changes_since = (
            "" if found.first_visit or not found.since else f"Từ lần xem {dmy_hm(found.since)}"
        )

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        shelves = await self._read(client.collections)
        if shelves is None:
            return
        self.collections = [
            ShelfLine(
                href=routes.filled(routes.HANDBOOK_COLLECTION, c.id),
                title=c.title,
                note=f"{c.documents} văn kiện" + (f" · {c.description}" if c.description else ""),
            )
            for c in shelves
        ]
        positions = await self._call(client.reading) or []
        self.continue_reading = [
            ShelfLine(
                href=_article_href(p.article_id),
                title=p.document_title,
                note=f"{heading(p.label, p.title)} · {dmy_hm(p.updated_at)}",
            )
            for p in positions[:3]
        ]
        found = await self._call(client.changes)
        if found is not None:
            self._apply_changes(found)
        marks = await self._call(client.bookmarks) or []
        self.bookmarks = [
            ShelfLine(
                href=_article_href(b.article_id),
                title=heading(b.label, b.title),
                note=b.document_title,
            )
            for b in marks
        ]
        self.loaded = True

    @rx.event
    async def mark_seen(self):
        found = await self._call(client.changes_seen)
        if found is not None:
            self._apply_changes(found)
            self._say("Đã đánh dấu là đã xem các thay đổi.", True)


class CollectionState(Notices, rx.State):
    loaded: bool = False
    title: str = ""
    description: str = ""
    documents: list[ShelfLine] = []

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        collection_id = self._param("collection_id")
        if collection_id is None:
            return
        found = await self._read(lambda api: client.collection(api, collection_id))
        if found is None:
            return
        self.title = found.collection.title
        self.description = found.collection.description
        self.documents = [
            ShelfLine(
                href=routes.filled(routes.HANDBOOK_DOCUMENT, d.id),
                title=d.title,
                note=" · ".join(
                    x for x in (d.kind_label, d.so_ky_hieu, d.issuer, dmy(d.issued_on)) if x
                ),
            )
            for d in found.documents
        ]
        self.loaded = True


@dataclass
class TocLine:
    href: str
    title: str
    indent: str
    heading: bool


class TocState(Notices, rx.State):
    loaded: bool = False
    title: str = ""
    about: str = ""
    summary: str = ""
    collection_href: str = ""
    collection_title: str = ""
    toc: list[TocLine] = []

    @rx.event
    async def load(self):
        self.error, self.message, self.loaded = "", "", False
        document_id = self._param("library_document_id")
        if document_id is None:
            return
        found = await self._read(lambda api: client.library_document(api, document_id))
        if found is None:
            return
        self.title = found.title
        self.about = " · ".join(
            x for x in (found.kind_label, found.so_ky_hieu, found.issuer, dmy(found.issued_on)) if x
        )
        self.summary = found.summary
        self.collection_href = routes.filled(routes.HANDBOOK_COLLECTION, found.collection_id)
        self.collection_title = found.collection_title
        self.toc = [
            TocLine(
                href=_article_href(t.article_id),
                title=heading(t.label, t.title),
                indent=f"{(t.level - 1) * 16}px",
                heading=t.level == 1,
            )
            for t in found.toc
        ]
        self.loaded = True
