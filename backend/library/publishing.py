"""Publishing the library (Tuyên giáo): collections, documents, versions.

A document is written as plain text and kept as its draft. Publishing parses the draft
(:mod:`backend.library.structure`) and matches each unit to the published articles by its
anchor: a unit already there keeps its article id, and its version goes up only when its text
changed; a new unit is a new article; a published article the draft no longer has stops being
live. The document's version goes up by one; each new article text is also kept in
``library_article_version``. Readers are not notified one by one: the library's "what changed"
and the offline manifest tell them.
"""

from __future__ import annotations

import json

from backend import db
from backend.accounts.identity import Actor
from backend.audit import services as audit
from backend.core.clock import now
from backend.core.problems import Problem
from backend.library import indexing
from backend.library.hashes import article_hash, blocks_json, document_hash
from backend.library.policy import POLICY
from backend.library.records import document_record, document_row
from backend.library.structure import Node, parse
from backend.library.tables import (
    LibraryArticle,
    LibraryArticleVersion,
    LibraryCollection,
    LibraryDocument,
)
from shared.library import (
    CollectionCreate,
    DocumentState,
    DraftChange,
    DraftPreview,
    DraftUnit,
    LibraryAction,
    LibraryDocumentCreate,
)

MAX_UNITS = 5_000


def _units(text: str) -> list[Node]:
    nodes = parse(text)
    if not nodes:
        raise Problem(422, "Văn bản trống: không có nội dung nào để xuất bản.", code="empty_text")
    if len(nodes) > MAX_UNITS:
        raise Problem(422, f"Văn kiện có hơn {MAX_UNITS} điều, mục.", code="too_many_units")
    return nodes


def _hash_of(node: Node) -> str:
    return article_hash(node.kind.value, node.label, node.title, blocks_json(node.blocks))


def metadata_of(row: dict) -> list:
    return [row["title"], row["kind"], row["so_ky_hieu"], row["issuer"], row["issued_on"],
            row["summary"], row["collection"]]  # fmt: skip


async def refresh_document_hash(document_id: int) -> str:
    row = await LibraryDocument.select().where(LibraryDocument.id == document_id).first()
    assert row is not None
    live = (
        await LibraryArticle.select(
            LibraryArticle.id,
            LibraryArticle.version,
            LibraryArticle.content_hash,
            LibraryArticle.parent,
            LibraryArticle.position,
            LibraryArticle.level,
        )
        .where((LibraryArticle.document == document_id) & (LibraryArticle.live == True))  # noqa: E712
        .order_by(LibraryArticle.position)
    )
    digest = document_hash(metadata_of(row), live)
    await LibraryDocument.update({LibraryDocument.content_hash: digest}).where(
        LibraryDocument.id == document_id
    )
    return digest


class Publishing:
    async def create_collection(self, actor: Actor, data: CollectionCreate) -> int:
        POLICY.require(LibraryAction.MANAGE, actor, None)
        async with db.transaction():
            count = await LibraryCollection.count()
            [row] = await LibraryCollection.insert(
                LibraryCollection(
                    title=" ".join(data.title.split()),
                    description=data.description.strip(),
                    position=count,
                    created_at=now(),
                )
            ).returning(LibraryCollection.id)
            await audit.record(
                "library.collection_created",
                actor_id=actor.id,
                target=f"library_collection:{row['id']}",
                ip=actor.ip,
            )
        return row["id"]

    async def create_document(self, actor: Actor, data: LibraryDocumentCreate) -> int:
        POLICY.require(LibraryAction.MANAGE, actor, None)
        if not await LibraryCollection.exists().where(LibraryCollection.id == data.collection_id):
            raise Problem(422, "Không có bộ sưu tập này.", code="collection_not_found")
        _units(data.text)  # refuse a text with nothing to read now, not at publication
        stamp = now()
        async with db.transaction():
            [row] = await LibraryDocument.insert(
                LibraryDocument(
                    collection=data.collection_id,
                    title=" ".join(data.title.split()),
                    kind=data.kind.value,
                    so_ky_hieu=data.so_ky_hieu.strip(),
                    issuer=data.issuer.strip(),
                    issued_on=data.issued_on,
                    summary=data.summary.strip(),
                    state=DocumentState.DRAFT.value,
                    draft_text=data.text,
                    draft_updated_at=stamp,
                    created_by=actor.id,
                    created_at=stamp,
                    updated_at=stamp,
                )
            ).returning(LibraryDocument.id)
            await audit.record(
                "library.document_created",
                actor_id=actor.id,
                target=f"library_document:{row['id']}",
                ip=actor.ip,
            )
        return row["id"]

    async def replace_draft(self, actor: Actor, document_id: int, text: str) -> None:
        row = await document_row(actor, document_id)
        POLICY.require(LibraryAction.EDIT, actor, document_record(row))
        _units(text)
        async with db.transaction():
            await LibraryDocument.update(
                {
                    LibraryDocument.draft_text: text,
                    LibraryDocument.draft_updated_at: now(),
                    LibraryDocument.updated_at: now(),
                }
            ).where(LibraryDocument.id == document_id)
            await audit.record(
                "library.draft_replaced",
                actor_id=actor.id,
                target=f"library_document:{document_id}",
                ip=actor.ip,
            )

    async def preview(self, actor: Actor, document_id: int) -> DraftPreview:
        row = await document_row(actor, document_id)
        POLICY.require(LibraryAction.EDIT, actor, document_record(row))
        nodes = parse(row["draft_text"])
        published = {
            a["anchor"]: a
            for a in await LibraryArticle.select(
                LibraryArticle.anchor,
                LibraryArticle.content_hash,
                LibraryArticle.label,
                LibraryArticle.title,
            ).where(
                (LibraryArticle.document == document_id) & (LibraryArticle.live == True)  # noqa: E712
            )
        }
        units = []
        for node in nodes:
            before = published.get(node.anchor)
            if before is None:
                change = DraftChange.NEW
            elif before["content_hash"] != _hash_of(node):
                change = DraftChange.CHANGED
            else:
                change = DraftChange.SAME
            units.append(
                DraftUnit(
                    anchor=node.anchor,
                    kind=node.kind,
                    label=node.label,
                    title=node.title,
                    level=node.level,
                    blocks=node.blocks,
                    change=change,
                )
            )
        anchors = {n.anchor for n in nodes}
        removed = [
            f"{a['label']} {a['title']}".strip()
            for anchor, a in published.items()
            if anchor not in anchors
        ]
        return DraftPreview(text=row["draft_text"], units=units, removed=removed)

    async def publish(self, actor: Actor, document_id: int) -> None:
        row = await document_row(actor, document_id)
        POLICY.require(LibraryAction.PUBLISH, actor, document_record(row))
        nodes = _units(row["draft_text"])
        stamp = now()
        version = row["version"] + 1
        async with db.transaction():
            existing = {
                a["anchor"]: a
                for a in await LibraryArticle.select().where(LibraryArticle.document == document_id)
            }
            ids: dict[str, int] = {}
            changed: list[int] = []  # new or changed articles: their text goes to search
            counts = {"new": 0, "changed": 0, "removed": 0}
            for position, node in enumerate(nodes):
                digest = _hash_of(node)
                blocks = blocks_json(node.blocks)
                parent = ids.get(node.parent) if node.parent else None
                before = existing.get(node.anchor)
                common = {
                    LibraryArticle.kind: node.kind.value,
                    LibraryArticle.label: node.label,
                    LibraryArticle.title: node.title,
                    LibraryArticle.level: node.level,
                    LibraryArticle.parent: parent,
                    LibraryArticle.position: position,
                }
                if before is None:
                    [new] = await LibraryArticle.insert(
                        LibraryArticle(
                            document=document_id,
                            anchor=node.anchor,
                            blocks=json.dumps(blocks, ensure_ascii=False),
                            content_hash=digest,
                            version=1,
                            live=True,
                            changed_at=stamp,
                            created_at=stamp,
                            **{c._meta.name: v for c, v in common.items()},
                        )
                    ).returning(LibraryArticle.id)
                    article_id, article_version = new["id"], 1
                    counts["new"] += 1
                elif before["content_hash"] != digest or not before["live"]:
                    article_id, article_version = before["id"], before["version"] + 1
                    await LibraryArticle.update(
                        {
                            **common,
                            LibraryArticle.blocks: json.dumps(blocks, ensure_ascii=False),
                            LibraryArticle.content_hash: digest,
                            LibraryArticle.version: article_version,
                            LibraryArticle.live: True,
                            LibraryArticle.changed_at: stamp,
                        }
                    ).where(LibraryArticle.id == article_id)
                    counts["changed"] += 1
                else:
                    article_id = before["id"]
                    await LibraryArticle.update(common).where(LibraryArticle.id == article_id)
                    ids[node.anchor] = article_id
                    continue
                ids[node.anchor] = article_id
                changed.append(article_id)
                await LibraryArticleVersion.insert(
                    LibraryArticleVersion(
                        article=article_id,
                        version=article_version,
                        document_version=version,
                        title=node.title,
                        blocks=json.dumps(blocks, ensure_ascii=False),
                        content_hash=digest,
                        published_at=stamp,
                    )
                )
            gone = [a["id"] for anchor, a in existing.items() if anchor not in ids and a["live"]]
            if gone:
                await LibraryArticle.update(
                    {LibraryArticle.live: False, LibraryArticle.changed_at: stamp}
                ).where(LibraryArticle.id.is_in(gone))
                counts["removed"] = len(gone)
            # A withdrawn document's articles left the index: all of them come back.
            was_published = row["state"] == DocumentState.PUBLISHED
            await indexing.index_articles(changed if was_published else list(ids.values()))
            await indexing.remove_articles(gone)
            await LibraryDocument.update(
                {
                    LibraryDocument.state: DocumentState.PUBLISHED.value,
                    LibraryDocument.version: version,
                    LibraryDocument.published_at: stamp,
                    LibraryDocument.updated_at: stamp,
                }
            ).where(LibraryDocument.id == document_id)
            await refresh_document_hash(document_id)
            await audit.record(
                "library.published",
                actor_id=actor.id,
                target=f"library_document:{document_id}",
                ip=actor.ip,
                detail={"version": version, **counts},
            )

    async def withdraw(self, actor: Actor, document_id: int) -> None:
        row = await document_row(actor, document_id)
        POLICY.require(LibraryAction.WITHDRAW, actor, document_record(row))
        async with db.transaction():
            await LibraryDocument.update(
                {
                    LibraryDocument.state: DocumentState.WITHDRAWN.value,
                    LibraryDocument.updated_at: now(),
                }
            ).where(LibraryDocument.id == document_id)
            await indexing.remove_document(document_id)
            await audit.record(
                "library.withdrawn",
                actor_id=actor.id,
                target=f"library_document:{document_id}",
                ip=actor.ip,
            )
