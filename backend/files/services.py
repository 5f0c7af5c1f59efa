"""The one file store of the app: its contract, and receiving an upload in memory.

Every backend keeps blobs content-addressed (named by their SHA-256), written once, verified
on every read, and sent in chunks: :class:`backend.files.local_store.LocalFileStore` (a
directory, the embedded default) and :class:`backend.files.postgres_store.PostgresFileStore`
(chunks in the database, shared by every machine). ``DANGBO_FILE_STORE`` chooses.

An upload is read into memory, bounded by the upload limit, hashed and inspected there: the
caller (the documents' classification gate) decides on it before a single byte of it is
written anywhere. Only :meth:`FileStore.placing` and :meth:`FileStore.record` write, around
and inside the caller's database transaction, so a refused or failed upload leaves nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import anyio.to_thread

from backend.core.problems import Problem
from backend.files.inspection import Inspected, inspect_bytes

CHUNK = 1024 * 1024
_SHA256 = frozenset("0123456789abcdef")


class AsyncReadable(Protocol):
    async def read(self, size: int = -1) -> bytes: ...


@dataclass
class StagedFile:
    """An upload in memory, hashed (and, once inspected, typed and read), not yet stored."""

    data: bytes
    sha256: str
    size: int
    filename: str
    inspected: Inspected | None = None

    @property
    def mime(self) -> str:
        assert self.inspected is not None
        return self.inspected.kind.value

    @property
    def text(self) -> str:
        return self.inspected.text if self.inspected else ""


class FileCorrupted(Problem):
    def __init__(self, sha256: str) -> None:
        super().__init__(
            500,
            "Tệp lưu trữ đã bị hỏng (mã kiểm tra SHA-256 không khớp). Hệ thống không trả về "
            "nội dung sai; hãy báo quản trị để khôi phục từ bản sao lưu.",
            code="file_corrupted",
            extra={"sha256": sha256},
        )


def file_missing() -> Problem:
    return Problem(404, "Tệp không còn trong kho lưu trữ. Hãy báo quản trị.", code="file_missing")


def is_sha256(value: str) -> bool:
    return len(value) == 64 and set(value) <= _SHA256


def safe_filename(name: str, default: str = "tep") -> str:
    """The last path component, without control characters, at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '"<>|:*?').strip(" .")
    return (base or default)[:200]


def too_large(max_bytes: int) -> Problem:
    limit = max_bytes // (1024 * 1024)
    return Problem(
        413,
        f"Tệp vượt quá dung lượng cho phép ({limit} MB). Hãy nén hoặc tách tệp.",
        code="file_too_large",
    )


class FileStore:
    """The contract every backend keeps; receiving (in memory) is the same for all."""

    def __init__(self, cache_dir: Path, max_bytes: int) -> None:
        # Local, rebuildable copies: page images, and verified copies of blobs for renderers.
        self.cache_dir = cache_dir
        self.max_bytes = max_bytes

    # ---- receiving (memory only) ---------------------------------------------------------

    async def take(self, source: AsyncReadable | bytes, filename: str) -> StagedFile:
        """Read ``source`` into memory, hashing it; refuse it as soon as it passes the limit."""
        if isinstance(source, bytes | bytearray):
            if len(source) > self.max_bytes:
                raise too_large(self.max_bytes)
            data = bytes(source)
        else:
            buffer = bytearray()
            while chunk := await source.read(CHUNK):
                buffer += chunk
                if len(buffer) > self.max_bytes:
                    raise too_large(self.max_bytes)
            data = bytes(buffer)
        return StagedFile(
            data=data,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            filename=safe_filename(filename),
        )

    async def inspect(self, staged: StagedFile) -> StagedFile:
        """Check the type by content and read its texts (in a worker thread: pypdf is slow)."""
        staged.inspected = await anyio.to_thread.run_sync(inspect_bytes, staged.data)
        return staged

    async def receive(self, source: AsyncReadable | bytes, filename: str) -> StagedFile:
        return await self.inspect(await self.take(source, filename))

    def discard(self, staged: StagedFile) -> None:
        """Forget a refused upload (it only ever lived in memory)."""
        staged.data = b""

    # ---- storing -------------------------------------------------------------------------

    def placing(self, staged: StagedFile) -> AbstractAsyncContextManager[None]:
        """Around the caller's ``db.transaction()``: what must be written outside it is written
        on entry and removed again if the block raises."""
        raise NotImplementedError

    async def record(self, staged: StagedFile) -> None:
        """Inside the caller's transaction: the ``stored_file`` row (and what else the backend
        keeps in the database); idempotent per SHA-256."""
        raise NotImplementedError

    # ---- reading -------------------------------------------------------------------------

    async def read(self, sha256: str) -> bytes:
        """The whole blob, verified (for signing: pyHanko needs the bytes)."""
        raise NotImplementedError

    async def open(self, sha256: str) -> AsyncIterator[bytes]:
        """The blob in chunks, each checked before it is given out (raises
        :class:`FileCorrupted` before the first chunk, or aborts between two)."""
        raise NotImplementedError

    async def verified_copy(self, sha256: str) -> Path:
        """A local file with the blob's verified bytes, for a renderer that needs a path."""
        raise NotImplementedError

    async def check(self) -> str:
        """``"ok"`` when the backend can be read and written, else ``"error"`` (health)."""
        raise NotImplementedError
