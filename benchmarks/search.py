"""Search benchmark: 100,000 generated Vietnamese documents and a library of 1,000 articles in
the one index, 20 typical queries, both engines.

    .venv/bin/python -m benchmarks.search [--backend sqlite|postgres|both] [--documents 100000]
                                          [--articles 1000]

For each engine: a throw-away database gets the documents (and their search index, built by
the app's own normalisation); a văn thư whose register holds all of them — the worst case, every
match is readable — runs each query ``--rounds`` times through the documents service (the
same call the API makes: search, permission filter, ranking, then the summaries). Then the
same user, as Tuyên giáo, publishes a library document of ``--articles`` articles (generated
the same way, through the app's own publishing, which indexes them) and runs the same queries
through the library's search: its entries share the index with the documents, so this shows
what a small kind costs beside a large one. In the same run, a plain indexed lookup of one
document by id is timed as the baseline.

Prints, for documents and for the library, p50/p95 of the queries, the slowest query's p95,
the baseline's p95 and the ratio. Target: search p95 < 100 ms for both.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import time

from benchmarks.documents_setup import (
    bench_database,
    current_user,
    load_documents,
    make_org_and_user,
    percentile,
    run_each_backend,
)

QUERIES = [
    "nghi quyet",
    "dang bo",
    "chuyen doi so",
    "ke hoach",
    "Nghị quyết",
    "kiểm tra giám sát",
    "to chuc can bo",
    "dai hoi dang bo",
    "phát triển đảng viên",
    "cai cach hanh chinh",
    "thi dua khen thuong",
    "huynh thi hang",
    "Ủy ban Kiểm tra",
    "15-KH/TU",
    "bao cao so ket",
    "an toan an ninh thong tin",
    "tuyên giáo",
    "dan van",
    "so hoa ho so",
    "sinh hoat chi bo dinh ky nam 2026",
]


def _library_text(docs: list[dict]) -> str:
    """One Điều per generated document: its trích yếu the title, a part of its body the text."""
    return "\n\n".join(
        f"Điều {n}. {d['trich_yeu']}\n{d['body'][:600]}" for n, d in enumerate(docs, start=1)
    )


async def _time_queries(call, rounds: int, baseline) -> tuple[dict[str, list[float]], dict]:
    for q in QUERIES:  # warm-up: caches, prepared statements
        await call(q)
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    hits: dict[str, int] = {}
    for _ in range(rounds):
        for q in QUERIES:
            t = time.perf_counter()
            page = await call(q)
            per_query[q].append((time.perf_counter() - t) * 1000)
            hits[q] = len(page.items)
            await baseline()
    return per_query, hits


def _summary(per_query: dict[str, list[float]], hits: dict[str, int]) -> dict:
    samples = [s for values in per_query.values() for s in values]
    worst = max(per_query, key=lambda q: percentile(per_query[q], 95))
    return {
        "p50": statistics.median(samples),
        "p95": percentile(samples, 95),
        "worst_query": worst,
        "worst_p95": percentile(per_query[worst], 95),
        "empty": [q for q, n in hits.items() if n == 0],
    }


async def run(backend: str, documents: int, articles: int, rounds: int) -> dict:
    from backend import db
    from backend.documents import queries
    from backend.documents.tables import Document
    from backend.library.publishing import Publishing
    from backend.library.searching import search_articles
    from benchmarks.corpus import generate
    from shared.library import CollectionCreate, LibraryDocumentCreate, LibraryKind

    async with bench_database(backend) as url:
        engine = db.create_engine(url)
        await db.start(engine)
        try:
            org_id, user_id = await make_org_and_user(
                "BENCH", "bench_vanthu", ["van_thu", "can_bo", "tuyen_giao"]
            )
            started = time.perf_counter()
            ids = await load_documents(url, generate(documents), org_id, user_id)
            loaded = time.perf_counter() - started
            user = await current_user(user_id)
            rng = random.Random(1)
            baseline: list[float] = []

            async def lookup() -> None:
                t = time.perf_counter()
                await (
                    Document.select(Document.id, Document.trich_yeu)
                    .where(Document.id == rng.choice(ids))
                    .first()
                )
                baseline.append((time.perf_counter() - t) * 1000)

            documents_result = _summary(
                *await _time_queries(lambda q: queries.search_documents(user, q), rounds, lookup)
            )
            publishing = Publishing()
            collection = await publishing.create_collection(
                user, CollectionCreate(title="Thư viện đo tải")
            )
            library_document = await publishing.create_document(
                user,
                LibraryDocumentCreate(
                    collection_id=collection,
                    title="Văn kiện đo tải",
                    kind=LibraryKind.TAI_LIEU,
                    text=_library_text(generate(articles, seed=7)),
                ),
            )
            await publishing.publish(user, library_document)
            library_result = _summary(
                *await _time_queries(lambda q: search_articles(user, q), rounds, lookup)
            )
        finally:
            await db.stop(engine)
    return {
        "backend": backend,
        "documents": len(ids),
        "articles": articles,
        "load_s": loaded,
        "search": documents_result,
        "library": library_result,
        "baseline_p95": percentile(baseline, 95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--articles", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if run_each_backend(["-m", "benchmarks.search", *sys.argv[1:]], args.backend):
        return
    for backend in [args.backend]:
        r = asyncio.run(run(backend, args.documents, args.articles, args.rounds))
        print(f"{r['backend']:8} {r['documents']:>7} văn bản (nạp {r['load_s']:.0f} s)")
        for name, what in (("search", "văn bản"), ("library", f"thư viện, {r['articles']} điều")):
            q = r[name]
            print(
                f"  {what}: tìm kiếm p50 {q['p50']:.1f} ms, p95 {q['p95']:.1f} ms "
                f"(chậm nhất “{q['worst_query']}” p95 {q['worst_p95']:.1f} ms) | "
                f"tra theo id p95 {r['baseline_p95']:.2f} ms | "
                f"tỉ lệ p95 {q['p95'] / r['baseline_p95']:.1f}× | "
                f"mục tiêu p95 < 100 ms: {'ĐẠT' if q['p95'] < 100 else 'CHƯA ĐẠT'}"
            )
            if q["empty"]:
                print(f"    truy vấn không có kết quả: {', '.join(q['empty'])}")


if __name__ == "__main__":
    main()
