"""Where a reader is: his reading position per document ("đọc tiếp"), and what changed in the
library since he last looked."""

from __future__ import annotations

from backend import db
from backend.accounts.identity import Actor
from backend.core.clock import now
from backend.library.policy import POLICY
from backend.library.records import article_row
from backend.library.tables import LibraryArticle, LibraryReading, LibraryVisit
from shared.library import (
    DocumentState,
    LibraryAction,
    LibraryChange,
    LibraryChanges,
    ReadingPosition,
    ReadingUpdate,
)

MAX_CHANGES = 200


async def save_position(actor: Actor, data: ReadingUpdate) -> ReadingPosition:
    row, _ = await article_row(actor, data.article_id)
    stamp = now()
    async with db.transaction():
        await LibraryReading.insert(
            LibraryReading(
                user=actor.id,
                document=row["document"],
                article=data.article_id,
                block=data.block,
                updated_at=stamp,
            )
        ).on_conflict(
            target=(LibraryReading.user, LibraryReading.document),
            action="DO UPDATE",
            values=[LibraryReading.article, LibraryReading.block, LibraryReading.updated_at],
        )
    return ReadingPosition(
        document_id=row["document"],
        document_title=row["document_title"],
        article_id=data.article_id,
        label=row["label"],
        title=row["title"],
        block=data.block,
        updated_at=stamp,
    )


async def positions(actor: Actor) -> list[ReadingPosition]:
    """The documents he was reading, the latest first, where published."""
    POLICY.require(LibraryAction.READ, actor, None)
    rows = (
        await LibraryReading.select(
            LibraryReading.document.as_alias("document_id"),
            LibraryReading.document.title.as_alias("document_title"),
            LibraryReading.document.state.as_alias("state"),
            LibraryReading.article.as_alias("article_id"),
            LibraryReading.article.label.as_alias("label"),
            LibraryReading.article.title.as_alias("title"),
            LibraryReading.block,
            LibraryReading.updated_at,
        )
        .where(LibraryReading.user == actor.id)
        .order_by(LibraryReading.updated_at, ascending=False)
        .limit(50)
    )
    return [
        ReadingPosition(**{k: v for k, v in r.items() if k != "state"})
        for r in rows
        if r["state"] == DocumentState.PUBLISHED
    ]


async def changes(actor: Actor) -> LibraryChanges:
    POLICY.require(LibraryAction.READ, actor, None)
    visit = await LibraryVisit.select().where(LibraryVisit.user == actor.id).first()
    if visit is None:
        return LibraryChanges(first_visit=True, since=None, changes=[], more=False)
    since = visit["seen_at"]
    rows = (
        await LibraryArticle.select(
            LibraryArticle.id,
            LibraryArticle.document,
            LibraryArticle.document.title.as_alias("document_title"),
            LibraryArticle.label,
            LibraryArticle.title,
            LibraryArticle.version,
            LibraryArticle.created_at,
            LibraryArticle.changed_at,
        )
        .where(
            (LibraryArticle.changed_at > since)
            & (LibraryArticle.live == True)  # noqa: E712
            & (LibraryArticle.document.state == DocumentState.PUBLISHED.value)
        )
        .order_by(LibraryArticle.changed_at, ascending=False)
        .limit(MAX_CHANGES + 1)
    )
    return LibraryChanges(
        first_visit=False,
        since=since,
        changes=[
            LibraryChange(
                article_id=r["id"],
                document_id=r["document"],
                document_title=r["document_title"],
                label=r["label"],
                title=r["title"],
                version=r["version"],
                new=r["created_at"] > since,
                changed_at=r["changed_at"],
            )
            for r in rows[:MAX_CHANGES]
        ],
        more=len(rows) > MAX_CHANGES,
    )


async def mark_seen(actor: Actor) -> LibraryChanges:
    POLICY.require(LibraryAction.READ, actor, None)
    stamp = now()
    async with db.transaction():
        await LibraryVisit.insert(LibraryVisit(user=actor.id, seen_at=stamp)).on_conflict(
            target=LibraryVisit.user, action="DO UPDATE", values=[LibraryVisit.seen_at]
        )
    return LibraryChanges(first_visit=False, since=stamp, changes=[], more=False)
