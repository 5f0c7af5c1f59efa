"""Vietnamese full-text search over documents: one service, two backends, one ranking.

Text is tokenised in Python (NFC, lower case, runs of letters and digits) before it reaches
either engine, so SQLite and PostgreSQL index the very same words:

- SQLite: two FTS5 tables. ``document_fts_folded`` holds the words folded in Python by
  :func:`backend.core.text.fold` — the one table that matches PostgreSQL's ``unaccent`` (tone
  marks, đ and the eth Ð, NFD marks) — with the metadata and the body in separate columns, and
  a tokenizer that folds nothing of its own (``remove_diacritics 0``); ``document_fts_exact``
  holds the words as written.
- PostgreSQL: ``document_search`` keeps the same words; generated ``tsvector`` columns fold them
  with ``dangbo_unaccent`` (an IMMUTABLE wrapper of ``unaccent``, which itself is only STABLE and
  so cannot be used in a generated column or an index). A GIN index serves the folded match.

A document matches when every word of the query matches folded (the last word as a prefix, so
results come while typing). Results are ordered the same way on both engines:

1. every word matched with its exact diacritics (``nghị quyết`` above ``nghỉ quyết``),
2. every word found in the metadata (số/ký hiệu, trích yếu, cơ quan ban hành, người ký),
3. the newest registration first.

Each rank is fetched as a tier, walking its matches in descending id order and stopping at the
end of the page: ordering by a computed score would have to score and sort every match first
(a word found in half of 100,000 documents took 250 ms that way on SQLite).

Only documents the caller may read are ever considered (see
``backend.documents.visibility.visibility_sql``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from backend import db
from backend.core.text import fold
from backend.documents.tables import Document
from backend.documents.visibility import Visibility, visibility_sql

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
    async def index(self, document_id: int, organisation_id: int, meta: str, body: str) -> None: ...

    async def remove(self, document_id: int) -> None: ...

    async def search(
        self, query: Query, visibility: Visibility, limit: int, offset: int
    ) -> list[Hit]: ...


# (every word exact, every word in the metadata), best first
TIERS: list[tuple[bool, bool]] = [(True, True), (True, False), (False, True), (False, False)]


async def _tiered(fetch, limit: int, offset: int) -> list[Hit]:
    """Fill the page tier by tier. Inside a tier, newest registration first: each tier's query
    walks its matches in descending id order and stops at the page's end, so a common word
    costs the same as a rare one."""
    need = offset + limit
    hits: list[Hit] = []
    for exact, in_meta in TIERS:
        if len(hits) >= need:
            break
        ids = await fetch(exact, in_meta, need - len(hits))
        hits += [Hit(i, exact, in_meta) for i in ids]
    return hits[offset:need]


class SqliteSearch:
    @staticmethod
    def _match(tokens: list[str], column: str = "") -> str:
        prefix = f"{column} : " if column else ""
        parts = [f'{prefix}"{t}"' for t in tokens[:-1]] + [f'{prefix}"{tokens[-1]}"*']
        return " AND ".join(parts)

    async def index(self, document_id: int, organisation_id: int, meta: str, body: str) -> None:
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
        exact_match = self._match(query.exact)
        meta_match = self._match(query.folded, "meta")
        folded_match = self._match(query.folded)
        where, where_args = visibility_sql(visibility, "d")
        in_exact = "(SELECT rowid FROM document_fts_exact WHERE document_fts_exact MATCH {})"
        in_meta = "(SELECT rowid FROM document_fts_folded WHERE document_fts_folded MATCH {})"

        async def fetch(exact: bool, meta: bool, n: int) -> list[int]:
            # Drive from the smallest FTS set that defines the tier, in rowid order (FTS5
            # delivers ORDER BY rowid DESC natively); exclude the better tiers.
            if exact:
                table, args = "document_fts_exact", [exact_match]
                conditions = [("IN " if meta else "NOT IN ") + in_meta]
                args.append(meta_match)
            else:
                table = "document_fts_folded"
                args = [meta_match if meta else folded_match]
                conditions = ["NOT IN " + in_exact]
                args.append(exact_match)
                if not meta:
                    conditions.append("NOT IN " + in_meta)
                    args.append(meta_match)
            sql = (
                f"SELECT {table}.rowid AS id FROM {table} "
                f'JOIN document d ON d."id" = {table}.rowid '
                f"WHERE {table} MATCH {{}} "
                # "+" keeps the IN lists out of FTS5's index plan: pushed into it, they
                # would re-run the full-text query once per listed row.
                + "".join(f"AND +{table}.rowid {c} " for c in conditions)
                + f"AND {where} ORDER BY {table}.rowid DESC LIMIT {{}}"
            )
            rows = await Document.raw(sql, *args, *where_args, n)
            return [r["id"] for r in rows]

        return await _tiered(fetch, limit, offset)


class PostgresSearch:
    @staticmethod
    def _tsquery(tokens: list[str]) -> str:
        parts = [f"'{t}'" for t in tokens[:-1]] + [f"'{tokens[-1]}':*"]
        return " & ".join(parts)

    async def index(self, document_id: int, organisation_id: int, meta: str, body: str) -> None:
        await Document.raw(
            'INSERT INTO document_search ("document", "organisation", "meta", "body") '
            "VALUES ({}, {}, {}, {}) "
            'ON CONFLICT ("document") DO UPDATE SET "organisation" = EXCLUDED."organisation", '
            '"meta" = EXCLUDED."meta", "body" = EXCLUDED."body"',
            document_id,
            organisation_id,
            normalised(meta),
            normalised(body),
        )

    async def remove(self, document_id: int) -> None:
        await Document.raw('DELETE FROM document_search WHERE "document" = {}', document_id)

    async def search(
        self, query: Query, visibility: Visibility, limit: int, offset: int
    ) -> list[Hit]:
        # Two GIN lookups give the documents matching with the exact diacritics (e) and those
        # matching in the metadata (m); the four tiers are branches of a UNION ALL that
        # PostgreSQL reads in order and stops reading at the end of the page, so the folded
        # set (often most of the register) is only searched when the better tiers run out.
        # The visibility rule is checked on the narrow search row (it carries the
        # organisation): no document row is visited.
        tsquery = self._tsquery(query.exact)
        where, where_args = visibility_sql(visibility, "s", "document")
        n = offset + limit
        sql = (
            "WITH q AS (SELECT to_tsquery('simple', dangbo_unaccent({})) AS folded, "
            "to_tsquery('simple', {}) AS exact), "
            'e AS MATERIALIZED (SELECT s."document" FROM document_search s, q '
            f'WHERE s."exact" @@ q.exact AND {where}), '
            'm AS MATERIALIZED (SELECT s."document" FROM document_search s, q '
            f'WHERE s."folded_meta" @@ q.folded AND {where}) '
            '(SELECT "document" AS id, true AS exact, true AS in_meta FROM e '
            'WHERE "document" IN (SELECT "document" FROM m) ORDER BY 1 DESC LIMIT {}) '
            "UNION ALL "
            '(SELECT "document", true, false FROM e '
            'WHERE "document" NOT IN (SELECT "document" FROM m) ORDER BY 1 DESC LIMIT {}) '
            "UNION ALL "
            '(SELECT "document", false, true FROM m '
            'WHERE "document" NOT IN (SELECT "document" FROM e) ORDER BY 1 DESC LIMIT {}) '
            "UNION ALL "
            '(SELECT s."document", false, false FROM document_search s, q '
            f'WHERE s."folded" @@ q.folded AND {where} '
            'AND s."document" NOT IN (SELECT "document" FROM e) '
            'AND s."document" NOT IN (SELECT "document" FROM m) ORDER BY 1 DESC LIMIT {}) '
            "LIMIT {} OFFSET {}"
        )
        rows = await Document.raw(
            sql,
            tsquery,
            tsquery,
            *where_args,
            *where_args,
            n,
            n,
            n,
            *where_args,
            n,
            limit,
            offset,
        )
        return [Hit(r["id"], bool(r["exact"]), bool(r["in_meta"])) for r in rows]


def backend() -> SearchBackend:
    return PostgresSearch() if db.is_postgres() else SqliteSearch()


async def index_document(document_id: int, organisation_id: int, meta: str, body: str) -> None:
    """(Re)index one document; call it inside the transaction that writes the document."""
    await backend().index(document_id, organisation_id, meta, body)


async def remove_document(document_id: int) -> None:
    await backend().remove(document_id)


async def search_documents(
    text: str, visibility: Visibility, *, limit: int = 20, offset: int = 0
) -> list[Hit]:
    query = Query.parse(text)
    if query is None:
        return []
    return await backend().search(query, visibility, limit, offset)
