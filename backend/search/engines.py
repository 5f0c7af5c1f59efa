"""The two engines of the one search service: the same entries, words and ranking.

- SQLite: ``search_entry`` (id, kind, record, scope) and, for each kind, two FTS5 tables
  keyed by the entry id (:func:`fts_tables`). ``search_fts_folded_<kind>`` holds the words
  folded in Python by :func:`backend.core.text.fold` — the one table that matches
  PostgreSQL's ``unaccent`` (tone marks, đ and the eth Ð, NFD marks) — with the metadata and
  the body in separate columns, and a tokenizer that folds nothing of its own
  (``remove_diacritics 0``); ``search_fts_exact_<kind>`` holds the words as written.
- PostgreSQL: ``search_entry`` keeps the same words; generated ``tsvector`` columns fold them
  with ``dangbo_unaccent`` (an IMMUTABLE wrapper of ``unaccent``, which itself is only STABLE
  and so cannot be used in a generated column or an index). Partial GIN indexes, one set per
  kind over its id range, serve the matches.

A new kind needs its code in :class:`backend.search.entries.Kind` and a migration that creates
its FTS5 tables and its partial GIN indexes (as ``migrations/dangbo_2026_12_07t05_00_*``).

An entry matches when every word of the query matches folded (the last word as a prefix, so
results come while typing). Results are ordered the same way on both engines:

1. every word matched with its exact diacritics (``nghị quyết`` above ``nghỉ quyết``),
2. every word found in the metadata,
3. the newest record first (the highest entry id of the kind).

Each rank is fetched as a tier, walking its matches in descending id order and stopping at the
end of the page: ordering by a computed score would have to score and sort every match first
(a word found in half of 100,000 documents took 250 ms that way on SQLite).
"""

from __future__ import annotations

from typing import Protocol

from piccolo.querystring import QueryString

from backend import db
from backend.core.text import fold
from backend.search.entries import Hit, Kind, Scope
from backend.search.words import Query, normalised, words


async def _raw(sql: str, *args) -> list[dict]:
    """One statement on the engine in use (inside the caller's transaction, if any)."""
    return await db.engine().run_querystring(QueryString(sql, *args)) or []


class SearchEngine(Protocol):
    async def index(
        self, kind: Kind, record: int, scope: int | None, meta: str, body: str
    ) -> None: ...

    async def remove(self, kind: Kind, records: list[int]) -> None: ...

    async def clear(self, kind: Kind) -> None: ...

    async def search(
        self, kind: Kind, query: Query, scope: Scope, limit: int, offset: int
    ) -> list[Hit]: ...


# (every word exact, every word in the metadata), best first
TIERS: list[tuple[bool, bool]] = [(True, True), (True, False), (False, True), (False, False)]


async def _tiered(fetch, limit: int, offset: int) -> list[tuple[int, bool, bool]]:
    """Fill the page tier by tier. Inside a tier, newest record first: each tier's query
    walks its matches in descending id order and stops at the page's end, so a common word
    costs the same as a rare one."""
    need = offset + limit
    hits: list[tuple[int, bool, bool]] = []
    for exact, in_meta in TIERS:
        if len(hits) >= need:
            break
        ids = await fetch(exact, in_meta, need - len(hits))
        hits += [(i, exact, in_meta) for i in ids]
    return hits[offset:need]


def fts_tables(kind: Kind) -> tuple[str, str]:
    """A kind's two FTS5 tables on SQLite (exact words, folded words): one pair per kind, so
    a small kind is never searched through a large one's words (FTS5 walks a word's whole
    list backwards for "newest first", whatever range of rowids is asked)."""
    return f"search_fts_exact_{kind.label}", f"search_fts_folded_{kind.label}"


class SqliteSearch:
    @staticmethod
    def _match(tokens: list[str], column: str = "") -> str:
        prefix = f"{column} : " if column else ""
        parts = [f'{prefix}"{t}"' for t in tokens[:-1]] + [f'{prefix}"{tokens[-1]}"*']
        return " AND ".join(parts)

    async def index(self, kind: Kind, record: int, scope: int | None, meta: str, body: str) -> None:
        exact, folded = fts_tables(kind)
        entry = kind.entry_id(record)
        meta_words, body_words = words(meta), words(body)
        await _raw(
            'INSERT INTO search_entry ("id", "kind", "record", "scope") VALUES ({}, {}, {}, {}) '
            'ON CONFLICT ("id") DO UPDATE SET "scope" = excluded."scope"',
            entry,
            kind.label,
            record,
            scope,
        )
        await _raw(f"DELETE FROM {exact} WHERE rowid = {{}}", entry)
        await _raw(f"DELETE FROM {folded} WHERE rowid = {{}}", entry)
        await _raw(
            f"INSERT INTO {exact} (rowid, content) VALUES ({{}}, {{}})",
            entry,
            " ".join(meta_words + body_words),
        )
        await _raw(
            f"INSERT INTO {folded} (rowid, meta, body) VALUES ({{}}, {{}}, {{}})",
            entry,
            " ".join(fold(w) for w in meta_words),
            " ".join(fold(w) for w in body_words),
        )

    async def remove(self, kind: Kind, records: list[int]) -> None:
        exact, folded = fts_tables(kind)
        for record in records:
            entry = kind.entry_id(record)
            await _raw(f"DELETE FROM {exact} WHERE rowid = {{}}", entry)
            await _raw(f"DELETE FROM {folded} WHERE rowid = {{}}", entry)
            await _raw('DELETE FROM search_entry WHERE "id" = {}', entry)

    async def clear(self, kind: Kind) -> None:
        exact, folded = fts_tables(kind)
        await _raw(f"DELETE FROM {exact}")
        await _raw(f"DELETE FROM {folded}")
        await _raw('DELETE FROM search_entry WHERE "id" BETWEEN {} AND {}', *kind.bounds)

    async def search(
        self, kind: Kind, query: Query, scope: Scope, limit: int, offset: int
    ) -> list[Hit]:
        exact_table, folded_table = fts_tables(kind)
        exact_match = self._match(query.exact)
        meta_match = self._match(query.folded, "meta")
        folded_match = self._match(query.folded)
        in_exact = f"(SELECT rowid FROM {exact_table} WHERE {exact_table} MATCH {{}})"
        in_meta = f"(SELECT rowid FROM {folded_table} WHERE {folded_table} MATCH {{}})"

        async def fetch(exact: bool, meta: bool, n: int) -> list[int]:
            # Drive from the smallest FTS set that defines the tier, in rowid order (FTS5
            # delivers ORDER BY rowid DESC natively); exclude the better tiers.
            if exact:
                table, args = exact_table, [exact_match]
                conditions = [("IN " if meta else "NOT IN ") + in_meta]
                args.append(meta_match)
            else:
                table = folded_table
                args = [meta_match if meta else folded_match]
                conditions = ["NOT IN " + in_exact]
                args.append(exact_match)
                if not meta:
                    conditions.append("NOT IN " + in_meta)
                    args.append(meta_match)
            sql = (
                f"SELECT {table}.rowid AS id FROM {table} "
                f'JOIN search_entry e ON e."id" = {table}.rowid '
                f"WHERE {table} MATCH {{}} "
                # "+" keeps the IN lists out of FTS5's index plan: pushed into it, they
                # would re-run the full-text query once per listed row.
                + "".join(f"AND +{table}.rowid {c} " for c in conditions)
                + f"AND {scope.where} ORDER BY {table}.rowid DESC LIMIT {{}}"
            )
            rows = await _raw(sql, *args, *scope.args, n)
            return [r["id"] for r in rows]

        found = await _tiered(fetch, limit, offset)
        return [Hit(kind.record_of(i), exact, in_meta) for i, exact, in_meta in found]


class PostgresSearch:
    @staticmethod
    def _tsquery(tokens: list[str]) -> str:
        parts = [f"'{t}'" for t in tokens[:-1]] + [f"'{tokens[-1]}':*"]
        return " & ".join(parts)

    async def index(self, kind: Kind, record: int, scope: int | None, meta: str, body: str) -> None:
        await _raw(
            'INSERT INTO search_entry ("id", "kind", "record", "scope", "meta", "body") '
            "VALUES ({}, {}, {}, {}, {}, {}) "
            'ON CONFLICT ("id") DO UPDATE SET "scope" = EXCLUDED."scope", '
            '"meta" = EXCLUDED."meta", "body" = EXCLUDED."body"',
            kind.entry_id(record),
            kind.label,
            record,
            scope,
            normalised(meta),
            normalised(body),
        )

    async def remove(self, kind: Kind, records: list[int]) -> None:
        if records:
            await _raw(
                'DELETE FROM search_entry WHERE "id" = ANY({}::bigint[])',
                [kind.entry_id(r) for r in records],
            )

    async def clear(self, kind: Kind) -> None:
        await _raw('DELETE FROM search_entry WHERE "id" BETWEEN {} AND {}', *kind.bounds)

    async def search(
        self, kind: Kind, query: Query, scope: Scope, limit: int, offset: int
    ) -> list[Hit]:
        # Two GIN lookups give the entries matching with the exact diacritics (exact_set) and
        # those matching in the metadata (meta_set); the four tiers are branches of a UNION
        # ALL that PostgreSQL reads in order and stops reading at the end of the page, so the
        # folded set (often most of the register) is only searched when the better tiers run
        # out. The scope is checked on the narrow entry row: no record row is visited.
        tsquery = self._tsquery(query.exact)
        # The kind's id range, written as numbers: it is what selects the kind's own partial
        # GIN indexes, which a parameter would not (the plan is made before its value).
        low, high = kind.bounds
        where = f'e."id" BETWEEN {low} AND {high} AND {scope.where}'
        where_args = list(scope.args)
        n = offset + limit
        sql = (
            "WITH q AS (SELECT to_tsquery('simple', dangbo_unaccent({})) AS folded, "
            "to_tsquery('simple', {}) AS exact), "
            'exact_set AS MATERIALIZED (SELECT e."id" FROM search_entry e, q '
            f'WHERE e."exact" @@ q.exact AND {where}), '
            'meta_set AS MATERIALIZED (SELECT e."id" FROM search_entry e, q '
            f'WHERE e."folded_meta" @@ q.folded AND {where}) '
            '(SELECT "id", true AS exact, true AS in_meta FROM exact_set '
            'WHERE "id" IN (SELECT "id" FROM meta_set) ORDER BY 1 DESC LIMIT {}) '
            "UNION ALL "
            '(SELECT "id", true, false FROM exact_set '
            'WHERE "id" NOT IN (SELECT "id" FROM meta_set) ORDER BY 1 DESC LIMIT {}) '
            "UNION ALL "
            '(SELECT "id", false, true FROM meta_set '
            'WHERE "id" NOT IN (SELECT "id" FROM exact_set) ORDER BY 1 DESC LIMIT {}) '
            "UNION ALL "
            '(SELECT e."id", false, false FROM search_entry e, q '
            f'WHERE e."folded" @@ q.folded AND {where} '
            'AND e."id" NOT IN (SELECT "id" FROM exact_set) '
            'AND e."id" NOT IN (SELECT "id" FROM meta_set) ORDER BY 1 DESC LIMIT {}) '
            "LIMIT {} OFFSET {}"
        )
        rows = await _raw(
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
        return [Hit(kind.record_of(r["id"]), bool(r["exact"]), bool(r["in_meta"])) for r in rows]


def engine() -> SearchEngine:
    return PostgresSearch() if db.is_postgres() else SqliteSearch()
