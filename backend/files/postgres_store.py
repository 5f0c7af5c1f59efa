"""The file store in PostgreSQL: every machine of a deployment reads the same files, and the
files share the database's replication and backups.

A blob is kept as ``bytea`` chunks of 1 MiB in ``file_chunk``, keyed by (sha256, part), each
with its own SHA-256, written in the caller's transaction together with the ``stored_file``
row and the caller's own rows: they commit or roll back together, so there is nothing to clean
up. Not large objects: Piccolo does not handle them, they need ``lo_unlink``, and logical
replication does not copy them.

Reading sends chunk by chunk, never the whole blob at once: each chunk's hash is checked before
it is given out, and the whole blob's at the end; a mismatch before the first chunk is a 500
``file_corrupted``, after it the response is aborted. Renderers get a verified local copy
(a cache under ``cache_dir``, which any machine may rebuild).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import AsyncIterator
from pathlib import Path

import anyio
import anyio.to_thread

from backend.core.clock import now
from backend.files.services import (
    CHUNK,
    FileCorrupted,
    FileStore,
    StagedFile,
    file_missing,
    is_sha256,
)
from backend.files.tables import StoredFile


class PostgresFileStore(FileStore):
    def __init__(self, cache_dir: Path, max_bytes: int, chunk_size: int = CHUNK) -> None:
        super().__init__(cache_dir, max_bytes)
        self.chunk_size = chunk_size

    # ---- storing -------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def placing(self, staged: StagedFile) -> AsyncIterator[None]:
        # Nothing goes outside the caller's transaction: record() writes the chunks in it.
        yield

    async def record(self, staged: StagedFile) -> None:
        if await StoredFile.exists().where(StoredFile.sha256 == staged.sha256):
            return
        for part, start in enumerate(range(0, staged.size, self.chunk_size)):
            piece = staged.data[start : start + self.chunk_size]
            await StoredFile.raw(
                'INSERT INTO "file_chunk" ("sha256", "part", "data", "digest") '
                "VALUES ({}, {}, {}, {}) ON CONFLICT DO NOTHING",
                staged.sha256,
                part,
                piece,
                hashlib.sha256(piece).hexdigest(),
            )
        await StoredFile.raw(
            'INSERT INTO "stored_file" ("sha256", "size", "mime", "created_at") '
            'VALUES ({}, {}, {}, {}) ON CONFLICT ("sha256") DO NOTHING',
            staged.sha256,
            staged.size,
            staged.mime,
            now(),
        )

    # ---- reading -------------------------------------------------------------------------

    async def _size(self, sha256: str) -> int:
        row = None
        if is_sha256(sha256):
            row = (
                await StoredFile.select(StoredFile.size).where(StoredFile.sha256 == sha256).first()
            )
        if row is None:
            raise file_missing()
        return int(row["size"])

    async def _chunk(self, sha256: str, part: int) -> bytes | None:
        rows = await StoredFile.raw(
            'SELECT "data", "digest" FROM "file_chunk" WHERE "sha256" = {} AND "part" = {}',
            sha256,
            part,
        )
        if not rows:
            return None
        data = bytes(rows[0]["data"])
        if hashlib.sha256(data).hexdigest() != rows[0]["digest"]:
            raise FileCorrupted(sha256)
        return data

    async def open(self, sha256: str) -> AsyncIterator[bytes]:
        size = await self._size(sha256)
        first = await self._chunk(sha256, 0)
        if first is None:
            raise file_missing()

        async def chunks() -> AsyncIterator[bytes]:
            digest, sent, part, piece = hashlib.sha256(), 0, 0, first
            while piece is not None:
                digest.update(piece)
                sent += len(piece)
                yield piece
                part += 1
                piece = await self._chunk(sha256, part)
            if sent != size or digest.hexdigest() != sha256:
                raise FileCorrupted(sha256)

        return chunks()

    async def read(self, sha256: str) -> bytes:
        return b"".join([chunk async for chunk in await self.open(sha256)])

    async def verified_copy(self, sha256: str) -> Path:
        """A local copy, written from verified chunks and checked as a whole before use."""
        size = await self._size(sha256)
        target = self.cache_dir / ".copies" / sha256[:2] / sha256

        def intact() -> bool:
            if not target.exists() or target.stat().st_size != size:
                return False
            digest = hashlib.sha256()
            with target.open("rb") as handle:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
            return digest.hexdigest() == sha256

        if await anyio.to_thread.run_sync(intact):
            return target
        await anyio.to_thread.run_sync(lambda: target.parent.mkdir(parents=True, exist_ok=True))
        partial = target.with_name(f"{sha256}.{secrets.token_hex(4)}.part")
        try:
            async with await anyio.open_file(partial, "wb") as out:
                async for chunk in await self.open(sha256):
                    await out.write(chunk)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        return target

    async def check(self) -> str:
        try:
            await StoredFile.raw('SELECT 1 FROM "file_chunk" LIMIT 1')
        except Exception:  # noqa: BLE001 - any failure means the backend is unusable
            return "error"
        return "ok"
