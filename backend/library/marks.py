"""A reader's own marks: bookmarks, and highlights with a personal note. Private to him: no
one else (not the Tuyên giáo, not his chi bộ) can list them."""

from __future__ import annotations

import json

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.core.problems import Problem
from backend.library.policy import POLICY, require_reader
from backend.library.records import article_row
from backend.library.tables import LibraryBookmark, LibraryHighlight
from shared.library import Bookmark, Highlight, HighlightCreate, LibraryAction

MAX_HIGHLIGHTS_PER_ARTICLE = 200


def highlight_of(row: dict, current_version: int) -> Highlight:
    return Highlight(
        id=row["id"],
        article_id=row["article"],
        article_version=row["article_version"],
        stale=row["article_version"] != current_version,
        block=row["block"],
        start=row["start"],
        end=row["end"],
        quote=row["quote"],
        note=row["note"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        document_id=row.get("document_id", 0),
        document_title=row.get("document_title", ""),
        article_label=row.get("article_label", ""),
    )


async def marks_on(actor: Actor, article: dict) -> tuple[bool, list[Highlight]]:
    bookmarked = await LibraryBookmark.exists().where(
        (LibraryBookmark.user == actor.id) & (LibraryBookmark.article == article["id"])
    )
    rows = (
        await LibraryHighlight.select()
        .where((LibraryHighlight.user == actor.id) & (LibraryHighlight.article == article["id"]))
        .order_by(LibraryHighlight.block, LibraryHighlight.start)
    )
    return bookmarked, [highlight_of(r, article["version"]) for r in rows]


async def bookmark(actor: Actor, article_id: int, on: bool) -> None:
    _, record = await article_row(actor, article_id)
    if on:
        POLICY.require(LibraryAction.BOOKMARK, actor, record)
    async with db.transaction():
        if on:
            # A double tap sends two at once: the second finds the first and does nothing.
            await LibraryBookmark.insert(
                LibraryBookmark(user=actor.id, article=article_id, created_at=now())
            ).on_conflict(target=(LibraryBookmark.user, LibraryBookmark.article))
        else:
            await LibraryBookmark.delete().where(
                (LibraryBookmark.user == actor.id) & (LibraryBookmark.article == article_id)
            )


async def bookmarks(actor: Actor) -> list[Bookmark]:
    require_reader(actor)
    rows = (
        await LibraryBookmark.select(
            LibraryBookmark.article.as_alias("article_id"),
            LibraryBookmark.article.document.as_alias("document_id"),
            LibraryBookmark.article.document.title.as_alias("document_title"),
            LibraryBookmark.article.label.as_alias("label"),
            LibraryBookmark.article.title.as_alias("title"),
            LibraryBookmark.created_at,
        )
        .where(LibraryBookmark.user == actor.id)
        .order_by(LibraryBookmark.id, ascending=False)
    )
    return [Bookmark(**r) for r in rows]


async def add_highlight(actor: Actor, article_id: int, data: HighlightCreate) -> Highlight:
    row, record = await article_row(actor, article_id)
    POLICY.require(LibraryAction.HIGHLIGHT, actor, record)
    blocks = json.loads(row["blocks"]) if isinstance(row["blocks"], str) else row["blocks"]
    if data.block >= len(blocks):
        raise Problem(422, "Đoạn được đánh dấu không có trong điều này.", code="bad_range")
    text = blocks[data.block]["text"]
    if not (0 <= data.start < data.end <= len(text)):
        raise Problem(422, "Vị trí đánh dấu nằm ngoài đoạn văn.", code="bad_range")
    stamp = now()
    async with db.transaction():
        count = await LibraryHighlight.count().where(
            (LibraryHighlight.user == actor.id) & (LibraryHighlight.article == article_id)
        )
        if count >= MAX_HIGHLIGHTS_PER_ARTICLE:
            raise Problem(422, "Điều này đã có quá nhiều chỗ đánh dấu.", code="too_many")
        [created] = await LibraryHighlight.insert(
            LibraryHighlight(
                user=actor.id,
                article=article_id,
                article_version=row["version"],
                block=data.block,
                start=data.start,
                end=data.end,
                quote=text[data.start : data.end],
                note=data.note.strip(),
                created_at=stamp,
                updated_at=stamp,
            )
        ).returning(*LibraryHighlight.all_columns())
    return highlight_of(created, row["version"])


async def _own_highlight(actor: Actor, highlight_id: int) -> dict:
    require_reader(actor)
    row = (
        await LibraryHighlight.select(
            LibraryHighlight.all_columns(),
            LibraryHighlight.article.version.as_alias("current_version"),
        )
        .where((LibraryHighlight.id == highlight_id) & (LibraryHighlight.user == actor.id))
        .first()
    )
    if row is None:
        raise Problem(404, "Không tìm thấy chỗ đánh dấu này.", code="highlight_not_found")
    return row


async def update_highlight(actor: Actor, highlight_id: int, note: str) -> Highlight:
    row = await _own_highlight(actor, highlight_id)
    stamp = now()
    async with db.transaction():
        await LibraryHighlight.update(
            {LibraryHighlight.note: note.strip(), LibraryHighlight.updated_at: stamp}
        ).where(LibraryHighlight.id == highlight_id)
    return highlight_of(row | {"note": note.strip(), "updated_at": stamp}, row["current_version"])


async def delete_highlight(actor: Actor, highlight_id: int) -> None:
    await _own_highlight(actor, highlight_id)
    async with db.transaction():
        await LibraryHighlight.delete().where(LibraryHighlight.id == highlight_id)


async def highlights(actor: Actor) -> list[Highlight]:
    """All his highlights and notes, newest first (the "ghi chú của tôi" page)."""
    require_reader(actor)
    rows = (
        await LibraryHighlight.select(
            LibraryHighlight.all_columns(),
            LibraryHighlight.article.version.as_alias("current_version"),
            LibraryHighlight.article.document.as_alias("document_id"),
            LibraryHighlight.article.document.title.as_alias("document_title"),
            LibraryHighlight.article.label.as_alias("article_label"),
        )
        .where(LibraryHighlight.user == actor.id)
        .order_by(LibraryHighlight.updated_at, ascending=False)
        .limit(500)
    )
    return [highlight_of(r, r["current_version"]) for r in rows]
