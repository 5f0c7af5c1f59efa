"""The one file store of the app: content-addressed blobs on disk, verified on every read.

A blob lives at ``<file_store_dir>/ab/cd/<sha256>``. An upload is first streamed to a staging
file in the same directory tree (hashing and counting while writing, so memory stays bounded
and a file over the limit is dropped as soon as it crosses it), inspected there, and only moved
into place when the caller's database write is about to commit. If that write fails, a blob that
was placed for it is removed again: nothing half-stored is left behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import anyio
import anyio.to_thread

from backend.core.clock import now
from backend.core.problems import Problem
from backend.files.inspection import Inspected, inspect_file
from backend.files.tables import StoredFile

CHUNK = 1024 * 1024
_SHA256 = frozenset("0123456789abcdef")


class AsyncReadable(Protocol):
    async def read(self, size: int = -1) -> bytes: ...


@dataclass
class StagedFile:
    """An uploaded file, hashed and inspected, not yet in the store."""

    path: Path
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


def is_sha256(value: str) -> bool:
    return len(value) == 64 and set(value) <= _SHA256


def safe_filename(name: str, default: str = "tep") -> str:
    """The last path component, without control characters, at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(c for c in base if c.isprintable() and c not in '"<>|:*?').strip(" .")
    return (base or default)[:200]


class FileStore:
    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self.staging = root / ".staging"

    # ---- paths ---------------------------------------------------------------------------

    def path_for(self, sha256: str) -> Path:
        if not is_sha256(sha256):
            raise Problem(404, "Không tìm thấy tệp.", code="file_not_found")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def _too_big(self) -> Problem:
        limit = self.max_bytes // (1024 * 1024)
        return Problem(
            413,
            f"Tệp vượt quá dung lượng cho phép ({limit} MB). Hãy nén hoặc tách tệp.",
            code="file_too_large",
        )

    # ---- receiving -----------------------------------------------------------------------

    async def stage(self, source: AsyncReadable | bytes, filename: str) -> StagedFile:
        """Stream ``source`` to a staging file, hashing as it goes; refuse it past the limit."""
        await anyio.to_thread.run_sync(lambda: self.staging.mkdir(parents=True, exist_ok=True))
        path = self.staging / f"{secrets.token_hex(16)}.part"
        digest = hashlib.sha256()
        size = 0
        try:
            async with await anyio.open_file(path, "wb") as out:
                if isinstance(source, bytes | bytearray):
                    chunks = [bytes(source[i : i + CHUNK]) for i in range(0, len(source), CHUNK)]
                    for chunk in chunks or [b""]:
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise self._too_big()
                        digest.update(chunk)
                        await out.write(chunk)
                else:
                    while chunk := await source.read(CHUNK):
                        size += len(chunk)
                        if size > self.max_bytes:
                            raise self._too_big()
                        digest.update(chunk)
                        await out.write(chunk)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return StagedFile(
            path=path, sha256=digest.hexdigest(), size=size, filename=safe_filename(filename)
        )

    async def inspect(self, staged: StagedFile) -> StagedFile:
        """Check the type by content and extract the text (in a worker thread: pypdf is slow)."""
        staged.inspected = await anyio.to_thread.run_sync(inspect_file, staged.path)
        return staged

    async def receive(self, source: AsyncReadable | bytes, filename: str) -> StagedFile:
        staged = await self.stage(source, filename)
        try:
            return await self.inspect(staged)
        except BaseException:
            staged.path.unlink(missing_ok=True)
            raise

    def discard(self, staged: StagedFile) -> None:
        staged.path.unlink(missing_ok=True)

    @contextlib.asynccontextmanager
    async def placing(self, staged: StagedFile) -> AsyncIterator[None]:
        """Move the staged file into the store around the caller's database write.

        Use it *outside* ``db.transaction()``: the blob is placed first, then the rows commit;
        if the block raises, a blob placed by this call is removed again.
        """
        target = self.path_for(staged.sha256)
        placed_here = False
        try:
            if target.exists():
                staged.path.unlink(missing_ok=True)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staged.path, target)
                os.chmod(target, 0o440)
                placed_here = True
            yield
        except BaseException:
            # Remove the blob this call placed, unless a concurrent upload of the same bytes
            # has committed a row for it meanwhile.
            if placed_here and not await StoredFile.exists().where(
                StoredFile.sha256 == staged.sha256
            ):
                target.unlink(missing_ok=True)
            raise
        finally:
            staged.path.unlink(missing_ok=True)

    async def record(self, staged: StagedFile) -> None:
        """The stored_file row (inside the caller's transaction); idempotent per SHA-256."""
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
            raise Problem(
                404, "Tệp không còn trong kho lưu trữ. Hãy báo quản trị.", code="file_missing"
            )
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(CHUNK):
                digest.update(chunk)
        if digest.hexdigest() != sha256:
            raise FileCorrupted(sha256)
        return path

    async def verified_path(self, sha256: str) -> Path:
        """The blob's path after checking its SHA-256 (raises :class:`FileCorrupted`)."""
        return await anyio.to_thread.run_sync(self._verified_path, sha256)

    async def read(self, sha256: str) -> bytes:
        def work() -> bytes:
            data = self.path_for(sha256).read_bytes() if self.path_for(sha256).exists() else None
            if data is None:
                raise Problem(404, "Tệp không còn trong kho lưu trữ.", code="file_missing")
            if hashlib.sha256(data).hexdigest() != sha256:
                raise FileCorrupted(sha256)
            return data

        return await anyio.to_thread.run_sync(work)


# ---- page images (PDF pages rendered for phones) ----------------------------------------------

PAGE_WIDTHS = (360, 720, 1080)  # CSS pixels × device ratios a phone asks for


def _render_page(pdf_path: Path, page_number: int, width: int, target: Path) -> None:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_path)
    try:
        if not 1 <= page_number <= len(document):
            raise Problem(404, "Văn bản không có trang này.", code="page_not_found")
        page = document[page_number - 1]
        bitmap = page.render(scale=width / page.get_width())
        image = bitmap.to_pil()
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{secrets.token_hex(4)}.part")
        image.save(partial, format="WEBP", quality=82, method=4)
        os.replace(partial, target)
    finally:
        document.close()


def _page_count(pdf_path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_path)
    try:
        return len(document)
    finally:
        document.close()


async def page_count(store: FileStore, sha256: str) -> int:
    path = await store.verified_path(sha256)
    return await anyio.to_thread.run_sync(_page_count, path)


async def page_image(store: FileStore, sha256: str, page_number: int, width: int) -> Path:
    """A WebP of one page, rendered once per width and kept next to the store (a cache:
    deleting ``.pages`` only costs re-rendering)."""
    if width not in PAGE_WIDTHS:
        raise Problem(400, "Độ rộng ảnh trang không hợp lệ.", code="invalid_width")
    target = store.root / ".pages" / sha256[:2] / sha256 / f"{page_number}-{width}.webp"
    if target.exists():
        return target
    path = await store.verified_path(sha256)
    await anyio.to_thread.run_sync(_render_page, path, page_number, width, target)
    return target
