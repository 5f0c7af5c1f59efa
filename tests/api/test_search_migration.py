"""The migration to the one search index moves every indexed document, row for row, and
brings in what was published before search knew it (library articles, FAQ answers) — and
nothing else: no article no longer live, none of a withdrawn document, no private question."""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import sys
import tempfile
from pathlib import Path

from tests.conftest import BACKEND, PG_URL

ROOT = Path(__file__).resolve().parents[2]


async def _run(url: str) -> dict:
    env = {**os.environ, "DANGBO_DATABASE_URL": url}
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.search_migration",
        url,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, errors = await asyncio.wait_for(process.communicate(), 240)
    assert process.returncode == 0, errors.decode()[-3000:]
    return json.loads(out.decode().strip().splitlines()[-1])


async def test_the_documents_index_moves_without_losing_a_row():
    if BACKEND == "postgres":
        import asyncpg

        name = f"dangbo_migration_{secrets.token_hex(4)}"
        conn = await asyncpg.connect(PG_URL)
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()
        url = f"{PG_URL.rpartition('/')[0]}/{name}"
        conn = await asyncpg.connect(url)
        await conn.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        await conn.close()
        try:
            result = await _run(url)
        finally:
            conn = await asyncpg.connect(PG_URL)
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = await _run(f"sqlite:///{folder}/migration.sqlite3")
    made, found = result["made"], result["found"]
    # "dang bo" finds the first document, "lịch tiếp" the second: both rows moved.
    assert found["documents"] == made["documents"]
    assert found["articles"] == [made["articles"]["live"]]
    assert found["questions"] == [made["questions"]["faq"]]
