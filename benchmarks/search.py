"""Search benchmark: 100,000 generated Vietnamese documents, 20 typical queries, both engines.

    .venv/bin/python -m benchmarks.search [--backend sqlite|postgres|both] [--documents 100000]

For each engine: a throw-away database gets the documents (and their search index, built by
the app's own normalisation); a văn thư whose register holds all of them — the worst case, every
match is readable — runs each query ``--rounds`` times through the documents service (the
same call the API makes: search, permission filter, ranking, then the summaries). In the same
run, a plain indexed lookup of one document by id is timed as the baseline.

Prints p50/p95 of the queries, the slowest query's p95, the baseline's p95 and the ratio.
Target: search p95 < 100 ms.
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


async def run(backend: str, documents: int, rounds: int) -> dict:
    from backend import db
    from backend.documents import queries
    from backend.documents.tables import Document
    from benchmarks.corpus import generate

    async with bench_database(backend) as url:
        engine = db.create_engine(url)
        await db.start(engine)
        try:
            org_id, user_id = await make_org_and_user(
                "BENCH", "bench_vanthu", ["van_thu", "can_bo"]
            )
            started = time.perf_counter()
            ids = await load_documents(url, generate(documents), org_id, user_id)
            loaded = time.perf_counter() - started
            user = await current_user(user_id)
            rng = random.Random(1)
            for q in QUERIES:  # warm-up: caches, prepared statements
                await queries.search_documents(user, q)
            per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
            baseline: list[float] = []
            hits: dict[str, int] = {}
            for _ in range(rounds):
                for q in QUERIES:
                    t = time.perf_counter()
                    page = await queries.search_documents(user, q)
                    per_query[q].append((time.perf_counter() - t) * 1000)
                    hits[q] = len(page.items)
                    t = time.perf_counter()
                    await (
                        Document.select(Document.id, Document.trich_yeu)
                        .where(Document.id == rng.choice(ids))
                        .first()
                    )
                    baseline.append((time.perf_counter() - t) * 1000)
        finally:
            await db.stop(engine)
    samples = [s for values in per_query.values() for s in values]
    worst = max(per_query, key=lambda q: percentile(per_query[q], 95))
    return {
        "backend": backend,
        "documents": len(ids),
        "load_s": loaded,
        "p50": statistics.median(samples),
        "p95": percentile(samples, 95),
        "worst_query": worst,
        "worst_p95": percentile(per_query[worst], 95),
        "baseline_p95": percentile(baseline, 95),
        "empty": [q for q, n in hits.items() if n == 0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    if run_each_backend(["-m", "benchmarks.search", *sys.argv[1:]], args.backend):
        return
    for backend in [args.backend]:
        r = asyncio.run(run(backend, args.documents, args.rounds))
        print(
            f"{r['backend']:8} {r['documents']:>7} văn bản (nạp {r['load_s']:.0f} s) | "
            f"tìm kiếm p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms "
            f"(chậm nhất “{r['worst_query']}” p95 {r['worst_p95']:.1f} ms) | "
            f"tra theo id p95 {r['baseline_p95']:.2f} ms | "
            f"tỉ lệ p95 {r['p95'] / r['baseline_p95']:.1f}× | "
            f"mục tiêu p95 < 100 ms: {'ĐẠT' if r['p95'] < 100 else 'CHƯA ĐẠT'}"
        )
        if r["empty"]:
            print(f"         truy vấn không có kết quả: {', '.join(r['empty'])}")


if __name__ == "__main__":
    main()
