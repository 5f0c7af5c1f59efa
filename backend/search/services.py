"""Vietnamese full-text search over documents: one service, two backends, one ranking.

Text is tokenised in Python (NFC, lower case, runs of letters and digits) before it reaches
either engine, so SQLite and PostgreSQL index the very same words:

- SQLite: two FTS5 tables. ``document_fts_folded`` holds the words folded to ASCII in Python
  (tone marks dropped *and* đ → d, which FTS5's ``remove_diacritics`` does not do), with the
  metadata and the body in separate columns; ``document_fts_exact`` holds them as written.
- PostgreSQL: ``document_search`` keeps the same words; generated ``tsvector`` columns fold them
  with ``dangbo_unaccent`` (an IMMUTABLE wrapper of ``unaccent``, which itself is only STABLE and
  so cannot be used in a generated column or an index). A GIN index serves the folded match.

A document matches when every word of the query matches folded (the last word as a prefix, so
results come while typing). Results are ordered the same way on both engines:

1. every word matched with its exact diacritics (``nghị quyết`` above ``nghỉ quyết``),
2. every word found in the metadata (số/ký hiệu, trích yếu, cơ quan ban hành, người ký),
3. ngày ban hành, newest first, then the newest registration.

Only documents the caller may read are ever considered (see
``backend.documents.permissions.visibility_sql``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from backend import db
from backend.core.text import fold
from backend.documents.permissions import Visibility, visibility_sql
from backend.documents.tables import Document

MAX_QUERY_WORDS = 12
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """The words of ``text`` as both engines index them: NFC, lower case, letters/digits."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def normalised(text: str) -> str:
    return " ".join(words(text))


@dataclass(frozen=True)
class Query:
    exact: list[str]
    folded: list[str]

    @classmethod
    def parse(cls, text: str) -> Query | None:
        exact = words(text)[:MAX_QUERY_WORDS]
        if not exact:
            return None
        return cls(exact=exact, folded=[fold(w) for w in exact])


@dataclass(frozen=True)
class Hit:
    document_id: int
    exact: bool
    in_metadata: bool


class SearchBackend(Protocol):
    async def index(self, document_id: int, meta: str, body: str) -> None: ...

    async def remove(self, document_id: int) -> None: ...

    async def search(
        self, query: Query, visibility: Visibility, limit: int, offset: int
    ) -> list[Hit]: ...


_ORDER = (
    'ORDER BY exact DESC, in_meta DESC, d."ngay_ban_hanh" IS NULL, d."ngay_ban_hanh" DESC, '
    'd."id" DESC'
)


class SqliteSearch:
    @staticmethod
    def _match(tokens: list[str], column: str = "") -> str:
        prefix = f"{column} : " if column else ""
        parts = [f'{prefix}"{t}"' for t in tokens[:-1]] + [f'{prefix}"{tokens[-1]}"*']
        return " AND ".join(parts)

    async def index(self, document_id: int, meta: str, body: str) -> None:
        meta_words, body_words = words(meta), words(body)
        await self.remove(document_id)
        await Document.raw(
            "INSERT INTO document_fts_exact (rowid, content) VALUES ({}, {})",
            document_id,
            " ".join(meta_words + body_words),
        )
        await Document.raw(
            "INSERT INTO document_fts_folded (rowid, meta, body) VALUES ({}, {}, {})",
            document_id,
            " ".join(fold(w) for w in meta_words),
            " ".join(fold(w) for w in body_words),
        )

    async def remove(self, document_id: int) -> None:
        await Document.raw("DELETE FROM document_fts_exact WHERE rowid = {}", document_id)
        await Document.raw("DELETE FROM document_fts_folded WHERE rowid = {}", document_id)

    async def search(
        self, query: Query, visibility: Visibility, limit: int, offset: int
    ) -> list[Hit]:
        where, args = visibility_sql(visibility, "d")
        sql = (
            'SELECT d."id" AS id, '
            'd."id" IN (SELECT rowid FROM document_fts_exact WHERE document_fts_exact MATCH {}) '
            "AS exact, "
            'd."id" IN (SELECT rowid FROM document_fts_folded WHERE document_fts_folded MATCH {}) '
            "AS in_meta "
            'FROM document d WHERE d."id" IN '
            "(SELECT rowid FROM document_fts_folded WHERE document_fts_folded MATCH {}) "
            f"AND {where} {_ORDER} LIMIT {{}} OFFSET {{}}"
        )
        rows = await Document.raw(
            sql,
            self._match(query.exact),
            self._match(query.folded, "meta"),
            self._match(query.folded),
            *args,
            limit,
            offset,
        )
        return [Hit(r["id"], bool(r["exact"]), bool(r["in_meta"])) for r in rows]


class PostgresSearch:
    @staticmethod
    def _tsquery(tokens: list[str]) -> str:
        parts = [f"'{t}'" for t in tokens[:-1]] + [f"'{tokens[-1]}':*"]
        return " & ".join(parts)

    async def index(self, document_id: int, meta: str, body: str) -> None:
        await Document.raw(
            'INSERT INTO document_search ("document", "meta", "body") VALUES ({}, {}, {}) '
            'ON CONFLICT ("document") DO UPDATE SET "meta" = EXCLUDED."meta", '
            '"body" = EXCLUDED."body"',
            document_id,
            normalised(meta),
            normalised(body),
        )

    async def remove(self, document_id: int) -> None:
        await Document.raw('DELETE FROM document_search WHERE "document" = {}', document_id)

    async def search(
        self, query: Query, visibility: Visibility, limit: int, offset: int
    ) -> list[Hit]:
        where, args = visibility_sql(visibility, "d")
        # The folded query goes through the same dangbo_unaccent as the indexed words.
        sql = (
            "WITH q AS (SELECT to_tsquery('simple', dangbo_unaccent({})) AS folded, "
            "to_tsquery('simple', {}) AS exact) "
            'SELECT d."id" AS id, s."exact" @@ q.exact AS exact, '
            's."folded_meta" @@ q.folded AS in_meta '
            'FROM q CROSS JOIN document_search s JOIN document d ON d."id" = s."document" '
            f'WHERE s."folded" @@ q.folded AND {where} {_ORDER} LIMIT {{}} OFFSET {{}}'
        )
        rows = await Document.raw(
            sql, self._tsquery(query.exact), self._tsquery(query.exact), *args, limit, offset
        )
        return [Hit(r["id"], bool(r["exact"]), bool(r["in_meta"])) for r in rows]


def backend() -> SearchBackend:
    return PostgresSearch() if db.is_postgres() else SqliteSearch()


async def index_document(document_id: int, meta: str, body: str) -> None:
    """(Re)index one document; call it inside the transaction that writes the document."""
    await backend().index(document_id, meta, body)


async def remove_document(document_id: int) -> None:
    await backend().remove(document_id)


async def search_documents(
    text: str, visibility: Visibility, *, limit: int = 20, offset: int = 0
) -> list[Hit]:
    query = Query.parse(text)
    if query is None:
        return []
    return await backend().search(query, visibility, limit, offset)
