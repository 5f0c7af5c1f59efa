"""The file store in a local directory (the embedded default): ``<root>/ab/cd/<sha256>``.

A blob that passed the caller's checks is written to ``<root>/.staging/`` and moved into place
just before the caller's database write; if that write fails, a blob placed for it is removed
again. Every read hashes the whole blob before the first byte goes out.
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
from backend.core.problems import Problem
from backend.files.services import (
    CHUNK,
    FileCorrupted,
    FileStore,
    StagedFile,
    file_missing,
    is_sha256,
)
from backend.files.tables import StoredFile


class LocalFileStore(FileStore):
    def __init__(self, root: Path, max_bytes: int) -> None:
        super().__init__(root, max_bytes)
        self.root = root
        self.staging = root / ".staging"

    def path_for(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise Problem(404, "Không tìm thấy tệp.", code="file_not_found")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    # ---- storing -------------------------------------------------------------------------

    def _write(self, staged: StagedFile, target: Path) -> None:
        self.staging.mkdir(parents=True, exist_ok=True)
        partial = self.staging / f"{secrets.token_hex(16)}.part"
        try:
            partial.write_bytes(staged.data)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(partial, target)
            os.chmod(target, 0o440)
        finally:
            partial.unlink(missing_ok=True)

    @contextlib.asynccontextmanager
    async def placing(self, staged: StagedFile) -> AsyncIterator[None]:
        """Write the blob into the store around the caller's database write (use it *outside*
        ``db.transaction()``); if the block raises, a blob placed by this call is removed."""
        target = self.path_for(staged.sha256)
        placed_here = False
        if not target.exists():
            await anyio.to_thread.run_sync(self._write, staged, target)
            placed_here = True
        try:
            yield
        except BaseException:
            # Remove the blob this call placed, unless a concurrent upload of the same bytes
            # has committed a row for it meanwhile.
            if placed_here and not await StoredFile.exists().where(
                StoredFile.sha256 == staged.sha256
            ):
                target.unlink(missing_ok=True)
            raise

    async def record(self, staged: StagedFile) -> None:
        exists = await StoredFile.exists().where(StoredFile.sha256 == staged.sha256)
        if not exists:
            await StoredFile.insert(
                StoredFile(
                    sha256=staged.sha256, size=staged.size, mime=staged.mime, created_at=now()
                )
            )

    # ---- reading -------------------------------------------------------------------------

    def _verified_path(self, sha256: str) -> Path:
        path = self.path_for(sha256)
        if not path.exists():
            raise file_missing()
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            raise FileCorrupted(sha256)
        return path

    async def verified_copy(self, sha256: str) -> Path:
        """The blob itself, after checking its SHA-256."""
        return await anyio.to_thread.run_sync(self._verified_path, sha256)

    async def read(self, sha256: str) -> bytes:
        def work() -> bytes:
            path = self.path_for(sha256)
            if not path.exists():
                raise file_missing()
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != sha256:
                raise FileCorrupted(sha256)
            return data

        return await anyio.to_thread.run_sync(work)

    async def open(self, sha256: str) -> AsyncIterator[bytes]:
        path = await self.verified_copy(sha256)

        async def chunks() -> AsyncIterator[bytes]:
            async with await anyio.open_file(path, "rb") as handle:
                while chunk := await handle.read(CHUNK):
                    yield chunk

        return chunks()

    async def check(self) -> str:
        def probe() -> str:
            try:
                # The root's parent must exist: a store on a mount that is missing is an error,
                # not a new empty directory.
                self.root.mkdir(exist_ok=True)
                self.staging.mkdir(exist_ok=True)
                probe_file = self.staging / f"health-{secrets.token_hex(4)}"
                probe_file.write_bytes(b"ok")
                probe_file.unlink()
            except OSError:
                return "error"
            return "ok"

        return await anyio.to_thread.run_sync(probe)
