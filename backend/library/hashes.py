"""Content hashes: what tells a phone that an article, a document or the library changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from shared.library import Block


def blocks_json(blocks: Iterable[Block]) -> list[dict]:
    return [{"kind": b.kind.value, "label": b.label, "text": b.text} for b in blocks]


def article_hash(kind: str, label: str, title: str, blocks: list[dict]) -> str:
    canonical = json.dumps(
        [kind, label, title, [[b["kind"], b["label"], b["text"]] for b in blocks]],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def document_hash(metadata: list, articles: Iterable[dict]) -> str:
    """Over the document's metadata and its table of contents (each live article's id,
    version, hash, parent and place): a new article, a moved one or a new title all change it."""
    rows = [
        [a["id"], a["version"], a["content_hash"], a["parent"], a["position"], a["level"]]
        for a in articles
    ]
    canonical = json.dumps([metadata, rows], ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def short(digest: str) -> str:
    """The first 12 hex digits: the manifest lists one per article and is what every update
    costs; 48 bits tell two versions of one article apart (the version number does too)."""
    return digest[:12]
