"""A throw-away database filled with many documents, for the documents benchmarks.

``bench_database(backend)`` sets the ``DANGBO_*`` environment for a temporary SQLite file or a
fresh PostgreSQL database (dropped afterwards), migrates it and seeds the base data. ``load``
bulk-inserts generated documents (and, optionally, assignments for one user) with the engine's
own bulk path — the search index rows are built by the same normalisation the app uses
(``backend.search.words.words``/``fold``), so what is measured is what the app would find.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PG_URL = os.environ.get("DANGBO_BENCH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


@contextlib.asynccontextmanager
async def bench_database(backend: str) -> AsyncIterator[str]:
    var_dir = Path(tempfile.mkdtemp(prefix="dangbo-bench-"))
    name = f"dangbo_bench_{secrets.token_hex(4)}"
    if backend == "postgres":
        import asyncpg

        conn = await asyncpg.connect(PG_URL)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()
        url = f"{PG_URL.rpartition('/')[0]}/{name}"
    else:
        url = f"sqlite:///{var_dir / 'bench.sqlite3'}"
    os.environ.update(
        {
            "DANGBO_VAR_DIR": str(var_dir),
            "DANGBO_DATABASE_URL": url,
            "DANGBO_SECRET_KEY": secrets.token_urlsafe(32),
            "DANGBO_AUTH_RATE_LIMIT_PER_MINUTE": "1000000",
        }
    )
    os.environ.pop("DANGBO_REDIS_URL", None)
    from backend import db
    from backend.domains import build_services
    from backend.seed import seed_demo
    from backend.settings import get_settings

    engine = db.create_engine(url)
    await db.start(engine)
    try:
        await db.migrate()
        await seed_demo(build_services(get_settings()))
    finally:
        await db.stop(engine)
    try:
        yield url
    finally:
        if backend == "postgres":
            import asyncpg

            conn = await asyncpg.connect(PG_URL)
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()
        shutil.rmtree(var_dir, ignore_errors=True)


async def make_org_and_user(code: str, username: str, roles: list[str]) -> tuple[int, int]:
    """An organisation and an active user in it (through Piccolo, on the bound engine)."""
    from backend.accounts.tables import User
    from backend.orgs.services import ensure_organisation
    from shared.orgs import OrgKind

    org_id = await ensure_organisation(code, f"Đơn vị đo {code}", OrgKind.CHI_BO, "DBCQD")
    user = User(
        username=username,
        full_name="Người Đo Hiệu Năng",
        organisation=org_id,
        roles=json.dumps(roles),
        is_active=True,
        created_at=datetime.now(UTC),
    )
    await user.save()
    return org_id, user.id


def _rows(docs: list[dict], org_id: int, user_id: int) -> list[tuple]:
    from shared.documents import URGENCY_RANK, DoKhan

    now = datetime.now(UTC)
    rows = []
    for d in docs:
        rows.append(
            (
                "den",
                org_id,
                d["so"],
                d["ky_hieu"],
                d["loai"],
                d["co_quan_ban_hanh"],
                d["ngay_ban_hanh"],
                d["trich_yeu"],
                d["nguoi_ky"],
                d["do_khan"],
                URGENCY_RANK[DoKhan(d["do_khan"])],
                None,
                "moi",
                "2025-2030",
                None,
                user_id,
                now,
                now,
                d["body"],
            )
        )
    return rows


DOC_COLUMNS = (
    "direction, organisation, so, ky_hieu, loai, co_quan_ban_hanh, ngay_ban_hanh, trich_yeu, "
    "nguoi_ky, do_khan, urgency_rank, han_xu_ly, status, nhiem_ky, so_den, created_by, "
    "created_at, updated_at, extracted_text"
)


def _meta(d: dict) -> str:
    return "\n".join(
        [d["ky_hieu"], d["loai_label"], d["co_quan_ban_hanh"], d["trich_yeu"], d["nguoi_ky"]]
    )


async def load_documents(url: str, docs: list[dict], org_id: int, user_id: int) -> list[int]:
    """Insert ``docs`` into ``org_id``'s register and the search index; returns their ids."""
    from backend.core.text import fold
    from backend.search.engines import fts_tables
    from backend.search.entries import Kind
    from backend.search.words import normalised, words

    rows = _rows(docs, org_id, user_id)
    if url.startswith("sqlite"):
        import sqlite3

        from backend.db import sqlite_path

        conn = sqlite3.connect(sqlite_path(url))
        try:
            first = conn.execute('SELECT COALESCE(MAX(id), 0) FROM "document"').fetchone()[0] + 1
            placeholders = ", ".join("?" * 19)
            conn.executemany(
                f'INSERT INTO "document" ({DOC_COLUMNS}) VALUES ({placeholders})',
                [
                    tuple(
                        v.isoformat()
                        if isinstance(v, date) and not isinstance(v, datetime)
                        else (str(v) if isinstance(v, datetime) else v)
                        for v in row
                    )
                    for row in rows
                ],
            )
            ids = list(range(first, first + len(rows)))
            entries, exact, folded = [], [], []
            for doc_id, d in zip(ids, docs, strict=True):
                entry = Kind.DOCUMENT.entry_id(doc_id)
                meta_words, body_words = words(_meta(d)), words(d["body"])
                entries.append((entry, Kind.DOCUMENT.label, doc_id, org_id))
                exact.append((entry, " ".join(meta_words + body_words)))
                folded.append(
                    (
                        entry,
                        " ".join(fold(w) for w in meta_words),
                        " ".join(fold(w) for w in body_words),
                    )
                )
            conn.executemany(
                'INSERT INTO search_entry ("id", "kind", "record", "scope") VALUES (?, ?, ?, ?)',
                entries,
            )
            exact_table, folded_table = fts_tables(Kind.DOCUMENT)
            conn.executemany(f"INSERT INTO {exact_table} (rowid, content) VALUES (?, ?)", exact)
            conn.executemany(
                f"INSERT INTO {folded_table} (rowid, meta, body) VALUES (?, ?, ?)", folded
            )
            for table in (exact_table, folded_table):
                conn.execute(f"INSERT INTO {table}({table}) VALUES('optimize')")
            conn.commit()
            conn.execute("ANALYZE")
        finally:
            conn.close()
        return ids
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        first = await conn.fetchval('SELECT COALESCE(MAX(id), 0) FROM "document"') + 1
        columns = [c.strip() for c in DOC_COLUMNS.split(",")]
        await conn.copy_records_to_table("document", records=rows, columns=columns)
        ids = [
            r["id"]
            for r in await conn.fetch('SELECT id FROM "document" WHERE id >= $1 ORDER BY id', first)
        ]
        await conn.copy_records_to_table(
            "search_entry",
            records=[
                (
                    Kind.DOCUMENT.entry_id(doc_id),
                    Kind.DOCUMENT.label,
                    doc_id,
                    org_id,
                    normalised(_meta(d)),
                    normalised(d["body"]),
                )
                for doc_id, d in zip(ids, docs, strict=True)
            ],
            columns=["id", "kind", "record", "scope", "meta", "body"],
        )
        await conn.execute("VACUUM ANALYZE search_entry")
        await conn.execute("ANALYZE")
    finally:
        await conn.close()
    return ids


async def load_assignments(url: str, document_ids: list[int], user_id: int, leader_id: int) -> None:
    """One assignment per document for ``user_id``: mixed urgency, deadlines, 30 % done."""
    import random

    from backend.documents.tables import NO_DEADLINE

    rng = random.Random(7)
    today = date.today()
    now = datetime.now(UTC)
    rows = []
    for doc_id in document_ids:
        deadline = today + timedelta(days=rng.randint(-20, 60)) if rng.random() < 0.8 else None
        done = 1 if rng.random() < 0.3 else 0
        rows.append(
            (
                doc_id,
                user_id,
                rng.choice(["xu_ly_chinh", "phoi_hop", "de_biet"]),
                deadline,
                "",
                leader_id,
                "hoan_thanh" if done else rng.choice(["cho_xu_ly", "dang_xu_ly"]),
                "",
                now if done else None,
                now,
                rng.choice([0, 1, 2, 3, 3, 3, 3]),
                deadline or NO_DEADLINE,
                "den",
                done,
            )
        )
    columns = [
        "document", "user", "role", "deadline", "instruction", "assigned_by", "status",
        "result", "done_at", "created_at", "urgency_rank", "sort_deadline", "direction", "done",
    ]  # fmt: skip
    if url.startswith("sqlite"):
        import sqlite3

        from backend.db import sqlite_path

        def text(v):
            if isinstance(v, datetime):
                return str(v)
            if isinstance(v, date):
                return v.isoformat()
            return v

        conn = sqlite3.connect(sqlite_path(url))
        try:
            quoted = ", ".join(f'"{c}"' for c in columns)
            conn.executemany(
                f"INSERT INTO assignment ({quoted}) VALUES ({', '.join('?' * len(columns))})",
                [tuple(text(v) for v in row) for row in rows],
            )
            conn.commit()
            conn.execute("ANALYZE")
        finally:
            conn.close()
        return
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        await conn.copy_records_to_table("assignment", records=rows, columns=columns)
        await conn.execute("ANALYZE")
    finally:
        await conn.close()


async def current_user(user_id: int):
    from backend.accounts.lookup import actor_for
    from backend.accounts.tables import User

    row = await User.select(User.username).where(User.id == user_id).first()
    return await actor_for(row["username"])


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def run_each_backend(argv: list[str], backend: str) -> bool:
    """With ``--backend both``, run the benchmark once per engine, each in its own process
    (settings are read once per process). Returns True if it did so."""
    if backend != "both":
        return False
    import subprocess

    for engine in ("sqlite", "postgres"):
        args = [a for a in argv if a not in ("both",)]
        index = args.index("--backend") if "--backend" in args else None
        if index is not None:
            args = args[:index] + args[index + 1 :]
        subprocess.run([sys.executable, *args, "--backend", engine], check=True)
    return True
