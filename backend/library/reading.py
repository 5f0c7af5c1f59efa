"""Reading the library: collections, a document with its table of contents, its articles as
formatted text, and the payloads a phone stores for offline reading.

Content answers (``content``) hold nothing personal, so they are the same for every reader
and cacheable by version; the reader's own marks come in the article detail.
"""

from __future__ import annotations

import json

from backend.accounts.identity import Actor
from backend.core.problems import Problem
from backend.library.marks import marks_on
from backend.library.policy import POLICY, publishes, require_reader
from backend.library.records import article_row, document_record, document_row, draft_pending
from backend.library.tables import (
    LibraryArticle,
    LibraryArticleVersion,
    LibraryCollection,
    LibraryDocument,
)
from shared.library import (
    DOCUMENT_STATE_LABELS,
    LIBRARY_KIND_LABELS,
    ArticleContent,
    ArticleDetail,
    ArticleVersionInfo,
    Block,
    CollectionDetail,
    CollectionInfo,
    DocumentContent,
    DocumentState,
    LibraryAction,
    LibraryDocumentDetail,
    LibraryDocumentSummary,
    LibraryKind,
    NodeKind,
    TocEntry,
)


def _blocks(raw) -> list[Block]:
    values = json.loads(raw) if isinstance(raw, str) else raw
    return [Block(kind=b["kind"], label=b["label"], text=b["text"]) for b in values]


def article_content(row: dict) -> ArticleContent:
    return ArticleContent(
        id=row["id"],
        document_id=row["document"],
        version=row["version"],
        hash=row["content_hash"],
        kind=NodeKind(row["kind"]),
        label=row["label"],
        title=row["title"],
        level=row["level"],
        parent_id=row["parent"],
        position=row["position"],
        blocks=_blocks(row["blocks"]),
        changed_at=row["changed_at"],
    )


def summary_of(row: dict) -> LibraryDocumentSummary:
    kind, state = LibraryKind(row["kind"]), DocumentState(row["state"])
    return LibraryDocumentSummary(
        id=row["id"],
        collection_id=row["collection"],
        title=row["title"],
        kind=kind,
        kind_label=LIBRARY_KIND_LABELS[kind],
        so_ky_hieu=row["so_ky_hieu"],
        issuer=row["issuer"],
        issued_on=row["issued_on"],
        state=state,
        state_label=DOCUMENT_STATE_LABELS[state],
        version=row["version"],
        published_at=row["published_at"],
    )


def _visible(actor: Actor):
    """The documents a reader lists: published ones (all of them for Tuyên giáo)."""
    if publishes(actor):
        return None
    return LibraryDocument.state == DocumentState.PUBLISHED.value


async def collections(actor: Actor) -> list[CollectionInfo]:
    require_reader(actor)
    query = LibraryDocument.select(LibraryDocument.collection)
    if (where := _visible(actor)) is not None:
        query = query.where(where)
    counts: dict[int, int] = {}
    for row in await query:
        counts[row["collection"]] = counts.get(row["collection"], 0) + 1
    rows = await LibraryCollection.select().order_by(LibraryCollection.position)
    return [
        CollectionInfo(
            id=r["id"],
            title=r["title"],
            description=r["description"],
            documents=counts.get(r["id"], 0),
        )
        for r in rows
        if counts.get(r["id"]) or publishes(actor)
    ]


async def collection(actor: Actor, collection_id: int) -> CollectionDetail:
    found = [c for c in await collections(actor) if c.id == collection_id]
    if not found:
        raise Problem(404, "Không tìm thấy bộ sưu tập.", code="collection_not_found")
    query = LibraryDocument.select().where(LibraryDocument.collection == collection_id)
    if (where := _visible(actor)) is not None:
        query = query.where(where)
    rows = await query.order_by(LibraryDocument.id)
    return CollectionDetail(
        collection=found[0],
        documents=[summary_of(r) for r in rows],
        actions=[a for a in POLICY.actions(actor, None) if a is LibraryAction.MANAGE],
    )


async def _live_articles(document_id: int) -> list[dict]:
    return (
        await LibraryArticle.select()
        .where((LibraryArticle.document == document_id) & (LibraryArticle.live == True))  # noqa: E712
        .order_by(LibraryArticle.position)
    )


async def document_detail(actor: Actor, document_id: int) -> LibraryDocumentDetail:
    row = await document_row(actor, document_id)
    summary = summary_of(row)
    toc = [
        TocEntry(
            article_id=a["id"],
            parent_id=a["parent"],
            kind=NodeKind(a["kind"]),
            label=a["label"],
            title=a["title"],
            level=a["level"],
            version=a["version"],
        )
        for a in await _live_articles(document_id)
    ]
    return LibraryDocumentDetail(
        id=row["id"],
        collection_id=row["collection"],
        collection_title=row["collection_title"],
        title=row["title"],
        kind=summary.kind,
        kind_label=summary.kind_label,
        so_ky_hieu=row["so_ky_hieu"],
        issuer=row["issuer"],
        issued_on=row["issued_on"],
        summary=row["summary"],
        state=summary.state,
        state_label=summary.state_label,
        version=row["version"],
        content_hash=row["content_hash"],
        published_at=row["published_at"],
        toc=toc,
        draft_pending=publishes(actor) and draft_pending(row),
        actions=POLICY.actions(actor, document_record(row)),
    )


async def document_content(actor: Actor, document_id: int) -> DocumentContent:
    row = await document_row(actor, document_id)
    if row["state"] != DocumentState.PUBLISHED:
        raise Problem(409, "Văn kiện chưa được xuất bản.", code="not_published")
    return DocumentContent(
        document=summary_of(row),
        content_hash=row["content_hash"],
        articles=[article_content(a) for a in await _live_articles(document_id)],
    )


async def _neighbour(row: dict, after: bool) -> int | None:
    """The live article just before or after ``row`` in its document (one indexed lookup)."""
    beyond = (
        LibraryArticle.position > row["position"]
        if after
        else LibraryArticle.position < row["position"]
    )
    found = (
        await LibraryArticle.select(LibraryArticle.id)
        .where(
            (LibraryArticle.document == row["document"]) & beyond & (LibraryArticle.live == True)  # noqa: E712
        )
        .order_by(LibraryArticle.position, ascending=after)
        .first()
    )
    return found["id"] if found else None


async def article_detail(actor: Actor, article_id: int) -> ArticleDetail:
    row, record = await article_row(actor, article_id)
    bookmarked, highlights = await marks_on(actor, row)
    return ArticleDetail(
        content=article_content(row),
        document_title=row["document_title"],
        previous_id=await _neighbour(row, after=False),
        next_id=await _neighbour(row, after=True),
        bookmarked=bookmarked,
        highlights=highlights,
        live=record.live,
        actions=POLICY.actions(actor, record),
    )


async def article(actor: Actor, article_id: int) -> ArticleContent:
    row, _ = await article_row(actor, article_id)
    return article_content(row)


async def history(actor: Actor, article_id: int) -> list[ArticleVersionInfo]:
    await article_row(actor, article_id)
    rows = (
        await LibraryArticleVersion.select()
        .where(LibraryArticleVersion.article == article_id)
        .order_by(LibraryArticleVersion.version, ascending=False)
    )
    return [
        ArticleVersionInfo(
            version=r["version"],
            document_version=r["document_version"],
            hash=r["content_hash"],
            published_at=r["published_at"],
        )
        for r in rows
    ]
