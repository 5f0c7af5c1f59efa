"""Run by ``tests/api/test_search_migration.py`` in a process of its own, on an empty database
(``python -m tests.search_migration DATABASE_URL``): migrate up to the migration before the
one index, write records and their search rows the way the code before it did, run the rest,
and print (JSON) what the one search service then finds of each kind."""

from __future__ import annotations

import asyncio
import json
import os
import sys

from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.tables import Migration
from piccolo.querystring import QueryString

from backend import db
from backend.core.text import fold
from backend.search import services as search
from backend.search.words import normalised

BEFORE = "2026-12-06T22:00:00:000000"  # the last migration before the one index
TRICH_YEU = ["Nghị quyết về công tác xây dựng Đảng bộ", "Thông báo lịch tiếp công dân"]


async def _sql(statement: str, *args) -> list[dict]:
    return await db.engine().run_querystring(QueryString(statement, *args)) or []


async def _id(statement: str, *args) -> int:
    rows = await _sql(statement + ' RETURNING "id"', *args)
    return rows[0]["id"]


async def _old_records() -> dict:
    org = await _id(
        "INSERT INTO organisation (code, name, kind) VALUES ({}, {}, {})",
        "MIG.CB01",
        "Chi bộ thử chuyển chỉ mục",
        "chi_bo",
    )
    documents = []
    for text in TRICH_YEU:
        doc = await _id(
            'INSERT INTO "document" ("direction", "organisation", "trich_yeu") VALUES ({}, {}, {})',
            "den",
            org,
            text,
        )
        documents.append(doc)
        # As backend/search/services.py indexed a document before the one index.
        words = normalised(text)
        if db.is_postgres():
            await _sql(
                'INSERT INTO document_search ("document", "organisation", "meta", "body") '
                "VALUES ({}, {}, {}, '')",
                doc,
                org,
                words,
            )
        else:
            await _sql(
                "INSERT INTO document_fts_exact (rowid, content) VALUES ({}, {})", doc, words
            )
            await _sql(
                "INSERT INTO document_fts_folded (rowid, meta, body) VALUES ({}, {}, '')",
                doc,
                fold(words),
            )
    collection = await _id(
        "INSERT INTO library_collection (title) VALUES ({})", "Bộ sưu tập chuyển chỉ mục"
    )
    published = await _id(
        "INSERT INTO library_document (collection, title, kind, state, version) "
        "VALUES ({}, {}, 'quy_dinh', 'da_xuat_ban', 1)",
        collection,
        "Quy định thử",
    )
    withdrawn = await _id(
        "INSERT INTO library_document (collection, title, kind, state, version) "
        "VALUES ({}, {}, 'quy_dinh', 'thu_hoi', 1)",
        collection,
        "Quy định đã thu hồi",
    )
    blocks = json.dumps([{"kind": "doan", "label": "", "text": "Sinh hoạt chi bộ định kỳ."}])
    articles = {}
    for name, document, live in (("live", published, True), ("gone", published, False),
                                 ("withdrawn", withdrawn, True)):  # fmt: skip
        articles[name] = await _id(
            "INSERT INTO library_article (document, anchor, kind, label, title, blocks, live) "
            "VALUES ({}, {}, 'dieu', 'Điều 1', {}, {}, {})",
            document,
            name,
            f"Điều khoản {name}",
            blocks,
            live,
        )
    user = await _id(
        "INSERT INTO app_user (username, full_name, organisation) VALUES ({}, {}, {})",
        "migration_member",
        "Đảng Viên Chuyển Chỉ Mục",
        org,
    )
    questions = {}
    for name, published_faq in (("faq", True), ("private", False)):
        questions[name] = await _id(
            "INSERT INTO question (asker, organisation, text, status, answer, faq_question, "
            "faq_answer, faq_published_at) VALUES ({}, {}, {}, 'da_tra_loi', {}, {}, {}, "
            + ("current_timestamp" if published_faq else "null")
            + ")",
            user,
            org,
            "Đảng phí đóng ở đâu?",
            "Đóng hằng tháng tại chi bộ.",
            "Đảng phí đóng ở đâu?" if published_faq else "",
            "Đóng hằng tháng tại chi bộ." if published_faq else "",
        )
    return {"documents": documents, "articles": articles, "questions": questions}


async def main(url: str) -> None:
    os.environ.setdefault("PICCOLO_CONF", "backend.piccolo_conf")
    engine = db.create_engine(url)
    await db.start(engine)
    try:
        Migration._meta.db = engine
        await Migration.create_table(if_not_exists=True)
        result = await run_forwards(app_name="dangbo", migration_id=BEFORE)
        assert result.success, result.message
        made = await _old_records()
        await db.migrate()

        async def records(kind: search.Kind, text: str) -> list[int]:
            return [h.record for h in await search.search(kind, text, search.Scope())]

        found = {
            "documents": await records(search.Kind.DOCUMENT, "dang bo")
            + await records(search.Kind.DOCUMENT, "lịch tiếp"),
            "articles": await records(search.Kind.LIBRARY_ARTICLE, "dieu khoan"),
            "questions": await records(search.Kind.FAQ, "dang phi"),
        }
        print(json.dumps({"made": made, "found": found}))
    finally:
        await db.stop(engine)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
