"""Library benchmark: the offline download, an update, and the article view under load.

    .venv/bin/python -m benchmarks.library_offline [--backend sqlite|postgres] [--articles 300]

On a throw-away database (as ``benchmarks/api_load.py``: a temporary SQLite file, or a fresh
PostgreSQL database with Redis) the real app is served by granian (one worker) with a
generated library of at least ``--articles`` articles, published through the library's own
publishing service. A party member is enrolled through the real account service. Then, over
loopback HTTP:

1. **First download**: ``GET /api/library/manifest`` and ``GET /api/library/documents/{id}/
   content`` for every document, as a phone making the library available offline. Time and
   bytes transferred (status line, headers and body).
2. **Update**: ``--changed`` articles (5) are edited and their documents published again; the
   phone asks for the manifest with its ETag, compares it with what it stored, and fetches
   only the changed articles (``GET /api/library/articles/{id}/content?version=N``). Time and
   bytes; the ratio to the first download must stay under 10 %. An unchanged library costs a
   304.
3. **Article view**: ``GET /api/library/articles/{id}`` (the reader's view: content, his
   bookmark and highlights, neighbours) under ``--connections`` (50) concurrent readers, its
   p99 latency against the bare Litestar handler of ``benchmarks/baseline_app.py`` measured in
   the same run, as a ratio.

Load comes from ``wrk`` when installed (else the asyncio generator of ``api_load``).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.api_load import csrf_cookie, drop_postgres, free_port, granian, load

ROOT = Path(__file__).resolve().parent.parent
UPDATE_GOAL = 0.10
WORDS = (
    "đảng viên chi bộ sinh hoạt nghị quyết cấp ủy tổ chức thực hiện nhiệm vụ chính trị xây dựng "
    "chỉnh đốn kiểm tra giám sát kỷ luật đoàn kết thống nhất dân chủ tập trung phê bình tự phê "
    "bình học tập quán triệt chuyển đổi số văn kiện điều lệ quy định hướng dẫn phát triển kinh tế "
    "xã hội an ninh quốc phòng nhân dân mặt trận tổ quốc đoàn thể cán bộ công chức trách nhiệm "
    "nêu gương đạo đức lối sống tư tưởng chính trị cơ sở địa bàn phong trào thi đua"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def document_text(rng: random.Random, number: int, chapters: int, articles: int) -> str:
    """A charter-like text: chapters of Điều with clauses and lettered points."""
    lines = [f"VĂN KIỆN ĐO THỬ SỐ {number}", "", sentence(rng, 30), ""]
    article = 0
    for chapter in range(1, chapters + 1):
        lines += [f"Chương {chapter}", f"NỘI DUNG PHẦN {chapter}", ""]
        for _ in range(articles):
            article += 1
            lines.append(f"Điều {article}. {sentence(rng, 6)[:-1]}")
            for clause in range(1, 4):
                lines.append(f"{clause}. {sentence(rng, 22)}")
            lines += [f"a) {sentence(rng, 12)}", f"b) {sentence(rng, 12)}", ""]
    return "\n".join(lines)


async def prepare(args, pg_admin_url: str | None) -> dict:
    """Migrate, seed, publish the generated library, enrol a reader; returns what the run
    needs. Runs with the same ``DANGBO_*`` environment the server gets."""
    from backend import db
    from backend.accounts.identity import Client
    from backend.accounts.invitations import InvitationService
    from backend.accounts.registration import RegistrationCeremony
    from backend.domains import build_services
    from backend.library.demo import demo_publisher
    from backend.library.publishing import Publishing
    from backend.seed import seed_demo
    from backend.settings import get_settings
    from shared.accounts import Role
    from shared.library import CollectionCreate, LibraryDocumentCreate, LibraryKind
    from tests.soft_authenticator import SoftAuthenticator

    settings = get_settings()
    if pg_admin_url:
        import asyncpg

        name = settings.database_url.rpartition("/")[2]
        conn = await asyncpg.connect(pg_admin_url, timeout=10)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    rng = random.Random(15)
    try:
        await db.migrate()
        services = build_services(settings)
        await seed_demo(services)
        publisher = await demo_publisher()
        publishing = services.get(Publishing)
        collection = await publishing.create_collection(
            publisher, CollectionCreate(title="Thư viện đo thử")
        )
        chapters, per_chapter = 4, 12  # 4 chapters + 48 Điều + the opening: 53 articles
        documents = []
        for number in range(1, args.articles // 53 + 2):
            text = document_text(rng, number, chapters, per_chapter)
            document_id = await publishing.create_document(
                publisher,
                LibraryDocumentCreate(
                    collection_id=collection,
                    title=f"Văn kiện đo thử số {number}",
                    kind=LibraryKind.QUY_DINH,
                    text=text,
                ),
            )
            await publishing.publish(publisher, document_id)
            documents.append((document_id, text))
        created = await services.get(InvitationService).invite(
            full_name="Đảng Viên Đọc Thử", roles=[Role.DANG_VIEN], organisation_code=None
        )
        registration = services.get(RegistrationCeremony)
        ceremony, options = await registration.begin(created.url.rsplit("/", 1)[1], Client())
        authenticator = SoftAuthenticator(origin=settings.origin, rp_id=settings.rp_id)
        credential = authenticator.create(options)
        _, token = await registration.finish(ceremony, credential, "Đọc thử", Client())
    finally:
        await db.stop(engine)
    return {"token": token, "documents": documents}


async def change_articles(documents: list[tuple[int, str]], changed: int) -> None:
    """Edit ``changed`` Điều (a word in their first clause) and publish their documents."""
    from backend import db
    from backend.domains import build_services
    from backend.library.demo import demo_publisher
    from backend.library.publishing import Publishing
    from backend.settings import get_settings

    settings = get_settings()
    engine = db.create_engine(settings.database_url)
    await db.start(engine)
    try:
        publishing = build_services(settings).get(Publishing)
        publisher = await demo_publisher()
        for index in range(changed):
            document_id, text = documents[index % len(documents)]
            marker = f"Điều {index // len(documents) * 7 + 3}. "
            start = text.index(marker)
            line_end = text.index("\n1. ", start) + 4
            text = text[:line_end] + "Sửa đổi: " + text[line_end:]
            documents[index % len(documents)] = (document_id, text)
        for document_id, text in {d: t for d, t in documents[:changed]}.items():
            await publishing.replace_draft(publisher, document_id, text)
            await publishing.publish(publisher, document_id)
    finally:
        await db.stop(engine)


class Phone:
    """A client that counts what crosses the wire (status line, headers, body)."""

    def __init__(self, port: int, cookie: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = cookie
        self.bytes = 0
        self.requests = 0

    def get(self, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
        self.connection.request("GET", path, headers={"Cookie": self.cookie, **(headers or {})})
        response = self.connection.getresponse()
        body = response.read()
        head = response.getheaders()
        self.bytes += len(body) + 17 + sum(len(k) + len(v) + 4 for k, v in head) + 2
        self.requests += 1
        return response.status, dict((k.lower(), v) for k, v in head), body


def first_download(phone: Phone) -> tuple[dict, dict, dict]:
    status, headers, body = phone.get("/api/library/manifest")
    assert status == 200, status
    manifest = json.loads(body)
    stored: dict[int, dict] = {}
    for document in manifest["documents"]:
        path = f"/api/library/documents/{document['id']}/content?version={document['version']}"
        status, _, content = phone.get(path)
        assert status == 200, (path, status)
        for article in json.loads(content)["articles"]:
            stored[article["id"]] = article
    return manifest, headers, stored


def update(phone: Phone, etag: str, stored: dict[int, dict]) -> tuple[int, int]:
    """What a phone does to catch up: returns (articles fetched, articles dropped)."""
    status, _, body = phone.get("/api/library/manifest", {"If-None-Match": etag})
    if status == 304:
        return 0, 0
    manifest = json.loads(body)
    listed = {a["id"]: a for d in manifest["documents"] for a in d["articles"]}
    fetched = 0
    for article_id, entry in listed.items():
        have = stored.get(article_id)
        if have is None or not have["hash"].startswith(entry["hash"]):
            path = f"/api/library/articles/{article_id}/content?version={entry['version']}"
            status, _, content = phone.get(path)
            assert status == 200, (path, status)
            stored[article_id] = json.loads(content)
            fetched += 1
    dropped = [i for i in stored if i not in listed]
    for article_id in dropped:
        del stored[article_id]
    return fetched, len(dropped)


def main_run(args: argparse.Namespace) -> int:
    run_id = secrets.token_hex(4)
    var_dir = Path(tempfile.mkdtemp(prefix=f"dangbo-bench-{run_id}-"))
    env = dict(os.environ)
    for name in ("DANGBO_DATABASE_URL", "DANGBO_REDIS_URL", "REDIS_URL"):
        env.pop(name, None)
    env.update(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
            "DANGBO_ORIGIN": "http://localhost:3000",
            "DANGBO_REDIS_PREFIX": f"dangbo-bench-{run_id}",
            "PYTHONPATH": str(ROOT),
        }
    )
    pg_admin_url = redis_url = None
    if args.backend == "postgres":
        pg_admin_url = os.environ.get(
            "DANGBO_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        )
        redis_url = os.environ.get("DANGBO_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
        env["DANGBO_DATABASE_URL"] = f"{pg_admin_url.rpartition('/')[0]}/dangbo_bench_{run_id}"
        env["DANGBO_REDIS_URL"] = redis_url
    else:
        env["DANGBO_DATABASE_URL"] = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    os.environ.update(env)
    if args.backend != "postgres":
        os.environ.pop("DANGBO_REDIS_URL", None)
    print(
        f"Library benchmark: backend={args.backend}, >= {args.articles} articles, "
        f"{args.changed} changed, article view at {args.connections} readers",
        flush=True,
    )
    try:
        prepared = asyncio.run(prepare(args, pg_admin_url))
        base_port, app_port = free_port(), free_port()
        with (
            granian("benchmarks.baseline_app:app", base_port, env),
            granian("backend.asgi:app", app_port, env),
        ):
            csrf = csrf_cookie(f"http://127.0.0.1:{app_port}/api/csrf")
            cookie = f"dangbo_session={prepared['token']}; csrftoken={csrf}"

            phone = Phone(app_port, cookie)
            started = time.perf_counter()
            manifest, headers, stored = first_download(phone)
            full = {
                "seconds": time.perf_counter() - started,
                "bytes": phone.bytes,
                "requests": phone.requests,
                "articles": sum(len(d["articles"]) for d in manifest["documents"]),
            }
            assert full["articles"] >= args.articles, full

            phone = Phone(app_port, cookie)
            assert update(phone, headers["etag"], stored) == (0, 0)
            unchanged = {"bytes": phone.bytes, "requests": phone.requests}

            asyncio.run(change_articles(prepared["documents"], args.changed))
            phone = Phone(app_port, cookie)
            started = time.perf_counter()
            fetched, dropped = update(phone, headers["etag"], stored)
            changed = {
                "seconds": time.perf_counter() - started,
                "bytes": phone.bytes,
                "requests": phone.requests,
                "fetched": fetched,
                "dropped": dropped,
            }

            article = next(iter(stored))
            targets = {
                "baseline": (f"http://127.0.0.1:{base_port}/api/health", {}),
                "article": (
                    f"http://127.0.0.1:{app_port}/api/library/articles/{article}",
                    {"Cookie": cookie},
                ),
            }
            for url, extra in targets.values():  # warm-up
                load(url, extra, args.connections, 2)
            results: dict[str, list[dict]] = {name: [] for name in targets}
            for round_no in range(1, args.rounds + 1):
                for name, (url, extra) in targets.items():
                    result = load(url, extra, args.connections, args.duration)
                    results[name].append(result)
                    print(
                        f"  round {round_no} {name:<9} {result['rps']:>9.0f} req/s  "
                        f"p50 {result['p50_ms']:6.2f} ms  p99 {result['p99_ms']:6.2f} ms"
                        + (f"  ERRORS {result['errors']}" if result["errors"] else ""),
                        flush=True,
                    )
    finally:
        if pg_admin_url and redis_url:
            asyncio.run(
                drop_postgres(
                    pg_admin_url, env["DANGBO_DATABASE_URL"], redis_url, env["DANGBO_REDIS_PREFIX"]
                )
            )
        shutil.rmtree(var_dir, ignore_errors=True)

    ratio = changed["bytes"] / full["bytes"]
    p99 = {name: statistics.median(r["p99_ms"] for r in runs) for name, runs in results.items()}
    rps = {name: statistics.median(r["rps"] for r in runs) for name, runs in results.items()}
    print()
    print(
        f"first download   {full['articles']} articles, {full['requests']} requests, "
        f"{full['bytes'] / 1024:.1f} KiB, {full['seconds'] * 1000:.0f} ms"
    )
    print(f"unchanged check  {unchanged['requests']} request, {unchanged['bytes']} bytes (304)")
    print(
        f"update           {changed['fetched']} articles fetched, {changed['requests']} requests, "
        f"{changed['bytes'] / 1024:.1f} KiB, {changed['seconds'] * 1000:.0f} ms"
    )
    verdict = "met" if ratio < UPDATE_GOAL else "MISSED"
    print(f"update / first download: {ratio:.3f} (goal < {UPDATE_GOAL:.2f}: {verdict})")
    print(
        f"article view     {rps['article']:.0f} req/s, p99 {p99['article']:.2f} ms; bare handler "
        f"{rps['baseline']:.0f} req/s, p99 {p99['baseline']:.2f} ms; p99 ratio "
        f"{p99['article'] / p99['baseline']:.2f}, throughput ratio "
        f"{rps['article'] / rps['baseline']:.2f}"
    )
    summary = {
        "backend": args.backend,
        "first_download": full,
        "unchanged": unchanged,
        "update": changed,
        "update_ratio": round(ratio, 4),
        "article_view": {"p99_ms": p99, "rps": rps},
    }
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2))
    return 1 if args.check and ratio >= UPDATE_GOAL else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.library_offline")
    parser.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--articles", type=int, default=300, help="at least this many")
    parser.add_argument("--changed", type=int, default=5)
    parser.add_argument("--duration", type=float, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument(
        "--check", action="store_true", help="exit 1 when the update goal is missed"
    )
    return main_run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
